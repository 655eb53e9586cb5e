/*
 * apidoc: the documents that describe wine-serve's API: the entrypoint,
 * the JSON-LD contexts, the Hydra documentation (docs.jsonld, with what
 * @api-platform/api-doc-parser needs: @vocab = the absolute docs URL +
 * "#", supported classes with their properties and operations, the
 * Entrypoint class whose properties lead to the collections), the
 * OpenAPI 3 document (docs.json) and an HTML page for people.
 *
 * base is the absolute URL the API is reached at ("http://host:port");
 * every function appends to b and returns 0, or -1 when b is full.
 */
#ifndef WS_APIDOC_H
#define WS_APIDOC_H

#include "buf.h"
#include "compat.h"

#include <stdbool.h>

/* The entrypoint; ld selects JSON-LD, else plain JSON. */
int apidoc_entrypoint(struct buf *b, bool ld) WS_MUST_USE;

/* /api/contexts/<name>; returns 1 (and writes nothing) for an unknown
 * name. */
int apidoc_context(struct buf *b, const char *name, size_t len,
		   const char *base) WS_MUST_USE;

int apidoc_hydra(struct buf *b, const char *base) WS_MUST_USE;
int apidoc_openapi(struct buf *b, const char *base) WS_MUST_USE;
int apidoc_html(struct buf *b, const char *base) WS_MUST_USE;

#endif

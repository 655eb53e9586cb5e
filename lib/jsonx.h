/*
 * jsonx: jansson helpers shared by the tools: parsing with a position in
 * the error, and compact serialisation into a bounded buffer.
 */
#ifndef WS_JSONX_H
#define WS_JSONX_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <jansson.h>

/*
 * New: the JSON value in text[0..len), which must be one complete value
 * with nothing but whitespace after it. On failure returns NULL and sets
 * e to ERR_DATA with the line and column of the problem.
 */
json_t *jsonx_parse(const char *text, size_t len, struct err *e);

/* As jsonx_parse, and the value must be an object. what names the input
 * in the message ("claims", "payload"). */
json_t *jsonx_parse_object(const char *text, size_t len, const char *what,
			   struct err *e);

/* Append the compact form of v (keys in their order) to out. */
int jsonx_dump(struct buf *out, const json_t *v) WS_MUST_USE;

/* "jansson 2.14" */
const char *jsonx_version(void);

#endif

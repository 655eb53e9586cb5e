/*
 * api: wine-serve's REST API at /api, as API Platform 2.5 answers it,
 * and the uploaded media files at /media.
 *
 * Routes: the entrypoint (/api), /api/contexts/{name}, /api/docs.jsonld
 * (Hydra), /api/docs.json (OpenAPI 3), and for Wine, Comment and
 * MediaObject the collection (GET, POST) and item (GET, PUT, PATCH,
 * DELETE; MediaObject: GET) routes, plus /api/wines/{id}/comments; each
 * with an optional .jsonld, .json or .html suffix. Content negotiation,
 * pagination, filters, errors, Link and CORS headers follow
 * reference/api-platform.md section 2.
 *
 * Every write runs in one transaction that also queues, in the outbox,
 * the Mercure updates it causes (topic: the absolute IRI; data: the
 * item's JSON-LD as GET returns it, or {"@id":...} for a delete; a
 * comment's change also republishes its wine). After the commit the
 * committed callback runs; the outbox's owner publishes from there.
 */
#ifndef WS_API_H
#define WS_API_H

#include "compat.h"
#include "err.h"
#include "httpd.h"
#include "store.h"

#include <stdbool.h>

struct api_config {
	/* The absolute URL clients reach the server at, without a final
	 * "/"; NULL: "http://" + the request's Host. */
	const char *public_url;
	/* The hub's public URL for the Link header; NULL: the embedded
	 * hub, <base>/.well-known/mercure. */
	const char *hub_url;
	/* Origins allowed by CORS: "*", or a list separated by spaces or
	 * commas; NULL: the local origins (http or https, localhost,
	 * 127.0.0.1 or [::1], any port). */
	const char *cors_origins;
	/* Where uploads are stored and /media/ is served from; NULL
	 * refuses uploads and serves nothing. */
	const char *media_dir;
	/* An outbox row was committed. */
	void (*committed)(void *arg);
	void *arg;
};

struct api;

/* New: the API over store s (borrowed, as is cfg). NULL on error. */
struct api *api_new(const struct api_config *cfg, struct store *s,
		    struct err *e);

void api_free(struct api *a);

/* Answer req if it is the API's (/api, /api/..., /media/...); returns
 * whether it was. */
bool api_handle(struct api *a, struct httpd_conn *c,
		const struct httpd_request *req);

/*
 * Content negotiation as API Platform does it: for each offered media
 * type take the q of the most specific Accept range that matches it, and
 * pick the highest q, ties going to the earlier offer. A NULL or empty
 * accept picks offers[0]. Returns the index in offers, or -1 when none is
 * acceptable.
 */
int api_negotiate(const char *accept, const char *const *offers, int n);

/* Whether origin is allowed by list (see api_config.cors_origins). */
bool api_origin_allowed(const char *list, const char *origin);

/* Whether name is a file name /media/ may serve: [A-Za-z0-9._-], not
 * starting with '.', at most 128 bytes. */
bool api_media_name_ok(const char *name, size_t len);

#endif

/*
 * payload: reading the JSON body of a write (POST, PUT, PATCH) into the
 * fields of a Wine or a Comment, with every problem listed.
 *
 * The body must be one JSON object. Keys that are not writable
 * properties (id, comments, @id, @context, ...) are ignored, as API
 * Platform ignores them. A writable key with a value of the wrong type,
 * or null where null is not allowed, is a violation; so are the
 * constraints checked by payload_check_* on the object a write would
 * leave behind (required fields, lengths, stock an integer >= 0, price
 * >= 0). Relations are IRIs ("/api/wines/3", or an absolute URL whose
 * path is one). For merge-patch (RFC 7386) on these flat objects, a key
 * with null removes the value, which is the same rule: only image may be
 * null.
 */
#ifndef WS_PAYLOAD_H
#define WS_PAYLOAD_H

#include "compat.h"
#include "err.h"
#include "store.h"

#include <stdbool.h>
#include <stdint.h>

#define PAYLOAD_MAX_VIOLATIONS 16
#define PAYLOAD_TEXT_MAX       255 /* VARCHAR(255) columns */

enum payload_resource { PAYLOAD_WINE, PAYLOAD_COMMENT };

/* Fields present in a body (bits of payload.present). */
enum payload_field {
	PAYLOAD_NAME = 1 << 0,
	PAYLOAD_DESCRIPTION = 1 << 1,
	PAYLOAD_STOCK = 1 << 2,
	PAYLOAD_PRICE = 1 << 3,
	PAYLOAD_IMAGE = 1 << 4,
	PAYLOAD_TEXT = 1 << 5,
	PAYLOAD_CREATED_AT = 1 << 6,
	PAYLOAD_WINE_REF = 1 << 7
};

struct payload_violation {
	char path[32];
	char message[128];
};

struct payload {
	enum payload_resource resource;
	unsigned present; /* enum payload_field bits, valid values only */
	char *name, *description, *text; /* new */
	int64_t stock;
	double price;
	int64_t image_id;    /* 0: null */
	char created_at[20]; /* "Y-m-d H:i:s" UTC */
	int64_t wine_id;
	struct payload_violation violations[PAYLOAD_MAX_VIOLATIONS];
	int nviolations;
};

/*
 * Read body[0..len) for resource into p (which needs no initialisation;
 * release it with payload_release whatever the result). Returns 0 when
 * the body is a JSON object (p may still hold violations), or -1 with
 * ERR_DATA: malformed JSON (the message and e's line and column say
 * where; "position" in bytes is in the message too) or not an object.
 */
int payload_parse(struct payload *p, enum payload_resource resource,
		  const char *body, size_t len, struct err *e) WS_MUST_USE;

void payload_release(struct payload *p);

/* Record a violation (dropped past PAYLOAD_MAX_VIOLATIONS). */
void payload_violation(struct payload *p, const char *path,
		       const char *message);

/*
 * Apply p to w (a copy of the stored row, or a zeroed one when create)
 * and check the result: on create, every field but image is required.
 * Strings move from p to w. Violations are added to p.
 */
void payload_apply_wine(struct payload *p, struct store_wine *w, bool create);
void payload_apply_comment(struct payload *p, struct store_comment *c,
			   bool create, const char *now);

/*
 * Parse an ISO 8601 date-time ("2020-03-28T14:21:09+02:00", "...Z",
 * "2020-03-28 14:21:09", "2020-03-28") into "Y-m-d H:i:s" in UTC.
 * Returns 0, or -1 when s is not one.
 */
int payload_datetime(const char *s, char out[20]);

/* The id in an IRI "/api/<collection>/<id>" (or an absolute URL with
 * that path), or 0 when iri is not one. */
int64_t payload_iri_id(const char *iri, const char *collection);

#endif

/*
 * jsonld: Wine, Comment and MediaObject as API Platform 2.5 serializes
 * them, in JSON-LD (Hydra) or plain JSON.
 *
 * Keys come in API Platform's order (@context, @id, @type, then the
 * properties as the entities declare them); null properties are left
 * out (2.5 skips nulls on resources that have a merge-patch PATCH);
 * relations are embedded where the original embeds them (a wine's
 * comments and image) and IRIs elsewhere (a comment's wine). Dates are
 * "Y-m-d\TH:i:sP" in UTC. Every function appends to b and returns a
 * buf_err.
 */
#ifndef WS_JSONLD_H
#define WS_JSONLD_H

#include "buf.h"
#include "compat.h"
#include "jsonw.h"
#include "store.h"

#include <stdbool.h>

enum jsonld_format {
	JSONLD_LD,  /* application/ld+json */
	JSONLD_JSON /* application/json */
};

/* An item; top adds "@context" (the item is the document). */
int jsonld_wine(struct buf *b, const struct store_wine *w, enum jsonld_format f,
		bool top) WS_MUST_USE;
int jsonld_comment(struct buf *b, const struct store_comment *c,
		   enum jsonld_format f, bool top) WS_MUST_USE;
int jsonld_media(struct buf *b, const struct store_media *m,
		 enum jsonld_format f, bool top) WS_MUST_USE;

/* "2020-03-28 14:21:09" as "2020-03-28T14:21:09+00:00" into out[26]. */
void jsonld_date(const char *db, char out[26]);

/* The Mercure payload of a delete: {"@id":"\/api\/wines\/1"}. */
int jsonld_deleted(struct buf *b, const char *iri) WS_MUST_USE;

#endif

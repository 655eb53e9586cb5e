/* jsonld: API Platform-shaped item documents. */
#include "compat.h"

#include "jsonld.h"

#include <inttypes.h>
#include <stdio.h>

#define LD JSONW_LD

static enum jsonw_mode mode(enum jsonld_format f)
{
	return f == JSONLD_LD ? JSONW_LD : JSONW_PLAIN;
}

void jsonld_date(const char *db, char out[26])
{
	/* The column holds "Y-m-d H:i:s" (Doctrine's datetime). */
	if (db && strlen(db) >= 19)
		snprintf(out, 26, "%.10sT%.8s+00:00", db, db + 11);
	else
		snprintf(out, 26, "%s", db ? db : "");
}

/* {"@context":...,"@id":...,"@type":... for an item. */
static int head(struct buf *b, const char *ctx, const char *coll, int64_t id,
		const char *type, enum jsonld_format f, bool top)
{
	char iri[64];
	int rc = buf_addch(b, '{');

	if (f != JSONLD_LD)
		return rc;
	if (top) {
		rc |= jsonw_key(b, "@context", LD);
		rc |= jsonw_cstr(b, ctx, LD);
	}
	snprintf(iri, sizeof(iri), "/api/%s/%" PRId64, coll, id);
	rc |= jsonw_key(b, "@id", LD);
	rc |= jsonw_cstr(b, iri, LD);
	rc |= jsonw_key(b, "@type", LD);
	rc |= jsonw_cstr(b, type, LD);
	return rc;
}

static int str_prop(struct buf *b, const char *key, const char *v,
		    enum jsonw_mode m)
{
	int rc = 0;

	if (!v)
		return 0; /* skip_null_values */
	rc |= jsonw_key(b, key, m);
	rc |= jsonw_cstr(b, v, m);
	return rc;
}

int jsonld_wine(struct buf *b, const struct store_wine *w, enum jsonld_format f,
		bool top)
{
	enum jsonw_mode m = mode(f);
	char date[26];
	size_t i;
	int rc = head(b, "/api/contexts/Wine", "wines", w->id, "Wine", f, top);

	rc |= jsonw_key(b, "id", m);
	rc |= jsonw_int(b, w->id);
	rc |= str_prop(b, "name", w->name, m);
	rc |= str_prop(b, "description", w->description, m);
	rc |= jsonw_key(b, "stock", m);
	rc |= jsonw_int(b, w->stock);
	rc |= jsonw_key(b, "price", m);
	rc |= jsonw_double(b, w->price);
	rc |= jsonw_key(b, "comments", m);
	rc |= buf_addch(b, '[');
	for (i = 0; i < w->ncomments; i++) {
		const struct store_comment *c = &w->comments[i];

		if (i)
			rc |= buf_addch(b, ',');
		rc |= head(b, NULL, "comments", c->id, "Comment", f, false);
		rc |= str_prop(b, "text", c->text, m);
		if (c->created_at) {
			jsonld_date(c->created_at, date);
			rc |= str_prop(b, "createdAt", date, m);
		}
		rc |= buf_addch(b, '}');
	}
	rc |= buf_addch(b, ']');
	if (w->image_id) {
		rc |= jsonw_key(b, "image", m);
		rc |= head(b, NULL, "media_objects", w->image_id,
			   "http://schema.org/MediaObject", f, false);
		rc |= str_prop(b, "filePath", w->image_path, m);
		rc |= buf_addch(b, '}');
	}
	rc |= buf_addch(b, '}');
	return rc ? BUF_ELIMIT : BUF_OK;
}

int jsonld_comment(struct buf *b, const struct store_comment *c,
		   enum jsonld_format f, bool top)
{
	enum jsonw_mode m = mode(f);
	char date[26], wine[64];
	int rc = head(b, "/api/contexts/Comment", "comments", c->id, "Comment",
		      f, top);

	rc |= jsonw_key(b, "id", m);
	rc |= jsonw_int(b, c->id);
	rc |= str_prop(b, "text", c->text, m);
	if (c->created_at) {
		jsonld_date(c->created_at, date);
		rc |= str_prop(b, "createdAt", date, m);
	}
	if (c->wine_id) {
		snprintf(wine, sizeof(wine), "/api/wines/%" PRId64, c->wine_id);
		rc |= str_prop(b, "wine", wine, m);
	}
	rc |= buf_addch(b, '}');
	return rc ? BUF_ELIMIT : BUF_OK;
}

int jsonld_media(struct buf *b, const struct store_media *m,
		 enum jsonld_format f, bool top)
{
	enum jsonw_mode jm = mode(f);
	int rc = head(b, "/api/contexts/MediaObject", "media_objects", m->id,
		      "http://schema.org/MediaObject", f, top);

	if (m->file_path) {
		struct buf url = BUF_INIT(8192);

		rc |= jsonw_key(b, "contentUrl", jm);
		rc |= buf_printf(&url, "/media/%s", m->file_path);
		rc |= jsonw_str(b, buf_cstr(&url), url.len, jm);
		buf_release(&url);
	}
	rc |= buf_addch(b, '}');
	return rc ? BUF_ELIMIT : BUF_OK;
}

int jsonld_deleted(struct buf *b, const char *iri)
{
	int rc = buf_addstr(b, "{\"@id\":");

	rc |= jsonw_cstr(b, iri, JSONW_PLAIN);
	rc |= buf_addch(b, '}');
	return rc ? BUF_ELIMIT : BUF_OK;
}

/*
 * api: routing, negotiation, reads, writes and their outbox rows, errors
 * and headers of the REST API (see api.h).
 */
#define _GNU_SOURCE /* getrandom, O_NOFOLLOW, strcasestr */
#include "compat.h"

#include "api.h"

#include "apidoc.h"
#include "buf.h"
#include "form.h"
#include "hash.h"
#include "hist.h"
#include "jsonld.h"
#include "jsonw.h"
#include "multipart.h"
#include "payload.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LD_TYPE	     "application/ld+json; charset=utf-8"
#define JSON_TYPE    "application/json; charset=utf-8"
#define PROBLEM_TYPE "application/problem+json; charset=utf-8"
#define HTML_TYPE    "text/html; charset=utf-8"
#define SUPPORTED \
 "Supported MIME types are \"application/ld+json\", \"application/json\", \"text/html\"."

enum fmt { F_LD, F_JSON, F_HTML, F_NONE };

/*
 * Bodies of recent GET answers, by format, base URL and target. Any
 * commit, ours or another connection's (PRAGMA data_version), starts a
 * new generation and so empties it.
 */
#define CACHE_ENTRIES  64
#define CACHE_MAX_BODY (256 * 1024)

struct centry {
	uint64_t gen;
	uint64_t hash;
	char *key;
	char *body;
	size_t len;
	const char *type, *extra;
	char etag[HASH_ETAG_SIZE]; /* of body, computed once */
	bool mercure;
};

struct api {
	struct centry cache[CACHE_ENTRIES];
	uint64_t gen;
	struct api_config cfg;
	struct store *store;
	int media_fd; /* the media folder, or -1 */
	struct buf body, hdr, tmp, pub;
};

/* One request being answered. */
struct rq {
	struct api *a;
	struct httpd_conn *c;
	const struct httpd_request *req;
	const char *method;
	char base[300];
	enum fmt fmt;
	bool mercure; /* a resource route: the Link names the hub */
	bool answered;
	char *cache_key; /* a cacheable GET: its key */
	uint64_t cache_hash;
};

/* ---- negotiation ------------------------------------------------------ */

static bool ws(char c)
{
	return c == ' ' || c == '\t';
}

int api_negotiate(const char *accept, const char *const *offers, int n)
{
	double best_q = 0;
	int best = -1, i;

	if (!accept || !*accept)
		return n > 0 ? 0 : -1;
	for (i = 0; i < n; i++) {
		const char *o = offers[i], *slash = strchr(o, '/');
		size_t tlen = (size_t)(slash - o);
		const char *p = accept;
		int spec = -1;
		double q = 0;

		while (*p) {
			const char *start, *end, *mt_end, *s;
			double rq = 1;
			int rs;

			while (ws(*p) || *p == ',')
				p++;
			start = p;
			while (*p && *p != ',')
				p++;
			end = p;
			mt_end = memchr(start, ';', (size_t)(end - start));
			if (!mt_end)
				mt_end = end;
			while (mt_end > start && ws(mt_end[-1]))
				mt_end--;
			/* q parameter */
			for (s = start; s < end; s++) {
				if (*s != ';')
					continue;
				s++;
				while (s < end && ws(*s))
					s++;
				if (end - s > 2 &&
				    (s[0] == 'q' || s[0] == 'Q') && s[1] == '=')
					rq = strtod(s + 2, NULL);
			}
			if (mt_end - start == 3 && !memcmp(start, "*/*", 3)) {
				rs = 0;
			} else if ((size_t)(mt_end - start) == tlen + 2 &&
				   !strncasecmp(start, o, tlen + 1) &&
				   mt_end[-1] == '*') {
				rs = 1;
			} else if ((size_t)(mt_end - start) == strlen(o) &&
				   !strncasecmp(start, o, strlen(o))) {
				rs = 2;
			} else {
				continue;
			}
			if (rs > spec) {
				spec = rs;
				q = rq;
			}
		}
		if (spec >= 0 && q > best_q) {
			best_q = q;
			best = i;
		}
	}
	return best;
}

/* ---- CORS ------------------------------------------------------------- */

static bool local_origin(const char *o)
{
	const char *h;
	size_t n;

	if (!strncmp(o, "http://", 7))
		h = o + 7;
	else if (!strncmp(o, "https://", 8))
		h = o + 8;
	else
		return false;
	if (!strncmp(h, "localhost", 9))
		n = 9;
	else if (!strncmp(h, "127.0.0.1", 9))
		n = 9;
	else if (!strncmp(h, "[::1]", 5))
		n = 5;
	else
		return false;
	h += n;
	if (!*h)
		return true;
	if (*h++ != ':' || !*h)
		return false;
	for (; *h; h++)
		if (*h < '0' || *h > '9')
			return false;
	return true;
}

bool api_origin_allowed(const char *list, const char *origin)
{
	const char *p = list;
	size_t olen;

	if (!origin || !*origin)
		return false;
	if (!list)
		return local_origin(origin);
	olen = strlen(origin);
	while (*p) {
		size_t n;

		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, " ,");
		if ((n == 1 && *p == '*') ||
		    (n == olen && !strncasecmp(p, origin, n)))
			return true;
		p += n;
	}
	return false;
}

/* ---- responses -------------------------------------------------------- */

static int common_headers(struct rq *r, struct buf *h)
{
	const char *origin = http_header(&r->req->head, "Origin");
	int rc = buf_printf(
		h,
		"Vary: Accept\r\nX-Content-Type-Options: nosniff\r\n"
		"X-Frame-Options: deny\r\nCache-Control: no-cache, private\r\n"
		"Link: <%s/api/docs.jsonld>; rel=\"http://www.w3.org/ns/hydra/core#apiDocumentation\"",
		r->base);

	if (rc == 0 && r->mercure) {
		if (r->a->cfg.hub_url)
			rc = buf_printf(h, ",<%s>; rel=\"mercure\"",
					r->a->cfg.hub_url);
		else
			rc = buf_printf(
				h, ",<%s/.well-known/mercure>; rel=\"mercure\"",
				r->base);
	}
	if (rc == 0)
		rc = buf_addstr(h, "\r\n");
	if (rc == 0 && origin) {
		rc = buf_addstr(h, "Vary: Origin\r\n");
		if (rc == 0 &&
		    api_origin_allowed(r->a->cfg.cors_origins, origin))
			rc = buf_printf(
				h,
				"Access-Control-Allow-Origin: %s\r\n"
				"Access-Control-Expose-Headers: Link\r\n",
				origin);
	}
	return rc;
}

/*
 * Whether r is a GET or HEAD: the requests whose successful answers
 * carry an ETag, as API Platform's AddHeadersListener gives them.
 */
static bool cacheable(const struct rq *r)
{
	const char *m = r->req->head.method;

	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

/*
 * Send body with the common headers, extra (may be NULL) and, when etag
 * is given, an ETag; a GET whose If-None-Match lists it gets 304 and no
 * body (API Platform sends the tag but never answers 304; a client that
 * revalidates is better served with one).
 */
static void send_tagged(struct rq *r, int status, const char *type,
			const char *extra, const char *body, size_t len,
			const char *etag)
{
	struct buf *h = &r->a->hdr;
	const char *inm =
		etag ? http_header(&r->req->head, "If-None-Match") : NULL;
	int rc;

	buf_reset(h);
	rc = common_headers(r, h);
	if (rc == 0 && extra)
		rc = buf_addstr(h, extra);
	if (rc == 0 && etag)
		rc = buf_printf(h, "ETag: %s\r\n", etag);
	if (rc != 0) {
		httpd_close(r->c, HTTPD_CLOSE_ERROR);
		r->answered = true;
		return;
	}
	if (inm && http_etag_listed(inm, etag))
		httpd_respond(r->c, 304, NULL, buf_cstr(h), "", 0);
	else
		httpd_respond(r->c, status, type, buf_cstr(h), body, len);
	r->answered = true;
}

/* As send_tagged, the tag computed here for a GET's 200 with a body. */
static void send(struct rq *r, int status, const char *type, const char *extra,
		 const char *body, size_t len)
{
	char etag[HASH_ETAG_SIZE];
	bool tagged = status == 200 && len && cacheable(r);

	if (tagged)
		hash_etag(body, len, etag);
	send_tagged(r, status, type, extra, body, len, tagged ? etag : NULL);
}

/* An error in the request's error format: hydra:Error for JSON-LD
 * requests, RFC 7807 otherwise. */
static void fail(struct rq *r, int status, const char *extra, const char *fmt,
		 ...) WS_PRINTF(4, 5);

static void fail(struct rq *r, int status, const char *extra, const char *fmt,
		 ...)
{
	struct buf *b = &r->a->body;
	char msg[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_reset(b);
	if (r->fmt == F_LD) {
		rc = buf_addstr(
			b,
			"{\"@context\":\"\\/api\\/contexts\\/Error\",\"@type\":\"hydra:Error\",\"hydra:title\":\"An error occurred\",\"hydra:description\":");
		rc |= jsonw_cstr(b, msg, JSONW_LD);
	} else {
		rc = buf_addstr(
			b,
			"{\"type\":\"https:\\/\\/tools.ietf.org\\/html\\/rfc2616#section-10\",\"title\":\"An error occurred\",\"detail\":");
		rc |= jsonw_cstr(b, msg, JSONW_LD);
	}
	rc |= buf_addch(b, '}');
	if (rc) {
		httpd_close(r->c, HTTPD_CLOSE_ERROR);
		r->answered = true;
		return;
	}
	send(r, status, r->fmt == F_LD ? LD_TYPE : PROBLEM_TYPE, extra, b->data,
	     b->len);
}

static void violations(struct rq *r, const struct payload *p)
{
	struct buf *b = &r->a->body, d = BUF_INIT(8192);
	int rc = 0, i;

	for (i = 0; i < p->nviolations; i++)
		rc |= buf_printf(&d, "%s%s: %s", i ? "\n" : "",
				 p->violations[i].path,
				 p->violations[i].message);
	buf_reset(b);
	if (r->fmt == F_LD)
		rc |= buf_addstr(
			b,
			"{\"@context\":\"\\/api\\/contexts\\/ConstraintViolationList\",\"@type\":\"ConstraintViolationList\",\"hydra:title\":\"An error occurred\",\"hydra:description\":");
	else
		rc |= buf_addstr(
			b,
			"{\"type\":\"https:\\/\\/tools.ietf.org\\/html\\/rfc2616#section-10\",\"title\":\"An error occurred\",\"detail\":");
	rc |= jsonw_str(b, buf_cstr(&d), d.len, JSONW_LD);
	buf_release(&d);
	rc |= buf_addstr(b, ",\"violations\":[");
	for (i = 0; i < p->nviolations; i++) {
		rc |= buf_addstr(b, i ? ",{" : "{");
		rc |= jsonw_key(b, "propertyPath", JSONW_LD);
		rc |= jsonw_cstr(b, p->violations[i].path, JSONW_LD);
		rc |= jsonw_key(b, "message", JSONW_LD);
		rc |= jsonw_cstr(b, p->violations[i].message, JSONW_LD);
		rc |= buf_addch(b, '}');
	}
	rc |= buf_addstr(b, "]}");
	if (rc) {
		fail(r, 500, NULL, "Internal Server Error");
		return;
	}
	send(r, 400, r->fmt == F_LD ? LD_TYPE : PROBLEM_TYPE, NULL, b->data,
	     b->len);
}

static void internal(struct rq *r, const struct err *e)
{
	(void)e;
	fail(r, 500, NULL, "Internal Server Error");
}

/* ---- request basics --------------------------------------------------- */

static bool host_ok(const char *h)
{
	size_t i, n = strlen(h);

	if (n == 0 || n > 255)
		return false;
	for (i = 0; i < n; i++) {
		char c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == ':' || c == '[' || c == ']' || c == '_'))
			return false;
	}
	return true;
}

static int set_base(struct rq *r)
{
	const char *host = http_header(&r->req->head, "Host");

	if (r->a->cfg.public_url) {
		size_t n = strlen(r->a->cfg.public_url);

		/* "https://x.example/" and "https://x.example" alike */
		while (n > 0 && r->a->cfg.public_url[n - 1] == '/')
			n--;
		snprintf(r->base, sizeof(r->base), "%.*s", (int)n,
			 r->a->cfg.public_url);
		return 0;
	}
	if (!host)
		host = "localhost";
	if (!host_ok(host))
		return -1;
	snprintf(r->base, sizeof(r->base), "http://%s", host);
	return 0;
}

/* The media type of a Content-Type value, lowercased, without
 * parameters, into out. */
static void media_type(const char *ct, char *out, size_t size)
{
	size_t n = 0;

	while (ct && ws(*ct))
		ct++;
	for (; ct && *ct && *ct != ';' && !ws(*ct) && n + 1 < size; ct++)
		out[n++] = (char)(*ct >= 'A' && *ct <= 'Z' ? *ct + 32 : *ct);
	out[n] = '\0';
}

/* ---- routes ----------------------------------------------------------- */

enum route_kind {
	R_ENTRYPOINT,
	R_DOCS,
	R_CONTEXT,
	R_COLLECTION,
	R_ITEM,
	R_SUBCOMMENTS
};

struct route {
	enum route_kind kind;
	enum store_kind res;
	int64_t id;
	bool bad_id;
	const char *name; /* contexts: the name */
	size_t name_len;
	enum fmt suffix; /* F_NONE when none */
};

static const char *const coll_names[] = {
	[STORE_WINE] = "wines",
	[STORE_COMMENT] = "comments",
	[STORE_MEDIA] = "media_objects",
};

static const char *const short_names[] = {
	[STORE_WINE] = "Wine",
	[STORE_COMMENT] = "Comment",
	[STORE_MEDIA] = "MediaObject",
};

/* Split a ".ext" suffix off the last segment; -1 for an unknown one. */
static int split_suffix(char *path, struct route *rt, char *ext, size_t esize)
{
	char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	rt->suffix = F_NONE;
	if (!dot || (slash && dot < slash))
		return 0;
	snprintf(ext, esize, "%s", dot + 1);
	*dot = '\0';
	if (!strcmp(ext, "jsonld"))
		rt->suffix = F_LD;
	else if (!strcmp(ext, "json"))
		rt->suffix = F_JSON;
	else if (!strcmp(ext, "html"))
		rt->suffix = F_HTML;
	else
		return -1;
	return 0;
}

static int64_t parse_id(const char *s, bool *bad)
{
	char *end;
	long long v;

	*bad = true;
	if (*s < '1' || *s > '9' || strlen(s) > 18)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno)
		return 0;
	*bad = false;
	return v;
}

/* 0: routed; 1: not found; 2: unknown format (ext holds it). */
static int route(const char *path, size_t len, struct route *rt, char *ext,
		 size_t esize, char *scratch, size_t ssize)
{
	char *p, *seg[4];
	int nseg = 0, i;

	memset(rt, 0, sizeof(*rt));
	if (len >= ssize)
		return 1;
	memcpy(scratch, path, len);
	scratch[len] = '\0';
	if (strncmp(scratch, "/api", 4) || (scratch[4] && scratch[4] != '/'))
		return 1;
	p = scratch + 4;
	if (*p == '/' && p[1] == '\0')
		p++;
	if (!*p) {
		rt->kind = R_ENTRYPOINT;
		rt->suffix = F_NONE;
		return 0;
	}
	if (split_suffix(scratch, rt, ext, esize) < 0)
		return 2;
	p = scratch + 5;
	while (*p && nseg < 4) {
		seg[nseg++] = p;
		p = strchr(p, '/');
		if (!p)
			break;
		*p++ = '\0';
		if (!*p)
			return 1; /* a trailing slash */
	}
	if (p && *p)
		return 1;
	if (nseg == 1 && !strcmp(seg[0], "index")) {
		rt->kind = R_ENTRYPOINT;
		return rt->suffix == F_NONE ? 1 : 0;
	}
	if (nseg == 1 && !strcmp(seg[0], "docs")) {
		rt->kind = R_DOCS;
		return 0;
	}
	if (nseg == 2 && !strcmp(seg[0], "contexts")) {
		rt->kind = R_CONTEXT;
		rt->name = path + (seg[1] - scratch);
		rt->name_len = strlen(seg[1]);
		return rt->suffix == F_NONE || rt->suffix == F_LD ? 0 : 1;
	}
	for (i = 0; i < 3; i++)
		if (!strcmp(seg[0], coll_names[i]))
			break;
	if (i == 3)
		return 1;
	rt->res = (enum store_kind)i;
	if (nseg == 1) {
		rt->kind = R_COLLECTION;
		return 0;
	}
	rt->id = parse_id(seg[1], &rt->bad_id);
	if (nseg == 2) {
		rt->kind = R_ITEM;
		return 0;
	}
	if (nseg == 3 && rt->res == STORE_WINE && !strcmp(seg[2], "comments")) {
		rt->kind = R_SUBCOMMENTS;
		return 0;
	}
	return 1;
}

static const char *allowed(const struct route *rt)
{
	switch (rt->kind) {
	case R_COLLECTION:
		return "GET, POST";
	case R_ITEM:
		return rt->res == STORE_MEDIA ? "GET"
					      : "GET, PUT, PATCH, DELETE";
	default:
		return "GET";
	}
}

static bool method_in(const char *m, const char *list)
{
	size_t n = strlen(m);
	const char *p = list;

	while ((p = strstr(p, m))) {
		if ((p == list || p[-2] == ',') && (p[n] == ',' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

/* ---- reads ------------------------------------------------------------ */

/* Keep a 200 answer's body for the next identical GET. */
static const struct centry *cache_put(struct rq *r, const char *type,
				      const char *extra)
{
	struct api *a = r->a;
	struct centry *ce = &a->cache[r->cache_hash % CACHE_ENTRIES];
	char *body;

	if (!r->cache_key || a->body.len > CACHE_MAX_BODY)
		return NULL;
	body = malloc(a->body.len + 1);
	if (!body)
		return NULL;
	memcpy(body, a->body.data ? a->body.data : "", a->body.len);
	free(ce->key);
	free(ce->body);
	ce->gen = a->gen;
	ce->hash = r->cache_hash;
	ce->key = r->cache_key;
	r->cache_key = NULL;
	ce->body = body;
	ce->len = a->body.len;
	hash_etag(body, ce->len, ce->etag);
	ce->type = type;
	ce->extra = extra;
	ce->mercure = r->mercure;
	return ce;
}

/* Answer with a cached 200 and its tag, computed when it was stored. */
static void send_entry(struct rq *r, const struct centry *ce)
{
	send_tagged(r, 200, ce->type, ce->extra, ce->body, ce->len,
		    ce->len ? ce->etag : NULL);
}

/* Answer from the cache; false when it has nothing current. */
static bool cache_get(struct rq *r)
{
	struct api *a = r->a;
	struct centry *ce = &a->cache[r->cache_hash % CACHE_ENTRIES];

	if (!ce->key || ce->gen != a->gen || ce->hash != r->cache_hash ||
	    strcmp(ce->key, r->cache_key))
		return false;
	r->mercure = ce->mercure;
	send_entry(r, ce);
	return true;
}

static void send_doc(struct rq *r, int status, const char *extra)
{
	struct buf *b = &r->a->body;
	const char *type = r->fmt == F_LD     ? LD_TYPE
			   : r->fmt == F_JSON ? JSON_TYPE
					      : HTML_TYPE;
	const struct centry *ce =
		status == 200 ? cache_put(r, type, extra) : NULL;

	/* A stored answer was tagged as it was stored: not hashed twice. */
	if (ce)
		send_entry(r, ce);
	else
		send(r, status, type, extra, b->data ? b->data : "", b->len);
}

static int serialize(struct buf *b, enum store_kind k, const void *item,
		     enum fmt f, bool top)
{
	enum jsonld_format jf = f == F_LD ? JSONLD_LD : JSONLD_JSON;

	if (k == STORE_WINE)
		return jsonld_wine(b, item, jf, top);
	if (k == STORE_COMMENT)
		return jsonld_comment(b, item, jf, top);
	return jsonld_media(b, item, jf, top);
}

union item {
	struct store_wine wine;
	struct store_comment comment;
	struct store_media media;
};

static int load(struct api *a, enum store_kind k, int64_t id, union item *it,
		struct err *e)
{
	memset(it, 0, sizeof(*it));
	if (k == STORE_WINE)
		return store_wine_get(a->store, id, &it->wine, e);
	if (k == STORE_COMMENT)
		return store_comment_get(a->store, id, &it->comment, e);
	return store_media_get(a->store, id, &it->media, e);
}

static void unload(enum store_kind k, union item *it)
{
	if (k == STORE_WINE)
		store_wine_release(&it->wine);
	else if (k == STORE_COMMENT)
		store_comment_release(&it->comment);
	else
		store_media_release(&it->media);
}

static const char item_headers[] =
	"Accept-Patch: application/merge-patch+json\r\n";

static void get_item(struct rq *r, const struct route *rt)
{
	struct api *a = r->a;
	union item it;
	struct err e;
	int rc;

	err_init(&e);
	rc = load(a, rt->res, rt->id, &it, &e);
	if (rc < 0) {
		internal(r, &e);
		return;
	}
	if (rc == 0) {
		fail(r, 404, NULL, "Not Found");
		return;
	}
	buf_reset(&a->body);
	rc = serialize(&a->body, rt->res, &it, r->fmt, true);
	unload(rt->res, &it);
	if (rc) {
		internal(r, &e);
		return;
	}
	send_doc(r, 200, rt->res == STORE_MEDIA ? NULL : item_headers);
}

/* The value of a query field as a finite number, or false. */
static bool number(const struct form_str *v, double *out)
{
	char *end;

	if (!v->s || !v->len)
		return false;
	*out = strtod(v->s, &end);
	return end == v->s + v->len && isfinite(*out);
}

static void range_filter(struct store_range *rg, const char *op,
			 const struct form_str *v)
{
	double x, y;

	if (!strcmp(op, "between")) {
		const char *dots = strstr(v->s, "..");
		struct form_str lo, hi;

		if (!dots)
			return;
		lo.s = v->s;
		lo.len = (size_t)(dots - v->s);
		hi.s = dots + 2;
		hi.len = v->len - lo.len - 2;
		{
			char a[64], b[64];

			if (lo.len >= sizeof(a) || hi.len >= sizeof(b))
				return;
			memcpy(a, lo.s, lo.len);
			a[lo.len] = '\0';
			memcpy(b, hi.s, hi.len);
			b[hi.len] = '\0';
			lo.s = a;
			hi.s = b;
			if (!number(&lo, &x) || !number(&hi, &y))
				return;
		}
		rg->has_gte = rg->has_lte = true;
		rg->gte = x;
		rg->lte = y;
		return;
	}
	if (!number(v, &x))
		return;
	if (!strcmp(op, "gt"))
		rg->has_gt = true, rg->gt = x;
	else if (!strcmp(op, "gte"))
		rg->has_gte = true, rg->gte = x;
	else if (!strcmp(op, "lt"))
		rg->has_lt = true, rg->lt = x;
	else if (!strcmp(op, "lte"))
		rg->has_lte = true, rg->lte = x;
}

/* "key[sub]" → sub, when key matches. */
static const char *bracket(const struct form_str *name, const char *key,
			   char *sub, size_t size)
{
	size_t k = strlen(key);

	if (name->len < k + 2 || memcmp(name->s, key, k) || name->s[k] != '[' ||
	    name->s[name->len - 1] != ']' || name->len - k - 2 >= size)
		return NULL;
	memcpy(sub, name->s + k + 1, name->len - k - 2);
	sub[name->len - k - 2] = '\0';
	return sub;
}

static int read_filters(struct rq *r, const struct form *f, enum store_kind k,
			struct store_query *q, int64_t *page)
{
	size_t i;
	char sub[32];

	*page = 1;
	for (i = 0; i < f->nfields; i++) {
		const struct form_str *n = &f->fields[i].name;
		const struct form_str *v = &f->fields[i].value;

		if (!strcmp(n->s, "page")) {
			/* PHP's (int) cast: leading digits, else 0 */
			*page = strtoll(v->s, NULL, 10);
			if (*page < 1) {
				fail(r, 400, NULL,
				     "Page should not be less than 1");
				return -1;
			}
			continue;
		}
		if (bracket(n, "order", sub, sizeof(sub)) &&
		    q->norder < STORE_MAX_TERMS) {
			static const struct {
				const char *name;
				enum store_field f;
				int res;
			} fields[] = {
				{ "id", STORE_F_ID, -1 },
				{ "name", STORE_F_NAME, STORE_WINE },
				{ "stock", STORE_F_STOCK, STORE_WINE },
				{ "price", STORE_F_PRICE, STORE_WINE },
				{ "createdAt", STORE_F_CREATED_AT,
				  STORE_COMMENT },
			};
			size_t j;
			bool desc;

			if (!strcasecmp(v->s, "desc"))
				desc = true;
			else if (!strcasecmp(v->s, "asc"))
				desc = false;
			else
				continue;
			for (j = 0; j < WS_ARRAY_LEN(fields); j++)
				if (!strcmp(sub, fields[j].name) &&
				    (fields[j].res < 0 ||
				     fields[j].res == (int)k)) {
					q->order[q->norder].field = fields[j].f;
					q->order[q->norder++].desc = desc;
				}
			continue;
		}
		if (k != STORE_WINE)
			continue;
		if ((!strcmp(n->s, "name") || !strcmp(n->s, "name[]")) &&
		    q->nname_partial < STORE_MAX_TERMS) {
			if (strlen(v->s) == v->len)
				q->name_partial[q->nname_partial++] = v->s;
		} else if (bracket(n, "name", sub, sizeof(sub)) &&
			   !strcmp(sub, "exact") &&
			   q->nname_exact < STORE_MAX_TERMS) {
			if (strlen(v->s) == v->len)
				q->name_exact[q->nname_exact++] = v->s;
		} else if (bracket(n, "stock", sub, sizeof(sub))) {
			range_filter(&q->stock, sub, v);
		} else if (bracket(n, "price", sub, sizeof(sub))) {
			range_filter(&q->price, sub, v);
		}
	}
	return 0;
}

/* The collection's query string less page, as http_build_query writes
 * it (RFC 3986), into out. */
static int view_query(const struct form *f, struct buf *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < f->nfields && rc == 0; i++) {
		const struct form_field *fl = &f->fields[i];

		if (!strcmp(fl->name.s, "page"))
			continue;
		if (out->len)
			rc = buf_addch(out, '&');
		if (rc == 0)
			rc = form_escape(out, fl->name.s, fl->name.len,
					 FORM_ESC_URI);
		if (rc == 0)
			rc = buf_addch(out, '=');
		if (rc == 0)
			rc = form_escape(out, fl->value.s, fl->value.len,
					 FORM_ESC_URI);
	}
	return rc;
}

static int view_link(struct buf *b, const char *key, const char *coll,
		     const struct buf *qs, int64_t page)
{
	struct buf iri = BUF_INIT(LIMIT_URL_BYTES);
	int rc = buf_printf(&iri, "%s?%s%spage=%" PRId64, coll, buf_cstr(qs),
			    qs->len ? "&" : "", page);

	rc |= jsonw_key(b, key, JSONW_LD);
	rc |= jsonw_str(b, buf_cstr(&iri), iri.len, JSONW_LD);
	buf_release(&iri);
	return rc;
}

static int search_doc(struct buf *b)
{
	static const char *const vars[] = {
		"name",		  "name[]",	    "name[exact]",
		"order[id]",	  "order[name]",    "order[stock]",
		"order[price]",	  "stock[between]", "stock[gt]",
		"stock[gte]",	  "stock[lt]",	    "stock[lte]",
		"price[between]", "price[gt]",	    "price[gte]",
		"price[lt]",	  "price[lte]",
	};
	struct buf t = BUF_INIT(4096);
	size_t i;
	int rc = buf_addstr(&t, "/api/wines{?");

	for (i = 0; i < WS_ARRAY_LEN(vars); i++)
		rc |= buf_printf(&t, "%s%s", i ? "," : "", vars[i]);
	rc |= buf_addch(&t, '}');
	rc |= jsonw_key(b, "hydra:search", JSONW_LD);
	rc |= buf_addstr(b, "{\"@type\":\"hydra:IriTemplate\"");
	rc |= jsonw_key(b, "hydra:template", JSONW_LD);
	rc |= jsonw_str(b, buf_cstr(&t), t.len, JSONW_LD);
	rc |= buf_addstr(
		b,
		",\"hydra:variableRepresentation\":\"BasicRepresentation\",\"hydra:mapping\":[");
	for (i = 0; i < WS_ARRAY_LEN(vars); i++) {
		const char *v = vars[i];
		char prop[16];

		if (!strncmp(v, "order[", 6))
			v += 6;
		snprintf(prop, sizeof(prop), "%.*s", (int)strcspn(v, "[]"), v);
		rc |= buf_addstr(b, i ? ",{" : "{");
		rc |= buf_addstr(b, "\"@type\":\"IriTemplateMapping\"");
		rc |= jsonw_key(b, "variable", JSONW_LD);
		rc |= jsonw_cstr(b, vars[i], JSONW_LD);
		rc |= jsonw_key(b, "property", JSONW_LD);
		rc |= jsonw_cstr(b, prop, JSONW_LD);
		rc |= buf_addstr(b, ",\"required\":false}");
	}
	rc |= buf_addstr(b, "]}");
	buf_release(&t);
	return rc;
}

static void get_collection(struct rq *r, const struct route *rt)
{
	struct api *a = r->a;
	struct store_query q;
	struct form f;
	struct err e;
	struct buf qs = BUF_INIT(LIMIT_URL_BYTES), *b = &a->body;
	char coll[64];
	void *items = NULL;
	size_t n = 0, i;
	int64_t total = 0, page, last;
	enum store_kind k = rt->kind == R_SUBCOMMENTS ? STORE_COMMENT : rt->res;
	int rc;

	err_init(&e);
	form_init(&f);
	memset(&q, 0, sizeof(q));
	if (form_parse(&f, r->req->head.query, strlen(r->req->head.query), NULL,
		       &e) < 0) {
		fail(r, 400, NULL, "Invalid query string: %s", e.msg);
		return;
	}
	if (read_filters(r, &f, k, &q, &page) < 0)
		goto out;
	if (rt->kind == R_SUBCOMMENTS) {
		rc = store_exists(a->store, STORE_WINE, rt->id, &e);
		if (rc <= 0) {
			if (rc < 0)
				internal(r, &e);
			else
				fail(r, 404, NULL, "Not Found");
			goto out;
		}
		q.wine_id = rt->id;
		snprintf(coll, sizeof(coll), "/api/wines/%" PRId64 "/comments",
			 rt->id);
	} else {
		snprintf(coll, sizeof(coll), "/api/%s", coll_names[k]);
	}
	q.limit = LIMIT_PAGE_ITEMS;
	q.offset = page > INT64_MAX / LIMIT_PAGE_ITEMS
			   ? INT64_MAX - LIMIT_PAGE_ITEMS
			   : (page - 1) * LIMIT_PAGE_ITEMS;
	if (k == STORE_WINE)
		rc = store_wine_list(a->store, &q, (struct store_wine **)&items,
				     &n, &total, &e);
	else if (k == STORE_COMMENT)
		rc = store_comment_list(a->store, &q,
					(struct store_comment **)&items, &n,
					&total, &e);
	else
		rc = store_media_list(a->store, &q,
				      (struct store_media **)&items, &n, &total,
				      &e);
	if (rc < 0) {
		internal(r, &e);
		goto out;
	}
	buf_reset(b);
	rc = 0;
	if (r->fmt == F_LD) {
		rc |= buf_printf(b, "{\"@context\":\"\\/api\\/contexts\\/%s\"",
				 short_names[k]);
		rc |= jsonw_key(b, "@id", JSONW_LD);
		rc |= jsonw_cstr(b, coll, JSONW_LD);
		rc |= buf_addstr(
			b,
			",\"@type\":\"hydra:Collection\",\"hydra:member\":[");
	} else {
		rc |= buf_addch(b, '[');
	}
	for (i = 0; i < n; i++) {
		const void *it =
			k == STORE_WINE
				? (const void *)&((struct store_wine *)items)[i]
			: k == STORE_COMMENT
				? (const void *)&(
					  (struct store_comment *)items)[i]
				: (const void *)&(
					  (struct store_media *)items)[i];

		if (i)
			rc |= buf_addch(b, ',');
		rc |= serialize(b, k, it, r->fmt, false);
	}
	rc |= buf_addch(b, ']');
	if (r->fmt == F_LD) {
		last = total ? (total + LIMIT_PAGE_ITEMS - 1) / LIMIT_PAGE_ITEMS
			     : 1;
		rc |= buf_printf(b, ",\"hydra:totalItems\":%" PRId64, total);
		rc |= view_query(&f, &qs);
		if (qs.len || last > 1) {
			rc |= buf_addstr(b, ",\"hydra:view\":{");
			if (last > 1) {
				rc |= view_link(b, "@id", coll, &qs, page);
			} else {
				struct buf iri = BUF_INIT(LIMIT_URL_BYTES);

				rc |= buf_printf(&iri, "%s?%s", coll,
						 buf_cstr(&qs));
				rc |= jsonw_key(b, "@id", JSONW_LD);
				rc |= jsonw_str(b, buf_cstr(&iri), iri.len,
						JSONW_LD);
				buf_release(&iri);
			}
			rc |= buf_addstr(
				b,
				",\"@type\":\"hydra:PartialCollectionView\"");
			if (last > 1) {
				rc |= view_link(b, "hydra:first", coll, &qs, 1);
				rc |= view_link(b, "hydra:last", coll, &qs,
						last);
				if (page != 1)
					rc |= view_link(b, "hydra:previous",
							coll, &qs, page - 1);
				if (page != last)
					rc |= view_link(b, "hydra:next", coll,
							&qs, page + 1);
			}
			rc |= buf_addch(b, '}');
		}
		if (k == STORE_WINE && rt->kind == R_COLLECTION)
			rc |= search_doc(b);
		rc |= buf_addch(b, '}');
	}
	if (rc) {
		internal(r, &e);
		goto out;
	}
	send_doc(r, 200, NULL);
out:
	if (k == STORE_WINE)
		store_wine_list_free(items, n);
	else if (k == STORE_COMMENT)
		store_comment_list_free(items, n);
	else
		store_media_list_free(items, n);
	buf_release(&qs);
	form_release(&f);
}

/* ---- writes ----------------------------------------------------------- */

/* Queue one update in the outbox: topic <base><iri>, data as given. */
static int publish(struct rq *r, const char *iri, const char *data, size_t len,
		   struct err *e)
{
	char topic[sizeof(r->base) + 96], id[HIST_ID_BUF];

	snprintf(topic, sizeof(topic), "%s%s", r->base, iri);
	if (hist_new_id(id) < 0)
		return err_set(e, ERR_RUNTIME,
			       "no randomness for an update id");
	return store_outbox_add(r->a->store, topic, data, len, id, e);
}

static int publish_item(struct rq *r, enum store_kind k, int64_t id,
			struct err *e)
{
	struct api *a = r->a;
	union item it;
	char iri[96];
	int rc;

	rc = load(a, k, id, &it, e);
	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	buf_reset(&a->pub);
	rc = serialize(&a->pub, k, &it, F_LD, true);
	unload(k, &it);
	if (rc)
		return err_set(e, ERR_RUNTIME, "out of memory");
	snprintf(iri, sizeof(iri), "/api/%s/%" PRId64, coll_names[k], id);
	return publish(r, iri, a->pub.data, a->pub.len, e);
}

static int publish_delete(struct rq *r, enum store_kind k, int64_t id,
			  struct err *e)
{
	char iri[96];

	snprintf(iri, sizeof(iri), "/api/%s/%" PRId64, coll_names[k], id);
	buf_reset(&r->a->pub);
	if (jsonld_deleted(&r->a->pub, iri))
		return err_set(e, ERR_RUNTIME, "out of memory");
	return publish(r, iri, r->a->pub.data, r->a->pub.len, e);
}

/* Check the request body's type for method; answers 415 and returns -1
 * when it is not acceptable. */
static int check_content_type(struct rq *r, bool patch)
{
	const char *ct = http_header(&r->req->head, "Content-Type");
	char mt[128];

	if (!ct) {
		fail(r, 415, NULL, "The \"Content-Type\" header must exist.");
		return -1;
	}
	media_type(ct, mt, sizeof(mt));
	if (patch) {
		if (!strcmp(mt, "application/merge-patch+json"))
			return 0;
		fail(r, 415, NULL,
		     "The content-type \"%.100s\" is not supported. Supported MIME types are \"application/merge-patch+json\".",
		     mt);
		return -1;
	}
	if (!strcmp(mt, "application/ld+json") ||
	    !strcmp(mt, "application/json"))
		return 0;
	fail(r, 415, NULL,
	     "The content-type \"%.100s\" is not supported. Supported MIME types are \"application/ld+json\", \"application/json\".",
	     mt);
	return -1;
}

static void now_db(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Existence checks of the relations a payload names. */
static int check_refs(struct rq *r, struct payload *p, struct err *e)
{
	int rc;

	if ((p->present & PAYLOAD_IMAGE) && p->image_id) {
		rc = store_exists(r->a->store, STORE_MEDIA, p->image_id, e);
		if (rc < 0)
			return -1;
		if (!rc)
			payload_violation(p, "image",
					  "Item not found for this IRI.");
	}
	if (p->present & PAYLOAD_WINE_REF) {
		rc = store_exists(r->a->store, STORE_WINE, p->wine_id, e);
		if (rc < 0)
			return -1;
		if (!rc)
			payload_violation(p, "wine",
					  "Item not found for this IRI.");
	}
	return 0;
}

/* Respond to a successful write with the item in the request format. */
static void written(struct rq *r, enum store_kind k, int64_t id, int status,
		    struct err *e)
{
	struct api *a = r->a;
	union item it;
	char hdr[256];
	int rc = load(a, k, id, &it, e);

	a->gen++;
	if (a->cfg.committed)
		a->cfg.committed(a->cfg.arg);
	if (rc <= 0) {
		/* Deleted in between by someone else: still a success. */
		send(r, status, NULL, NULL, "", 0);
		return;
	}
	buf_reset(&a->body);
	rc = serialize(&a->body, k, &it, r->fmt == F_HTML ? F_LD : r->fmt,
		       true);
	unload(k, &it);
	if (rc) {
		internal(r, e);
		return;
	}
	if (status == 201)
		snprintf(hdr, sizeof(hdr),
			 "Location: /api/%s/%" PRId64
			 "\r\nContent-Location: /api/%s/%" PRId64 "\r\n",
			 coll_names[k], id, coll_names[k], id);
	else
		snprintf(hdr, sizeof(hdr),
			 "Content-Location: /api/%s/%" PRId64 "\r\n%s",
			 coll_names[k], id,
			 k == STORE_MEDIA ? "" : item_headers);
	send(r, status, r->fmt == F_JSON ? JSON_TYPE : LD_TYPE, hdr,
	     a->body.data, a->body.len);
}

static void write_item(struct rq *r, const struct route *rt)
{
	struct api *a = r->a;
	bool create = rt->kind == R_COLLECTION;
	bool patch = !strcmp(r->method, "PATCH");
	enum store_kind k = rt->res;
	struct payload p;
	union item it;
	int64_t id = 0, old_wine = 0;
	char now[20];
	struct err e;
	int rc;

	err_init(&e);
	memset(&it, 0, sizeof(it));
	memset(&p, 0, sizeof(p));
	if (check_content_type(r, patch) < 0)
		return;
	if (r->req->body_len > LIMIT_API_JSON_BYTES) {
		fail(r, 413, NULL, "Request body too large.");
		return;
	}
	if (payload_parse(&p, k == STORE_WINE ? PAYLOAD_WINE : PAYLOAD_COMMENT,
			  r->req->body, r->req->body_len, &e) < 0) {
		payload_release(&p);
		fail(r, 400, NULL, "%s", e.msg);
		return;
	}
	if (store_begin(a->store, &e) < 0)
		goto fail;
	if (!create) {
		rc = load(a, k, rt->id, &it, &e);
		if (rc < 0)
			goto fail;
		if (rc == 0) {
			store_rollback(a->store);
			payload_release(&p);
			fail(r, 404, NULL, "Not Found");
			return;
		}
		if (k == STORE_WINE) {
			/* the row alone is written back */
			size_t i;

			for (i = 0; i < it.wine.ncomments; i++)
				store_comment_release(&it.wine.comments[i]);
			free(it.wine.comments);
			it.wine.comments = NULL;
			it.wine.ncomments = 0;
		}
		old_wine = k == STORE_COMMENT ? it.comment.wine_id : 0;
	}
	if (check_refs(r, &p, &e) < 0)
		goto fail;
	now_db(now);
	if (k == STORE_WINE)
		payload_apply_wine(&p, &it.wine, create);
	else
		payload_apply_comment(&p, &it.comment, create, now);
	if (p.nviolations) {
		store_rollback(a->store);
		violations(r, &p);
		goto out;
	}
	if (k == STORE_WINE) {
		rc = store_wine_save(a->store, &it.wine, &e);
		id = it.wine.id;
	} else {
		rc = store_comment_save(a->store, &it.comment, &e);
		id = it.comment.id;
	}
	if (rc == 0)
		rc = publish_item(r, k, id, &e);
	if (rc == 0 && k == STORE_COMMENT) {
		rc = publish_item(r, STORE_WINE, it.comment.wine_id, &e);
		if (rc == 0 && old_wine && old_wine != it.comment.wine_id)
			rc = publish_item(r, STORE_WINE, old_wine, &e);
	}
	if (rc == 0)
		rc = store_commit(a->store, &e);
	if (rc < 0)
		goto fail;
	written(r, k, id, create ? 201 : 200, &e);
	goto out;
fail:
	store_rollback(a->store);
	if (e.cls == ERR_DATA)
		fail(r, 400, NULL, "%s", e.msg);
	else
		internal(r, &e);
out:
	unload(k, &it);
	payload_release(&p);
}

static void delete_item(struct rq *r, const struct route *rt)
{
	struct api *a = r->a;
	struct store_comment c;
	struct store_wine w;
	struct err e;
	size_t i;
	int rc;

	err_init(&e);
	memset(&c, 0, sizeof(c));
	memset(&w, 0, sizeof(w));
	if (store_begin(a->store, &e) < 0)
		goto fail;
	if (rt->res == STORE_COMMENT &&
	    store_comment_get(a->store, rt->id, &c, &e) < 0)
		goto fail;
	/* A wine's comments go with it: their subscribers learn it too. */
	if (rt->res == STORE_WINE &&
	    store_wine_get(a->store, rt->id, &w, &e) < 0)
		goto fail;
	rc = store_delete(a->store, rt->res, rt->id, &e);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		store_rollback(a->store);
		fail(r, 404, NULL, "Not Found");
		return;
	}
	rc = publish_delete(r, rt->res, rt->id, &e);
	for (i = 0; rc == 0 && i < w.ncomments; i++)
		rc = publish_delete(r, STORE_COMMENT, w.comments[i].id, &e);
	if (rc == 0 && c.wine_id)
		rc = publish_item(r, STORE_WINE, c.wine_id, &e);
	if (rc == 0)
		rc = store_commit(a->store, &e);
	store_comment_release(&c);
	store_wine_release(&w);
	if (rc < 0)
		goto fail;
	a->gen++;
	if (a->cfg.committed)
		a->cfg.committed(a->cfg.arg);
	send(r, 204, NULL, NULL, "", 0);
	return;
fail:
	store_comment_release(&c);
	store_wine_release(&w);
	store_rollback(a->store);
	internal(r, &e);
}

/* ---- media ------------------------------------------------------------ */

bool api_media_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > 128 || name[0] == '.')
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static const struct {
	const char *ext, *type;
} media_types[] = {
	{ "png", "image/png" },	  { "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" }, { "gif", "image/gif" },
	{ "webp", "image/webp" }, { "svg", "image/svg+xml" },
	{ "avif", "image/avif" },
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < WS_ARRAY_LEN(media_types); i++)
		if (!strcasecmp(dot + 1, media_types[i].ext))
			return media_types[i].type;
	return NULL;
}

static void upload(struct rq *r)
{
	struct api *a = r->a;
	struct multipart_part parts[MULTIPART_MAX_PARTS];
	const struct multipart_part *file;
	char boundary[MULTIPART_BOUNDARY_MAX + 1], name[64], ext[8] = "";
	unsigned char rnd[12];
	struct store_media m = { 0 };
	struct err e;
	size_t i, off;
	int n, fd = -1, rc;

	err_init(&e);
	if (a->media_fd < 0) {
		fail(r, 503, NULL, "Uploads are disabled (no media folder).");
		return;
	}
	if (multipart_boundary(http_header(&r->req->head, "Content-Type"),
			       boundary, &e) < 0) {
		fail(r, 415, NULL,
		     "The content-type must be \"multipart/form-data\" with a boundary.");
		return;
	}
	n = multipart_parse(r->req->body, r->req->body_len, boundary, parts,
			    MULTIPART_MAX_PARTS, &e);
	if (n < 0) {
		fail(r, 400, NULL, "Malformed multipart body: %s (offset %ld)",
		     e.msg, e.column);
		return;
	}
	file = multipart_find(parts, n, "file");
	if (!file || !file->filename.s) {
		struct payload p = { 0 };

		payload_violation(&p, "file", "This value should not be null.");
		violations(r, &p);
		return;
	}
	/* The stored name is ours: random, with the client's extension
	 * when it is a plain one. */
	if (file->filename.s) {
		const char *dot =
			memrchr(file->filename.s, '.', file->filename.len);
		size_t el = dot ? file->filename.len -
					    (size_t)(dot - file->filename.s) - 1
				: 0;

		for (i = 0; dot && i < el && i < sizeof(ext) - 1; i++) {
			char c = dot[1 + i];

			if (!((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9'))) {
				i = 0;
				break;
			}
			ext[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		ext[dot && el < sizeof(ext) ? i : 0] = '\0';
	}
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		internal(r, &e);
		return;
	}
	off = 0;
	for (i = 0; i < sizeof(rnd); i++)
		off += (size_t)snprintf(name + off, sizeof(name) - off, "%02x",
					rnd[i]);
	if (ext[0])
		snprintf(name + off, sizeof(name) - off, ".%s", ext);
	fd = openat(a->media_fd, name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		internal(r, &e);
		return;
	}
	for (off = 0; off < file->len;) {
		ssize_t w = write(fd, file->data + off, file->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	rc = off == file->len && fsync(fd) == 0 ? 0 : -1;
	close(fd);
	if (rc < 0) {
		unlinkat(a->media_fd, name, 0);
		fail(r, 507, NULL, "The file could not be stored.");
		return;
	}
	m.file_path = name;
	rc = store_begin(a->store, &e);
	if (rc == 0)
		rc = store_media_save(a->store, &m, &e);
	if (rc == 0)
		rc = publish_item(r, STORE_MEDIA, m.id, &e);
	if (rc == 0)
		rc = store_commit(a->store, &e);
	if (rc < 0) {
		store_rollback(a->store);
		unlinkat(a->media_fd, name, 0);
		internal(r, &e);
		return;
	}
	written(r, STORE_MEDIA, m.id, 201, &e);
}

static void serve_media(struct api *a, struct httpd_conn *c,
			const struct httpd_request *req)
{
	const char *name = req->head.path + 7;
	size_t len = req->head.path_len - 7;
	char fname[130], hdr[256];
	static const char nf[] = "Not Found\n";
	const char *type;
	struct buf data = BUF_INIT(LIMIT_UPLOAD_BYTES);
	struct stat st;
	int fd;

	if (strcmp(req->head.method, "GET")) {
		httpd_respond(c, 405, "text/plain; charset=utf-8",
			      "Allow: GET\r\n", "Method Not Allowed\n", 19);
		return;
	}
	if (a->media_fd < 0 || !api_media_name_ok(name, len)) {
		httpd_respond(c, 404, "text/plain; charset=utf-8", NULL, nf,
			      sizeof(nf) - 1);
		return;
	}
	memcpy(fname, name, len);
	fname[len] = '\0';
	fd = openat(a->media_fd, fname, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)LIMIT_UPLOAD_BYTES) {
		if (fd >= 0)
			close(fd);
		httpd_respond(c, 404, "text/plain; charset=utf-8", NULL, nf,
			      sizeof(nf) - 1);
		return;
	}
	if (buf_reserve(&data, (size_t)st.st_size + 1) == 0) {
		ssize_t n;

		while ((n = read(fd, data.data + data.len,
				 data.cap - data.len - 1)) > 0)
			data.len += (size_t)n;
	}
	close(fd);
	type = type_of(fname);
	/* An uploaded file never runs as a page of this origin. */
	snprintf(
		hdr, sizeof(hdr),
		"X-Content-Type-Options: nosniff\r\n"
		"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; sandbox\r\n"
		"Cache-Control: public, max-age=3600\r\n%s",
		type ? "" : "Content-Disposition: attachment\r\n");
	httpd_respond(c, 200, type ? type : "application/octet-stream", hdr,
		      data.data ? data.data : "", data.len);
	buf_release(&data);
}

/* ---- dispatch --------------------------------------------------------- */

static void preflight(struct rq *r)
{
	const char *origin = http_header(&r->req->head, "Origin");
	char hdr[512];

	if (!origin || !api_origin_allowed(r->a->cfg.cors_origins, origin)) {
		httpd_respond(r->c, 204, NULL, "Vary: Origin\r\n", "", 0);
		return;
	}
	snprintf(
		hdr, sizeof(hdr),
		"Vary: Origin\r\nAccess-Control-Allow-Origin: %s\r\n"
		"Access-Control-Allow-Methods: GET, OPTIONS, POST, PUT, PATCH, DELETE\r\n"
		"Access-Control-Allow-Headers: Content-Type, Authorization, Accept, Cache-Control, Last-Event-ID\r\n"
		"Access-Control-Expose-Headers: Link\r\n"
		"Access-Control-Max-Age: 3600\r\n",
		origin);
	httpd_respond(r->c, 204, NULL, hdr, "", 0);
}

static const char *const offers[] = { "application/ld+json", "application/json",
				      "text/html" };

static void dispatch(struct rq *r, const struct route *rt)
{
	struct api *a = r->a;
	const char *m = r->method;
	char extra[128];
	int rc;

	if (!method_in(m, allowed(rt))) {
		snprintf(extra, sizeof(extra), "Allow: %s\r\n", allowed(rt));
		fail(r, 405, extra,
		     "No route found for \"%s %.200s\": Method Not Allowed (Allow: %s)",
		     m, r->req->head.target, allowed(rt));
		return;
	}
	switch (rt->kind) {
	case R_ENTRYPOINT:
		buf_reset(&a->body);
		if (r->fmt == F_HTML)
			rc = apidoc_html(&a->body, r->base);
		else
			rc = apidoc_entrypoint(&a->body, r->fmt == F_LD);
		if (rc)
			fail(r, 500, NULL, "Internal Server Error");
		else
			send_doc(r, 200, NULL);
		return;
	case R_DOCS:
		buf_reset(&a->body);
		if (r->fmt == F_HTML)
			rc = apidoc_html(&a->body, r->base);
		else if (r->fmt == F_LD)
			rc = apidoc_hydra(&a->body, r->base);
		else
			rc = apidoc_openapi(&a->body, r->base);
		if (rc)
			fail(r, 500, NULL, "Internal Server Error");
		else
			send_doc(r, 200, NULL);
		return;
	case R_CONTEXT:
		r->fmt = F_LD;
		buf_reset(&a->body);
		rc = apidoc_context(&a->body, rt->name, rt->name_len, r->base);
		if (rc == 1)
			fail(r, 404, NULL, "Not Found");
		else if (rc)
			fail(r, 500, NULL, "Internal Server Error");
		else
			send_doc(r, 200, NULL);
		return;
	default:
		break;
	}
	r->mercure = true;
	if (r->fmt == F_HTML && !strcmp(m, "GET")) {
		buf_reset(&a->body);
		if (apidoc_html(&a->body, r->base))
			fail(r, 500, NULL, "Internal Server Error");
		else
			send_doc(r, 200, NULL);
		return;
	}
	if ((rt->kind == R_ITEM || rt->kind == R_SUBCOMMENTS) && rt->bad_id) {
		fail(r, 404, NULL,
		     "Invalid identifier value or configuration.");
		return;
	}
	if (!strcmp(m, "GET")) {
		if (rt->kind == R_ITEM)
			get_item(r, rt);
		else
			get_collection(r, rt);
	} else if (!strcmp(m, "DELETE")) {
		delete_item(r, rt);
	} else if (rt->res == STORE_MEDIA) {
		upload(r);
	} else {
		write_item(r, rt);
	}
}

bool api_handle(struct api *a, struct httpd_conn *c,
		const struct httpd_request *req)
{
	const struct http_request *h = &req->head;
	struct rq r = {
		.a = a, .c = c, .req = req, .method = h->method, .fmt = F_LD
	};
	struct route rt;
	char ext[32] = "", scratch[1024];
	int rc, pick;

	if (h->path_len >= 7 && !memcmp(h->path, "/media/", 7)) {
		serve_media(a, c, req);
		return true;
	}
	if (h->path_len < 4 || memcmp(h->path, "/api", 4) ||
	    (h->path_len > 4 && h->path[4] != '/'))
		return false;
	if (set_base(&r) < 0) {
		r.fmt = F_JSON;
		snprintf(r.base, sizeof(r.base), "http://localhost");
		fail(&r, 400, NULL, "Invalid Host header.");
		return true;
	}
	if (!strcmp(r.method, "OPTIONS") &&
	    http_header(h, "Access-Control-Request-Method")) {
		preflight(&r);
		return true;
	}
	rc = route(h->path, h->path_len, &rt, ext, sizeof(ext), scratch,
		   sizeof(scratch));
	pick = api_negotiate(http_header(h, "Accept"), offers, 3);
	r.fmt = pick < 0 ? F_JSON : (enum fmt)pick;
	if (rc == 0 && rt.suffix != F_NONE)
		r.fmt = rt.suffix;
	else if (rc == 0 && (rt.kind == R_CONTEXT))
		r.fmt = F_LD;
	if (rc == 2) {
		fail(&r, 404, NULL, "Format \"%s\" is not supported", ext);
		return true;
	}
	if (rc == 1) {
		fail(&r, 404, NULL, "No route found for \"%s %.200s\"",
		     r.method, h->path_len < 300 ? h->target : "(long)");
		return true;
	}
	if (pick < 0 && rt.suffix == F_NONE && rt.kind != R_CONTEXT) {
		char want[128];

		media_type(http_header(h, "Accept"), want, sizeof(want));
		r.fmt = F_JSON;
		fail(&r, 406, NULL,
		     "Requested format \"%.100s\" is not supported. " SUPPORTED,
		     want);
		return true;
	}
	if (!strcmp(r.method, "GET")) {
		struct buf key = BUF_INIT(LIMIT_HTTP_HEAD_BYTES + 512);

		/* Another connection's commit (wine-db, the outbox worker)
		 * makes every kept answer stale. */
		if (store_changed(a->store) != 0)
			a->gen++;
		if (buf_printf(&key, "%d|%s|%s", (int)r.fmt, r.base,
			       h->target) == 0) {
			r.cache_hash = hash_bytes(key.data, strlen(key.data));
			r.cache_key = buf_detach(&key, NULL);
		}
		buf_release(&key);
		if (r.cache_key && cache_get(&r)) {
			free(r.cache_key);
			return true;
		}
	}
	dispatch(&r, &rt);
	if (!r.answered)
		fail(&r, 500, NULL, "Internal Server Error");
	free(r.cache_key);
	return true;
}

/* ---- life ------------------------------------------------------------- */

struct api *api_new(const struct api_config *cfg, struct store *s,
		    struct err *e)
{
	struct api *a = calloc(1, sizeof(*a));

	if (!a) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	a->cfg = *cfg;
	a->store = s;
	a->media_fd = -1;
	buf_init(&a->body, 64 * 1024 * 1024);
	buf_init(&a->hdr, 16 * 1024);
	buf_init(&a->tmp, 1024 * 1024);
	buf_init(&a->pub, 64 * 1024 * 1024);
	if (cfg->media_dir) {
		a->media_fd = open(cfg->media_dir,
				   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (a->media_fd < 0) {
			err_set_errno(e, ERR_NOINPUT, errno,
				      "cannot open media folder '%s'",
				      cfg->media_dir);
			api_free(a);
			return NULL;
		}
	}
	return a;
}

void api_free(struct api *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < CACHE_ENTRIES; i++) {
		free(a->cache[i].key);
		free(a->cache[i].body);
	}
	if (a->media_fd >= 0)
		close(a->media_fd);
	buf_release(&a->body);
	buf_release(&a->hdr);
	buf_release(&a->tmp);
	buf_release(&a->pub);
	free(a);
}

/*
 * hub: the Mercure hub core (see hub.h; protocol in reference/mercure.md).
 *
 * Layout of this file: routes (interned selectors and the subscribers
 * behind them), grants (interned subscribe grants), the history ring,
 * dispatch, then the HTTP handlers: subscribe, publish, preflight, the
 * subscriptions API and the operational routes.
 */
#include "compat.h"

#include "hub.h"

#include "access.h"
#include "buf.h"
#include "claims.h"
#include "form.h"
#include "hash.h"
#include "hist.h"
#include "hubui.h"
#include "jsonx.h"
#include "sse.h"
#include "topic.h"
#include "urlpattern.h"
#include "uuid.h"

#include <ctype.h>
#include <jansson.h>
#include <strings.h>
#include <time.h>

#define HUB_PATH	  "/.well-known/mercure"
#define SUBSCRIPTIONS	  HUB_PATH "/subscriptions"
#define HUB_METHODS	  "GET, POST, QUERY, OPTIONS" /* of the hub URL */
#define ROUTE_BUCKETS	  4096
#define DEFAULT_TRANSPORT "local://?size=1000"
#define DEFAULT_COOKIE	  "mercureAuthorization"
#define COOKIE_1_0	  "__Secure-mercure_access_token" /* its default */
#define EVENT_STREAM	  "text/event-stream"
#define TEXT_PLAIN	  "text/plain; charset=utf-8"
#define HUB_TICK_MS	  1000 /* how often the server calls hub_tick */
#define NOT_TEXT	  "not UTF-8 text, or control or format characters"
#define GRANT_BUCKETS	  1024
#define HISTORY_BATCH	  256 /* updates committed in one transaction */
#define REPLAY_MAX	  LIMIT_REPLAY_EVENTS /* updates in one replay page */
#define REPLAY_TOPICS	  64 /* topics of a replayed update matched */

/* ---- data ------------------------------------------------------------- */

struct sub;

/* How a route matches topics: the subscribe parameter it came from. */
enum route_kind {
	ROUTE_SELECTOR,	 /* 0.x topic=: "*", a string, a URI template */
	ROUTE_EXACT,	 /* 1.0 match=, match_exact=: the same bytes */
	ROUTE_URLPATTERN /* 1.0 match_urlpattern=: a URL pattern */
};

/*
 * One distinct selector and the subscribers it routes updates to. An
 * exact route has nothing compiled; it is routed by hash like a 0.x
 * selector without template. Templates, "*" and URL patterns are in one
 * list, each matched once per update.
 */
struct route {
	enum route_kind kind;
	struct topic_selector *sel; /* ROUTE_SELECTOR only */
	struct urlpattern *pat;	    /* ROUTE_URLPATTERN only */
	char *text;
	size_t len;
	uint64_t hash;
	unsigned refs;		     /* subscribers holding it */
	struct buf subs;	     /* struct sub *, in no particular order */
	struct route *hnext;	     /* hash chain (exact routes) */
	struct route *tprev, *tnext; /* template list */
};

/* One distinct set of subscribe grants, shared by the subscribers whose
 * tokens carry it, with a per-update memo of its answer. */
struct grant {
	char *key; /* access_key of the grants, the interning key */
	size_t key_len;
	uint64_t hash;
	struct access *access;
	unsigned refs;
	uint64_t stamp;
	bool allowed;
	struct grant *next;
};

struct link {
	struct route *route;
	size_t index;	 /* position in route->subs */
	json_t *payload; /* for its subscription events, or NULL */
};

struct sub {
	struct hub *hub;
	struct httpd_conn *conn;
	struct link *links;
	int nlinks;
	int nlive;	     /* links entered in their route's list */
	bool listed;	     /* in hub->subs */
	struct grant *grant; /* NULL: anonymous, public updates only */
	char id[48];	     /* urn:uuid:<v4> */
	int64_t exp;	     /* Unix seconds the token expires, or 0 */
	int64_t end_ms;	     /* when the stream ends regardless, or 0 */
	int64_t last_ms;     /* last write, for heartbeats */
	uint64_t stamp;	     /* the last update it was offered */
	bool dead;	     /* closed during a dispatch or its set-up */
	bool setup;	     /* its handler is still queueing: it frees it */
	bool replaying;	     /* reading its backlog in pages, not live yet */
	uint64_t replay_seq; /* the last history position read for it */
	struct sub *prev, *next;
	struct sub *dead_next;
};

/* An update in flight or in the history's memory. */
struct update {
	unsigned refs;
	char *id;
	char **topics;
	struct topic_ref *trefs; /* topics with their hashes */
	int ntopics;
	bool private_;
	char *type; /* NULL: none */
	long long retry;
	char *data;
	size_t data_len;
	struct httpd_frame *frame; /* encoded once, for every subscriber */
	size_t wire_len;	   /* bytes of the encoded event */
};

/* What a replay collects before the stream starts: the response header
 * names the cursor, so the history is read before anything is sent. */
struct replay {
	struct hub *hub;
	struct sub *sub;
	struct httpd_frame *frames[REPLAY_MAX];
	size_t n;
	size_t bytes;	   /* of the frames */
	uint64_t last_seq; /* the last history position read */
	bool truncated;	   /* more history follows this page */
};

/* A publish waiting for the end of the turn (group commit). */
struct pending {
	struct httpd_conn *conn; /* NULL for the hub's own updates */
	struct update *update;
	char *headers; /* the response's CORS headers */
};

struct hub {
	struct hub_config cfg;
	struct hist *hist;
	struct jwtx_cache *pub_tokens, *sub_tokens; /* verified tokens */
	struct route *buckets[ROUTE_BUCKETS];
	struct route *templates; /* templates, "*" and URL patterns */
	struct grant *grants[GRANT_BUCKETS]; /* by hash of their key */
	struct sub *subs;
	long nsubs;
	struct sub *dead;
	bool dispatching;
	uint64_t seq;
	struct pending *pending;
	size_t npending, pending_cap;
	struct httpd_frame *heartbeat;
	int64_t now_ms;
	char last_id[HIST_ID_BUF * 8]; /* for the subscriptions API */
	/* counters for /metrics */
	uint64_t published, delivered, subscribes, refused_auth;
};

static void subscription_event(struct hub *hub, struct sub *s, bool active);
static bool is_form_type(const char *type);
static int history_open(struct hub *hub, const char *url, struct err *e);
static void history_close(struct hub *hub);
static int history_append(struct hub *hub, struct update **ups, size_t n,
			  struct err *e);
static const char *history_last_id(struct hub *hub);
static bool history_page(struct hub *hub, const struct hist_query *q,
			 struct replay *rp);

/* ---- small helpers ---------------------------------------------------- */

static int64_t unix_now(void)
{
	return (int64_t)time(NULL);
}

/* Whether item is in the space-separated list (or the list is "*"). */
static bool in_list(const char *list, const char *item, size_t len)
{
	const char *p = list;

	while (p && *p) {
		size_t n;

		p += strspn(p, " ,");
		n = strcspn(p, " ,");
		if ((n == 1 && *p == '*') || (n == len && !memcmp(p, item, n)))
			return true;
		p += n;
	}
	return false;
}

/* ---- routes ----------------------------------------------------------- */

static bool routed_by_hash(const struct route *r)
{
	return r->kind == ROUTE_EXACT ||
	       (r->kind == ROUTE_SELECTOR &&
		topic_selector_kind(r->sel) == TOPIC_EXACT);
}

/* Whether the route selects the topic t[0..len). */
static bool route_match(const struct route *r, const char *t, size_t len)
{
	switch (r->kind) {
	case ROUTE_EXACT:
		return r->len == len && !memcmp(r->text, t, len);
	case ROUTE_URLPATTERN:
		return urlpattern_match(r->pat, t, len);
	case ROUTE_SELECTOR:
		break;
	}
	return topic_selector_match(r->sel, t, len);
}

/* Compile what a new route of its kind matches with. Returns 0, or -1
 * with e set (ERR_DATA and the matcher's message for a bad pattern). */
static int route_compile(struct route *r, const char *text, size_t len,
			 struct err *e)
{
	switch (r->kind) {
	case ROUTE_SELECTOR:
		r->sel = topic_selector_new(text, len, e);
		return r->sel ? 0 : -1;
	case ROUTE_URLPATTERN:
		/* The default base: the hub has no URL of its own. */
		r->pat = urlpattern_compile(text, len, NULL, e);
		if (!r->pat)
			return err_prefix(e, "'match_urlpattern'");
		return 0;
	case ROUTE_EXACT:
		break;
	}
	return 0;
}

/*
 * The route for a selector of a kind, made when it is new. "*" selects
 * everything whatever the kind (it is recognised before the kind); with
 * another kind than ROUTE_SELECTOR a template is a plain string.
 */
static struct route *route_get(struct hub *hub, const char *text, size_t len,
			       enum route_kind kind, struct err *e)
{
	uint64_t h = hash_bytes(text, len);
	struct route *r;

	if (len == 1 && *text == '*')
		kind = ROUTE_SELECTOR;
	for (r = hub->buckets[h % ROUTE_BUCKETS]; r; r = r->hnext)
		if (r->hash == h && r->len == len && r->kind == kind &&
		    !memcmp(r->text, text, len))
			return r;
	for (r = kind == ROUTE_EXACT ? NULL : hub->templates; r; r = r->tnext)
		if (r->kind == kind && r->len == len &&
		    !memcmp(r->text, text, len))
			return r;
	r = calloc(1, sizeof(*r));
	if (!r) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	r->kind = kind;
	if (route_compile(r, text, len, e) < 0) {
		free(r);
		return NULL;
	}
	r->text = strndup(text, len);
	if (!r->text) {
		err_set(e, ERR_RUNTIME, "out of memory");
		topic_selector_free(r->sel);
		urlpattern_free(r->pat);
		free(r);
		return NULL;
	}
	r->len = len;
	r->hash = h;
	buf_init(&r->subs, (size_t)LIMIT_HTTP_CONNECTIONS * 4 * sizeof(void *));
	if (routed_by_hash(r)) {
		r->hnext = hub->buckets[h % ROUTE_BUCKETS];
		hub->buckets[h % ROUTE_BUCKETS] = r;
	} else {
		r->tnext = hub->templates;
		if (hub->templates)
			hub->templates->tprev = r;
		hub->templates = r;
	}
	return r;
}

static void route_put(struct hub *hub, struct route *r)
{
	struct route **pp;

	if (--r->refs > 0)
		return;
	if (routed_by_hash(r)) {
		pp = &hub->buckets[r->hash % ROUTE_BUCKETS];
		while (*pp != r)
			pp = &(*pp)->hnext;
		*pp = r->hnext;
	} else {
		if (r->tprev)
			r->tprev->tnext = r->tnext;
		else
			hub->templates = r->tnext;
		if (r->tnext)
			r->tnext->tprev = r->tprev;
	}
	topic_selector_free(r->sel);
	urlpattern_free(r->pat);
	buf_release(&r->subs);
	free(r->text);
	free(r);
}

static size_t route_nsubs(const struct route *r)
{
	return r->subs.len / sizeof(struct sub *);
}

static struct sub *route_sub(const struct route *r, size_t i)
{
	struct sub *s;

	memcpy(&s, r->subs.data + i * sizeof(s), sizeof(s));
	return s;
}

static int route_add_sub(struct route *r, struct sub *s, struct link *l)
{
	l->route = r;
	l->index = route_nsubs(r);
	return buf_add(&r->subs, &s, sizeof(s));
}

/* Swap-remove the subscriber at index; the one moved into its slot
 * learns its new index. */
static void route_remove_sub(struct route *r, size_t index)
{
	size_t last = route_nsubs(r) - 1;
	struct sub *moved = route_sub(r, last);
	int k;

	r->subs.len -= sizeof(moved);
	if (index == last)
		return;
	memcpy(r->subs.data + index * sizeof(moved), &moved, sizeof(moved));
	for (k = 0; k < moved->nlinks; k++)
		if (moved->links[k].route == r && moved->links[k].index == last)
			moved->links[k].index = index;
}

/* ---- grants ----------------------------------------------------------- */

/*
 * The grant for a token's subscribe grants into *out, shared with every
 * subscriber whose token grants the same; NULL when it grants nothing,
 * as for an anonymous subscriber. Returns 0, or -1 with e set.
 */
static int grant_get(struct hub *hub, const struct claims_grants *cg,
		     struct grant **out, struct err *e)
{
	struct buf key = BUF_INIT(LIMIT_JWT_BYTES * 2);
	struct grant *g = NULL, **bucket;
	int rc = 0;
	uint64_t h;

	if (access_key(cg, CLAIMS_SUBSCRIBE, &key) != BUF_OK) {
		rc = err_set(e, ERR_LIMIT, "subscribe grants too long");
		goto out;
	}
	if (!key.len)
		goto out;
	h = hash_bytes(key.data, key.len);
	bucket = &hub->grants[h % GRANT_BUCKETS];
	for (g = *bucket; g; g = g->next)
		if (g->hash == h && g->key_len == key.len &&
		    !memcmp(g->key, key.data, key.len))
			break;
	if (g) {
		g->refs++;
		goto out;
	}
	g = calloc(1, sizeof(*g));
	if (g)
		g->access = access_new(cg, CLAIMS_SUBSCRIBE, e);
	if (!g || !g->access) {
		rc = g ? -1 : err_set(e, ERR_RUNTIME, "out of memory");
		free(g);
		g = NULL;
		goto out;
	}
	g->hash = h;
	g->refs = 1;
	g->key = buf_detach(&key, &g->key_len);
	g->next = *bucket;
	*bucket = g;
out:
	buf_release(&key);
	*out = g;
	return rc;
}

static void grant_put(struct hub *hub, struct grant *g)
{
	struct grant **pp;

	if (!g || --g->refs > 0)
		return;
	for (pp = &hub->grants[g->hash % GRANT_BUCKETS]; *pp != g;
	     pp = &(*pp)->next)
		;
	*pp = g->next;
	access_free(g->access);
	free(g->key);
	free(g);
}

/* Whether the grant allows one of the update's topics (memoised per
 * update: subscribers sharing a token share the answer). */
static bool grant_allows(struct hub *hub, struct grant *g,
			 const struct update *u)
{
	if (!g)
		return false;
	if (g->stamp != hub->seq) {
		g->stamp = hub->seq;
		g->allowed =
			access_any(g->access, u->trefs, (size_t)u->ntopics);
	}
	return g->allowed;
}

/* ---- updates ---------------------------------------------------------- */

static void update_unref(struct update *u)
{
	int i;

	if (!u || --u->refs > 0)
		return;
	for (i = 0; i < u->ntopics; i++)
		free(u->topics[i]);
	free(u->topics);
	free(u->trefs);
	free(u->id);
	free(u->type);
	free(u->data);
	httpd_frame_unref(u->frame);
	free(u);
}

/* Encode the SSE frame of u once; every subscriber gets these bytes. */
static int update_encode(struct update *u, struct err *e)
{
	struct buf out = BUF_INIT(u->data_len * 2 + 4096);
	struct sse_event ev = {
		.id = u->id,
		.id_len = strlen(u->id),
		.type = u->type,
		.type_len = u->type ? strlen(u->type) : 0,
		.data = u->data,
		.data_len = u->data_len,
		.retry = u->retry,
	};
	int rc = sse_encode(&out, &ev);

	if (rc == SSE_EINVAL)
		rc = err_set(e, ERR_DATA,
			     "id and type must not hold CR, LF or NUL");
	else if (rc != 0)
		rc = err_set(e, ERR_RUNTIME, "out of memory");
	else {
		u->frame = httpd_frame_new(out.data, out.len);
		u->wire_len = out.len;
		if (!u->frame)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
	}
	buf_release(&out);
	return rc;
}

/* New: "urn:uuid:<UUIDv7>", time-ordered as the reference hub's ids. */
static char *new_update_id(void)
{
	char id[HIST_ID_BUF];

	return hist_new_id(id) == 0 ? strdup(id) : NULL;
}

/* New: an update from a publisher's fields (copied), encoded, with an id
 * assigned when none was given. */
static struct update *update_new(const struct hub_update *in, struct err *e)
{
	struct update *u = calloc(1, sizeof(*u));
	int i, rc = 0;

	if (!u) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	u->refs = 1;
	u->topics = calloc((size_t)in->ntopics, sizeof(*u->topics));
	u->trefs = calloc((size_t)in->ntopics, sizeof(*u->trefs));
	u->id = in->id && *in->id ? strdup(in->id) : new_update_id();
	u->data = malloc(in->data_len + 1);
	if (!u->topics || !u->trefs || !u->id || !u->data)
		rc = err_set(e, ERR_RUNTIME, "out of memory");
	for (i = 0; rc == 0 && i < in->ntopics; i++) {
		u->topics[i] = strdup(in->topics[i]);
		if (!u->topics[i])
			rc = err_set(e, ERR_RUNTIME, "out of memory");
		else
			topic_ref_init(&u->trefs[i], u->topics[i],
				       strlen(u->topics[i]));
		u->ntopics = i + 1;
	}
	if (rc == 0 && in->type && *in->type) {
		u->type = strdup(in->type);
		if (!u->type)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
	}
	if (rc == 0) {
		memcpy(u->data, in->data ? in->data : "", in->data_len);
		u->data[in->data_len] = '\0';
		u->data_len = in->data_len;
		u->private_ = in->private_;
		u->retry = in->retry;
		rc = update_encode(u, e);
	}
	if (rc < 0) {
		update_unref(u);
		return NULL;
	}
	return u;
}

/* ---- subscribers and dispatch ----------------------------------------- */

static void sub_free(struct hub *hub, struct sub *s)
{
	int k;

	for (k = 0; k < s->nlinks; k++) {
		if (k < s->nlive)
			route_remove_sub(s->links[k].route, s->links[k].index);
		route_put(hub, s->links[k].route);
		json_decref(s->links[k].payload);
	}
	grant_put(hub, s->grant);
	free(s->links);
	free(s);
}

static void sub_unlink(struct hub *hub, struct sub *s)
{
	if (!s->listed)
		return;
	s->listed = false;
	if (s->prev)
		s->prev->next = s->next;
	else
		hub->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	hub->nsubs--;
}

/* Offer u to s: once per update, and private updates only when the
 * subscriber's token allows one of their topics. */
static void offer(struct hub *hub, struct sub *s, struct update *u)
{
	if (s->stamp == hub->seq || s->dead)
		return;
	s->stamp = hub->seq;
	if (u->private_ && !grant_allows(hub, s->grant, u))
		return;
	if (httpd_stream_queue(s->conn, u->frame) == 0) {
		s->last_ms = hub->now_ms;
		hub->delivered++;
	}
}

static void offer_route(struct hub *hub, struct route *r, struct update *u)
{
	size_t i;

	for (i = 0; i < route_nsubs(r); i++)
		offer(hub, route_sub(r, i), u);
}

static void free_dead_subs(struct hub *hub)
{
	while (hub->dead) {
		struct sub *s = hub->dead;

		hub->dead = s->dead_next;
		sub_free(hub, s);
	}
}

/* Send u to every subscriber one of whose selectors matches one of its
 * topics. Exact selectors are found by hash; templates and URL patterns
 * are matched once each, whatever the number of subscribers behind
 * them. */
static void dispatch(struct hub *hub, struct update *u)
{
	struct route *r;
	int i;

	hub->seq++;
	hub->dispatching = true;
	for (i = 0; i < u->ntopics; i++) {
		const struct topic_ref *t = &u->trefs[i];

		/* topic_ref_init hashed the topic once for every table. */
		for (r = hub->buckets[t->hash % ROUTE_BUCKETS]; r; r = r->hnext)
			if (r->hash == t->hash && r->len == t->len &&
			    !memcmp(r->text, t->s, t->len))
				offer_route(hub, r, u);
	}
	for (r = hub->templates; r; r = r->tnext) {
		for (i = 0; i < u->ntopics; i++) {
			if (route_match(r, u->trefs[i].s, u->trefs[i].len)) {
				offer_route(hub, r, u);
				break;
			}
		}
	}
	hub->dispatching = false;
	free_dead_subs(hub);
}

/* Offer u to one subscriber only (history replay). */
static bool sub_wants(const struct sub *s, const struct update *u)
{
	int k, i;

	for (k = 0; k < s->nlinks; k++)
		for (i = 0; i < u->ntopics; i++)
			if (route_match(s->links[k].route, u->trefs[i].s,
					u->trefs[i].len))
				return true;
	return false;
}

void hub_stream_closed(struct httpd_conn *c, void *owner,
		       enum httpd_close_reason why)
{
	struct sub *s = owner;
	struct hub *hub = s->hub;

	(void)c;
	(void)why;
	if (s->setup) {
		/* handle_subscribe frees it, and no one knew of it yet. */
		s->dead = true;
		return;
	}
	sub_unlink(hub, s);
	subscription_event(hub, s, false);
	if (hub->dispatching) {
		/* Routes are being walked: free after the walk. */
		s->dead = true;
		s->dead_next = hub->dead;
		hub->dead = s;
		return;
	}
	sub_free(hub, s);
}

long hub_subscriber_count(const struct hub *hub)
{
	return hub->nsubs;
}

/* ---- responses -------------------------------------------------------- */

/* Whether CORS is on and origin (when not NULL) is allowed. */
static bool origin_allowed(const struct hub *hub, const char *origin)
{
	return hub->cfg.cors_origins && origin &&
	       in_list(hub->cfg.cors_origins, origin, strlen(origin));
}

/*
 * CORS headers for req when the hub serves cross-origin browsers.
 * Credentials are allowed, so an allowed origin is echoed, never "*".
 * Every answer varies by Origin then, allowed or not, so that a cache
 * never hands one origin's answer to another.
 */
static int add_cors(const struct hub *hub, const struct httpd_request *req,
		    struct buf *h)
{
	const char *origin = http_header(&req->head, "Origin");

	if (!hub->cfg.cors_origins)
		return 0;
	if (!origin_allowed(hub, origin))
		return buf_addstr(h, "Vary: Origin\r\n");
	return buf_printf(h,
			  "Access-Control-Allow-Origin: %s\r\n"
			  "Access-Control-Allow-Credentials: true\r\n"
			  "Vary: Origin\r\n",
			  origin);
}

/* A plain-text answer, ending in a newline like the reference hub's;
 * extra holds more header lines or is NULL. */
static void respond_text(struct hub *hub, struct httpd_conn *c,
			 const struct httpd_request *req, int status,
			 const char *extra, const char *body)
{
	struct buf h = BUF_INIT(4096);
	struct buf text = BUF_INIT(64 * 1024);
	int rc = add_cors(hub, req, &h);

	if (rc == 0 && extra)
		rc = buf_addstr(&h, extra);
	if (rc == 0)
		rc = buf_addstr(&h, "X-Content-Type-Options: nosniff\r\n");
	if (rc == 0)
		rc = buf_addstr(&text, body);
	if (rc == 0 && (!text.len || text.data[text.len - 1] != '\n'))
		rc = buf_addch(&text, '\n');
	if (rc == 0)
		httpd_respond(c, status, TEXT_PLAIN, buf_cstr(&h), text.data,
			      text.len);
	else
		httpd_close(c, HTTPD_CLOSE_ERROR);
	buf_release(&h);
	buf_release(&text);
}

static void respond_body(struct hub *hub, struct httpd_conn *c,
			 const struct httpd_request *req, int status,
			 const char *type, const char *body)
{
	struct buf h = BUF_INIT(4096);

	(void)add_cors(hub, req, &h);
	httpd_respond(c, status, type, buf_cstr(&h), body, strlen(body));
	buf_release(&h);
}

/* Log why a request was refused: msg, then reason="why" escaped for
 * logfmt (a token's own header may hold quotes). */
static void log_refusal(struct hub *hub, struct httpd_conn *c, const char *msg,
			int status, const char *why)
{
	struct buf b = BUF_INIT(1024);
	int rc;

	if (!hub->cfg.log)
		return;
	rc = buf_printf(&b, "msg=\"%s\" status=%d peer=%s reason=\"", msg,
			status, httpd_conn_peer(c));
	for (; rc == 0 && *why; why++) {
		unsigned char ch = (unsigned char)*why;

		if (ch == '"' || ch == '\\')
			rc = buf_addch(&b, '\\');
		if (rc == 0)
			rc = buf_addch(&b, ch < 0x20 || ch == 0x7f ? '?'
								   : (char)ch);
	}
	if (rc == 0)
		rc = buf_addch(&b, '"');
	if (rc == 0)
		hub->cfg.log(hub->cfg.log_arg, buf_cstr(&b));
	buf_release(&b);
}

/*
 * 401 or 403 with WWW-Authenticate (RFC 6750): code is the error
 * ("invalid_token", "insufficient_scope") or NULL when no token came.
 * The body never says why a token was refused (a prober learns nothing);
 * the log says it, for the operator, when why is not NULL.
 */
static void respond_denied(struct hub *hub, struct httpd_conn *c,
			   const struct httpd_request *req, int status,
			   const char *code, const char *why)
{
	char extra[256];

	hub->refused_auth++;
	if (why)
		log_refusal(hub, c,
			    status == 403 ? "not allowed" : "token refused",
			    status, why);
	snprintf(extra, sizeof(extra),
		 "WWW-Authenticate: Bearer realm=\"mercure\"%s%s%s\r\n",
		 code ? ", error=\"" : "", code ? code : "", code ? "\"" : "");
	respond_text(hub, c, req, status, extra, http_reason(status));
}

/* ---- authorization ---------------------------------------------------- */

/* Borrowed: the value of cookie name in a Cookie header, length in *len. */
static const char *find_cookie(const char *header, const char *name,
			       size_t *len)
{
	size_t n = strlen(name);
	const char *p = header;

	while (p && *p) {
		p += strspn(p, " ;");
		if (!strncmp(p, name, n) && p[n] == '=') {
			*len = strcspn(p + n + 1, ";");
			return p + n + 1;
		}
		p = strchr(p, ';');
	}
	return NULL;
}

struct token {
	const char *text; /* borrowed from the request */
	size_t len;
	bool from_cookie;
	bool not_bearer; /* an Authorization header of another scheme */
};

/* The token a request presents, in the 0.x order: the Authorization
 * header (then nothing else counts), the authorization query parameter,
 * the cookie (mercureAuthorization, then __Secure-mercure_access_token,
 * unless the hub was given a name). Returns false when there is none. */
static bool find_token(const struct hub *hub, const struct httpd_request *req,
		       const char *query_token, struct token *t)
{
	const char *auth = http_header(&req->head, "Authorization");
	const char *cookie = http_header(&req->head, "Cookie");
	const char *name =
		hub->cfg.cookie_name ? hub->cfg.cookie_name : DEFAULT_COOKIE;

	t->from_cookie = false;
	t->not_bearer = false;
	if (auth) {
		t->not_bearer = strncasecmp(auth, "Bearer ", 7) != 0;
		auth += t->not_bearer ? strlen(auth) : 7;
		t->text = auth;
		t->len = strlen(auth);
		return true;
	}
	if (query_token) {
		t->text = query_token;
		t->len = strlen(query_token);
		return true;
	}
	t->text = cookie ? find_cookie(cookie, name, &t->len) : NULL;
	/* Without a name of its own, the hub takes 1.0's default too. */
	if (!t->text && cookie && !hub->cfg.cookie_name)
		t->text = find_cookie(cookie, COOKIE_1_0, &t->len);
	t->from_cookie = t->text != NULL;
	return t->text != NULL;
}

/*
 * Borrowed from q: the 'authorization' query parameter of req (0.x lets
 * a token come in the URL), or NULL. q is parsed here; release it after.
 */
static const char *query_token(const struct httpd_request *req, struct form *q)
{
	const struct form_field *f;

	if (!*req->head.query ||
	    form_parse(q, req->head.query, strlen(req->head.query), NULL,
		       NULL) < 0)
		return NULL;
	f = form_get(q, "authorization");
	return f ? f->value.s : NULL;
}

/* What a verified token allows: its claims and the grants read there. */
struct authz {
	json_t *claims;
	struct claims_grants grants; /* borrows from claims */
	int64_t exp;		     /* Unix seconds, or 0 */
};

static void authz_release(struct authz *az)
{
	claims_grants_release(&az->grants);
	json_decref(az->claims);
	az->claims = NULL;
}

/*
 * Verify a token with the role's key (its cache), then the issuer and
 * audience the hub expects, and read its grants into az (released with
 * authz_release, also after an error). Returns 0, or -1 with the reason
 * in e: the token is invalid.
 */
static int authorize(struct hub *hub, struct jwtx_cache *cache,
		     const struct token *t, struct authz *az, struct err *e)
{
	memset(az, 0, sizeof(*az));
	if (!cache)
		return err_set(e, ERR_DENIED,
			       "no key is configured for this role");
	if (t->not_bearer)
		return err_set(e, ERR_DENIED, "not a bearer token");
	if (jwtx_verify_cached(cache, t->text, t->len, (time_t)unix_now(),
			       hub->cfg.jwt_leeway, &az->claims, e) < 0 ||
	    claims_check_audience(az->claims, hub->cfg.jwt_issuer,
				  hub->cfg.jwt_audience, e) < 0)
		return -1;
	az->exp =
		(int64_t)json_number_value(json_object_get(az->claims, "exp"));
	return claims_grants_read(&az->grants, az->claims, e);
}

/* Whether a cookie-borne token may publish: the request's Origin (or
 * Referer's origin) must be an allowed publish origin (CSRF). */
static bool origin_may_publish(const struct hub *hub,
			       const struct httpd_request *req)
{
	const char *origin = http_header(&req->head, "Origin");
	const char *referer = http_header(&req->head, "Referer");
	size_t len;

	if (!hub->cfg.publish_origins)
		return false;
	if (origin)
		return in_list(hub->cfg.publish_origins, origin,
			       strlen(origin));
	if (!referer || !strstr(referer, "://"))
		return false;
	/* The origin of a Referer is everything before its path. */
	len = (size_t)(strstr(referer, "://") + 3 - referer);
	len += strcspn(referer + len, "/?#");
	return in_list(hub->cfg.publish_origins, referer, len);
}

/* ---- subscribe -------------------------------------------------------- */

/* What a subscribe request asks for, borrowed from its parsed query. */
struct sub_request {
	struct form_subscribe q;
	const char *cursor; /* Last-Event-ID, or NULL */
	const char *query_token;
};

/* The i-th matcher of a subscribe request (selectors, then exact
 * matches, then URL patterns), its kind in *kind. */
static const struct form_str *sub_matcher(const struct form_subscribe *q,
					  size_t i, enum route_kind *kind)
{
	if (i < q->nselectors) {
		*kind = ROUTE_SELECTOR;
		return &q->selectors[i];
	}
	i -= q->nselectors;
	if (i < q->nexact) {
		*kind = ROUTE_EXACT;
		return &q->exact[i];
	}
	*kind = ROUTE_URLPATTERN;
	return &q->urlpattern[i - q->nexact];
}

static size_t sub_nmatchers(const struct form_subscribe *q)
{
	return q->nselectors + q->nexact + q->nurlpattern;
}

static int read_sub_request(const struct hub *hub, struct form *f,
			    const struct httpd_request *req,
			    struct sub_request *sr, struct err *e)
{
	const struct form_str *cursor;

	size_t i;

	memset(sr, 0, sizeof(*sr));
	if (form_subscribe_read(f, &sr->q, e) < 0)
		return -1;
	for (i = 0; i < sub_nmatchers(&sr->q); i++) {
		static const char *const names[] = { "topic", "match",
						     "match_urlpattern" };
		enum route_kind kind;
		const struct form_str *v = sub_matcher(&sr->q, i, &kind);

		if (!topic_text_valid(v->s, v->len, true))
			return err_set(e, ERR_DATA, "invalid '%s': %s",
				       names[kind], NOT_TEXT);
	}
	cursor = form_subscribe_cursor(&sr->q, hub->cfg.compat == 7);
	sr->cursor = cursor ? cursor->s : NULL;
	/* An empty cursor replays nothing, but it was sent: Mercure 1.0
	 * answers Mercure-Last-Event-ID all the same. */
	if (!sr->cursor && (sr->q.last_event_id.s || sr->q.last_event_id_0x.s))
		sr->cursor = "";
	/* The request header beats every query spelling. */
	if (http_header(&req->head, "Last-Event-ID"))
		sr->cursor = http_header(&req->head, "Last-Event-ID");
	sr->query_token = sr->q.authorization.s;
	return 0;
}

/* Attach the subscriber to one route per distinct selector. */
static int sub_route(struct hub *hub, struct sub *s,
		     const struct sub_request *sr, struct err *e)
{
	size_t n = sub_nmatchers(&sr->q), i;

	s->links = calloc(n, sizeof(*s->links));
	if (!s->links)
		return err_set(e, ERR_RUNTIME, "out of memory");
	for (i = 0; i < n; i++) {
		enum route_kind kind;
		const struct form_str *sel = sub_matcher(&sr->q, i, &kind);
		struct route *r = route_get(hub, sel->s, sel->len, kind, e);
		int k;

		if (!r)
			return -1;
		for (k = 0; k < s->nlinks; k++)
			if (s->links[k].route == r)
				break;
		if (k < s->nlinks)
			continue; /* the same selector twice */
		r->refs++;
		s->links[s->nlinks].route = r;
		s->nlinks++;
	}
	return 0;
}

/* The payload of each subscription, for its events (claims.h). */
static void sub_set_payloads(struct sub *s, const struct claims_grants *g)
{
	int k;

	for (k = 0; k < s->nlinks; k++) {
		const struct route *r = s->links[k].route;

		s->links[k].payload =
			json_incref((json_t *)claims_subscription_payload(
				g, r->text, r->len));
	}
}

/* Count the subscriber in: heartbeats, expiry, the subscriptions API. */
static void sub_list(struct hub *hub, struct sub *s)
{
	s->listed = true;
	s->next = hub->subs;
	if (hub->subs)
		hub->subs->prev = s;
	hub->subs = s;
	hub->nsubs++;
}

/* Enter the subscriber in its routes' lists: from now on it is live. */
static int sub_go_live(struct sub *s)
{
	int k;

	s->replaying = false;
	for (k = 0; k < s->nlinks; k++) {
		if (route_add_sub(s->links[k].route, s, &s->links[k]) != 0)
			return -1;
		s->nlive++;
	}
	return 0;
}

/* New: a subscriber for the request, authorized; NULL with the status to
 * answer in *status and the reason in e. */
static struct sub *sub_new(struct hub *hub, const struct httpd_request *req,
			   const struct sub_request *sr, int *status,
			   struct err *e)
{
	struct sub *s = calloc(1, sizeof(*s));
	struct authz az = { 0 };
	struct token tok;
	int rc = 0;

	if (!s) {
		*status = 500;
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	s->hub = hub;
	memcpy(s->id, "urn:uuid:", 9);
	if (uuid_v4(s->id + 9) < 0) {
		*status = 500;
		err_set(e, ERR_RUNTIME, "no randomness for a subscriber id");
		sub_free(hub, s);
		return NULL;
	}
	*status = 401;
	if (find_token(hub, req, sr->query_token, &tok)) {
		rc = authorize(hub, hub->sub_tokens, &tok, &az, e);
		s->exp = az.exp;
	} else if (!hub->cfg.allow_anonymous) {
		rc = err_set(e, ERR_DENIED, "%s", "");
	}
	if (rc == 0)
		rc = grant_get(hub, &az.grants, &s->grant, e);
	if (rc == 0) {
		*status = 400;
		rc = sub_route(hub, s, sr, e);
	}
	if (rc == 0)
		sub_set_payloads(s, &az.grants);
	authz_release(&az);
	if (rc < 0) {
		sub_free(hub, s);
		return NULL;
	}
	return s;
}

/*
 * The subscribe response head of the reference hub (reference/mercure.md
 * 2.2). answer is the response cursor when the request sent one: 0.x
 * names it only for a non-empty cursor, 1.0 whenever there was one.
 */
static int subscribe_headers(const struct hub *hub,
			     const struct httpd_request *req,
			     const char *cursor, const char *answer,
			     struct buf *h)
{
	int rc = 0;

	/* HTTP/1.0 streams end with the connection, which httpd says. */
	if (req->head.version == 11)
		rc = buf_addstr(h, "Connection: keep-alive\r\n");
	if (rc == 0)
		rc = buf_addstr(
			h, "Cache-Control: private, no-cache, no-store, "
			   "must-revalidate, max-age=0\r\n"
			   "Pragma: no-cache\r\n"
			   "Expire: 0\r\n"
			   "X-Accel-Buffering: no\r\n"
			   "X-Content-Type-Options: nosniff\r\n"
			   "X-Frame-Options: DENY\r\n"
			   "X-Xss-Protection: 1; mode=block\r\n"
			   "Content-Security-Policy: default-src 'self'\r\n");
	if (rc == 0 && cursor && *cursor)
		rc = buf_printf(h, "Last-Event-ID: %s\r\n", answer);
	if (rc == 0 && cursor)
		rc = buf_printf(h, "Mercure-Last-Event-ID: %s\r\n", answer);
	if (rc == 0)
		rc = add_cors(hub, req, h);
	return rc;
}

/*
 * Queue a page of replay. When more history follows, the subscriber stays
 * off the routes and the next page is read once this one is written
 * (hub_stream_drained); after the last page it goes live. The loop is
 * single-threaded and updates are stored before they are dispatched, so
 * nothing falls between the last page and going live, and nothing comes
 * twice. A page fits in half a connection's queue, so queueing it cannot
 * make the subscriber "slow"; should the connection close all the same,
 * s->setup makes hub_stream_closed leave s to us. Returns -1 when s is
 * gone (freed here).
 */
static int send_replay(struct sub *s, struct replay *rp)
{
	struct hub *hub = s->hub;
	size_t i;

	s->setup = true;
	for (i = 0; i < rp->n && !s->dead; i++)
		httpd_stream_queue(s->conn, rp->frames[i]);
	for (i = 0; i < rp->n; i++)
		httpd_frame_unref(rp->frames[i]);
	rp->n = 0;
	s->setup = false;
	if (s->dead) {
		sub_unlink(hub, s);
		subscription_event(hub, s, false);
		sub_free(hub, s);
		return -1;
	}
	if (!rp->truncated) {
		if (sub_go_live(s) != 0)
			httpd_close(s->conn, HTTPD_CLOSE_ERROR);
		return 0;
	}
	s->replaying = true;
	s->replay_seq = rp->last_seq;
	httpd_stream_notify_drained(s->conn);
	return 0;
}

/*
 * When a stream ends whatever its token, as Mercure 1.0 asks of a hub (a
 * lifetime independent of exp, which alone cannot revoke a connection):
 * at a point of the last fifth of --max-stream-duration drawn from the
 * subscriber's random id, so that subscribers who came together do not
 * all reconnect together. 0 when there is no maximum.
 */
static int64_t stream_deadline(const struct hub *hub, const struct sub *s)
{
	int64_t max = hub->cfg.max_stream_ms;
	int64_t spread = (int64_t)(hash_bytes(s->id, strlen(s->id)) % 201);

	if (max <= 0)
		return 0;
	return hub->now_ms + max - max / 1000 * spread -
	       max % 1000 * spread / 1000;
}

void hub_stream_drained(struct httpd_conn *c, void *owner)
{
	struct sub *s = owner;
	struct hist_query q = { NULL, 0, HIST_UNKNOWN_ALL, s->replay_seq };
	struct replay *rp;

	(void)c;
	if (!s->replaying)
		return;
	rp = calloc(1, sizeof(*rp));
	if (!rp) {
		httpd_close(c, HTTPD_CLOSE_ERROR);
		return;
	}
	rp->hub = s->hub;
	rp->sub = s;
	rp->last_seq = s->replay_seq;
	history_page(s->hub, &q, rp);
	send_replay(s, rp);
	free(rp);
}

/*
 * The subscribe parameters into q: the query string and, for QUERY (RFC
 * 10008; Mercure 1.0 lets safe methods carry them in a form body), the
 * body's fields after the query's, so that a field in both (a cursor) is
 * the query's, as the protocol wants. Returns 0, or the status to answer
 * (400, 415) with the reason in e.
 */
static int parse_sub_params(struct form *q, const struct httpd_request *req,
			    struct err *e)
{
	const char *query = req->head.query;
	struct buf all =
		BUF_INIT(LIMIT_HTTP_HEAD_BYTES + LIMIT_HTTP_BODY_BYTES);
	struct form_limits lim = { all.max, 0 };
	int rc;

	if (strcmp(req->head.method, "QUERY") != 0 || !req->body_len)
		return form_parse(q, query, strlen(query), NULL, e) < 0 ? 400
									: 0;
	if (!is_form_type(http_header(&req->head, "Content-Type"))) {
		err_set(e, ERR_DATA,
			"Content-Type must be "
			"application/x-www-form-urlencoded");
		return 415;
	}
	rc = buf_addstr(&all, query);
	if (rc == 0 && *query)
		rc = buf_addch(&all, '&');
	if (rc == 0)
		rc = buf_add(&all, req->body, req->body_len);
	if (rc != 0)
		rc = err_set(e, ERR_LIMIT, "request too large");
	else
		rc = form_parse(q, all.data, all.len, &lim, e);
	buf_release(&all);
	return rc < 0 ? 400 : 0;
}

static void handle_subscribe(struct hub *hub, struct httpd_conn *c,
			     const struct httpd_request *req)
{
	struct buf headers = BUF_INIT(8192);
	struct replay *rp = NULL;
	struct sub_request sr;
	struct form q;
	struct sub *s = NULL;
	struct err e;
	bool found = false;
	int status = 400;

	err_init(&e);
	form_init(&q);
	status = parse_sub_params(&q, req, &e);
	if (status == 0 && read_sub_request(hub, &q, req, &sr, &e) < 0)
		status = 400;
	if (status != 0) {
		respond_text(hub, c, req, status, NULL, e.msg);
		goto out;
	}
	s = sub_new(hub, req, &sr, &status, &e);
	if (!s) {
		if (status == 401)
			respond_denied(hub, c, req, 401,
				       e.msg[0] ? "invalid_token" : NULL,
				       e.msg[0] ? e.msg : NULL);
		else
			respond_text(hub, c, req, status, NULL, e.msg);
		goto out;
	}
	rp = calloc(1, sizeof(*rp));
	if (rp && sr.cursor) {
		struct hist_query hq = { sr.cursor, 0, 0, 0 };

		rp->hub = hub;
		rp->sub = s;
		found = history_page(hub, &hq, rp);
	}
	/* The response names the cursor it answers: the one asked for when
	 * the history knew it, else "earliest". */
	if (!rp ||
	    subscribe_headers(hub, req, sr.cursor,
			      found ? sr.cursor : HIST_EARLIEST,
			      &headers) != 0 ||
	    httpd_stream_start(c, 200, EVENT_STREAM, buf_cstr(&headers), s) !=
		    0) {
		sub_free(hub, s);
		goto out;
	}
	s->conn = c;
	s->last_ms = hub->now_ms;
	s->end_ms = stream_deadline(hub, s);
	hub->subscribes++;
	/* The comment flushes the headers so EventSource opens at once. */
	httpd_stream_queue(c, hub->heartbeat);
	subscription_event(hub, s, true);
	sub_list(hub, s);
	send_replay(s, rp);
out:
	while (rp && rp->n)
		httpd_frame_unref(rp->frames[--rp->n]);
	free(rp);
	form_release(&q);
	buf_release(&headers);
}

/* ---- publish ---------------------------------------------------------- */

/* Whether c is an RFC 3986 unreserved character. */
static bool is_unreserved(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/*
 * Remove the dot segments of path[0..n) (RFC 3986 5.2.4) into out, which
 * holds n bytes at least; path is overwritten. Returns the length.
 */
static size_t remove_dot_segments(char *path, size_t n, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		char *p = path + i;
		size_t left = n - i;

		if (left >= 3 && !memcmp(p, "../", 3)) {
			i += 3;
		} else if (left >= 2 && !memcmp(p, "./", 2)) {
			i += 2;
		} else if (left >= 3 && !memcmp(p, "/./", 3)) {
			i += 2;
		} else if (left == 2 && !memcmp(p, "/.", 2)) {
			p[1] = '/';
			i += 1;
		} else if ((left >= 4 && !memcmp(p, "/../", 4)) ||
			   (left == 3 && !memcmp(p, "/..", 3))) {
			p[2] = '/';
			i += 2;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if ((left == 1 && *p == '.') ||
			   (left == 2 && !memcmp(p, "..", 2))) {
			i = n;
		} else {
			out[o++] = path[i++];
			while (i < n && path[i] != '/')
				out[o++] = path[i++];
		}
	}
	return o;
}

/*
 * Whether a topic addresses the hub's own namespace, where only the hub
 * publishes (subscription events). Mercure 1.0 resolves the topic against
 * the hub URL, decodes escaped unreserved characters and removes dot
 * segments before comparing the path with the hub's; the 0.x hub refused
 * the hub path anywhere in a topic. Both are refused, whatever the host
 * (a backslash counts as a slash, as URL parsers read it in http URLs).
 */
static bool reserved_topic(const char *t)
{
	static const char dir[] = "/.well-known/"; /* the hub URL's directory */
	size_t len = strlen(t), n = 0, i, plen;
	char *norm = malloc(2 * (len + sizeof(dir)));
	char *path, *p;
	bool reserved;

	if (!norm)
		return true; /* refusing is the safe answer */
	memcpy(norm, dir, sizeof(dir) - 1);
	p = norm + sizeof(dir) - 1;
	for (i = 0; i < len; i++) {
		int hi =
			i + 2 < len ? form_hexval((unsigned char)t[i + 1]) : -1;
		int lo = hi >= 0 ? form_hexval((unsigned char)t[i + 2]) : -1;

		if (t[i] == '%' && lo >= 0 && is_unreserved(hi * 16 + lo)) {
			p[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			p[n++] = t[i] == '\\' ? '/' : t[i];
		}
	}
	p[n] = '\0';
	/* 0.x: the hub path anywhere, as a whole segment. */
	reserved = false;
	for (i = 0; !reserved && i < n; i++)
		reserved = !strncmp(p + i, HUB_PATH, strlen(HUB_PATH)) &&
			   strchr("/?#", p[i + strlen(HUB_PATH)]);
	/* 1.0: the path, after "scheme:" and "//authority" if any. */
	path = p + strspn(p, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	if (path > p && isalpha((unsigned char)*p) && *path == ':')
		path++;
	else
		path = p;
	if (!strncmp(path, "//", 2))
		path += 2 + strcspn(path + 2, "/?#");
	else if (path == p && *p != '/')
		path = norm; /* relative: below the hub URL's directory */
	plen = strcspn(path, "?#");
	if (path == norm && plen == sizeof(dir) - 1) {
		reserved = true; /* an empty reference is the hub URL itself */
	} else if (!reserved) {
		plen = remove_dot_segments(path, plen, p + n + 1);
		path = p + n + 1;
		reserved = (plen == strlen(HUB_PATH) ||
			    (plen > strlen(HUB_PATH) &&
			     path[strlen(HUB_PATH)] == '/')) &&
			   !memcmp(path, HUB_PATH, strlen(HUB_PATH));
	}
	free(norm);
	return reserved;
}

/* The publish form, checked field by field (400 with a plain message),
 * as the update the hub stores. topics receives the topic strings. */
static int read_publish(struct form *f, struct hub_update *u,
			const char **topics, struct err *e)
{
	struct form_publish p;
	size_t i;

	memset(u, 0, sizeof(*u));
	if (form_publish_read(f, &p, e) < 0)
		return -1;
	for (i = 0; i < p.ntopics; i++) {
		if (!strcmp(p.topics[i].s, "*"))
			return err_set(e, ERR_DATA,
				       "invalid 'topic': '*' selects every "
				       "topic and cannot name one");
		if (!topic_text_valid(p.topics[i].s, p.topics[i].len, true))
			return err_set(e, ERR_DATA, "invalid 'topic': %s",
				       NOT_TEXT);
		topics[i] = p.topics[i].s;
	}
	if (p.id.s && !topic_text_valid(p.id.s, p.id.len, true))
		return err_set(e, ERR_DATA, "invalid 'id': %s", NOT_TEXT);
	if (p.type.s && !topic_text_valid(p.type.s, p.type.len, true))
		return err_set(e, ERR_DATA, "invalid 'type': %s", NOT_TEXT);
	if (p.data.s && !topic_text_valid(p.data.s, p.data.len, false))
		return err_set(e, ERR_DATA, "invalid 'data': not UTF-8");
	u->topics = topics;
	u->ntopics = (int)p.ntopics;
	u->data = p.data.s;
	u->data_len = p.data.len;
	u->id = p.id.s;
	u->type = p.type.s;
	u->retry = (long long)p.retry;
	u->private_ = p.is_private;
	return 0;
}

/* Whether a Content-Type is the form media type: any case, parameters
 * ("; charset=UTF-8") allowed, nothing else. */
static bool is_form_type(const char *type)
{
	static const char form[] = "application/x-www-form-urlencoded";

	if (!type || strncasecmp(type, form, sizeof(form) - 1) != 0)
		return false;
	type += sizeof(form) - 1;
	type += strspn(type, " \t");
	return *type == '\0' || *type == ';';
}

/*
 * Whether the publisher's grants allow the update: every topic must be
 * allowed. With compatibility 7, an empty mercure.publish list allows
 * public updates to any topic, as the original deployments' token
 * {"mercure":{"publish":[]}} expects; a token granting nothing publishes
 * nothing, as in the reference hub. Returns 1 (allowed), 0 (not), or -1
 * with e set when its matchers cannot be held (more than the limits, or
 * no memory): the token is then refused as invalid.
 */
static int may_publish(const struct hub *hub, const struct claims_grants *g,
		       const struct hub_update *u, struct err *e)
{
	struct access *a;
	bool ok = true;
	int k;

	if (hub->cfg.compat == 7 && g->publish_empty && !u->private_)
		return 1;
	a = access_new(g, CLAIMS_PUBLISH, e);
	if (!a)
		return -1;
	for (k = 0; ok && k < u->ntopics; k++)
		ok = access_one(a, u->topics[k], strlen(u->topics[k]));
	access_free(a);
	return ok;
}

static int add_pending(struct hub *hub, struct httpd_conn *c, struct update *u,
		       char *headers)
{
	struct pending p = { c, u, headers };

	if (hub->npending == hub->pending_cap) {
		size_t cap = hub->pending_cap ? hub->pending_cap * 2 : 64;
		struct pending *n = calloc(cap, sizeof(*n));

		if (!n)
			return -1;
		if (hub->npending)
			memcpy(n, hub->pending, hub->npending * sizeof(*n));
		free(hub->pending);
		hub->pending = n;
		hub->pending_cap = cap;
	}
	hub->pending[hub->npending++] = p;
	return 0;
}

static void handle_publish(struct hub *hub, struct httpd_conn *c,
			   const struct httpd_request *req)
{
	const char *topics[LIMIT_TOPIC_COUNT];
	struct buf cors = BUF_INIT(4096);
	struct hub_update in;
	struct update *u = NULL;
	struct authz az = { 0 };
	struct token tok;
	struct form f, q;
	struct err e;
	int k, allowed;

	err_init(&e);
	form_init(&f);
	form_init(&q);
	if (!is_form_type(http_header(&req->head, "Content-Type"))) {
		respond_text(
			hub, c, req, 415, NULL,
			"Content-Type must be application/x-www-form-urlencoded\n");
		goto out;
	}
	if (!find_token(hub, req, query_token(req, &q), &tok)) {
		respond_denied(hub, c, req, 401, NULL, NULL);
		goto out;
	}
	if (tok.from_cookie && !origin_may_publish(hub, req)) {
		respond_denied(
			hub, c, req, 401, NULL,
			"a cookie from an origin not allowed to publish");
		goto out;
	}
	if (authorize(hub, hub->pub_tokens, &tok, &az, &e) < 0) {
		respond_denied(hub, c, req, 401, "invalid_token", e.msg);
		goto out;
	}
	if (form_parse(&f, req->body, req->body_len, NULL, &e) < 0 ||
	    read_publish(&f, &in, topics, &e) < 0) {
		respond_text(hub, c, req, 400, NULL, e.msg);
		goto out;
	}
	for (k = 0; k < in.ntopics; k++) {
		if (reserved_topic(in.topics[k])) {
			respond_text(
				hub, c, req, 403, NULL,
				"Topics under /.well-known/mercure are reserved.\n");
			goto out;
		}
	}
	allowed = may_publish(hub, &az.grants, &in, &e);
	if (allowed < 0) {
		respond_denied(hub, c, req, 401, "invalid_token", e.msg);
		goto out;
	}
	if (!allowed) {
		respond_denied(hub, c, req, 403, "insufficient_scope",
			       "the token does not allow every topic");
		goto out;
	}
	u = update_new(&in, &e);
	if (!u) {
		respond_text(hub, c, req, e.cls == ERR_DATA ? 400 : 500, NULL,
			     e.msg);
		goto out;
	}
	/* Answered at the end of the turn, once the history has it. */
	if (add_cors(hub, req, &cors) != 0 ||
	    add_pending(hub, c, u, buf_detach(&cors, NULL)) != 0) {
		update_unref(u);
		respond_text(hub, c, req, 500, NULL, "out of memory\n");
	}
out:
	buf_release(&cors);
	authz_release(&az);
	form_release(&f);
	form_release(&q);
}

/* ---- the end of a turn: commit, answer, dispatch ---------------------- */

static void answer_pending(struct hub *hub, struct pending *p, int rc)
{
	const struct update *u = p->update;
	static const char failed[] = "the history is unavailable\n";

	if (!p->conn)
		return;
	if (rc == 0)
		httpd_respond(p->conn, 200, TEXT_PLAIN, p->headers, u->id,
			      strlen(u->id));
	else
		httpd_respond(p->conn, 503, TEXT_PLAIN, p->headers, failed,
			      sizeof(failed) - 1);
	(void)hub;
}

void hub_turn_end(void *arg)
{
	struct hub *hub = arg;
	struct update *ups[HISTORY_BATCH];
	struct err e;

	/* Dispatching may queue subscription events: loop until calm. */
	while (hub->npending) {
		size_t n = hub->npending < HISTORY_BATCH ? hub->npending
							 : HISTORY_BATCH,
		       i;
		struct pending batch[HISTORY_BATCH];
		int rc;

		memcpy(batch, hub->pending, n * sizeof(*batch));
		memmove(hub->pending, hub->pending + n,
			(hub->npending - n) * sizeof(*batch));
		hub->npending -= n;
		for (i = 0; i < n; i++)
			ups[i] = batch[i].update;
		err_init(&e);
		rc = history_append(hub, ups, n, &e);
		for (i = 0; i < n; i++) {
			answer_pending(hub, &batch[i], rc);
			if (rc == 0) {
				hub->published++;
				dispatch(hub, batch[i].update);
			}
			update_unref(batch[i].update);
			free(batch[i].headers);
		}
		if (rc != 0 && hub->cfg.log) {
			char line[LIMIT_ERR_MESSAGE + 64];

			snprintf(
				line, sizeof(line),
				"level=error msg=\"history append failed\" error=\"%s\"",
				e.msg);
			hub->cfg.log(hub->cfg.log_arg, line);
		}
	}
}

int hub_publish(struct hub *hub, const struct hub_update *in, char **id,
		struct err *e)
{
	struct update *u;
	int rc;

	if (in->ntopics < 1)
		return err_set(e, ERR_DATA, "an update needs a topic");
	u = update_new(in, e);
	if (!u)
		return -1;
	rc = history_append(hub, &u, 1, e);
	if (rc == 0) {
		hub->published++;
		dispatch(hub, u);
	}
	if (rc == 0 && id) {
		*id = strdup(u->id);
		if (!*id)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
	}
	update_unref(u);
	return rc;
}

/* ---- subscription events (--subscriptions) ---------------------------- */

/* Append s percent-encoded as one path segment (RFC 3986 unreserved
 * characters kept, everything else %XX, so '/' cannot split it). */
static int add_segment(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			rc = buf_addch(b, (char)c);
		else
			rc = buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	return rc;
}

/* New: the JSON-LD document of one subscription (0.x form). */
static json_t *subscription_doc(const struct sub *s, const struct link *l,
				const char *topic_url, bool active)
{
	const struct route *r = l->route;
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s%, s:s, s:b}", "@context",
				"https://mercure.rocks/", "id", topic_url,
				"type", "Subscription", "topic", r->text,
				r->len, "subscriber", s->id, "active", active);

	if (doc && l->payload)
		json_object_set(doc, "payload", l->payload);
	return doc;
}

static int subscription_url(struct buf *b, const struct sub *s,
			    const struct route *r)
{
	int rc = buf_addstr(b, SUBSCRIPTIONS "/");

	if (rc == 0)
		rc = add_segment(b, r->text, r->len);
	if (rc == 0)
		rc = buf_addch(b, '/');
	if (rc == 0)
		rc = add_segment(b, s->id, strlen(s->id));
	return rc;
}

/* Queue one private update per selector of s announcing that it starts
 * or ends; they are stored and dispatched at the end of the turn. */
static void subscription_event(struct hub *hub, struct sub *s, bool active)
{
	int k;

	if (!hub->cfg.subscriptions)
		return;
	for (k = 0; k < s->nlinks; k++) {
		struct buf url = BUF_INIT(64 * 1024);
		const struct route *r = s->links[k].route;
		json_t *doc = NULL;
		char *data = NULL;
		struct update *u = NULL;

		if (subscription_url(&url, s, r) == 0)
			doc = subscription_doc(s, &s->links[k], buf_cstr(&url),
					       active);
		data = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER)
			   : NULL;
		if (data) {
			const char *topic = buf_cstr(&url);
			struct hub_update in = { .topics = &topic,
						 .ntopics = 1,
						 .data = data,
						 .data_len = strlen(data),
						 .private_ = true };

			u = update_new(&in, NULL);
		}
		if (u && add_pending(hub, NULL, u, NULL) != 0)
			update_unref(u);
		free(data);
		json_decref(doc);
		buf_release(&url);
	}
}

/* ---- the subscriptions API -------------------------------------------- */

/* Percent-decode one path segment s[0..len) into out ('+' is itself). */
static int decode_segment(struct buf *out, const char *s, size_t len)
{
	long n;

	if (buf_reserve(out, len) != BUF_OK)
		return -1;
	n = form_unescape(out->data + out->len, s, len, false, NULL);
	if (n < 0)
		return -1;
	out->len += (size_t)n;
	return 0;
}

struct listing {
	const char *topic;	/* NULL: every selector */
	const char *subscriber; /* NULL: every subscriber */
	json_t *docs;
};

static void list_subscriptions(struct hub *hub, struct listing *l)
{
	struct sub *s;
	int k;

	for (s = hub->subs; s; s = s->next) {
		if (l->subscriber && strcmp(l->subscriber, s->id) != 0)
			continue;
		for (k = 0; k < s->nlinks; k++) {
			const struct route *r = s->links[k].route;
			struct buf url = BUF_INIT(64 * 1024);

			if (l->topic && (strlen(l->topic) != r->len ||
					 memcmp(l->topic, r->text, r->len)))
				continue;
			if (subscription_url(&url, s, r) == 0)
				json_array_append_new(
					l->docs,
					subscription_doc(s, &s->links[k],
							 buf_cstr(&url), true));
			buf_release(&url);
		}
	}
}

/* GET /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]] */
static void handle_subscriptions(struct hub *hub, struct httpd_conn *c,
				 const struct httpd_request *req)
{
	const char *rest = req->head.path + strlen(SUBSCRIPTIONS);
	size_t rest_len = req->head.path_len - strlen(SUBSCRIPTIONS);
	struct buf topic = BUF_INIT(LIMIT_TOPIC_BYTES);
	struct buf subscriber = BUF_INIT(LIMIT_TOPIC_BYTES);
	struct listing l = { NULL, NULL, json_array() };
	struct buf path = BUF_INIT(LIMIT_HTTP_HEAD_BYTES);
	struct authz az = { 0 };
	struct access *a = NULL;
	struct token tok;
	json_t *out = NULL;
	struct form q;
	struct err e;
	char *text = NULL;
	int rc = 0;

	err_init(&e);
	form_init(&q);
	if (!find_token(hub, req, query_token(req, &q), &tok)) {
		respond_denied(hub, c, req, 401, NULL, NULL);
		goto out;
	}
	if (authorize(hub, hub->sub_tokens, &tok, &az, &e) < 0) {
		respond_denied(hub, c, req, 401, "invalid_token", e.msg);
		goto out;
	}
	a = access_new(&az.grants, CLAIMS_SUBSCRIBE, &e);
	if (!a) {
		respond_denied(hub, c, req, 401, "invalid_token", e.msg);
		goto out;
	}
	if (buf_add(&path, req->head.path, req->head.path_len) != 0 ||
	    !access_one(a, buf_cstr(&path), path.len)) {
		respond_denied(hub, c, req, 403, "insufficient_scope",
			       "the token does not allow the path");
		goto out;
	}
	if (rest_len > 1 && rest[0] == '/') {
		const char *slash = memchr(rest + 1, '/', rest_len - 1);
		size_t tlen = slash ? (size_t)(slash - rest - 1) : rest_len - 1;

		rc = decode_segment(&topic, rest + 1, tlen);
		l.topic = buf_cstr(&topic);
		if (rc == 0 && slash) {
			rc = decode_segment(&subscriber, slash + 1,
					    rest_len - tlen - 2);
			l.subscriber = buf_cstr(&subscriber);
		}
	} else if (rest_len > 0 && !(rest_len == 1 && rest[0] == '/')) {
		rc = -1;
	}
	if (rc != 0) {
		respond_text(hub, c, req, 404, NULL, "Not Found\n");
		goto out;
	}
	list_subscriptions(hub, &l);
	if (l.subscriber) {
		out = json_incref(json_array_get(l.docs, 0));
	} else {
		out = json_pack("{s:s, s:s%, s:s, s:s, s:O}", "@context",
				"https://mercure.rocks/", "id", req->head.path,
				req->head.path_len, "type", "Subscriptions",
				"lastEventID", history_last_id(hub),
				"subscriptions", l.docs);
	}
	text = out ? json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!text) {
		respond_text(hub, c, req, 404, NULL, "Not Found\n");
		goto out;
	}
	respond_body(hub, c, req, 200, "application/ld+json", text);
out:
	free(text);
	json_decref(out);
	json_decref(l.docs);
	access_free(a);
	authz_release(&az);
	form_release(&q);
	buf_release(&path);
	buf_release(&topic);
	buf_release(&subscriber);
}

/* ---- CORS preflight, routing, operations ------------------------------ */

/* Whether every header a preflight asks for is one the hub allows:
 * those EventSource polyfills and fetch send (list in any case). */
static bool headers_allowed(const char *want)
{
	static const char *const allowed[] = { "authorization", "cache-control",
					       "last-event-id",
					       "content-type" };
	const char *p = want;

	while (p && *p) {
		size_t n, k;

		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		for (k = 0; n && k < sizeof(allowed) / sizeof(*allowed); k++)
			if (strlen(allowed[k]) == n &&
			    !strncasecmp(p, allowed[k], n))
				break;
		if (n && k == sizeof(allowed) / sizeof(*allowed))
			return false;
		p += n;
	}
	return true;
}

/*
 * OPTIONS with Access-Control-Request-Method, answered without auth: an
 * allowed origin asking for an allowed method and headers gets them;
 * anything else the same 204 without Access-Control-Allow-*, which the
 * browser reads as a refusal.
 */
static void handle_preflight(struct hub *hub, struct httpd_conn *c,
			     const struct httpd_request *req)
{
	const char *origin = http_header(&req->head, "Origin");
	const char *method =
		http_header(&req->head, "Access-Control-Request-Method");
	const char *want =
		http_header(&req->head, "Access-Control-Request-Headers");
	struct buf h = BUF_INIT(4096);
	int rc = 0;

	if (origin_allowed(hub, origin) &&
	    (!strcmp(method, "GET") || !strcmp(method, "POST") ||
	     !strcmp(method, "QUERY")) &&
	    headers_allowed(want))
		rc = buf_printf(
			&h,
			"Access-Control-Allow-Origin: %s\r\n"
			"Access-Control-Allow-Credentials: true\r\n"
			"Access-Control-Allow-Methods: " HUB_METHODS "\r\n"
			"Access-Control-Allow-Headers: %s\r\n"
			"Access-Control-Max-Age: 600\r\n",
			origin,
			want && *want
				? want
				: "authorization, cache-control, last-event-id");
	if (rc == 0 && hub->cfg.cors_origins)
		rc = buf_addstr(&h,
				"Vary: Origin, Access-Control-Request-Method, "
				"Access-Control-Request-Headers\r\n");
	httpd_respond(c, 204, NULL, rc == 0 ? buf_cstr(&h) : NULL, "", 0);
	buf_release(&h);
}

/* 405 (or 204 to a plain OPTIONS) naming the methods a path allows. */
static void respond_allow(struct hub *hub, struct httpd_conn *c,
			  const struct httpd_request *req, int status,
			  const char *methods)
{
	char allow[128];

	snprintf(allow, sizeof(allow), "Allow: %s\r\n", methods);
	if (status == 204)
		httpd_respond(c, 204, NULL, allow, "", 0);
	else
		respond_text(hub, c, req, status, allow, "Method Not Allowed");
}

static bool is_path(const struct httpd_request *req, const char *path)
{
	return req->head.path_len == strlen(path) &&
	       !memcmp(req->head.path, path, req->head.path_len);
}

static bool under(const struct httpd_request *req, const char *prefix)
{
	size_t n = strlen(prefix);

	return req->head.path_len >= n && !memcmp(req->head.path, prefix, n) &&
	       (req->head.path_len == n || req->head.path[n] == '/');
}

bool hub_handle(struct hub *hub, struct httpd_conn *c,
		const struct httpd_request *req)
{
	const char *method = req->head.method;

	hub->now_ms = httpd_now_ms(httpd_conn_server(c));
	if (!under(req, HUB_PATH))
		return false;
	if (!strcmp(method, "OPTIONS") &&
	    http_header(&req->head, "Access-Control-Request-Method"))
		handle_preflight(hub, c, req);
	else if (under(req, SUBSCRIPTIONS) && hub->cfg.subscriptions &&
		 !strcmp(method, "GET"))
		handle_subscriptions(hub, c, req);
	else if (under(req, SUBSCRIPTIONS) && hub->cfg.subscriptions)
		respond_text(hub, c, req, 405, "Allow: GET\r\n",
			     "Method Not Allowed");
	else if (!is_path(req, HUB_PATH) && !is_path(req, HUB_PATH "/"))
		respond_text(hub, c, req, 404, NULL, "Not Found");
	else if (!strcmp(method, "GET") || !strcmp(method, "QUERY"))
		handle_subscribe(hub, c, req);
	else if (!strcmp(method, "POST"))
		handle_publish(hub, c, req);
	else if (!strcmp(method, "OPTIONS"))
		respond_allow(hub, c, req, 204, HUB_METHODS);
	else
		respond_allow(hub, c, req, 405, HUB_METHODS);
	return true;
}

static void metrics(struct hub *hub, struct httpd_conn *c,
		    const struct httpd_request *req)
{
	const struct httpd_stats *st = httpd_stats(httpd_conn_server(c));
	static const char *const reasons[HTTPD_CLOSE_REASONS] = {
		"done",	 "client", "slow",    "timeout",
		"error", "server", "shutdown"
	};
	struct buf b = BUF_INIT(64 * 1024);
	int i, rc;

	rc = buf_printf(
		&b,
		"# HELP mercure_subscribers Subscribers connected now.\n"
		"# TYPE mercure_subscribers gauge\nmercure_subscribers %ld\n"
		"# HELP mercure_subscriptions_total Subscriptions accepted.\n"
		"# TYPE mercure_subscriptions_total counter\nmercure_subscriptions_total %llu\n"
		"# HELP mercure_updates_published_total Updates stored and dispatched.\n"
		"# TYPE mercure_updates_published_total counter\nmercure_updates_published_total %llu\n"
		"# HELP mercure_updates_delivered_total Updates queued to subscribers.\n"
		"# TYPE mercure_updates_delivered_total counter\nmercure_updates_delivered_total %llu\n"
		"# HELP mercure_auth_refused_total Requests refused with 401 or 403.\n"
		"# TYPE mercure_auth_refused_total counter\nmercure_auth_refused_total %llu\n"
		"# HELP http_connections Connections open now.\n"
		"# TYPE http_connections gauge\nhttp_connections %lld\n"
		"# HELP http_requests_total Requests received.\n"
		"# TYPE http_requests_total counter\nhttp_requests_total %llu\n"
		"# HELP http_refused_total Connections refused (over the limit).\n"
		"# TYPE http_refused_total counter\nhttp_refused_total %llu\n"
		"# HELP http_sent_bytes_total Bytes written to clients.\n"
		"# TYPE http_sent_bytes_total counter\nhttp_sent_bytes_total %llu\n"
		"# HELP http_disconnects_total Connections ended, by reason.\n"
		"# TYPE http_disconnects_total counter\n",
		hub->nsubs, (unsigned long long)hub->subscribes,
		(unsigned long long)hub->published,
		(unsigned long long)hub->delivered,
		(unsigned long long)hub->refused_auth, (long long)st->conns,
		(unsigned long long)st->requests,
		(unsigned long long)st->refused,
		(unsigned long long)st->bytes_sent);
	for (i = 0; rc == 0 && i < HTTPD_CLOSE_REASONS; i++)
		rc = buf_printf(&b,
				"http_disconnects_total{reason=\"%s\"} %llu\n",
				reasons[i], (unsigned long long)st->closed[i]);
	respond_body(hub, c, req, 200, "text/plain; version=0.0.4",
		     buf_cstr(&b));
	buf_release(&b);
}

bool hub_handle_ops(struct hub *hub, struct httpd_conn *c,
		    const struct httpd_request *req)
{
	bool get = !strcmp(req->head.method, "GET") ||
		   !strcmp(req->head.method, "HEAD");

	if (!is_path(req, "/healthz") && !is_path(req, "/metrics") &&
	    !is_path(req, "/"))
		return false;
	if (!get)
		respond_allow(hub, c, req, 405, "GET, HEAD");
	else if (is_path(req, "/healthz"))
		respond_text(hub, c, req, 200, NULL, "ok");
	else if (is_path(req, "/metrics"))
		metrics(hub, c, req);
	else
		respond_body(hub, c, req, 200, "text/html; charset=utf-8",
			     hubui_html);
	return true;
}

/* ---- timers ----------------------------------------------------------- */

/* Milliseconds since the epoch (exp is a wall-clock time). */
static int64_t unix_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * About once a second (HUB_TICK_MS): end the streams whose token expires
 * or whose lifetime ends before the next tick (the protocol says no later
 * than exp, so a tick that would come after it is too late), and comment
 * the idle ones whose heartbeat falls due before the next tick is half
 * over.
 */
void hub_tick(void *arg, int64_t now_ms, bool stopping)
{
	struct hub *hub = arg;
	int64_t deadline_ms = unix_now_ms() + HUB_TICK_MS;
	struct sub *s, *next;

	hub->now_ms = now_ms;
	for (s = hub->subs; s; s = next) {
		next = s->next;
		if (stopping)
			httpd_stream_end(s->conn, HTTPD_CLOSE_SHUTDOWN);
		else if ((s->exp && s->exp * 1000 <= deadline_ms) ||
			 (s->end_ms && s->end_ms <= now_ms + HUB_TICK_MS))
			httpd_stream_end(s->conn, HTTPD_CLOSE_SERVER);
		else if (hub->cfg.heartbeat_ms &&
			 now_ms - s->last_ms + HUB_TICK_MS / 2 >=
				 hub->cfg.heartbeat_ms &&
			 httpd_stream_queue(s->conn, hub->heartbeat) == 0)
			s->last_ms = now_ms;
	}
}

/* ---- life ------------------------------------------------------------- */

struct hub *hub_new(const struct hub_config *cfg, struct err *e)
{
	struct hub *hub = calloc(1, sizeof(*hub));

	if (!hub) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	hub->cfg = *cfg;
	if (!hub->cfg.transport_url)
		hub->cfg.transport_url = DEFAULT_TRANSPORT;
	hub->heartbeat = httpd_frame_new(SSE_HEARTBEAT, strlen(SSE_HEARTBEAT));
	if (!hub->heartbeat) {
		err_set(e, ERR_RUNTIME, "out of memory");
		hub_free(hub);
		return NULL;
	}
	if (cfg->publisher_key)
		hub->pub_tokens = jwtx_cache_new(cfg->publisher_key, 256);
	if (cfg->subscriber_key)
		hub->sub_tokens = jwtx_cache_new(cfg->subscriber_key, 1024);
	if ((cfg->publisher_key && !hub->pub_tokens) ||
	    (cfg->subscriber_key && !hub->sub_tokens)) {
		err_set(e, ERR_RUNTIME, "out of memory");
		hub_free(hub);
		return NULL;
	}
	if (history_open(hub, hub->cfg.transport_url, e) < 0) {
		hub_free(hub);
		return NULL;
	}
	return hub;
}

void hub_free(struct hub *hub)
{
	size_t i;

	if (!hub)
		return;
	while (hub->subs)
		httpd_close(hub->subs->conn, HTTPD_CLOSE_SHUTDOWN);
	free_dead_subs(hub);
	for (i = 0; i < hub->npending; i++) {
		update_unref(hub->pending[i].update);
		free(hub->pending[i].headers);
	}
	free(hub->pending);
	history_close(hub);
	jwtx_cache_free(hub->pub_tokens);
	jwtx_cache_free(hub->sub_tokens);
	httpd_frame_unref(hub->heartbeat);
	free(hub);
}

/* ---- history ---------------------------------------------------------- */

static int history_open(struct hub *hub, const char *url, struct err *e)
{
	hub->hist = hist_new(url, e);
	return hub->hist ? 0 : -1;
}

static void history_close(struct hub *hub)
{
	hist_free(hub->hist);
	hub->hist = NULL;
}

/* Store n updates (n <= HISTORY_BATCH) in one transaction. */
static int history_append(struct hub *hub, struct update **ups, size_t n,
			  struct err *e)
{
	struct hist_update rows[HISTORY_BATCH];
	struct hist_update *ptrs[HISTORY_BATCH];
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&rows[i], 0, sizeof(rows[i]));
		rows[i].id = ups[i]->id;
		rows[i].topics = (const char *const *)ups[i]->topics;
		rows[i].ntopics = (size_t)ups[i]->ntopics;
		rows[i].data = ups[i]->data;
		rows[i].data_len = ups[i]->data_len;
		rows[i].type = ups[i]->type;
		rows[i].retry = (uint64_t)ups[i]->retry;
		rows[i].is_private = ups[i]->private_;
		ptrs[i] = &rows[i];
	}
	return hist_append_batch(hub->hist, ptrs, n, e);
}

/* Whether the replaying subscriber may have hu: a selector matches one
 * of its topics and, if private, its token allows one of them. */
static bool replay_wants(struct replay *rp, const struct hist_update *hu)
{
	struct hub *hub = rp->hub;
	struct topic_ref refs[REPLAY_TOPICS];
	struct update view = { 0 };
	size_t i, n = hu->ntopics < REPLAY_TOPICS ? hu->ntopics : REPLAY_TOPICS;

	for (i = 0; i < n; i++)
		topic_ref_init(&refs[i], hu->topics[i], strlen(hu->topics[i]));
	view.topics = (char **)hu->topics;
	view.trefs = refs;
	view.ntopics = (int)n;
	view.private_ = hu->is_private;
	hub->seq++; /* a fresh memo for grant_allows */
	return sub_wants(rp->sub, &view) &&
	       (!hu->is_private || grant_allows(hub, rp->sub->grant, &view));
}

/* One update of the history: add its frame to the page, or stop the page
 * when it is full (by count or bytes), leaving the update for the next. */
static int replay_one(const struct hist_update *hu, void *arg)
{
	struct replay *rp = arg;
	struct hub_update in = { 0 };
	struct update *u;

	if (!replay_wants(rp, hu)) {
		rp->last_seq = hu->seq;
		return 0;
	}
	in.topics = hu->topics;
	in.ntopics = (int)hu->ntopics;
	in.data = hu->data;
	in.data_len = hu->data_len;
	in.id = hu->id;
	in.type = hu->type;
	in.retry = (long long)hu->retry;
	in.private_ = hu->is_private;
	u = update_new(&in, NULL);
	if (!u)
		return 1;
	if (rp->n == REPLAY_MAX ||
	    (rp->n && rp->bytes + u->wire_len > LIMIT_REPLAY_BYTES)) {
		rp->truncated = true;
		update_unref(u);
		return 1;
	}
	httpd_frame_ref(u->frame);
	rp->frames[rp->n++] = u->frame;
	rp->bytes += u->wire_len;
	rp->last_seq = hu->seq;
	update_unref(u);
	return 0;
}

/* Collect one page of what a subscriber missed; whether the history
 * knew the cursor ("earliest" always is). */
static bool history_page(struct hub *hub, const struct hist_query *q,
			 struct replay *rp)
{
	struct hist_result res = { 0 };
	struct err e;

	err_init(&e);
	if (hist_since(hub->hist, q, replay_one, rp, &res, &e) < 0)
		return false;
	return res.found;
}

static const char *history_last_id(struct hub *hub)
{
	uint64_t seq = 0;
	struct err e;

	err_init(&e);
	if (hist_last(hub->hist, hub->last_id, sizeof(hub->last_id), &seq, &e) <
		    0 ||
	    !seq)
		return HIST_EARLIEST;
	return hub->last_id;
}

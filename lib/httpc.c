/*
 * httpc: libcurl requests and event streams (WHATWG EventSource checks).
 *
 * libcurl is loaded with dlopen when the first client is made, not linked:
 * it brings some thirty shared libraries whose relocations are written at
 * load, several megabytes of RSS that a tool which never connects
 * (mercure-sub --input) should not pay. <curl/curl.h> still gives the
 * types and constants; every call goes through the table below.
 */
#include "compat.h"

#include "httpc.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 10000L
/* What a refusal's body may say that we repeat in a message. */
#define ERR_BODY_BYTES 4096
#define CURL_SONAME    "libcurl.so.4"

/* The libcurl functions used here, resolved by httpc_load. */
struct curl_api {
	CURLcode (*global_init)(long flags);
	char *(*version)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *c);
	void (*easy_reset)(CURL *c);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *c);
	const char *(*easy_strerror)(CURLcode cc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *m);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *c);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *c);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd fds[],
				unsigned int nfds, int timeout_ms, int *ret);
};

/* A name and the member it fills. */
#define CURL_SYM(f) "curl_" #f, offsetof(struct curl_api, f)

static const struct {
	const char *name;
	size_t off;
} curl_syms[] = {
	{ CURL_SYM(global_init) },	   { CURL_SYM(version) },
	{ CURL_SYM(easy_init) },	   { CURL_SYM(easy_cleanup) },
	{ CURL_SYM(easy_reset) },	   { CURL_SYM(easy_setopt) },
	{ CURL_SYM(easy_getinfo) },	   { CURL_SYM(easy_perform) },
	{ CURL_SYM(easy_strerror) },	   { CURL_SYM(slist_append) },
	{ CURL_SYM(slist_free_all) },	   { CURL_SYM(multi_init) },
	{ CURL_SYM(multi_cleanup) },	   { CURL_SYM(multi_add_handle) },
	{ CURL_SYM(multi_remove_handle) }, { CURL_SYM(multi_perform) },
	{ CURL_SYM(multi_info_read) },	   { CURL_SYM(multi_poll) },
};

/* POSIX has dlsym's object pointers hold function pointers as they are. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "dlsym results must fit function pointers");

static struct curl_api cu;
static bool curl_ready;

int httpc_load(const char *soname, struct err *e)
{
	struct curl_api api;
	const char *why;
	void *lib;
	size_t i;

	if (curl_ready)
		return 0;
	if (!soname)
		soname = CURL_SONAME;
	/* Never closed: libcurl stays until exit, as if linked. */
	lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		why = dlerror();
		return err_set(e, ERR_UNAVAIL, "cannot load libcurl: %s",
			       why ? why : soname);
	}
	for (i = 0; i < WS_ARRAY_LEN(curl_syms); i++) {
		void *sym = dlsym(lib, curl_syms[i].name);

		if (!sym) {
			err_set(e, ERR_UNAVAIL,
				"cannot load libcurl: '%s' lacks '%s'", soname,
				curl_syms[i].name);
			dlclose(lib);
			return -1;
		}
		memcpy((char *)&api + curl_syms[i].off, &sym, sizeof(sym));
	}
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		dlclose(lib);
		return err_set(e, ERR_RUNTIME, "cannot initialise libcurl");
	}
	cu = api;
	curl_ready = true;
	return 0;
}

/*
 * curl_easy_setopt and curl_easy_getinfo take their argument through
 * "...", so its type must be exactly the one the option wants; these
 * say it once, as curl's typecheck-gcc.h would for a direct call.
 */
static void set_long(CURL *c, CURLoption opt, long v)
{
	cu.easy_setopt(c, opt, v);
}

static void set_ptr(CURL *c, CURLoption opt, const void *p)
{
	cu.easy_setopt(c, opt, p);
}

static void set_off(CURL *c, CURLoption opt, curl_off_t v)
{
	cu.easy_setopt(c, opt, v);
}

static void set_fn(CURL *c, CURLoption opt,
		   size_t (*fn)(char *, size_t, size_t, void *))
{
	cu.easy_setopt(c, opt, fn);
}

static long info_long(CURL *c, CURLINFO info)
{
	long v = 0;

	cu.easy_getinfo(c, info, &v);
	return v;
}

/* Borrowed, valid until the next transfer; NULL when there is none. */
static const char *info_str(CURL *c, CURLINFO info)
{
	char *v = NULL;

	cu.easy_getinfo(c, info, &v);
	return v;
}

/* What a request's set-up depends on besides its body: see same_setup. */
#define SETUP_KEY_BYTES (LIMIT_URL_BYTES + 2 * LIMIT_JWT_BYTES + 1024)

struct httpc {
	CURL *easy;
	CURLM *multi;
	/*
	 * The one-shot request the easy handle is set up for (setup_key's
	 * bytes; empty when none, as after a stream) and its header list,
	 * so that a request like the last (mercure-pub --lines) only sets
	 * its body: no reset, options or headers built again per request.
	 */
	struct buf setup, next;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
};

struct httpc *httpc_new(struct err *e)
{
	struct httpc *h;

	if (httpc_load(NULL, e) < 0)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (h) {
		buf_init(&h->setup, SETUP_KEY_BYTES);
		buf_init(&h->next, SETUP_KEY_BYTES);
		h->easy = cu.easy_init();
	}
	if (h && h->easy)
		h->multi = cu.multi_init();
	if (!h || !h->easy || !h->multi) {
		httpc_free(h);
		err_set(e, ERR_RUNTIME, "cannot initialise libcurl");
		return NULL;
	}
	return h;
}

void httpc_free(struct httpc *h)
{
	if (!h)
		return;
	if (h->multi)
		cu.multi_cleanup(h->multi);
	if (h->easy)
		cu.easy_cleanup(h->easy);
	cu.slist_free_all(h->hdrs);
	buf_release(&h->setup);
	buf_release(&h->next);
	free(h);
}

int64_t httpc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t httpc_backoff_ms(int64_t base, int failures, int64_t cap)
{
	static uint64_t seed;
	int64_t d = base;
	int i;

	if (base <= 0)
		return 0;
	for (i = 1; i < failures && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	if (!seed)
		seed = (uint64_t)httpc_now_ms() * 0x9E3779B97F4A7C15ULL |
		       (uint64_t)getpid() | 1;
	/* xorshift64: plenty for jitter */
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return d / 2 + (int64_t)(seed % (uint64_t)(d - d / 2 + 1));
}

void httpc_sleep_ms(int64_t ms)
{
	struct timespec ts, rem;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

const char *httpc_version(void)
{
	static char why[LIMIT_ERR_MESSAGE];
	struct err e;

	if (httpc_load(NULL, &e) < 0) {
		snprintf(why, sizeof(why), "%s", e.msg);
		return why;
	}
	return cu.version();
}

int httpc_param(struct buf *b, const char *name, const char *value, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *parts[2] = { name, value };
	size_t lens[2] = { strlen(name), len };
	int i, rc = 0;

	if (b->len && b->data[b->len - 1] != '?' && b->data[b->len - 1] != '&')
		rc = buf_addch(b, '&');
	for (i = 0; rc == 0 && i < 2; i++) {
		const unsigned char *s = (const unsigned char *)parts[i];
		size_t k;
		char *w;

		if (i == 1)
			rc = buf_addch(b, '=');
		if (rc == 0 && lens[i] > ((size_t)-1) / 3)
			rc = BUF_ELIMIT;
		if (rc == 0)
			rc = buf_reserve(b, lens[i] * 3);
		if (rc)
			break;
		w = b->data + b->len;
		for (k = 0; k < lens[i]; k++) {
			unsigned char c = s[k];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
			    c == '_' || c == '~') {
				*w++ = (char)c;
			} else {
				*w++ = '%';
				*w++ = hex[c >> 4];
				*w++ = hex[c & 15];
			}
		}
		b->len = (size_t)(w - b->data);
		b->data[b->len] = '\0';
	}
	return rc;
}

int httpc_url_shown(const char *url)
{
	size_t n = strcspn(url, "?#");

	return n > 200 ? 200 : (int)n;
}

int httpc_refused(const char *url, long status, const char *body, size_t len,
		  struct err *e)
{
	enum err_class cls = ERR_PROTOCOL;
	size_t n = 0;

	if (status == 401 || status == 403)
		cls = ERR_DENIED;
	else if (status >= 400 && status < 500)
		cls = ERR_DATA;
	else if (status >= 500 && status < 600)
		cls = ERR_UNAVAIL;
	while (body && n < len && n < 200 && body[n] != '\r' &&
	       body[n] != '\n' && body[n] != '\0')
		n++;
	if (n == 0)
		return err_set(e, cls, "'%.*s' answered %ld",
			       httpc_url_shown(url), url, status);
	return err_set(e, cls, "'%.*s' answered %ld: %.*s",
		       httpc_url_shown(url), url, status, (int)n, body);
}

static int add_header(struct curl_slist **list, const char *name,
		      const char *value, struct err *e)
{
	struct buf line = BUF_INIT(LIMIT_JWT_BYTES + LIMIT_URL_BYTES);
	struct curl_slist *l;
	int rc = 0;

	if (strpbrk(value, "\r\n"))
		return err_set(e, ERR_USAGE, "%s holds a line break", name);
	if (buf_printf(&line, "%s: %s", name, value) != BUF_OK)
		rc = err_set(e, ERR_USAGE, "%s is too long", name);
	if (rc == 0) {
		l = cu.slist_append(*list, line.data);
		if (!l)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
		else
			*list = l;
	}
	buf_release(&line);
	return rc;
}

/* Set the options both kinds of request share. */
static int setup(struct httpc *h, const struct httpc_req *rq, bool stream,
		 struct curl_slist **hdrs, struct err *e)
{
	CURL *c = h->easy;
	int rc = 0;

	cu.easy_reset(c); /* keeps live connections for reuse */
	h->errbuf[0] = '\0';
	set_ptr(c, CURLOPT_URL, rq->url);
	set_long(c, CURLOPT_NOSIGNAL, 1L);
	set_ptr(c, CURLOPT_ERRORBUFFER, h->errbuf);
	set_ptr(c, CURLOPT_PROTOCOLS_STR, "http,https");
	set_ptr(c, CURLOPT_USERAGENT, "winestore/" WS_VERSION);
	set_long(c, CURLOPT_CONNECTTIMEOUT_MS,
		 rq->connect_timeout_ms ? rq->connect_timeout_ms
					: CONNECT_TIMEOUT_MS);
	set_long(c, CURLOPT_TCP_KEEPALIVE, 1L);
	if (rq->timeout_ms && !stream)
		set_long(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	if (rq->bearer) {
		struct buf v = BUF_INIT(LIMIT_JWT_BYTES + 16);

		if (buf_printf(&v, "Bearer %s", rq->bearer) != BUF_OK)
			rc = err_set(e, ERR_USAGE, "the token is too long");
		if (rc == 0)
			rc = add_header(hdrs, "Authorization", v.data, e);
		buf_release(&v);
	}
	if (rc == 0 && rq->cookie)
		rc = add_header(hdrs, "Cookie", rq->cookie, e);
	if (rc == 0 && stream) {
		/* EventSource's request: no caching, follow redirects. */
		rc = add_header(hdrs, "Accept", "text/event-stream", e);
		if (rc == 0)
			rc = add_header(hdrs, "Cache-Control", "no-cache", e);
		if (rc == 0 && rq->last_event_id && *rq->last_event_id)
			rc = add_header(hdrs, "Last-Event-ID",
					rq->last_event_id, e);
		set_long(c, CURLOPT_FOLLOWLOCATION, 1L);
		set_long(c, CURLOPT_MAXREDIRS, 5L);
	}
	if (rc == 0 && rq->body) {
		if (rq->content_type)
			rc = add_header(hdrs, "Content-Type", rq->content_type,
					e);
		/* No "Expect: 100-continue" round trip for large bodies. */
		if (rc == 0)
			rc = add_header(hdrs, "Expect", "", e);
		set_ptr(c, CURLOPT_POSTFIELDS, rq->body);
		set_off(c, CURLOPT_POSTFIELDSIZE_LARGE,
			(curl_off_t)rq->body_len);
	}
	if (rc == 0)
		set_ptr(c, CURLOPT_HTTPHEADER, *hdrs);
	return rc;
}

/* The error for a transfer that failed before or without an answer. */
static int transfer_error(struct httpc *h, const char *url, CURLcode cc,
			  struct err *e)
{
	const char *why = h->errbuf[0] ? h->errbuf : cu.easy_strerror(cc);

	if (cc == CURLE_URL_MALFORMAT || cc == CURLE_UNSUPPORTED_PROTOCOL)
		return err_set(e, ERR_USAGE, "invalid URL '%s': %s", url, why);
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return err_set(e, ERR_UNAVAIL, "'%.*s' timed out: %s",
			       httpc_url_shown(url), url, why);
	return err_set(e, ERR_UNAVAIL, "cannot reach '%.*s': %s",
		       httpc_url_shown(url), url, why);
}

static void get_content_type(CURL *c, char *out, size_t size)
{
	const char *ct = info_str(c, CURLINFO_CONTENT_TYPE);

	snprintf(out, size, "%s", ct ? ct : "");
}

static size_t body_cb(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	size_t len = size * n, room = b->max - b->len;

	/* Past the ceiling the rest is dropped, never an error. */
	if (buf_add(b, p, len < room ? len : room) != BUF_OK)
		return 0;
	return len;
}

/* Forget the one-shot set-up: the handle is about to be reset. */
static void forget_setup(struct httpc *h)
{
	buf_reset(&h->setup);
	cu.slist_free_all(h->hdrs);
	h->hdrs = NULL;
}

static int key_str(struct buf *k, const char *s)
{
	/* NULL and "" differ: a header is sent for "" */
	if (!s)
		return buf_addch(k, 0);
	if (buf_addch(k, 1) != BUF_OK)
		return -1;
	return buf_add(k, s, strlen(s) + 1);
}

/*
 * Whether rq needs the set-up the handle has, but for the body; leaves
 * the key of rq's set-up in h->next. A key over its ceiling (a very long
 * URL and token) never matches: that request is set up afresh.
 */
static bool same_setup(struct httpc *h, const struct httpc_req *rq)
{
	struct buf *k = &h->next;
	bool body = rq->body != NULL;
	int rc;

	buf_reset(k);
	rc = key_str(k, rq->url);
	if (rc == 0)
		rc = key_str(k, rq->bearer);
	if (rc == 0)
		rc = key_str(k, rq->cookie);
	if (rc == 0)
		rc = key_str(k, rq->content_type);
	if (rc == 0)
		rc = buf_add(k, &rq->connect_timeout_ms,
			     sizeof(rq->connect_timeout_ms));
	if (rc == 0)
		rc = buf_add(k, &rq->timeout_ms, sizeof(rq->timeout_ms));
	if (rc == 0)
		rc = buf_add(k, &body, sizeof(body));
	if (rc != 0) {
		buf_reset(k);
		return false;
	}
	return h->setup.len && k->len == h->setup.len &&
	       memcmp(k->data, h->setup.data, k->len) == 0;
}

int httpc_request(struct httpc *h, const struct httpc_req *rq,
		  struct httpc_resp *rs, struct err *e)
{
	struct curl_slist *hdrs = NULL;
	struct buf tmp;
	CURLcode cc;
	int rc = 0;

	rs->status = 0;
	rs->content_type[0] = '\0';
	buf_reset(&rs->body);
	if (same_setup(h, rq)) {
		h->errbuf[0] = '\0';
		if (rq->body) {
			set_ptr(h->easy, CURLOPT_POSTFIELDS, rq->body);
			set_off(h->easy, CURLOPT_POSTFIELDSIZE_LARGE,
				(curl_off_t)rq->body_len);
		}
	} else {
		forget_setup(h);
		rc = setup(h, rq, false, &hdrs, e);
		set_fn(h->easy, CURLOPT_WRITEFUNCTION, body_cb);
		if (rc == 0 && h->next.len) {
			/* Keep it: h->next becomes h->setup. */
			h->hdrs = hdrs;
			hdrs = NULL;
			tmp = h->setup;
			h->setup = h->next;
			h->next = tmp;
		}
	}
	if (rc == 0) {
		set_ptr(h->easy, CURLOPT_WRITEDATA, &rs->body);
		cc = cu.easy_perform(h->easy);
		if (cc != CURLE_OK)
			rc = transfer_error(h, rq->url, cc, e);
	}
	if (rc == 0) {
		rs->status = info_long(h->easy, CURLINFO_RESPONSE_CODE);
		get_content_type(h->easy, rs->content_type,
				 sizeof(rs->content_type));
	}
	cu.slist_free_all(hdrs);
	return rc;
}

/* --- event streams --- */

enum state { WAITING, STREAMING, REFUSED, NOCONTENT };

struct stream_ctx {
	struct httpc *h;
	struct httpc_stream *s;
	enum state state;
	long status;
	char ctype[128];
	struct buf refusal; /* the body of a refused stream */
	bool stopped;
};

/* "text/event-stream", maybe with parameters, any case. */
static bool is_event_stream(const char *ct)
{
	size_t n = strcspn(ct, "; \t");

	return n == 17 && strncasecmp(ct, "text/event-stream", 17) == 0;
}

/* Headers are in: decide what the response is. */
static void classify(struct stream_ctx *sc)
{
	sc->status = info_long(sc->h->easy, CURLINFO_RESPONSE_CODE);
	get_content_type(sc->h->easy, sc->ctype, sizeof(sc->ctype));
	if (sc->status == 200 && is_event_stream(sc->ctype)) {
		sc->state = STREAMING;
		sc->s->opened = true;
	} else if (sc->status == 204) {
		sc->state = NOCONTENT;
	} else {
		sc->state = REFUSED;
	}
}

static size_t header_cb(char *p, size_t size, size_t n, void *ctx)
{
	struct stream_ctx *sc = ctx;
	size_t len = size * n;
	long status;

	/* The blank line after a header block; 1xx and redirects have
	 * another block after them. */
	if ((len == 2 && p[0] == '\r') || (len == 1 && p[0] == '\n')) {
		status = info_long(sc->h->easy, CURLINFO_RESPONSE_CODE);
		if (status / 100 == 1)
			return len;
		if (status / 100 == 3) {
			if (info_str(sc->h->easy, CURLINFO_REDIRECT_URL))
				return len;
		}
		classify(sc);
	}
	return len;
}

static size_t stream_cb(char *p, size_t size, size_t n, void *ctx)
{
	struct stream_ctx *sc = ctx;
	struct httpc_stream *s = sc->s;
	size_t len = size * n, room;
	int rc;

	if (sc->state == WAITING)
		classify(sc);
	if (sc->state == NOCONTENT)
		return 0;
	if (sc->state == REFUSED) {
		room = sc->refusal.max - sc->refusal.len;
		if (buf_add(&sc->refusal, p, len < room ? len : room))
			return 0;
		return len;
	}
	rc = sse_parser_feed(s->parser, p, len);
	if (rc < 0)
		s->parse_rc = rc;
	else if (rc > 0)
		sc->stopped = true;
	if (rc >= 0 && s->raw &&
	    s->raw(s->ctx, p, s->parser->used, s->parser->safe))
		sc->stopped = true;
	if (rc >= 0 && s->chunk_done && s->chunk_done(s->ctx))
		sc->stopped = true;
	return rc || sc->stopped ? 0 : len;
}

/* The error for a stream the server refused, quoting what it said. */
static int refused(struct stream_ctx *sc, const char *url, struct err *e)
{
	if (sc->status == 200)
		return err_set(e, ERR_PROTOCOL,
			       "'%.*s' answered with '%s', not an event stream",
			       httpc_url_shown(url), url,
			       sc->ctype[0] ? sc->ctype : "no content type");
	return httpc_refused(url, sc->status, sc->refusal.data, sc->refusal.len,
			     e);
}

/* Run the transfer until it ends, a callback stops it or time is up. */
static int pump(struct stream_ctx *sc, CURLcode *cc)
{
	CURLM *m = sc->h->multi;
	int running = 1;

	for (;;) {
		const int64_t *deadline = sc->s->deadline_ms;
		CURLMsg *msg;
		int left, wait = 1000;
		int64_t now;

		if (cu.multi_perform(m, &running) != CURLM_OK)
			return -1;
		while ((msg = cu.multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE) {
				*cc = msg->data.result;
				return 0;
			}
		if (!running) {
			*cc = CURLE_OK;
			return 0;
		}
		now = httpc_now_ms();
		if (deadline && *deadline && now >= *deadline)
			return HTTPC_IDLE;
		if (deadline && *deadline && *deadline - now < wait)
			wait = (int)(*deadline - now);
		if (cu.multi_poll(m, NULL, 0, wait, NULL) != CURLM_OK)
			return -1;
	}
}

int httpc_stream(struct httpc *h, const struct httpc_req *rq,
		 struct httpc_stream *s, struct err *e)
{
	struct stream_ctx sc = { h,    s,  WAITING,
				 0,    "", BUF_INIT(ERR_BODY_BYTES),
				 false };
	struct curl_slist *hdrs = NULL;
	CURLcode cc = CURLE_OK;
	int rc;

	s->opened = false;
	s->parse_rc = 0;
	forget_setup(h);
	rc = setup(h, rq, true, &hdrs, e);
	if (rc < 0)
		goto out;
	set_fn(h->easy, CURLOPT_HEADERFUNCTION, header_cb);
	set_ptr(h->easy, CURLOPT_HEADERDATA, &sc);
	set_fn(h->easy, CURLOPT_WRITEFUNCTION, stream_cb);
	set_ptr(h->easy, CURLOPT_WRITEDATA, &sc);
	if (cu.multi_add_handle(h->multi, h->easy) != CURLM_OK) {
		rc = err_set(e, ERR_RUNTIME, "cannot start a transfer");
		goto out;
	}
	rc = pump(&sc, &cc);
	cu.multi_remove_handle(h->multi, h->easy);
	if (rc == HTTPC_IDLE)
		goto out;
	if (rc < 0) {
		rc = err_set(e, ERR_RUNTIME, "libcurl failed");
		goto out;
	}
	if (s->parse_rc < 0)
		rc = sse_error(s->parse_rc, s->parser->max, e);
	else if (sc.stopped)
		rc = HTTPC_STOPPED;
	else if (sc.state == WAITING && cc == CURLE_OK)
		classify(&sc);
	if (rc || sc.stopped)
		goto out;
	if (sc.state == NOCONTENT)
		rc = HTTPC_NOCONTENT;
	else if (sc.state == REFUSED)
		rc = refused(&sc, rq->url, e);
	else if (cc == CURLE_OK)
		rc = HTTPC_CLOSED;
	else if (cc == CURLE_URL_MALFORMAT || cc == CURLE_UNSUPPORTED_PROTOCOL)
		rc = transfer_error(h, rq->url, cc, e);
	else {
		transfer_error(h, rq->url, cc, e);
		rc = HTTPC_DROPPED;
	}
out:
	cu.slist_free_all(hdrs);
	buf_release(&sc.refusal);
	return rc;
}

/* httpc: libcurl requests and event streams (WHATWG EventSource checks). */
#include "compat.h"

#include "httpc.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 10000L
/* What a refusal's body may say that we repeat in a message. */
#define ERR_BODY_BYTES 4096

struct httpc {
	CURL *easy;
	CURLM *multi;
	char errbuf[CURL_ERROR_SIZE];
};

static bool curl_ready;

struct httpc *httpc_new(struct err *e)
{
	struct httpc *h;

	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(e, ERR_RUNTIME, "cannot initialise libcurl");
		return NULL;
	}
	curl_ready = true;
	h = calloc(1, sizeof(*h));
	if (h)
		h->easy = curl_easy_init();
	if (h && h->easy)
		h->multi = curl_multi_init();
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
		curl_multi_cleanup(h->multi);
	if (h->easy)
		curl_easy_cleanup(h->easy);
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
	return curl_version();
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

/* The URL without its query, for messages (topics make it long). */
static int shown_url(const char *url)
{
	size_t n = strcspn(url, "?#");

	return n > 200 ? 200 : (int)n;
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
		l = curl_slist_append(*list, line.data);
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

	curl_easy_reset(c); /* keeps live connections for reuse */
	h->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "winestore/" WS_VERSION);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 rq->connect_timeout_ms ? rq->connect_timeout_ms
						: CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	if (rq->timeout_ms && !stream)
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
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
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	}
	if (rc == 0 && rq->body) {
		if (rq->content_type)
			rc = add_header(hdrs, "Content-Type", rq->content_type,
					e);
		/* No "Expect: 100-continue" round trip for large bodies. */
		if (rc == 0)
			rc = add_header(hdrs, "Expect", "", e);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)rq->body_len);
	}
	if (rc == 0)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
	return rc;
}

/* The error for a transfer that failed before or without an answer. */
static int transfer_error(struct httpc *h, const char *url, CURLcode cc,
			  struct err *e)
{
	const char *why = h->errbuf[0] ? h->errbuf : curl_easy_strerror(cc);

	if (cc == CURLE_URL_MALFORMAT || cc == CURLE_UNSUPPORTED_PROTOCOL)
		return err_set(e, ERR_USAGE, "invalid URL '%s': %s", url, why);
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return err_set(e, ERR_UNAVAIL, "'%.*s' timed out: %s",
			       shown_url(url), url, why);
	return err_set(e, ERR_UNAVAIL, "cannot reach '%.*s': %s",
		       shown_url(url), url, why);
}

static void get_content_type(CURL *c, char *out, size_t size)
{
	char *ct = NULL;

	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
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

int httpc_request(struct httpc *h, const struct httpc_req *rq,
		  struct httpc_resp *rs, struct err *e)
{
	struct curl_slist *hdrs = NULL;
	CURLcode cc;
	int rc = setup(h, rq, false, &hdrs, e);

	rs->status = 0;
	rs->content_type[0] = '\0';
	buf_reset(&rs->body);
	if (rc == 0) {
		curl_easy_setopt(h->easy, CURLOPT_WRITEFUNCTION, body_cb);
		curl_easy_setopt(h->easy, CURLOPT_WRITEDATA, &rs->body);
		cc = curl_easy_perform(h->easy);
		if (cc != CURLE_OK)
			rc = transfer_error(h, rq->url, cc, e);
	}
	if (rc == 0) {
		curl_easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE, &rs->status);
		get_content_type(h->easy, rs->content_type,
				 sizeof(rs->content_type));
	}
	curl_slist_free_all(hdrs);
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
	curl_easy_getinfo(sc->h->easy, CURLINFO_RESPONSE_CODE, &sc->status);
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
	long status = 0;

	/* The blank line after a header block; 1xx and redirects have
	 * another block after them. */
	if ((len == 2 && p[0] == '\r') || (len == 1 && p[0] == '\n')) {
		curl_easy_getinfo(sc->h->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status / 100 == 1)
			return len;
		if (status / 100 == 3) {
			char *location = NULL;

			curl_easy_getinfo(sc->h->easy, CURLINFO_REDIRECT_URL,
					  &location);
			if (location)
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
	const char *msg = buf_cstr(&sc->refusal);
	size_t n = strcspn(msg, "\r\n");
	enum err_class cls = ERR_PROTOCOL;

	if (sc->status == 200)
		return err_set(e, ERR_PROTOCOL,
			       "'%.*s' answered with '%s', not an event stream",
			       shown_url(url), url,
			       sc->ctype[0] ? sc->ctype : "no content type");
	if (sc->status == 401 || sc->status == 403)
		cls = ERR_DENIED;
	else if (sc->status >= 400 && sc->status < 500)
		cls = ERR_DATA;
	else if (sc->status >= 500 && sc->status < 600)
		cls = ERR_UNAVAIL;
	if (n > 200)
		n = 200;
	if (n == 0)
		return err_set(e, cls, "'%.*s' answered %ld", shown_url(url),
			       url, sc->status);
	return err_set(e, cls, "'%.*s' answered %ld: %.*s", shown_url(url), url,
		       sc->status, (int)n, msg);
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

		if (curl_multi_perform(m, &running) != CURLM_OK)
			return -1;
		while ((msg = curl_multi_info_read(m, &left)))
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
		if (curl_multi_poll(m, NULL, 0, wait, NULL) != CURLM_OK)
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
	rc = setup(h, rq, true, &hdrs, e);
	if (rc < 0)
		goto out;
	curl_easy_setopt(h->easy, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h->easy, CURLOPT_HEADERDATA, &sc);
	curl_easy_setopt(h->easy, CURLOPT_WRITEFUNCTION, stream_cb);
	curl_easy_setopt(h->easy, CURLOPT_WRITEDATA, &sc);
	if (curl_multi_add_handle(h->multi, h->easy) != CURLM_OK) {
		rc = err_set(e, ERR_RUNTIME, "cannot start a transfer");
		goto out;
	}
	rc = pump(&sc, &cc);
	curl_multi_remove_handle(h->multi, h->easy);
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
	curl_slist_free_all(hdrs);
	buf_release(&sc.refusal);
	return rc;
}

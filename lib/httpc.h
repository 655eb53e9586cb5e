/*
 * httpc: the HTTP client every tool uses, on libcurl.
 *
 * libcurl is loaded at run time (dlopen "libcurl.so.4") by the first
 * httpc_new or httpc_version, not linked: a tool that never connects
 * never maps it. Nothing else in the project calls libcurl.
 *
 * One handle keeps its connections alive between requests, so a series
 * of publishes goes over one TCP connection. Two kinds of request: a
 * one-shot request whose response body is read whole (bounded), and an
 * event stream read as it arrives and fed to an SSE parser, with the
 * checks an EventSource makes (200 and text/event-stream, else fail; 204
 * means "stop reconnecting").
 */
#ifndef WS_HTTPC_H
#define WS_HTTPC_H

#include "buf.h"
#include "compat.h"
#include "err.h"
#include "sse.h"

#include <stdbool.h>
#include <stdint.h>

struct httpc;

struct httpc_req {
	const char *url;
	const char *bearer;	   /* "Authorization: Bearer" token, or NULL */
	const char *cookie;	   /* a Cookie header value, or NULL */
	const char *last_event_id; /* streams: sent when not NULL or "" */
	const char *content_type;  /* of the body */
	const void *body;	   /* POST this body when not NULL */
	size_t body_len;
	long connect_timeout_ms; /* 0: 10 seconds */
	long timeout_ms;	 /* one-shot: the whole exchange; 0: none */
};

struct httpc_resp {
	long status;
	char content_type[128]; /* "" when the response named none */
	struct buf body;	/* the caller sets the ceiling */
};

/*
 * Load libcurl from soname (NULL: "libcurl.so.4") and initialise it; once
 * that succeeded, later calls return 0 at once whatever soname says.
 * Returns 0, or -1 with e set: ERR_UNAVAIL "cannot load libcurl: <why>"
 * when the library or a function it should have is missing (a later call
 * tries again), ERR_RUNTIME when libcurl does not initialise. Not
 * thread-safe; httpc_new calls it, so tools need not.
 */
int httpc_load(const char *soname, struct err *e) WS_MUST_USE;

/*
 * New: a client; loads libcurl first (httpc_load) if needed. NULL with e
 * set on failure (ERR_UNAVAIL when libcurl cannot be loaded). Free with
 * httpc_free.
 */
struct httpc *httpc_new(struct err *e);

void httpc_free(struct httpc *h);

/*
 * Send rq and read the whole response into rs: status, content type and
 * body (what passes rs->body's ceiling is dropped). Any HTTP status is a
 * success here. Fails with ERR_UNAVAIL when the server cannot be reached
 * or the exchange times out, ERR_USAGE for a URL libcurl refuses.
 */
int httpc_request(struct httpc *h, const struct httpc_req *rq,
		  struct httpc_resp *rs, struct err *e) WS_MUST_USE;

/* How an event stream ended (httpc_stream's non-negative results). */
enum httpc_end {
	HTTPC_CLOSED = 0,    /* the server closed a good stream: reconnect */
	HTTPC_STOPPED = 1,   /* a callback asked to stop */
	HTTPC_IDLE = 2,	     /* the deadline passed */
	HTTPC_NOCONTENT = 3, /* 204: the server says do not reconnect */
	HTTPC_DROPPED = 4    /* a network error, before or during the
			      * stream (e says which): reconnect */
};

struct httpc_stream {
	struct sse_parser *parser; /* fed every byte of a good stream */
	/* The bytes just fed, with the parser's used and safe counts (for
	 * raw output); then chunk_done. Either may be NULL. Non-zero from
	 * either stops the stream (HTTPC_STOPPED). */
	int (*raw)(void *ctx, const char *bytes, size_t n, size_t safe);
	int (*chunk_done)(void *ctx);
	void *ctx;
	/* Monotonic milliseconds (httpc_now_ms) after which to give up
	 * with HTTPC_IDLE; 0 for none. Read again after each chunk, so the
	 * callbacks may move it. */
	const int64_t *deadline_ms;
	/* results */
	bool opened;  /* a 200 text/event-stream response began */
	int parse_rc; /* the parser's result when it stopped the stream */
};

/*
 * GET rq->url as an event stream (Accept: text/event-stream,
 * Cache-Control: no-cache, Last-Event-ID when given) and feed it to
 * s->parser until it ends. Returns an enum httpc_end, or -1 with e set
 * when the stream must not be retried: a status other than 200 and 204
 * (ERR_DENIED for 401 and 403, ERR_DATA for other 4xx, ERR_UNAVAIL for
 * 5xx, ERR_PROTOCOL otherwise; the message quotes the server's), a 200
 * that is not text/event-stream (ERR_PROTOCOL), a parser error (the
 * parser's, see sse_error), or a bad URL (ERR_USAGE).
 */
int httpc_stream(struct httpc *h, const struct httpc_req *rq,
		 struct httpc_stream *s, struct err *e) WS_MUST_USE;

/*
 * Append "name=value" to a query string or a form body, percent-encoding
 * both as application/x-www-form-urlencoded wants (unreserved characters
 * stay, the rest is %XX), with a "&" first unless b is empty or ends in
 * "?" or "&". Returns 0 or a negative buf_err.
 */
int httpc_param(struct buf *b, const char *name, const char *value,
		size_t len) WS_MUST_USE;

/*
 * How many bytes of url messages show: up to its query or fragment
 * (topics make queries long), and at most 200.
 */
int httpc_url_shown(const char *url);

/*
 * The error for a server's answer other than 2xx to url: ERR_DENIED for
 * 401 and 403, ERR_DATA for another 4xx, ERR_UNAVAIL for 5xx,
 * ERR_PROTOCOL for anything else, the message quoting the first line of
 * body[0..len) (at most 200 bytes; body may be NULL). Returns -1.
 */
int httpc_refused(const char *url, long status, const char *body, size_t len,
		  struct err *e);

/* Milliseconds on a monotonic clock. */
int64_t httpc_now_ms(void);

/*
 * How long to wait before attempt number failures + 1 (failures >= 1):
 * base doubled per earlier failure, capped at cap, then a random point in
 * its upper half ("equal jitter"), so clients cut off together do not
 * come back together. base <= 0 gives 0.
 */
int64_t httpc_backoff_ms(int64_t base, int failures, int64_t cap);

/* Sleep ms milliseconds (resumed after signals). */
void httpc_sleep_ms(int64_t ms);

/*
 * Borrowed: "libcurl/7.88.1 OpenSSL/3.0 ...", loading libcurl if needed;
 * when it cannot be loaded, the reason ("cannot load libcurl: ...").
 */
const char *httpc_version(void);

#endif

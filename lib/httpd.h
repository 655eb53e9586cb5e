/*
 * httpd: the small epoll HTTP/1.1 server every winestore server runs on.
 *
 * One thread, one epoll loop, level-triggered, with EPOLLOUT armed only
 * while output is pending. Requests are framed by the http parser and
 * handed whole (head and body) to one handler, which answers at once or
 * later (httpd_respond), or turns the connection into a stream
 * (httpd_stream_start) for Server-Sent Events.
 *
 * Streams are built for fan-out: an event is encoded once into a
 * reference-counted frame, queued on every subscriber's connection
 * without copying, and all frames queued during one turn of the loop are
 * written to each connection with a single writev at the end of that
 * turn. A stream's queue is bounded; a subscriber that stops reading is
 * disconnected without slowing anyone else. An idle stream costs a few
 * hundred bytes: its input buffer is released once the request is read.
 *
 * libmicrohttpd was the first choice, but its per-connection memory pool
 * alone puts an idle subscriber above 6 KB and it walks every suspended
 * connection on each resume (reference/performance.md section 5); this
 * core keeps a subscriber under 1 KB and writes each event once per
 * socket.
 */
#ifndef WS_HTTPD_H
#define WS_HTTPD_H

#include "compat.h"
#include "err.h"
#include "http.h"

#include <stdbool.h>
#include <stdint.h>

struct httpd;
struct httpd_conn;
struct httpd_frame;

struct httpd_request {
	struct http_request head;
	const char *body; /* NUL-terminated; body_len bytes */
	size_t body_len;
};

/*
 * Called once per complete request. The request (head and body) is
 * borrowed for the duration of the call only. The handler must, now or
 * later, call httpd_respond or httpd_stream_start on c exactly once, or
 * httpd_close.
 */
typedef void (*httpd_handler_fn)(struct httpd_conn *c,
				 const struct httpd_request *req, void *arg);

/* Why a connection ended; counted in struct httpd_stats. */
enum httpd_close_reason {
	HTTPD_CLOSE_DONE,     /* the response ended the connection */
	HTTPD_CLOSE_PEER,     /* the client went away */
	HTTPD_CLOSE_SLOW,     /* a stream's queue overflowed */
	HTTPD_CLOSE_TIMEOUT,  /* a request took too long, or idle */
	HTTPD_CLOSE_ERROR,    /* a socket error or a malformed request */
	HTTPD_CLOSE_SERVER,   /* the application ended it (token expiry) */
	HTTPD_CLOSE_SHUTDOWN, /* the server is stopping */
	HTTPD_CLOSE_REASONS
};

struct httpd_config {
	const char *addr; /* "host:port", ":port", "[::1]:port" */
	size_t max_body;  /* larger bodies get 413 */
	int max_conns;	  /* past this, new clients get 503 */
	/* Past this many connections from one address, its requests get 429
	 * with Retry-After and the connection ends; 0: no such limit (behind
	 * a proxy every client has the proxy's address). */
	int max_conns_per_client;
	int idle_seconds; /* keep-alive connections idle this long end */
	httpd_handler_fn handler;
	void *arg; /* passed to every callback */
	/* About once a second, and once more when stopping (stopping=true). */
	void (*tick)(void *arg, int64_t now_ms, bool stopping);
	/* After each turn of the loop, before queued frames are written. */
	void (*turn_end)(void *arg);
	/* One logfmt line per request answered or stream started or ended,
	 * with any 'authorization' query parameter redacted; NULL for none. */
	void (*log)(void *arg, const char *line);
	/* Leave requests and streams out of the log (warnings stay); no
	 * request line is even formatted then. */
	bool quiet_requests;
	/* A stream asked to be told (httpd_stream_notify_drained) has
	 * written everything queued. It may queue more from here. */
	void (*stream_drained)(struct httpd_conn *c, void *owner);
	/* A stream's connection closed; its owner must forget it now. */
	void (*stream_closed)(struct httpd_conn *c, void *owner,
			      enum httpd_close_reason why);
};

struct httpd_stats {
	uint64_t requests;
	uint64_t bytes_sent;
	uint64_t accepted;
	uint64_t refused; /* over max_conns */
	int64_t conns;	  /* open now */
	int64_t streams;  /* of which streams */
	uint64_t closed[HTTPD_CLOSE_REASONS];
};

/*
 * New: a server listening on cfg->addr (resolved now; port 0 picks a
 * free port). SIGPIPE is ignored; SIGTERM and SIGINT stop httpd_run.
 * Returns NULL with ERR_USAGE for a bad address or ERR_UNAVAIL when the
 * address cannot be bound.
 */
struct httpd *httpd_new(const struct httpd_config *cfg, struct err *e);

/* Run the loop until httpd_stop or a stop signal; then end streams
 * (the tick callback sees stopping=true first) and flush pending
 * responses for up to a few seconds. Returns 0, or -1 on a fatal error. */
int httpd_run(struct httpd *h, struct err *e) WS_MUST_USE;

/* Ask the loop to stop at the end of its current turn. */
void httpd_stop(struct httpd *h);

/* Close every connection and the listener, and free h. NULL is a no-op. */
void httpd_free(struct httpd *h);

/* The port actually bound (useful after ":0"). */
int httpd_port(const struct httpd *h);

/* Borrowed: the live counters. */
const struct httpd_stats *httpd_stats(const struct httpd *h);

/* Milliseconds on the monotonic clock, and Unix seconds, cached per turn. */
int64_t httpd_now_ms(const struct httpd *h);
int64_t httpd_unix_time(const struct httpd *h);

/*
 * Answer the request c is waiting on. headers holds extra header lines
 * ("Name: value\r\n"...) or NULL; content_type may be NULL when there is
 * no body. Date, Server, Content-Length and Connection are added here.
 * The body is copied. Returns 0, or -1 if c cannot take a response.
 */
int httpd_respond(struct httpd_conn *c, int status, const char *content_type,
		  const char *headers, const void *body, size_t len);

/*
 * Turn c into a stream: its status line and headers are written at the
 * end of this turn, before any frame (chunked on HTTP/1.1), and the
 * connection stays open for httpd_stream_queue. owner is handed back to
 * cfg->stream_closed when the connection ends, never before this returns.
 * Returns 0, or -1 (c closed, owner not told) when c cannot stream.
 */
int httpd_stream_start(struct httpd_conn *c, int status,
		       const char *content_type, const char *headers,
		       void *owner);

/*
 * New: a frame holding len bytes of stream data, with one reference.
 * The same frame may be queued on any number of streams.
 */
struct httpd_frame *httpd_frame_new(const void *data, size_t len);
void httpd_frame_ref(struct httpd_frame *f);
void httpd_frame_unref(struct httpd_frame *f);

/*
 * Queue f (taking a reference) on stream c, to be written at the end of
 * this turn of the loop. Returns 0, or -1 when c's queue is full: c is
 * then closed as too slow and its owner told, before this returns.
 */
int httpd_stream_queue(struct httpd_conn *c, struct httpd_frame *f);

/*
 * End stream c cleanly: what is queued is written, then the terminating
 * chunk, then the connection closes and the owner is told why. Frames
 * queued after this are dropped.
 */
void httpd_stream_end(struct httpd_conn *c, enum httpd_close_reason why);

/* Call cfg->stream_drained once, when c's queue has been written out:
 * a producer that reads a backlog in pages waits for this between pages. */
void httpd_stream_notify_drained(struct httpd_conn *c);

/* Bytes and events queued on a stream and not yet written. */
size_t httpd_stream_backlog(const struct httpd_conn *c);

/* End c (a stream or a connection waiting for its response). */
void httpd_close(struct httpd_conn *c, enum httpd_close_reason why);

/* Borrowed: "ip:port" of the client. */
const char *httpd_conn_peer(const struct httpd_conn *c);

/* The server c belongs to. */
struct httpd *httpd_conn_server(const struct httpd_conn *c);

#endif

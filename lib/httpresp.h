/*
 * httpresp: an incremental HTTP/1.1 response reader (RFC 9112).
 *
 * Fed the bytes a server sends on one connection, in pieces of any size,
 * it gathers one response at a time: the head (parsed by
 * http_parse_response, at most LIMIT_HTTP_HEAD_BYTES), interim 1xx
 * responses skipped (at most LIMIT_HTTP_INTERIM_RESPONSES in a row),
 * then the body framed by Content-Length, by chunked coding (chunk lines
 * of at most LIMIT_HTTP_CHUNK_LINE_BYTES, trailers read and dropped) or
 * by the end of the connection. It stops right after a response, so the
 * bytes that follow can be fed for the next one once it is reset: that
 * is how pipelined responses are read. Only the first max_body bytes of
 * a body are kept; the rest is read and dropped.
 */
#ifndef WS_HTTPRESP_H
#define WS_HTTPRESP_H

#include "buf.h"
#include "compat.h"
#include "err.h"
#include "http.h"

#include <stdbool.h>
#include <stdint.h>

struct httpresp {
	/* The response, once httpresp_feed or httpresp_eof returned 1. */
	struct http_response head; /* points into the reader's memory */
	struct buf body;	   /* the first max_body bytes of the body */
	bool truncated;		   /* the body was longer than that */
	int interim;		   /* 1xx responses skipped before it */
	/* Bytes of this response fed so far (1xx and blank lines before it
	 * included): 0 while nothing of it has come. */
	size_t seen;
	/* private */
	int state;
	bool no_body;	 /* an answer to HEAD */
	struct buf raw;	 /* the head being gathered */
	struct buf line; /* a chunk-size or trailer line */
	uint64_t left;	 /* bytes of the body or chunk still to come */
	size_t trailer;	 /* bytes of trailer fields so far */
};

/* Start reading a connection's first response; no allocation. */
void httpresp_init(struct httpresp *p, size_t max_body);

void httpresp_release(struct httpresp *p);

/*
 * Forget the response read (or the error) and expect the next one;
 * no_body: it answers a HEAD request, so it has no body whatever its
 * fields say. Memory is kept for reuse.
 */
void httpresp_reset(struct httpresp *p, bool no_body);

/*
 * Feed data[0..len). *used says how many bytes were taken: all of them,
 * or fewer when a response ended inside them. Returns 1 when the
 * response is complete (p->head, p->body), 0 when it needs more bytes,
 * or -1 with e set (ERR_PROTOCOL: the server broke the protocol, or a
 * limit above; the reader must be reset before it is fed again). A
 * response whose body runs to the end of the connection completes only
 * in httpresp_eof.
 */
int httpresp_feed(struct httpresp *p, const char *data, size_t len,
		  size_t *used, struct err *e) WS_MUST_USE;

/*
 * The connection ended. Returns 1 when that completes the response (its
 * body ran to the end), 0 when nothing of a response had come (a clean
 * end between responses), or -1 with e set (ERR_UNAVAIL) when it ended
 * in the middle of one.
 */
int httpresp_eof(struct httpresp *p, struct err *e) WS_MUST_USE;

#endif

/*
 * pubpipe: publishing lines with HTTP/1.1 pipelining (RFC 9112 9.3.2).
 *
 * pubreq_lines sends one update, waits for its answer, then sends the
 * next: each update costs a round trip to the hub. pubpipe keeps up to a
 * window of requests in flight on one plain TCP connection, writing them
 * as the socket takes them while it reads the answers, which a server
 * must give in order. It speaks plain http:// only and to the hub itself
 * (no proxy); https:// and proxied hubs stay with libcurl, which cannot
 * pipeline.
 *
 * On each new connection one request goes first, alone: more follow
 * once its answer shows that the connection persists (so an answer with
 * "Connection: close" or from an HTTP/1.0 server is never followed by
 * requests the server will not read, and a request that failed a
 * connection is not lost again with others). A connection that breaks,
 * or closes after an answer, is opened again and the lines not yet
 * answered are sent again: at least once, so a line whose answer was
 * lost may be published twice.
 */
#ifndef WS_PUBPIPE_H
#define WS_PUBPIPE_H

#include "compat.h"
#include "err.h"
#include "pubreq.h"

#include <stdbool.h>
#include <stdio.h>

/* The window when none is asked for. */
#define PUBPIPE_WINDOW 16

/*
 * Whether pubpipe_lines can publish to url itself: an http:// URL
 * (host, optional port, path and query; no user name) to which no proxy
 * applies: none of http_proxy, HTTP_PROXY, all_proxy and ALL_PROXY is
 * set, or no_proxy (NO_PROXY) names its host ("*", the host, or a domain
 * it is in).
 */
bool pubpipe_usable(const char *url);

/*
 * As pubreq_lines (same results, errors and output), with up to window
 * (1..LIMIT_PUB_PIPELINE) requests in flight, fewer while the requests
 * unanswered pass LIMIT_PUB_PIPELINE_BYTES. Ids are written in input
 * order and flushed as they come. At the first answer that is an error,
 * no new line is sent, the answers to those in flight are still read
 * (the ids of those the hub took are written), and that first error is
 * the result. A connection failure or a 5xx is retried r->retries times
 * in a row (the count starts again after each answer taken), with
 * backoff, sending again every line not yet answered; a connection that
 * breaks after answers came is opened again once at no cost (a server
 * may close an idle connection). r->timeout_ms bounds the connection,
 * then the wait for each answer. url must be pubpipe_usable.
 */
int pubpipe_lines(const struct pubreq *r, int window, int fd, FILE *out,
		  struct err *e) WS_MUST_USE;

#endif

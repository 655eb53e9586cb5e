/*
 * http: an HTTP/1.x request-head parser (RFC 9112), strict and in place.
 *
 * The parser reads the request line and header fields from a buffer the
 * caller owns, writes NUL bytes into it to end each token, and points the
 * request's fields into it. It never allocates and never reads past len.
 * Bodies are framed by Content-Length only; a request with
 * Transfer-Encoding is reported so the server can answer 411.
 */
#ifndef WS_HTTP_H
#define WS_HTTP_H

#include "bounds.h"
#include "compat.h"

#include <stdbool.h>
#include <stddef.h>

struct http_header {
	const char *name;  /* as received; compare with strcasecmp */
	const char *value; /* without surrounding whitespace */
};

struct http_request {
	const char *method;
	const char *target; /* the request-target as received */
	const char *path;   /* target up to '?' (not NUL-terminated) */
	size_t path_len;
	const char *query; /* after '?', NUL-terminated; "" when none */
	int version;	   /* 10 or 11 */
	struct http_header headers[LIMIT_HTTP_HEADERS];
	int nheaders;
	size_t content_length; /* 0 when absent */
	bool chunked;	       /* Transfer-Encoding was present */
	bool keep_alive;       /* the connection may carry another request */
	bool expect_continue;  /* "Expect: 100-continue" */
};

/*
 * Parse the head at buf[0..len). Returns the number of bytes it spans
 * (through the blank line) when complete, 0 when more bytes are needed,
 * or the negated HTTP status to answer: -400 malformed (this includes an
 * HTTP/1.1 request without one Host field, two Host fields, or both
 * Content-Length and Transfer-Encoding), -431 head too large or more than
 * LIMIT_HTTP_HEADERS fields, -505 a version other than 1.0 and 1.1, -501
 * a Transfer-Encoding other than chunked. The request-target may be in
 * origin-form ("/p?q"), absolute-form ("http://h/p?q": path and query are
 * taken from it) or, for OPTIONS, "*". On success buf has been modified
 * in place.
 */
int http_parse_request(char *buf, size_t len, struct http_request *req);

/* Borrowed: the value of header name (case-insensitive), or NULL. */
const char *http_header(const struct http_request *req, const char *name);

/*
 * Whether an If-None-Match value names etag (a quoted strong tag such as
 * "\"abc\""): "*", or a list member equal to it by the weak comparison
 * of RFC 9110 13.1.2 (a "W/" prefix is ignored). A malformed member ends
 * the list: what came before it still counts.
 */
bool http_etag_listed(const char *list, const char *etag);

/* The reason phrase for a status code ("Not Found"). */
const char *http_reason(int status);

#endif

/*
 * http: HTTP/1.x request-head and response-head parsers (RFC 9112),
 * strict and in place.
 *
 * The parsers read the start line and header fields from a buffer the
 * caller owns, write NUL bytes into it to end each token, and point the
 * message's fields into it. They never allocate and never read past len.
 * Request bodies are framed by Content-Length only; a request with
 * Transfer-Encoding is reported so the server can answer 411. Response
 * bodies are framed by httpresp, which reads a whole response.
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

struct http_response {
	int version;	    /* 10 for HTTP/1.0, else 11 (any later 1.x) */
	int status;	    /* 100 to 599 */
	const char *reason; /* "" when none */
	struct http_header headers[LIMIT_HTTP_HEADERS];
	int nheaders;
	bool has_length; /* Content-Length came */
	size_t content_length;
	bool chunked;	   /* Transfer-Encoding: chunked */
	bool keep_alive;   /* HTTP/1.1 without "Connection: close", or HTTP/1.0
			    * with "Connection: keep-alive" */
	const char *error; /* static: why parsing failed */
};

/*
 * Parse the response head at buf[0..len) (status line first: blank
 * lines before it are the caller's to skip). Returns the number of bytes
 * it spans (through the blank line) when complete, 0 when more bytes are
 * needed, or -1 with resp->error set: a malformed status line, a version
 * other than HTTP/1.x, a code outside 100..599, a malformed field, more
 * than LIMIT_HTTP_HEADERS fields, a head over LIMIT_HTTP_HEAD_BYTES,
 * Content-Lengths that disagree, Content-Length with Transfer-Encoding,
 * or a Transfer-Encoding other than chunked (none was asked for).
 * Obsolete line folding is replaced by spaces (RFC 9112 5.2). Whether
 * the status carries a body is for the caller to decide. On success buf
 * has been modified in place.
 */
int http_parse_response(char *buf, size_t len, struct http_response *resp);

/* Borrowed: the value of the first field name (case-insensitive), or NULL. */
const char *http_response_header(const struct http_response *resp,
				 const char *name);

/* The reason phrase for a status code ("Not Found"). */
const char *http_reason(int status);

#endif

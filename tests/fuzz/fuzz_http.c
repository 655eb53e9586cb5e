/*
 * Fuzz target for lib/http: the input is what a client sent. Besides
 * looking for crashes and reads past the input (it is parsed in a heap
 * copy of exactly its length), it checks what the server relies on: a
 * complete head is no longer than the input and no shorter prefix of it
 * is complete; the request's strings lie inside the parsed bytes; the
 * framing is never both Content-Length and chunked; parsing is the same
 * whatever follows the head.
 */
#include "compat.h"

#include "http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int parse(const uint8_t *data, size_t size, char **copy,
		 struct http_request *r)
{
	*copy = malloc(size ? size : 1);
	if (!*copy)
		abort();
	memcpy(*copy, data, size);
	return http_parse_request(*copy, size, r);
}

static void inside(const char *s, const char *buf, size_t size)
{
	if (s < buf || s >= buf + size || !memchr(s, '\0', buf + size - s))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request r, r2;
	char *buf, *buf2;
	int n, n2, i;

	n = parse(data, size, &buf, &r);
	if (n < 0 && n != -400 && n != -431 && n != -501 && n != -505)
		abort();
	if (n > 0) {
		if ((size_t)n > size || (size_t)n > LIMIT_HTTP_HEAD_BYTES)
			abort();
		inside(r.method, buf, (size_t)n);
		inside(r.target, buf, (size_t)n);
		if (*r.query) /* "" may be a literal */
			inside(r.query, buf, (size_t)n);
		if (r.version != 10 && r.version != 11)
			abort();
		if (r.nheaders > LIMIT_HTTP_HEADERS)
			abort();
		for (i = 0; i < r.nheaders; i++) {
			inside(r.headers[i].name, buf, (size_t)n);
			inside(r.headers[i].value, buf, (size_t)n);
			if (!*r.headers[i].name ||
			    strpbrk(r.headers[i].value, "\r\n"))
				abort();
		}
		if (r.chunked && http_header(&r, "Content-Length"))
			abort();
		if (r.version == 11 && !http_header(&r, "Host"))
			abort();
		/* Any If-None-Match value is read to its end or first flaw. */
		if (http_header(&r, "If-None-Match"))
			(void)http_etag_listed(http_header(&r, "If-None-Match"),
					       "\"0123456789abcdef\"");
		/* The head alone parses the same; one byte less is not a
		 * head yet. */
		n2 = parse(data, (size_t)n, &buf2, &r2);
		if (n2 != n || r2.content_length != r.content_length ||
		    r2.nheaders != r.nheaders || strcmp(r2.target, r.target))
			abort();
		free(buf2);
		n2 = parse(data, (size_t)n - 1, &buf2, &r2);
		if (n2 != 0 && n2 != -400)
			abort();
		free(buf2);
	}
	free(buf);
	return 0;
}

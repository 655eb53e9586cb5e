/*
 * Golden driver for lib/http: standard input is the bytes a client sent
 * on one connection. Requests are framed as the server frames them: blank
 * lines between requests are skipped, each head is parsed, its body
 * (Content-Length bytes) passed over, and the next request begins. One
 * JSON line per request: its fields, or where parsing stopped:
 *   {"status":N}      the parser's refusal (400, 431, 501, 505);
 *   {"incomplete":N}  N bytes of a head still waiting for its end;
 *   {"short_body":N}  a head whose body lacks N bytes.
 */
#include "compat.h"

#include "buf.h"
#include "http.h"
#include "slurp.h"

#include <stdio.h>
#include <string.h>

static void put_json(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void put_request(const struct http_request *r, int n)
{
	int i;

	printf("{\"method\":");
	put_json(r->method, strlen(r->method));
	printf(",\"target\":");
	put_json(r->target, strlen(r->target));
	printf(",\"path\":");
	put_json(r->path, r->path_len);
	printf(",\"query\":");
	put_json(r->query, strlen(r->query));
	printf(",\"version\":\"1.%d\",\"headers\":[", r->version % 10);
	for (i = 0; i < r->nheaders; i++) {
		printf("%s[", i ? "," : "");
		put_json(r->headers[i].name, strlen(r->headers[i].name));
		putchar(',');
		put_json(r->headers[i].value, strlen(r->headers[i].value));
		putchar(']');
	}
	printf("],\"content_length\":%zu,\"chunked\":%s,\"keep_alive\":%s,"
	       "\"expect_continue\":%s,\"head_bytes\":%d}\n",
	       r->content_length, r->chunked ? "true" : "false",
	       r->keep_alive ? "true" : "false",
	       r->expect_continue ? "true" : "false", n);
}

int main(void)
{
	struct buf in = BUF_INIT(4 * 1024 * 1024);
	struct http_request req;
	struct err e;
	size_t off = 0;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0) {
		fprintf(stderr, "http: %s\n", e.msg);
		return 1;
	}
	for (;;) {
		char *copy;
		size_t left;
		int n;

		while (off < in.len &&
		       (in.data[off] == '\r' || in.data[off] == '\n'))
			off++;
		left = in.len - off;
		if (left == 0)
			break;
		/* A copy of exactly what is left: the parser writes into it,
		 * and the sanitizers see any read past its end. */
		copy = malloc(left);
		if (!copy)
			return 1;
		memcpy(copy, in.data + off, left);
		n = http_parse_request(copy, left, &req);
		if (n < 0)
			printf("{\"status\":%d}\n", -n);
		else if (n == 0)
			printf("{\"incomplete\":%zu}\n", left);
		else
			put_request(&req, n);
		free(copy);
		if (n <= 0)
			break;
		if (left - (size_t)n < req.content_length) {
			printf("{\"short_body\":%zu}\n",
			       req.content_length - (left - (size_t)n));
			break;
		}
		off += (size_t)n + req.content_length;
	}
	buf_release(&in);
	return 0;
}

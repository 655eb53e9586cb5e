/*
 * Golden driver for lib/httpresp: standard input is what a server sent
 * on one connection, answering as many pipelined requests (none of them
 * HEAD) as it holds responses. It is read twice, once fed whole and once
 * a byte at a time, and both readings must agree (else one line
 * {"mismatch":...}). One JSON line per response:
 *   {"status":200,"version":"1.1","reason":"OK","headers":[[n,v],...],
 *    "interim":0,"keep_alive":true,"body":"...","truncated":false}
 * with bodies kept up to 64 bytes; then how the input ended:
 *   {"end":"clean"}  between two responses;
 *   {"error":"..."}  the reader's error (a cut response included).
 */
#include "compat.h"

#include "buf.h"
#include "httpresp.h"
#include "jsonw.h"
#include "slurp.h"

#include <stdio.h>
#include <string.h>

#define MAX_BODY 64

static int put_response(struct buf *o, const struct httpresp *p)
{
	const struct http_response *h = &p->head;
	int i, rc;

	rc = buf_printf(o, "{\"status\":%d,\"version\":\"1.%d\",\"reason\":",
			h->status, h->version % 10);
	if (rc == 0)
		rc = jsonw_cstr(o, h->reason, JSONW_PLAIN);
	if (rc == 0)
		rc = buf_addstr(o, ",\"headers\":[");
	for (i = 0; rc == 0 && i < h->nheaders; i++) {
		rc = buf_addstr(o, i ? ",[" : "[");
		if (rc == 0)
			rc = jsonw_cstr(o, h->headers[i].name, JSONW_PLAIN);
		if (rc == 0)
			rc = buf_addch(o, ',');
		if (rc == 0)
			rc = jsonw_cstr(o, h->headers[i].value, JSONW_PLAIN);
		if (rc == 0)
			rc = buf_addch(o, ']');
	}
	if (rc == 0)
		rc = buf_printf(o,
				"],\"interim\":%d,\"keep_alive\":%s,\"body\":",
				p->interim, h->keep_alive ? "true" : "false");
	if (rc == 0)
		rc = jsonw_str(o, p->body.data ? p->body.data : "", p->body.len,
			       JSONW_PLAIN);
	if (rc == 0)
		rc = buf_printf(o, ",\"truncated\":%s}\n",
				p->truncated ? "true" : "false");
	return rc;
}

static int put_error(struct buf *o, const struct err *e)
{
	int rc = buf_addstr(o, "{\"error\":");

	if (rc == 0)
		rc = jsonw_cstr(o, e->msg, JSONW_PLAIN);
	if (rc == 0)
		rc = buf_addstr(o, "}\n");
	return rc;
}

/* Read in[0..len) in pieces of step bytes (0: whole) into o. */
static int read_all(const char *in, size_t len, size_t step, struct buf *o)
{
	struct httpresp p;
	struct err e;
	size_t off = 0, used;
	int rc = 0, got;

	err_init(&e);
	httpresp_init(&p, MAX_BODY);
	httpresp_reset(&p, false);
	while (rc == 0) {
		size_t n = len - off;

		if (step && n > step)
			n = step;
		if (n == 0) {
			got = httpresp_eof(&p, &e);
			if (got == 1)
				rc = put_response(o, &p);
			if (rc == 0 && got == 0)
				rc = buf_addstr(o, "{\"end\":\"clean\"}\n");
			if (rc == 0 && got < 0)
				rc = put_error(o, &e);
			break;
		}
		got = httpresp_feed(&p, in + off, n, &used, &e);
		off += used;
		if (got < 0) {
			rc = put_error(o, &e);
			break;
		}
		if (got == 1) {
			rc = put_response(o, &p);
			httpresp_reset(&p, false);
		}
	}
	httpresp_release(&p);
	return rc;
}

int main(void)
{
	struct buf in = BUF_INIT(4 * 1024 * 1024);
	struct buf whole = BUF_INIT(16 * 1024 * 1024);
	struct buf bytes = BUF_INIT(16 * 1024 * 1024);
	struct err e;
	int rc = 1;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0) {
		fprintf(stderr, "httpresp: %s\n", e.msg);
		goto out;
	}
	if (read_all(in.data ? in.data : "", in.len, 0, &whole) != 0 ||
	    read_all(in.data ? in.data : "", in.len, 1, &bytes) != 0) {
		fprintf(stderr, "httpresp: out of memory\n");
		goto out;
	}
	if (whole.len == bytes.len &&
	    !memcmp(whole.data, bytes.data, whole.len))
		fputs(buf_cstr(&whole), stdout);
	else
		printf("{\"mismatch\":true}\n%s---\n%s", buf_cstr(&whole),
		       buf_cstr(&bytes));
	rc = 0;
out:
	buf_release(&in);
	buf_release(&whole);
	buf_release(&bytes);
	return rc;
}

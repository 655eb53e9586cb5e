/*
 * Fuzz the SSE parser: the same stream parsed in one go, in chunks of a
 * fuzzed size, and with a stop after every event (then resumed) must give
 * the same events, comments, errors and final state. The first input byte
 * picks the chunk size (low 6 bits), a small ceiling (bit 6) and whether
 * comments are reported (bit 7).
 */
#include "compat.h"

#include "buf.h"
#include "sse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct record {
	struct buf log;
	bool stop; /* stop after each event */
};

static void put(struct record *r, char tag, const char *s, size_t n)
{
	if (buf_addch(&r->log, tag) || buf_add(&r->log, &n, sizeof(n)) ||
	    buf_add(&r->log, s, n))
		abort();
}

static int on_event(void *ctx, const struct sse_event *ev)
{
	struct record *r = ctx;

	if (ev->id_len && memchr(ev->id, '\0', ev->id_len))
		abort(); /* an id never holds NUL */
	if (ev->type_len == 0)
		abort(); /* "message" when none was given */
	put(r, 'i', ev->id, ev->id_len);
	put(r, 't', ev->type, ev->type_len);
	put(r, 'd', ev->data, ev->data_len);
	put(r, 'r', (const char *)&ev->retry, sizeof(ev->retry));
	return r->stop ? 7 : 0;
}

static int on_retry(void *ctx, long long ms)
{
	if (ms < 0)
		abort();
	put(ctx, 'R', (const char *)&ms, sizeof(ms));
	return 0;
}

static int on_comment(void *ctx, const char *text, size_t len)
{
	put(ctx, 'c', text, len);
	return 0;
}

static void run(const uint8_t *data, size_t size, size_t chunk, size_t max,
		bool comments, bool stop, struct buf *out)
{
	struct sse_callbacks cb = { on_event, on_retry,
				    comments ? on_comment : NULL };
	struct record r = { BUF_INIT((size_t)1 << 30), stop };
	struct sse_parser p;
	size_t at = 0, len;
	const char *id;
	int rc = 0;

	sse_parser_init(&p, max, &cb, &r);
	while (at < size) {
		size_t n = chunk && size - at > chunk ? chunk : size - at;

		rc = sse_parser_feed(&p, data + at, n);
		if (p.used > n || p.safe > p.used)
			abort();
		if (rc < 0)
			break;
		if (rc != 0 && rc != 7)
			abort();
		if (rc == 0 && p.used != n)
			abort();
		at += p.used;
	}
	put(&r, 'e', (const char *)&rc, rc < 0 ? sizeof(rc) : 0);
	id = sse_parser_last_id(&p, &len);
	put(&r, 'l', id, len);
	put(&r, 'x', sse_parser_end(&p) ? "1" : "0", 1);
	sse_parser_release(&p);
	*out = r.log;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole, chunked, stopped;
	size_t chunk, max;
	bool comments;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] & 0x3f) + 1;
	max = data[0] & 0x40 ? 64 : 0;
	comments = data[0] & 0x80;
	data++;
	size--;
	run(data, size, 0, max, comments, false, &whole);
	run(data, size, chunk, max, comments, false, &chunked);
	run(data, size, chunk, max, comments, true, &stopped);
	if (whole.len != chunked.len ||
	    memcmp(whole.data, chunked.data, whole.len) != 0)
		abort();
	if (whole.len != stopped.len ||
	    memcmp(whole.data, stopped.data, whole.len) != 0)
		abort();
	buf_release(&whole);
	buf_release(&chunked);
	buf_release(&stopped);
	return 0;
}

/*
 * Fuzz target for lib/httpresp: the input is what a server sent on one
 * connection. It is read whole and again in pieces whose sizes come from
 * the input itself; both readings must see the same responses and end
 * the same way. Checked on the way: a call that needs more bytes took
 * all it was given, one that completed a response took no more than it
 * was given, kept bodies stay under their ceiling, and every response
 * is a final one (no 1xx).
 */
#include "compat.h"

#include "httpresp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BODY 32
#define MAX_SEEN 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	int n, end;
	int status[MAX_SEEN];
	size_t body[MAX_SEEN];
	bool keep[MAX_SEEN];
};

static void note(struct seen *s, const struct httpresp *p)
{
	if (p->head.status < 200 || p->head.status > 599 ||
	    p->body.len > MAX_BODY || (p->truncated && p->body.len != MAX_BODY))
		abort();
	if (s->n < MAX_SEEN) {
		s->status[s->n] = p->head.status;
		s->body[s->n] = p->body.len;
		s->keep[s->n] = p->head.keep_alive;
	}
	s->n++;
}

/* Read data[0..size) in pieces: step 0 whole, else sizes from seed. */
static void read_all(const uint8_t *data, size_t size, const uint8_t *seed,
		     size_t nseed, struct seen *s)
{
	struct httpresp p;
	size_t off = 0, used, i = 0;
	int got;

	memset(s, 0, sizeof(*s));
	httpresp_init(&p, MAX_BODY);
	httpresp_reset(&p, false);
	for (;;) {
		size_t n = size - off;

		if (nseed && n > (size_t)seed[i % nseed] + 1)
			n = (size_t)seed[i % nseed] + 1;
		i++;
		if (n == 0) {
			got = httpresp_eof(&p, NULL);
			if (got == 1)
				note(s, &p);
			s->end = got;
			break;
		}
		got = httpresp_feed(&p, (const char *)data + off, n, &used,
				    NULL);
		if (used > n || (got == 0 && used != n))
			abort();
		off += used;
		if (got < 0) {
			s->end = 2;
			break;
		}
		if (got == 1) {
			note(s, &p);
			httpresp_reset(&p, false);
		}
	}
	httpresp_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen whole, pieces;
	size_t nseed = size < 8 ? size : 8;

	read_all(data, size, NULL, 0, &whole);
	read_all(data, size, data, nseed, &pieces);
	if (whole.n != pieces.n || whole.end != pieces.end)
		abort();
	if (memcmp(whole.status, pieces.status, sizeof(whole.status)) ||
	    memcmp(whole.body, pieces.body, sizeof(whole.body)) ||
	    memcmp(whole.keep, pieces.keep, sizeof(whole.keep)))
		abort();
	return 0;
}

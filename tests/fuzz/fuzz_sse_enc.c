/*
 * Fuzz the SSE encoder by round trip: encode an event made of fuzzed
 * bytes, parse the result back (in one go and in fuzzed chunks), and
 * require exactly that event: the same id and type, the data with its line
 * breaks turned into LF, and the retry when positive. Ids and types with
 * CR, LF or NUL must be refused. Comments must come back line by line.
 *
 * Input: flags, id length, type length, 8 bytes of retry, chunk size,
 * then id, type and data bytes.
 */
#include "compat.h"

#include "buf.h"
#include "sse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct seen {
	int events;
	int ncomments;
	struct sse_event ev;
	struct buf id, type, data, comments;
};

static int on_event(void *ctx, const struct sse_event *ev)
{
	struct seen *s = ctx;

	s->events++;
	s->ev = *ev;
	buf_reset(&s->id);
	buf_reset(&s->type);
	buf_reset(&s->data);
	if (buf_add(&s->id, ev->id, ev->id_len) ||
	    buf_add(&s->type, ev->type, ev->type_len) ||
	    buf_add(&s->data, ev->data, ev->data_len))
		abort();
	return 0;
}

static int on_comment(void *ctx, const char *text, size_t len)
{
	struct seen *s = ctx;

	if (s->ncomments++ && buf_addch(&s->comments, '\n'))
		abort();
	if (buf_add(&s->comments, text, len))
		abort();
	return 0;
}

static bool bad_field(const uint8_t *s, size_t n)
{
	return n &&
	       (memchr(s, '\n', n) || memchr(s, '\r', n) || memchr(s, '\0', n));
}

/* data with CRLF and CR turned into LF, as a parser sees it. */
static void normalize(const uint8_t *s, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = (char)s[i];

		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (buf_addch(out, c == '\r' ? '\n' : c))
			abort();
	}
}

static void parse(const struct buf *enc, size_t chunk, struct seen *s)
{
	static const struct sse_callbacks cb = { on_event, NULL, on_comment };
	struct sse_parser p;
	size_t at = 0;

	sse_parser_init(&p, 0, &cb, s);
	while (at < enc->len) {
		size_t n =
			chunk && enc->len - at > chunk ? chunk : enc->len - at;

		if (sse_parser_feed(&p, enc->data + at, n) != 0)
			abort();
		at += n;
	}
	if (sse_parser_end(&p))
		abort(); /* the encoder always ends the event */
	sse_parser_release(&p);
}

static void seen_init(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->id, (size_t)1 << 30);
	buf_init(&s->type, (size_t)1 << 30);
	buf_init(&s->data, (size_t)1 << 30);
	buf_init(&s->comments, (size_t)1 << 30);
}

static void seen_release(struct seen *s)
{
	buf_release(&s->id);
	buf_release(&s->type);
	buf_release(&s->data);
	buf_release(&s->comments);
}

static bool same(const struct buf *b, const void *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, p, n) == 0);
}

static void round_trip(const struct sse_event *ev, const struct buf *want,
		       size_t chunk)
{
	struct buf enc = BUF_INIT((size_t)1 << 30);
	int pass, rc = sse_encode(&enc, ev);

	if (bad_field((const uint8_t *)ev->id, ev->id_len) ||
	    bad_field((const uint8_t *)ev->type, ev->type_len)) {
		if (rc != SSE_EINVAL || enc.len != 0)
			abort();
		buf_release(&enc);
		return;
	}
	if (rc != 0)
		abort();
	for (pass = 0; pass < 2; pass++) {
		struct seen s;

		seen_init(&s);
		parse(&enc, pass ? chunk : 0, &s);
		if (s.events != 1 || !same(&s.id, ev->id, ev->id_len) ||
		    !same(&s.data, want->data, want->len))
			abort();
		if (ev->type_len ? !same(&s.type, ev->type, ev->type_len)
				 : !same(&s.type, "message", 7))
			abort();
		if (s.ev.retry != (ev->retry > 0 ? ev->retry : -1))
			abort();
		seen_release(&s);
	}
	buf_release(&enc);
}

static void comment_trip(const uint8_t *text, size_t n, const struct buf *want)
{
	struct buf enc = BUF_INIT((size_t)1 << 30);
	struct seen s;

	if (sse_encode_comment(&enc, (const char *)text, n) != 0)
		abort();
	seen_init(&s);
	parse(&enc, 0, &s);
	if (s.events != 0 || !same(&s.comments, want->data, want->len))
		abort();
	seen_release(&s);
	buf_release(&enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sse_event ev = { 0 };
	struct buf want = BUF_INIT((size_t)1 << 30);
	size_t chunk;

	if (size < 12)
		return 0;
	ev.id_len = data[1] % 64;
	ev.type_len = data[2] % 16;
	memcpy(&ev.retry, data + 3, sizeof(ev.retry));
	if (!(data[0] & 1))
		ev.retry = -1;
	chunk = (size_t)data[11] % 32 + 1;
	data += 12;
	size -= 12;
	if (ev.id_len > size)
		ev.id_len = size;
	ev.id = (const char *)data;
	data += ev.id_len;
	size -= ev.id_len;
	if (ev.type_len > size)
		ev.type_len = size;
	ev.type = (const char *)data;
	data += ev.type_len;
	size -= ev.type_len;
	ev.data = (const char *)data;
	ev.data_len = size;
	normalize(data, size, &want);
	round_trip(&ev, &want, chunk);
	comment_trip(data, size, &want);
	buf_release(&want);
	return 0;
}

/*
 * sse: the Mercure hub's event encoder, and the WHATWG HTML "interpret an
 * event stream" parser (html.spec.whatwg.org, server-sent events).
 */
#include "compat.h"

#include "sse.h"

#include <limits.h>
#include <string.h>

/* The values of enum sse_err match enum buf_err where they overlap. */
_Static_assert((int)SSE_ENOMEM == (int)BUF_ENOMEM, "sse and buf errors differ");
_Static_assert((int)SSE_ELIMIT == (int)BUF_ELIMIT, "sse and buf errors differ");

static const unsigned char bom_bytes[3] = { 0xEF, 0xBB, 0xBF };

/*
 * Line scanning. The next CR and the next LF are looked up with memchr
 * and remembered until the scan passes them, so a stream with LF only
 * costs one memchr over the whole buffer for CR, and one per line for LF.
 */
struct scan {
	const char *end;
	const char *lf; /* next LF at or after the position, end if none */
	const char *cr; /* same for CR; both NULL until first looked up */
};

static void scan_init(struct scan *sc, const char *end)
{
	sc->end = end;
	sc->lf = NULL;
	sc->cr = NULL;
}

/* The first CR or LF at or after s, or sc->end. */
static const char *scan_eol(struct scan *sc, const char *s)
{
	if (!sc->lf || sc->lf < s) {
		sc->lf = memchr(s, '\n', (size_t)(sc->end - s));
		if (!sc->lf)
			sc->lf = sc->end;
	}
	if (!sc->cr || sc->cr < s) {
		sc->cr = memchr(s, '\r', (size_t)(sc->end - s));
		if (!sc->cr)
			sc->cr = sc->end;
	}
	return sc->lf < sc->cr ? sc->lf : sc->cr;
}

/* Past the line break at eol (CRLF counts as one). */
static const char *past_eol(const char *eol, const char *end)
{
	if (*eol == '\r' && eol + 1 < end && eol[1] == '\n')
		return eol + 2;
	return eol + 1;
}

static bool has_break_or_nul(const char *s, size_t n)
{
	return n &&
	       (memchr(s, '\n', n) || memchr(s, '\r', n) || memchr(s, '\0', n));
}

/* Number of lines in s: line breaks (CRLF as one) plus one. */
static size_t count_lines(const char *s, size_t n)
{
	const char *end = s + n;
	struct scan sc;
	size_t lines = 1;

	scan_init(&sc, end);
	while (s < end) {
		const char *eol = scan_eol(&sc, s);

		if (eol == end)
			break;
		lines++;
		s = past_eol(eol, end);
	}
	return lines;
}

/* Write prefix then each line of s followed by LF, at w; returns the end. */
static char *put_lines(char *w, const char *prefix, size_t plen, const char *s,
		       size_t n)
{
	const char *end = s + n;
	struct scan sc;

	scan_init(&sc, end);
	for (;;) {
		const char *eol = s < end ? scan_eol(&sc, s) : end;

		memcpy(w, prefix, plen);
		w += plen;
		memcpy(w, s, (size_t)(eol - s));
		w += eol - s;
		*w++ = '\n';
		if (eol == end)
			break;
		s = past_eol(eol, end);
	}
	return w;
}

static char *put_field(char *w, const char *name, size_t nlen, const char *v,
		       size_t vlen)
{
	memcpy(w, name, nlen);
	w += nlen;
	memcpy(w, v, vlen);
	w += vlen;
	*w++ = '\n';
	return w;
}

int sse_encode(struct buf *out, const struct sse_event *ev)
{
	const char *id = ev->id ? ev->id : "";
	size_t id_len = ev->id ? ev->id_len : 0;
	size_t type_len = ev->type ? ev->type_len : 0;
	char digits[24];
	size_t ndigits = 0, lines, need;
	char *w;
	int rc;

	if (has_break_or_nul(id, id_len) ||
	    has_break_or_nul(ev->type, type_len))
		return SSE_EINVAL;
	if (ev->retry > 0) {
		long long r = ev->retry;
		char *d = digits + sizeof(digits);

		while (r) {
			*--d = (char)('0' + r % 10);
			r /= 10;
		}
		ndigits = (size_t)(digits + sizeof(digits) - d);
		memmove(digits, d, ndigits);
	}
	if (ev->data_len > (size_t)-1 / 16 || id_len > (size_t)-1 / 8 ||
	    type_len > (size_t)-1 / 8)
		return SSE_ELIMIT;
	lines = count_lines(ev->data ? ev->data : "", ev->data_len);
	/* Line breaks are counted in data_len too: a slight overestimate. */
	need = (type_len ? 8 + type_len : 0) + (ndigits ? 8 + ndigits : 0) + 5 +
	       id_len + lines * 7 + ev->data_len + 1;
	rc = buf_reserve(out, need);
	if (rc != BUF_OK)
		return rc;
	w = out->data + out->len;
	if (type_len)
		w = put_field(w, "event: ", 7, ev->type, type_len);
	if (ndigits)
		w = put_field(w, "retry: ", 7, digits, ndigits);
	w = put_field(w, "id: ", 4, id, id_len);
	w = put_lines(w, "data: ", 6, ev->data ? ev->data : "", ev->data_len);
	*w++ = '\n';
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
	return SSE_OK;
}

int sse_encode_comment(struct buf *out, const char *text, size_t len)
{
	size_t lines;
	char *w;
	int rc;

	if (len > (size_t)-1 / 4)
		return SSE_ELIMIT;
	lines = count_lines(text ? text : "", len);
	rc = buf_reserve(out, len + lines * 2);
	if (rc != BUF_OK)
		return rc;
	w = put_lines(out->data + out->len, ":", 1, text ? text : "", len);
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
	return SSE_OK;
}

/* --- the parser --- */

void sse_parser_init(struct sse_parser *p, size_t max,
		     const struct sse_callbacks *cb, void *ctx)
{
	memset(p, 0, sizeof(*p));
	p->max = max ? max : LIMIT_SSE_EVENT_BYTES;
	if (cb)
		p->cb = *cb;
	p->ctx = ctx;
	buf_init(&p->line, p->max);
	buf_init(&p->data, p->max);
	buf_init(&p->type, p->max);
	buf_init(&p->id, p->max);
	buf_init(&p->last_id, p->max);
	p->retry = -1;
	p->block_retry = -1;
}

void sse_parser_release(struct sse_parser *p)
{
	buf_release(&p->line);
	buf_release(&p->data);
	buf_release(&p->type);
	buf_release(&p->id);
	buf_release(&p->last_id);
}

/* Whether stopping here would lose part of an event. */
static bool pending(const struct sse_parser *p)
{
	return p->block || p->line.len || p->skip;
}

static int set_buf(struct buf *b, const char *v, size_t n)
{
	buf_reset(b);
	return buf_add(b, v, n);
}

/* Dispatch the event (the blank line at the end of a block). */
static int dispatch(struct sse_parser *p)
{
	struct sse_event ev;
	int rc = 0;

	if (p->id_dirty) {
		rc = set_buf(&p->last_id, p->id.data, p->id.len);
		if (rc)
			return rc;
		p->id_dirty = false;
	}
	if (p->data.len && p->cb.event) {
		ev.id = buf_cstr(&p->last_id);
		ev.id_len = p->last_id.len;
		ev.type = p->type.len ? p->type.data : "message";
		ev.type_len = p->type.len ? p->type.len : 7;
		ev.data = p->data.data;
		ev.data_len = p->data.len - 1; /* without the last LF */
		ev.retry = p->block_retry;
		rc = p->cb.event(p->ctx, &ev);
	}
	buf_reset(&p->data);
	buf_reset(&p->type);
	p->block_retry = -1;
	p->block = false;
	return rc;
}

static int field_retry(struct sse_parser *p, const char *v, size_t n)
{
	long long ms = 0;
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		int d = v[i] - '0';

		if (d < 0 || d > 9)
			return 0; /* digits only, else ignored */
		ms = ms > (LLONG_MAX - d) / 10 ? LLONG_MAX : ms * 10 + d;
	}
	p->retry = ms;
	p->block_retry = ms;
	return p->cb.retry ? p->cb.retry(p->ctx, ms) : 0;
}

/* One complete line, without its line break. */
static int process_line(struct sse_parser *p, const char *s, size_t n)
{
	const char *colon, *v;
	size_t name, vlen;
	int rc;

	if (n == 0)
		return dispatch(p);
	if (s[0] == ':')
		return p->cb.comment ? p->cb.comment(p->ctx, s + 1, n - 1) : 0;
	p->block = true;
	colon = memchr(s, ':', n);
	if (colon) {
		name = (size_t)(colon - s);
		v = colon + 1;
		vlen = n - name - 1;
		if (vlen && *v == ' ') {
			v++;
			vlen--;
		}
	} else {
		name = n;
		v = s + n;
		vlen = 0;
	}
	switch (name) {
	case 2:
		if (memcmp(s, "id", 2) != 0 || (vlen && memchr(v, '\0', vlen)))
			return 0;
		p->id_dirty = true;
		return set_buf(&p->id, v, vlen);
	case 4:
		if (memcmp(s, "data", 4) != 0)
			return 0;
		rc = buf_reserve(&p->data, vlen + 1);
		if (rc)
			return rc;
		memcpy(p->data.data + p->data.len, v, vlen);
		p->data.len += vlen;
		p->data.data[p->data.len++] = '\n';
		p->data.data[p->data.len] = '\0';
		return 0;
	case 5:
		if (memcmp(s, "event", 5) == 0)
			return set_buf(&p->type, v, vlen);
		if (memcmp(s, "retry", 5) == 0)
			return field_retry(p, v, vlen);
		return 0;
	default:
		return 0; /* other fields are ignored */
	}
}

/* Keep the start of a line cut by the end of a read. */
static int stash(struct sse_parser *p, const char *s, size_t n)
{
	if (p->skip)
		return 0;
	if (p->line.len == 0 && s[0] == ':' && !p->cb.comment) {
		p->skip = true;
		return 0;
	}
	return buf_add(&p->line, s, n);
}

/* The end of a line whose last n bytes (before the break) are at s. */
static int end_line(struct sse_parser *p, const char *s, size_t n)
{
	int rc;

	if (p->skip) {
		p->skip = false;
		return 0;
	}
	if (p->line.len) {
		rc = buf_add(&p->line, s, n);
		if (rc == 0)
			rc = process_line(p, p->line.data, p->line.len);
		buf_reset(&p->line);
		return rc;
	}
	if (n > p->max && !(s[0] == ':' && !p->cb.comment))
		return SSE_ELIMIT;
	return process_line(p, s, n);
}

static int feed_lines(struct sse_parser *p, const char *base, const char *s,
		      const char *end)
{
	struct scan sc;
	int rc = 0;

	scan_init(&sc, end);
	if (p->cr && s < end) {
		p->cr = false;
		if (*s == '\n')
			s++;
		if (!pending(p))
			p->safe = (size_t)(s - base);
	}
	while (s < end) {
		const char *eol = scan_eol(&sc, s);

		if (eol == end) {
			rc = stash(p, s, (size_t)(end - s));
			s = end;
			break;
		}
		rc = end_line(p, s, (size_t)(eol - s));
		s = past_eol(eol, end);
		/* A CR ending the read may be the first half of a CRLF. */
		p->cr = *eol == '\r' && eol + 1 == end;
		if (rc < 0)
			break;
		if (!pending(p))
			p->safe = (size_t)(s - base);
		if (rc)
			break;
	}
	p->used = (size_t)(s - base);
	return rc;
}

int sse_parser_feed(struct sse_parser *p, const void *buf, size_t len)
{
	const char *base = buf, *s = buf, *end = s + len;
	int rc = 0;

	p->used = 0;
	p->safe = 0;
	if (p->err)
		return p->err;
	if (len == 0)
		return 0;
	/* One BOM at the very start of the stream, maybe split by reads. */
	while (p->bom < 3 && s < end) {
		unsigned char held = p->bom;

		if ((unsigned char)*s == bom_bytes[held]) {
			p->bom++;
			s++;
			continue;
		}
		p->bom = 3;
		if (held) /* not a BOM after all: those bytes were a line */
			rc = stash(p, (const char *)bom_bytes, held);
	}
	if (rc == 0)
		rc = feed_lines(p, base, s, end);
	if (rc < 0)
		p->err = rc;
	return rc;
}

bool sse_parser_end(struct sse_parser *p)
{
	bool cut = p->err || pending(p);

	buf_reset(&p->line);
	buf_reset(&p->data);
	buf_reset(&p->type);
	buf_reset(&p->id);
	p->id_dirty = p->last_id.len != 0;
	p->block_retry = -1;
	p->block = false;
	p->skip = false;
	p->cr = false;
	p->bom = 0;
	p->err = 0;
	return cut;
}

const char *sse_parser_last_id(const struct sse_parser *p, size_t *len)
{
	if (len)
		*len = p->last_id.len;
	return buf_cstr(&p->last_id);
}

long long sse_parser_retry(const struct sse_parser *p)
{
	return p->retry;
}

int sse_error(int rc, size_t max, struct err *e)
{
	switch (rc) {
	case SSE_ELIMIT:
		return err_set(e, ERR_LIMIT,
			       "event or line longer than %zu bytes", max);
	case SSE_EINVAL:
		return err_set(e, ERR_DATA,
			       "event id or type holds a line break or NUL");
	case SSE_ENOMEM:
		return err_set(e, ERR_RUNTIME, "out of memory");
	default:
		return err_set(e, ERR_RUNTIME, "event stream error %d", rc);
	}
}

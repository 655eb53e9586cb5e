/* httpresp: an incremental HTTP/1.1 response reader (RFC 9112). */
#include "compat.h"

#include "httpresp.h"

#include <ctype.h>

enum state {
	ST_HEAD,       /* gathering the head (or a 1xx's) */
	ST_BODY,       /* Content-Length bytes */
	ST_CLOSE,      /* everything until the connection ends */
	ST_CHUNK_SIZE, /* a chunk-size line */
	ST_CHUNK_DATA, /* a chunk's bytes */
	ST_CHUNK_END,  /* the CRLF after them */
	ST_TRAILER,    /* trailer fields, until a blank line */
	ST_DONE,
	ST_FAILED
};

void httpresp_init(struct httpresp *p, size_t max_body)
{
	memset(p, 0, sizeof(*p));
	buf_init(&p->body, max_body);
	buf_init(&p->raw, LIMIT_HTTP_HEAD_BYTES);
	buf_init(&p->line, LIMIT_HTTP_CHUNK_LINE_BYTES);
}

void httpresp_release(struct httpresp *p)
{
	buf_release(&p->body);
	buf_release(&p->raw);
	buf_release(&p->line);
}

void httpresp_reset(struct httpresp *p, bool no_body)
{
	memset(&p->head, 0, sizeof(p->head));
	buf_reset(&p->body);
	buf_reset(&p->raw);
	buf_reset(&p->line);
	p->truncated = false;
	p->interim = 0;
	p->seen = 0;
	p->state = ST_HEAD;
	p->no_body = no_body;
	p->left = 0;
	p->trailer = 0;
}

static int fail(struct httpresp *p, struct err *e, const char *why)
{
	p->state = ST_FAILED;
	return err_set(e, ERR_PROTOCOL, "malformed response: %s", why);
}

/*
 * Append data up to and including its first line feed to b. Returns 1
 * once b holds a whole line, 0 when it needs more, -1 past b's ceiling.
 */
static int gather_line(struct buf *b, const char *data, size_t len,
		       size_t *used)
{
	const char *lf = memchr(data, '\n', len);
	size_t n = lf ? (size_t)(lf - data) + 1 : len;

	*used = n;
	if (buf_add(b, data, n) != BUF_OK)
		return -1;
	return lf != NULL;
}

/* Whether the line b holds (with its LF) is blank. */
static bool blank_line(const struct buf *b)
{
	return b->len == 1 || (b->len == 2 && b->data[0] == '\r');
}

/* Keep what fits of n body bytes. */
static void keep(struct httpresp *p, const char *data, size_t n)
{
	size_t room = p->body.max - p->body.len;

	if (n > room) {
		p->truncated = true;
		n = room;
	}
	/* Cannot pass the ceiling; memory running out loses the rest. */
	if (buf_add(&p->body, data, n) != BUF_OK)
		p->truncated = true;
}

/* The head is whole: skip a 1xx, else choose how the body is framed. */
static int head_done(struct httpresp *p, struct err *e)
{
	struct http_response *h = &p->head;

	if (http_parse_response(p->raw.data, p->raw.len, h) <= 0)
		return fail(p, e, h->error ? h->error : "incomplete head");
	if (h->status == 101)
		return fail(p, e, "switching protocols unasked");
	if (h->status < 200) {
		if (++p->interim > LIMIT_HTTP_INTERIM_RESPONSES)
			return fail(p, e, "too many interim responses");
		buf_reset(&p->raw);
		return 0;
	}
	if (p->no_body || h->status == 204 || h->status == 304)
		p->state = ST_DONE;
	else if (h->chunked)
		p->state = ST_CHUNK_SIZE;
	else if (h->has_length)
		p->state = h->content_length ? ST_BODY : ST_DONE;
	else
		p->state = ST_CLOSE;
	p->left = h->content_length;
	if (p->state == ST_CLOSE)
		h->keep_alive = false;
	return 0;
}

static int feed_head(struct httpresp *p, const char *data, size_t len,
		     size_t *used, struct err *e)
{
	size_t n = 0;
	int rc;

	/* Blank lines before a response are passed over. */
	if (p->raw.len == 0) {
		while (n < len && (data[n] == '\r' || data[n] == '\n'))
			n++;
		if (n == len) {
			*used = n;
			return 0;
		}
	}
	rc = gather_line(&p->raw, data + n, len - n, used);
	*used += n;
	if (rc < 0)
		return fail(p, e, "head too large");
	if (rc == 0)
		return 0;
	/* A blank line after the first ends the head. */
	if (p->raw.data[p->raw.len - 2] == '\n' ||
	    (p->raw.len >= 3 && p->raw.data[p->raw.len - 2] == '\r' &&
	     p->raw.data[p->raw.len - 3] == '\n'))
		return head_done(p, e);
	return 0;
}

/* "1a2b" with optional whitespace and ";extensions" after it. */
static int chunk_size(struct httpresp *p, struct err *e)
{
	const char *s = p->line.data;
	uint64_t size = 0;
	size_t i = 0;

	for (; isxdigit((unsigned char)s[i]); i++) {
		if (size > (UINT64_MAX >> 4))
			return fail(p, e, "chunk size too large");
		size = size << 4 |
		       (uint64_t)(isdigit((unsigned char)s[i])
					  ? s[i] - '0'
					  : tolower((unsigned char)s[i]) - 'a' +
						    10);
	}
	if (i == 0)
		return fail(p, e, "malformed chunk size");
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (s[i] != ';' && s[i] != '\r' && s[i] != '\n')
		return fail(p, e, "malformed chunk size");
	if (s[i] == '\r' && s[i + 1] != '\n')
		return fail(p, e, "malformed chunk size");
	p->left = size;
	p->state = size ? ST_CHUNK_DATA : ST_TRAILER;
	return 0;
}

/* The line ending a chunk, or a trailer field (dropped), or the end. */
static int line_done(struct httpresp *p, struct err *e)
{
	if (memchr(p->line.data, '\0', p->line.len))
		return fail(p, e, "NUL in a chunk line");
	if (p->state == ST_CHUNK_SIZE)
		return chunk_size(p, e);
	if (p->state == ST_CHUNK_END) {
		if (!blank_line(&p->line))
			return fail(p, e, "no line break after a chunk");
		p->state = ST_CHUNK_SIZE;
		return 0;
	}
	if (blank_line(&p->line)) {
		p->state = ST_DONE;
		return 0;
	}
	p->trailer += p->line.len;
	if (p->trailer > LIMIT_HTTP_HEAD_BYTES)
		return fail(p, e, "trailer fields too large");
	if (p->line.data[0] == ' ' || p->line.data[0] == '\t' ||
	    p->line.data[0] == ':' || !memchr(p->line.data, ':', p->line.len))
		return fail(p, e, "malformed trailer field");
	return 0;
}

/* One step of the body: take what the current state wants of data. */
static int feed_body(struct httpresp *p, const char *data, size_t len,
		     size_t *used, struct err *e)
{
	size_t n = len;
	int rc;

	switch (p->state) {
	case ST_CLOSE:
		keep(p, data, len);
		*used = len;
		return 0;
	case ST_BODY:
	case ST_CHUNK_DATA:
		if (n > p->left)
			n = (size_t)p->left;
		keep(p, data, n);
		*used = n;
		p->left -= n;
		if (p->left == 0)
			p->state = p->state == ST_BODY ? ST_DONE : ST_CHUNK_END;
		return 0;
	default:
		rc = gather_line(&p->line, data, len, used);
		if (rc < 0)
			return fail(p, e, "chunk line too long");
		if (rc == 0)
			return 0;
		rc = line_done(p, e);
		buf_reset(&p->line);
		return rc;
	}
}

int httpresp_feed(struct httpresp *p, const char *data, size_t len,
		  size_t *used, struct err *e)
{
	size_t off = 0, n;
	int rc = 0;

	*used = 0;
	if (p->state == ST_FAILED)
		return fail(p, e, "the reader was not reset");
	while (rc == 0 && p->state != ST_DONE && off < len) {
		if (p->state == ST_HEAD)
			rc = feed_head(p, data + off, len - off, &n, e);
		else
			rc = feed_body(p, data + off, len - off, &n, e);
		off += n;
	}
	*used = off;
	p->seen += off;
	if (rc < 0)
		return -1;
	return p->state == ST_DONE;
}

int httpresp_eof(struct httpresp *p, struct err *e)
{
	if (p->state == ST_CLOSE)
		p->state = ST_DONE;
	if (p->state == ST_DONE)
		return 1;
	if (p->state == ST_HEAD && p->raw.len == 0 && p->interim == 0)
		return 0;
	return err_set(e, ERR_UNAVAIL,
		       "the connection ended in the middle of a response");
}

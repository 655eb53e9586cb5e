/* sseout: events as JSON Lines, data or raw bytes, written in whole events. */
#include "compat.h"

#include "sseout.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

/* Write once this much is buffered; the buffer may hold this much more. */
#define FLUSH_AT  (64 * 1024)
#define OUT_MAX	  (1024 * 1024)
#define RAW_SLACK (64 * 1024)
/* Input bytes escaped per step when an event does not fit the buffer. */
#define SLICE (16 * 1024)

/*
 * Byte classes for JSON strings: 0 is copied as is, 1 is escaped, 2
 * starts a UTF-8 sequence to check.
 */
static const unsigned char jclass[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/*
 * The length of the valid UTF-8 sequence at s, or 0 with *bad set to the
 * bytes of its maximal invalid part, which the WHATWG decoder turns into
 * one U+FFFD (Unicode 3.9, "best practice for U+FFFD substitution").
 */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end,
		       size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else {
		*bad = 1;
		return 0;
	}
	for (i = 1; i <= need; i++) {
		if (s + i >= end || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

/*
 * Escape s[0..n) (no quotes) at w, which has room for 6 * n bytes; return
 * the end.
 */
static char *escape(char *w, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	while (s < end) {
		const unsigned char *run = s;
		size_t k, bad;

		while (s < end && !jclass[*s])
			s++;
		memcpy(w, run, (size_t)(s - run));
		w += s - run;
		if (s == end)
			break;
		if (*s < 0x80) {
			*w++ = '\\';
			switch (*s) {
			case '"':
			case '\\':
				*w++ = (char)*s;
				break;
			case '\n':
				*w++ = 'n';
				break;
			case '\r':
				*w++ = 'r';
				break;
			case '\t':
				*w++ = 't';
				break;
			case '\b':
				*w++ = 'b';
				break;
			case '\f':
				*w++ = 'f';
				break;
			default:
				memcpy(w, "u00", 3);
				w[3] = hex[*s >> 4];
				w[4] = hex[*s & 15];
				w += 5;
			}
			s++;
			continue;
		}
		k = utf8_seq(s, end, &bad);
		if (k) {
			memcpy(w, s, k);
			w += k;
			s += k;
		} else {
			memcpy(w, "\xEF\xBF\xBD", 3);
			w += 3;
			s += bad;
		}
	}
	return w;
}

int sseout_json_string(struct buf *b, const char *s, size_t n)
{
	char *w;
	int rc;

	if (n > ((size_t)-1 - 2) / 6)
		return BUF_ELIMIT;
	rc = buf_reserve(b, 6 * n + 2);
	if (rc != BUF_OK)
		return rc;
	w = b->data + b->len;
	*w++ = '"';
	w = escape(w, s, n);
	*w++ = '"';
	b->len = (size_t)(w - b->data);
	b->data[b->len] = '\0';
	return BUF_OK;
}

int sseout_parse_format(const char *name, enum sseout_format *format,
			struct err *e)
{
	if (strcmp(name, "json") == 0)
		*format = SSEOUT_JSON;
	else if (strcmp(name, "data") == 0)
		*format = SSEOUT_DATA;
	else if (strcmp(name, "raw") == 0)
		*format = SSEOUT_RAW;
	else
		return err_set(e, ERR_USAGE,
			       "invalid format '%s' (want json, data or raw)",
			       name);
	return 0;
}

void sseout_init(struct sseout *o, int fd, enum sseout_format format,
		 bool json_data, size_t max_event)
{
	o->fd = fd;
	o->format = format;
	o->json_data = json_data;
	o->closed = false;
	buf_init(&o->out, OUT_MAX);
	buf_init(&o->pend,
		 (max_event ? max_event : LIMIT_SSE_EVENT_BYTES) + RAW_SLACK);
}

void sseout_release(struct sseout *o)
{
	buf_release(&o->out);
	buf_release(&o->pend);
}

static int drain(struct sseout *o, struct err *e)
{
	const char *p = o->out.data;
	size_t left = o->out.len;

	if (o->closed)
		return SSEOUT_CLOSED;
	while (left) {
		ssize_t n = write(o->fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {
			o->closed = true;
			buf_reset(&o->out);
			return SSEOUT_CLOSED;
		}
		if (n < 0)
			return err_set_errno(e, ERR_RUNTIME, errno,
					     "cannot write the output");
		p += n;
		left -= (size_t)n;
	}
	buf_reset(&o->out);
	return 0;
}

int sseout_flush(struct sseout *o, struct err *e)
{
	return o->out.len || o->closed ? drain(o, e) : 0;
}

/* Make room for n bytes, writing out what is buffered if need be. */
static int room(struct sseout *o, size_t n, struct err *e)
{
	int rc = 0;

	if (o->out.len && o->out.len + n > FLUSH_AT)
		rc = drain(o, e);
	if (rc == 0 && buf_reserve(&o->out, n) != BUF_OK)
		rc = err_set(e, ERR_RUNTIME, "out of memory");
	return rc;
}

static int put(struct sseout *o, const void *p, size_t n, struct err *e)
{
	const char *s = p;

	while (n) {
		size_t k = n < FLUSH_AT ? n : FLUSH_AT;
		int rc = room(o, k, e);

		if (rc)
			return rc;
		memcpy(o->out.data + o->out.len, s, k);
		o->out.len += k;
		s += k;
		n -= k;
	}
	return 0;
}

/* A JSON string for a value of any length, in slices if it is long. */
static int put_string(struct sseout *o, const char *s, size_t n, struct err *e)
{
	int rc = put(o, "\"", 1, e);

	while (rc == 0 && n) {
		size_t k = n < SLICE ? n : SLICE;
		int j;

		/* Never cut a UTF-8 sequence: at most 3 bytes follow a lead. */
		for (j = 0; j < 3 && k < n && (s[k] & 0xC0) == 0x80; j++)
			k--;
		rc = room(o, 6 * k, e);
		if (rc)
			break;
		o->out.len = (size_t)(escape(o->out.data + o->out.len, s, k) -
				      o->out.data);
		s += k;
		n -= k;
	}
	return rc ? rc : put(o, "\"", 1, e);
}

static int put_json_data(struct sseout *o, const struct sse_event *ev,
			 struct err *e)
{
	json_t *j = json_loadb(ev->data, ev->data_len, JSON_DECODE_ANY, NULL);
	size_t n;
	int rc;

	if (!j)
		return put_string(o, ev->data, ev->data_len, e);
	n = json_dumpb(j, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
	if (n <= FLUSH_AT) {
		rc = room(o, n, e);
		if (rc == 0)
			o->out.len +=
				json_dumpb(j, o->out.data + o->out.len, n,
					   JSON_COMPACT | JSON_ENCODE_ANY);
	} else {
		char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);

		rc = text ? put(o, text, strlen(text), e)
			  : err_set(e, ERR_RUNTIME, "out of memory");
		free(text);
	}
	json_decref(j);
	return rc;
}

/* The common case: the whole line fits the buffer, escaped in one go. */
static void json_line_fast(struct sseout *o, const struct sse_event *ev)
{
	char *w = o->out.data + o->out.len;

	memcpy(w, "{\"id\":\"", 7);
	w = escape(w + 7, ev->id, ev->id_len);
	memcpy(w, "\",\"type\":\"", 10);
	w = escape(w + 10, ev->type, ev->type_len);
	memcpy(w, "\",\"data\":\"", 10);
	w = escape(w + 10, ev->data, ev->data_len);
	memcpy(w, "\",\"retry\":", 10);
	o->out.len = (size_t)(w + 10 - o->out.data);
}

static int json_line(struct sseout *o, const struct sse_event *ev,
		     struct err *e)
{
	size_t worst = 6 * (ev->id_len + ev->type_len + ev->data_len) + 64;
	char retry[32];
	int rc = 0, n;

	if (!o->json_data && worst <= FLUSH_AT) {
		rc = room(o, worst, e);
		if (rc == 0)
			json_line_fast(o, ev);
	} else {
		rc = put(o, "{\"id\":", 6, e);
		if (rc == 0)
			rc = put_string(o, ev->id, ev->id_len, e);
		if (rc == 0)
			rc = put(o, ",\"type\":", 8, e);
		if (rc == 0)
			rc = put_string(o, ev->type, ev->type_len, e);
		if (rc == 0)
			rc = put(o, ",\"data\":", 8, e);
		if (rc == 0 && o->json_data)
			rc = put_json_data(o, ev, e);
		else if (rc == 0)
			rc = put_string(o, ev->data, ev->data_len, e);
		if (rc == 0)
			rc = put(o, ",\"retry\":", 9, e);
	}
	if (rc)
		return rc;
	if (ev->retry >= 0)
		n = snprintf(retry, sizeof(retry), "%lld}\n", ev->retry);
	else
		n = snprintf(retry, sizeof(retry), "null}\n");
	return put(o, retry, (size_t)n, e);
}

int sseout_event(struct sseout *o, const struct sse_event *ev, struct err *e)
{
	int rc;

	if (o->closed)
		return SSEOUT_CLOSED;
	switch (o->format) {
	case SSEOUT_JSON:
		return json_line(o, ev, e);
	case SSEOUT_DATA:
		if (ev->data_len < FLUSH_AT) {
			rc = room(o, ev->data_len + 1, e);
			if (rc == 0) {
				memcpy(o->out.data + o->out.len, ev->data,
				       ev->data_len);
				o->out.len += ev->data_len;
				o->out.data[o->out.len++] = '\n';
			}
			return rc;
		}
		rc = put(o, ev->data, ev->data_len, e);
		return rc ? rc : put(o, "\n", 1, e);
	case SSEOUT_RAW:
		break;
	}
	return 0;
}

int sseout_raw(struct sseout *o, const char *bytes, size_t n, size_t safe,
	       struct err *e)
{
	int rc = 0;

	if (o->closed)
		return SSEOUT_CLOSED;
	if (safe) {
		rc = put(o, o->pend.data, o->pend.len, e);
		buf_reset(&o->pend);
		if (rc == 0)
			rc = put(o, bytes, safe, e);
	}
	if (rc == 0 && n > safe) {
		rc = buf_add(&o->pend, bytes + safe, n - safe);
		if (rc == BUF_ELIMIT)
			rc = err_set(e, ERR_LIMIT,
				     "event longer than %zu bytes",
				     o->pend.max - RAW_SLACK);
		else if (rc)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
	}
	return rc;
}

void sseout_cut(struct sseout *o)
{
	buf_reset(&o->pend);
}

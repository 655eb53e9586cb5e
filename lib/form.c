/*
 * form: application/x-www-form-urlencoded (WHATWG URL standard, section
 * 5), strict about percent-escapes, and the Mercure publish and subscribe
 * readers built on it.
 */
#include "compat.h"

#include "form.h"

#include <stdlib.h>
#include <string.h>

static const char empty[] = "";

int form_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode s[0..len) into out (possibly s). Returns the decoded length, or
 * -1 with *bad the offset of the "%" that starts no escape.
 */
static long unescape(char *out, const char *s, size_t len, bool plus,
		     size_t *bad)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (len - i < 3 ||
			    (hi = form_hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = form_hexval((unsigned char)s[i + 2])) < 0) {
				*bad = i;
				return -1;
			}
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus) {
			out[o++] = ' ';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return (long)o;
}

long form_unescape(char *out, const char *s, size_t len, bool plus,
		   struct err *e)
{
	size_t bad;
	long n = unescape(out, s, len, plus, &bad);

	if (n < 0)
		err_set_at(e, ERR_DATA, 0, (long)bad + 1,
			   "invalid percent-escape at byte %zu", bad + 1);
	return n;
}

void form_init(struct form *f)
{
	f->fields = NULL;
	f->nfields = 0;
	f->scratch = NULL;
	f->text = NULL;
	f->mem = NULL;
}

void form_release(struct form *f)
{
	free(f->mem);
	form_init(f);
}

/* Non-empty "&"-separated pairs of s[0..len). */
static size_t count_pairs(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *amp;
	size_t n = 0;

	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		n += amp > p;
		p = amp + 1;
	}
	return n;
}

/*
 * Split and decode s[0..len) in place into f, whose arrays hold room for
 * the pairs. s[len] must be writable: the last value ends there.
 */
static int split(struct form *f, char *s, size_t len, struct err *e)
{
	char *p = s, *end = s + len, *amp, *eq;
	struct form_field *fl;
	size_t bad;
	long n;

	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		fl = &f->fields[f->nfields++];
		eq = memchr(p, '=', (size_t)(amp - p));
		n = unescape(p, p, (size_t)((eq ? eq : amp) - p), true, &bad);
		if (n < 0)
			goto bad;
		fl->name.s = p;
		fl->name.len = (size_t)n;
		if (eq) {
			n = unescape(eq + 1, eq + 1, (size_t)(amp - eq - 1),
				     true, &bad);
			if (n < 0) {
				p = eq + 1;
				goto bad;
			}
			fl->value.s = eq + 1;
			fl->value.len = (size_t)n;
		} else {
			fl->value.s = empty;
			fl->value.len = 0;
		}
		p = amp + 1;
	}
	return 0;
bad:
	bad += (size_t)(p - s);
	return err_set_at(e, ERR_DATA, 0, (long)bad + 1,
			  "invalid percent-escape at byte %zu", bad + 1);
}

static int parse(struct form *f, char *s, const char *src, size_t len,
		 const struct form_limits *lim, struct err *e)
{
	size_t max_bytes =
		lim && lim->max_bytes ? lim->max_bytes : LIMIT_FORM_BYTES;
	size_t max_fields =
		lim && lim->max_fields ? lim->max_fields : LIMIT_FORM_FIELDS;
	size_t n, size;
	char *mem;

	form_init(f);
	if (len > max_bytes)
		return err_set(e, ERR_LIMIT, "form of %zu bytes is over %zu",
			       len, max_bytes);
	n = count_pairs(src, len);
	if (n > max_fields)
		return err_set(e, ERR_LIMIT, "more than %zu form fields",
			       max_fields);
	/* The arrays, then (when copying) the text: one block. */
	size = n * (sizeof(struct form_field) + sizeof(struct form_str));
	if (!s)
		size += len + 1;
	if (size) {
		mem = malloc(size);
		if (!mem)
			return err_set(e, ERR_RUNTIME, "out of memory");
		f->mem = mem;
		f->fields = (struct form_field *)(void *)mem;
		f->scratch = (struct form_str *)(void *)(f->fields + n);
		if (!s) {
			s = (char *)(f->scratch + n);
			memcpy(s, src, len);
		}
	}
	if (!s)
		return 0; /* an empty form needs nothing */
	s[len] = '\0';
	f->text = s;
	if (split(f, s, len, e)) {
		form_release(f);
		return -1;
	}
	return 0;
}

int form_parse(struct form *f, const char *s, size_t len,
	       const struct form_limits *lim, struct err *e)
{
	return parse(f, NULL, s, len, lim, e);
}

int form_parse_inplace(struct form *f, char *s, size_t len,
		       const struct form_limits *lim, struct err *e)
{
	return parse(f, s, s, len, lim, e);
}

static bool str_is(const struct form_str *a, const char *b)
{
	size_t n = strlen(b);

	return a->len == n && !memcmp(a->s, b, n);
}

const struct form_field *form_get(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nfields; i++)
		if (str_is(&f->fields[i].name, name))
			return &f->fields[i];
	return NULL;
}

size_t form_count(const struct form *f, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < f->nfields; i++)
		n += str_is(&f->fields[i].name, name);
	return n;
}

static bool keep(unsigned char c, enum form_escape_mode mode)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')
		return true;
	return mode == FORM_ESC_FORM ? c == '*' : c == '~';
}

int form_escape(struct buf *out, const char *s, size_t len,
		enum form_escape_mode mode)
{
	static const char hex[] = "0123456789ABCDEF";
	char chunk[256];
	size_t i, n = 0;
	int rc;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (n > sizeof(chunk) - 3) {
			rc = buf_add(out, chunk, n);
			if (rc)
				return rc;
			n = 0;
		}
		if (keep(c, mode)) {
			chunk[n++] = (char)c;
		} else if (c == ' ' && mode == FORM_ESC_FORM) {
			chunk[n++] = '+';
		} else {
			chunk[n++] = '%';
			chunk[n++] = hex[c >> 4];
			chunk[n++] = hex[c & 15];
		}
	}
	return buf_add(out, chunk, n);
}

int form_add(struct buf *out, const char *name, const char *value,
	     size_t value_len)
{
	size_t len = out->len;
	int rc = 0;

	if (out->len)
		rc = buf_addch(out, '&');
	if (!rc)
		rc = form_escape(out, name, strlen(name), FORM_ESC_FORM);
	if (!rc)
		rc = buf_addch(out, '=');
	if (!rc)
		rc = form_escape(out, value, value_len, FORM_ESC_FORM);
	if (rc) {
		/* All or nothing: a half pair would corrupt the body. */
		out->len = len;
		if (out->data)
			out->data[len] = '\0';
	}
	return rc;
}

/* Whether a field value could break out of its SSE line. */
static bool has_line_break(const struct form_str *v)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (v->s[i] == '\r' || v->s[i] == '\n' || v->s[i] == '\0')
			return true;
	return false;
}

static int parse_u64(const struct form_str *v, uint64_t *out)
{
	uint64_t n = 0;
	size_t i;

	if (!v->len)
		return -1;
	for (i = 0; i < v->len; i++) {
		unsigned d = (unsigned char)v->s[i] - '0';

		if (d > 9 || n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*out = n;
	return 0;
}

int form_publish_read(struct form *f, struct form_publish *p, struct err *e)
{
	struct form_str *topics = f->scratch, retry = { NULL, 0 };
	const struct form_field *fl;
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < f->nfields; i++) {
		fl = &f->fields[i];
		if (str_is(&fl->name, "topic")) {
			if (p->ntopics == LIMIT_TOPIC_COUNT)
				return err_set(e, ERR_LIMIT,
					       "more than %d 'topic' fields",
					       LIMIT_TOPIC_COUNT);
			if (fl->value.len > LIMIT_TOPIC_BYTES)
				return err_set(e, ERR_LIMIT,
					       "'topic' longer than %d bytes",
					       LIMIT_TOPIC_BYTES);
			/* Stored and matched as C strings from here on. */
			if (memchr(fl->value.s, '\0', fl->value.len))
				return err_set(
					e, ERR_DATA,
					"invalid 'topic' field: NUL byte");
			topics[p->ntopics++] = fl->value;
		} else if (str_is(&fl->name, "data") && !p->data.s) {
			p->data = fl->value;
		} else if (str_is(&fl->name, "id") && !p->id.s) {
			p->id = fl->value;
		} else if (str_is(&fl->name, "type") && !p->type.s) {
			p->type = fl->value;
		} else if (str_is(&fl->name, "retry") && !retry.s) {
			retry = fl->value;
		} else if (str_is(&fl->name, "private")) {
			p->is_private = true;
		}
	}
	p->topics = topics;
	if (!p->ntopics)
		return err_set(e, ERR_DATA, "missing 'topic' field");
	/* An empty field means the same as none, as in the reference hub. */
	if (retry.len && parse_u64(&retry, &p->retry))
		return err_set(e, ERR_DATA, "invalid 'retry' field");
	if (p->id.s && !p->id.len)
		p->id.s = NULL;
	if (p->type.s && !p->type.len)
		p->type.s = NULL;
	if (p->id.s) {
		if (p->id.len > LIMIT_EVENT_ID_BYTES)
			return err_set(e, ERR_LIMIT,
				       "'id' longer than %d bytes",
				       LIMIT_EVENT_ID_BYTES);
		if (has_line_break(&p->id))
			return err_set(e, ERR_DATA,
				       "invalid 'id' field: line break or NUL");
		if (str_is(&p->id, "earliest") || p->id.s[0] == '#')
			return err_set(e, ERR_DATA,
				       "invalid 'id' field: reserved value");
	}
	if (p->type.s) {
		if (p->type.len > LIMIT_EVENT_TYPE_BYTES)
			return err_set(e, ERR_LIMIT,
				       "'type' longer than %d bytes",
				       LIMIT_EVENT_TYPE_BYTES);
		if (has_line_break(&p->type))
			return err_set(
				e, ERR_DATA,
				"invalid 'type' field: line break or NUL");
		if (str_is(&p->type, "mercure"))
			return err_set(e, ERR_DATA,
				       "invalid 'type' field: reserved value");
	}
	return 0;
}

/* "match" in any case, as a prefix: the 1.0 matcher namespace. */
static bool is_matcher_name(const struct form_str *n)
{
	static const char m[] = "match";
	size_t i;

	if (n->len < 5)
		return false;
	for (i = 0; i < 5; i++)
		if ((n->s[i] | 0x20) != m[i])
			return false;
	return true;
}

/* A name quoted in a message: printable ASCII, at most 40 bytes. */
static void quote_name(char *out, size_t size, const struct form_str *n)
{
	size_t i, o = 0;

	for (i = 0; i < n->len && o + 1 < size && i < 40; i++)
		out[o++] = n->s[i] > 0x20 && n->s[i] < 0x7f ? n->s[i] : '?';
	out[o] = '\0';
}

/* match= and its 1.0 alias match_exact=. */
static bool is_exact_name(const struct form_str *n)
{
	return str_is(n, "match") || str_is(n, "match_exact");
}

static int take_first(struct form_str *slot, const struct form_field *fl,
		      size_t max, const char *what, struct err *e)
{
	if (slot->s)
		return 0;
	if (fl->value.len > max)
		return err_set(e, ERR_LIMIT, "'%s' longer than %zu bytes", what,
			       max);
	*slot = fl->value;
	return 0;
}

int form_subscribe_read(struct form *f, struct form_subscribe *s, struct err *e)
{
	const struct form_field *fl;
	char name[48];
	size_t i, n = 0;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	/* Selectors first, then exact matches, then URL patterns, in one
	 * scratch array. */
	for (i = 0; i < f->nfields && !rc; i++) {
		fl = &f->fields[i];
		if (str_is(&fl->name, "topic") || is_exact_name(&fl->name) ||
		    str_is(&fl->name, "match_urlpattern")) {
			if (++n > LIMIT_TOPIC_COUNT)
				return err_set(e, ERR_LIMIT,
					       "more than %d topic selectors",
					       LIMIT_TOPIC_COUNT);
			if (fl->value.len > LIMIT_TOPIC_BYTES)
				return err_set(e, ERR_LIMIT,
					       "topic selector longer than %d "
					       "bytes",
					       LIMIT_TOPIC_BYTES);
			if (str_is(&fl->name, "topic"))
				f->scratch[s->nselectors++] = fl->value;
		} else if (is_matcher_name(&fl->name)) {
			quote_name(name, sizeof(name), &fl->name);
			return err_set(e, ERR_DATA,
				       "unsupported matcher type '%s'", name);
		} else if (str_is(&fl->name, "last_event_id")) {
			rc = take_first(&s->last_event_id, fl,
					LIMIT_EVENT_ID_BYTES, "last_event_id",
					e);
		} else if (str_is(&fl->name, "lastEventID")) {
			rc = take_first(&s->last_event_id_0x, fl,
					LIMIT_EVENT_ID_BYTES, "lastEventID", e);
		} else if (str_is(&fl->name, "Last-Event-ID")) {
			rc = take_first(&s->last_event_id_v7, fl,
					LIMIT_EVENT_ID_BYTES, "Last-Event-ID",
					e);
		} else if (str_is(&fl->name, "authorization")) {
			rc = take_first(&s->authorization, fl, LIMIT_JWT_BYTES,
					"authorization", e);
		}
	}
	if (rc)
		return rc;
	s->selectors = f->scratch;
	s->exact = f->scratch + s->nselectors;
	for (i = 0; i < f->nfields; i++)
		if (is_exact_name(&f->fields[i].name))
			f->scratch[s->nselectors + s->nexact++] =
				f->fields[i].value;
	s->urlpattern = s->exact + s->nexact;
	for (i = 0; i < f->nfields; i++)
		if (str_is(&f->fields[i].name, "match_urlpattern"))
			f->scratch[s->nselectors + s->nexact +
				   s->nurlpattern++] = f->fields[i].value;
	if (!s->nselectors && !s->nexact && !s->nurlpattern)
		return err_set(e, ERR_DATA,
			       "missing 'topic' or 'match' "
			       "parameter");
	return 0;
}

const struct form_str *form_subscribe_cursor(const struct form_subscribe *s,
					     bool legacy)
{
	if (s->last_event_id_0x.len)
		return &s->last_event_id_0x;
	if (s->last_event_id.len)
		return &s->last_event_id;
	if (legacy && s->last_event_id_v7.s)
		return &s->last_event_id_v7;
	return NULL;
}

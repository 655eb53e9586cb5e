/*
 * yamlread: libyaml events in batches, parsed on the caller's thread or
 * ahead of it on a reader thread. JSON input has its own tokenizer (RFC
 * 8259, strict) giving the same events about ten times faster than
 * libyaml, whose YAML 1.1 reading of JSON is lenient anyway.
 *
 * A batch holds up to BATCH_EVENTS events and their strings in one
 * buffer; events keep offsets into that buffer until the consumer takes
 * the batch, so the buffer may grow while it is filled. Batches cycle
 * between a free list and a queue of at most QUEUE_DEPTH full ones.
 */
#include "compat.h"

#include "buf.h"
#include "yamlread.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define BATCH_EVENTS 2048
#define BATCH_BYTES  (128 * 1024) /* a batch is full past this much text */
#define QUEUE_DEPTH  4
#define NBATCHES     (QUEUE_DEPTH + 2)
/* A waiting consumer is woken once this many batches wait for it: each
 * wake-up is a futex round trip on the reader, the slower thread. */
#define WAKE_AFTER 2
/* The most text one scalar may hold (a long description or a JSON blob). */
#define SCALAR_MAX (16 * 1024 * 1024)

#define NO_STRING ((size_t)-1)

/* JSON: containers nested deeper than this are refused. */
#define JSON_DEPTH 256
#define JSON_CHUNK (64 * 1024)

enum json_state {
	J_START,       /* nothing read yet */
	J_VALUE,       /* a value is due */
	J_FIRST_VALUE, /* after '[': a value or ']' */
	J_FIRST_KEY,   /* after '{': a key or '}' */
	J_KEY,	       /* after ',' in an object */
	J_COLON,       /* after a key */
	J_NEXT,	       /* after a value in a container: ',' or its closer */
	J_END,	       /* after the top value: only the end */
	J_STREAM_END
};

struct stored {
	enum yamlread_kind kind;
	bool plain;
	size_t value, len, anchor, tag; /* offsets into the batch text */
	long line, column;
};

struct batch {
	struct stored ev[BATCH_EVENTS];
	size_t n;
	struct buf text;
	bool last;	  /* ends with YR_STREAM_END or an error */
	struct err error; /* the error, when last and error.cls is set */
	struct batch *next;
};

struct yamlread {
	yaml_parser_t parser;
	FILE *file; /* NULL for a buffer */
	bool own_file;
	const char *data;
	size_t data_len, data_pos;
	_Atomic uint64_t consumed;
	bool done; /* the parser reached the end or failed */

	struct batch *batches;
	struct batch *free_list, *queue_head, *queue_tail;
	size_t queued;
	struct batch *current; /* the batch the consumer reads */
	size_t pos;

	bool json; /* read with the JSON tokenizer */
	unsigned char *jbuf;
	size_t jpos, jlen;
	bool jeof;
	long jline, jcol;
	char jstack[JSON_DEPTH];
	int jdepth;
	enum json_state jstate;

	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool reader_waiting;   /* for a free batch */
	bool consumer_waiting; /* for a full one */
	bool stop;
};

const char *yamlread_version(void)
{
	static char text[32];

	snprintf(text, sizeof(text), "libyaml %s", yaml_get_version_string());
	return text;
}

static int read_input(void *ctx, unsigned char *buffer, size_t size,
		      size_t *got)
{
	struct yamlread *r = ctx;

	if (r->file) {
		*got = fread(buffer, 1, size, r->file);
		if (*got == 0 && ferror(r->file))
			return 0;
	} else {
		*got = r->data_len - r->data_pos < size
			       ? r->data_len - r->data_pos
			       : size;
		memcpy(buffer, r->data + r->data_pos, *got);
		r->data_pos += *got;
	}
	atomic_fetch_add(&r->consumed, *got);
	return 1;
}

static size_t store(struct batch *b, const unsigned char *s, size_t len)
{
	size_t at = b->text.len;

	if (!s)
		return NO_STRING;
	if (buf_add(&b->text, s, len) != BUF_OK ||
	    buf_addch(&b->text, '\0') != BUF_OK)
		return NO_STRING - 1;
	return at;
}

static void parse_error(struct yamlread *r, struct batch *b)
{
	yaml_parser_t *p = &r->parser;
	yaml_mark_t m = p->problem ? p->problem_mark : p->mark;

	if (p->error == YAML_READER_ERROR && r->file && ferror(r->file)) {
		err_set_errno(&b->error, ERR_NOINPUT, errno, "cannot read");
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		err_set(&b->error, ERR_RUNTIME, "out of memory");
		return;
	}
	if (p->problem && strstr(p->problem, "cannot start any token"))
		/* The usual cause in fixtures: an unquoted reference. */
		err_set_at(
			&b->error, ERR_DATA, (long)m.line + 1,
			(long)m.column + 1,
			"invalid YAML: %s (quote values that start with '@' or '`')",
			p->problem);
	else if (p->context)
		err_set_at(&b->error, ERR_DATA, (long)m.line + 1,
			   (long)m.column + 1, "invalid YAML: %s %s",
			   p->problem ? p->problem : "error", p->context);
	else
		err_set_at(&b->error, ERR_DATA, (long)m.line + 1,
			   (long)m.column + 1, "invalid YAML: %s",
			   p->problem ? p->problem : "error");
}

/* Parse events into b until it is full or the stream ends. */
static void fill_json(struct yamlread *r, struct batch *b);

static void fill(struct yamlread *r, struct batch *b)
{
	yaml_event_t ev;

	b->n = 0;
	b->last = false;
	err_init(&b->error);
	buf_reset(&b->text);
	if (r->json) {
		fill_json(r, b);
		return;
	}
	while (b->n < BATCH_EVENTS && b->text.len < BATCH_BYTES) {
		struct stored *s = &b->ev[b->n];

		if (!yaml_parser_parse(&r->parser, &ev)) {
			parse_error(r, b);
			b->last = true;
			r->done = true;
			return;
		}
		memset(s, 0, sizeof(*s));
		s->value = s->anchor = s->tag = NO_STRING;
		s->line = (long)ev.start_mark.line + 1;
		s->column = (long)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_NO_EVENT:
			s->kind = YR_STREAM_END;
			b->last = true;
			r->done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			s->kind = YR_DOC_START;
			break;
		case YAML_DOCUMENT_END_EVENT:
			s->kind = YR_DOC_END;
			break;
		case YAML_MAPPING_START_EVENT:
			s->kind = YR_MAP_START;
			s->anchor = store(
				b, ev.data.mapping_start.anchor,
				ev.data.mapping_start.anchor
					? strlen((char *)ev.data.mapping_start
							 .anchor)
					: 0);
			if (!ev.data.mapping_start.implicit)
				s->tag = store(
					b, ev.data.mapping_start.tag,
					strlen((char *)ev.data.mapping_start
						       .tag));
			break;
		case YAML_MAPPING_END_EVENT:
			s->kind = YR_MAP_END;
			break;
		case YAML_SEQUENCE_START_EVENT:
			s->kind = YR_SEQ_START;
			s->anchor = store(
				b, ev.data.sequence_start.anchor,
				ev.data.sequence_start.anchor
					? strlen((char *)ev.data.sequence_start
							 .anchor)
					: 0);
			if (!ev.data.sequence_start.implicit)
				s->tag = store(
					b, ev.data.sequence_start.tag,
					strlen((char *)ev.data.sequence_start
						       .tag));
			break;
		case YAML_SEQUENCE_END_EVENT:
			s->kind = YR_SEQ_END;
			break;
		case YAML_SCALAR_EVENT:
			s->kind = YR_SCALAR;
			s->plain =
				ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			s->len = ev.data.scalar.length;
			s->value = store(b, ev.data.scalar.value, s->len);
			s->anchor = store(
				b, ev.data.scalar.anchor,
				ev.data.scalar.anchor
					? strlen((char *)ev.data.scalar.anchor)
					: 0);
			/* A non-specific "!" is no tag; neither is an
			 * implicit one. */
			if (ev.data.scalar.tag &&
			    !ev.data.scalar.plain_implicit &&
			    !ev.data.scalar.quoted_implicit &&
			    strcmp((char *)ev.data.scalar.tag, "!") != 0)
				s->tag = store(
					b, ev.data.scalar.tag,
					strlen((char *)ev.data.scalar.tag));
			break;
		case YAML_ALIAS_EVENT:
			s->kind = YR_ALIAS;
			s->len = strlen((char *)ev.data.alias.anchor);
			s->value = store(b, ev.data.alias.anchor, s->len);
			break;
		default:
			yaml_event_delete(&ev);
			continue; /* STREAM_START */
		}
		yaml_event_delete(&ev);
		if (s->value == NO_STRING - 1 || s->anchor == NO_STRING - 1 ||
		    s->tag == NO_STRING - 1) {
			err_set_at(&b->error, ERR_LIMIT, s->line, s->column,
				   "a scalar is longer than %d bytes",
				   SCALAR_MAX);
			b->last = true;
			r->done = true;
			return;
		}
		b->n++;
		if (b->last)
			return;
	}
}

/* ------------------------------------------------------------------ */
/* JSON */

static int jpeek(struct yamlread *r)
{
	if (r->jpos == r->jlen) {
		if (r->jeof)
			return -1;
		r->jpos = 0;
		if (!read_input(r, r->jbuf, JSON_CHUNK, &r->jlen))
			r->jlen = 0;
		if (r->jlen == 0) {
			r->jeof = true;
			return -1;
		}
	}
	return r->jbuf[r->jpos];
}

static int jtake(struct yamlread *r)
{
	int c = jpeek(r);

	if (c < 0)
		return c;
	r->jpos++;
	if (c == '\n') {
		r->jline++;
		r->jcol = 1;
	} else if ((c & 0xc0) != 0x80) {
		r->jcol++; /* columns count characters, not bytes */
	}
	return c;
}

static void skip_space(struct yamlread *r)
{
	int c;

	while ((c = jpeek(r)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		jtake(r);
}

static bool jfail(struct yamlread *r, struct batch *b, const char *what)
{
	int c = jpeek(r);
	char got[16];

	if (c < 0)
		snprintf(got, sizeof(got), "the end");
	else if (c >= 0x20 && c < 0x7f)
		snprintf(got, sizeof(got), "'%c'", c);
	else
		snprintf(got, sizeof(got), "byte 0x%02x", (unsigned)c);
	err_set_at(&b->error, ERR_DATA, r->jline, r->jcol,
		   "invalid JSON: expected %s, found %s", what, got);
	return false;
}

static bool add_byte(struct batch *b, int c)
{
	char ch = (char)c;

	return buf_add(&b->text, &ch, 1) == BUF_OK;
}

static bool add_utf8(struct batch *b, unsigned long cp)
{
	unsigned char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (unsigned char)(0xf0 | cp >> 18);
		out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		out[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(&b->text, out, n) == BUF_OK;
}

static bool hex4(struct yamlread *r, unsigned long *v)
{
	int i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = jpeek(r);
		if (c >= '0' && c <= '9')
			*v = *v * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v = *v * 16 + (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v = *v * 16 + (unsigned long)(c - 'A' + 10);
		else
			return false;
		jtake(r);
	}
	return true;
}

/* A string, its opening quote next, into the batch text. */
static bool jstring(struct yamlread *r, struct batch *b, struct stored *s)
{
	static const char esc_in[] = "\"\\/bfnrt";
	static const char esc_out[] = "\"\\/\b\f\n\r\t";
	size_t start = b->text.len;
	int c;

	jtake(r);
	for (;;) {
		const unsigned char *from, *to, *stop;
		size_t chars = 0;

		if (jpeek(r) < 0)
			return jfail(r, b, "the rest of a string and its '\"'");
		/* Copy the plain run in one go; most strings are one run. */
		from = to = r->jbuf + r->jpos;
		stop = r->jbuf + r->jlen;
		while (to < stop && *to != '"' && *to != '\\' && *to >= 0x20)
			chars += (*to++ & 0xc0) != 0x80;
		if (to > from) {
			if (buf_add(&b->text, from, (size_t)(to - from)) !=
			    BUF_OK)
				goto too_long;
			r->jpos += (size_t)(to - from);
			r->jcol += (long)chars;
			continue;
		}
		c = jpeek(r);
		if (c == '"')
			break;
		if (c < 0 || c < 0x20)
			return jfail(r, b, "the rest of a string and its '\"'");
		jtake(r);
		if (c == '\\') {
			unsigned long cp, low;
			const char *e;

			c = jpeek(r);
			e = c > 0 ? strchr(esc_in, c) : NULL;
			if (c == 'u') {
				jtake(r);
				if (!hex4(r, &cp))
					return jfail(r, b, "four hex digits");
				/* A surrogate pair makes one character. */
				if (cp >= 0xd800 && cp < 0xdc00 &&
				    jpeek(r) == '\\') {
					jtake(r);
					if (jpeek(r) != 'u')
						return jfail(r, b, "'\\u'");
					jtake(r);
					if (!hex4(r, &low) || low < 0xdc00 ||
					    low > 0xdfff)
						return jfail(r, b,
							     "a low surrogate");
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (low - 0xdc00);
				} else if (cp >= 0xd800 && cp < 0xe000) {
					cp = 0xfffd;
				}
				if (!add_utf8(b, cp))
					goto too_long;
				continue;
			}
			if (!e || !*e)
				return jfail(
					r, b,
					"an escape (\\n, \\\", \\u00e9...)");
			jtake(r);
			if (!add_byte(b, esc_out[e - esc_in]))
				goto too_long;
			continue;
		}
		if (!add_byte(b, c))
			goto too_long;
	}
	jtake(r);
	s->value = start;
	s->len = b->text.len - start;
	if (!add_byte(b, 0))
		goto too_long;
	return true;
too_long:
	err_set_at(&b->error, ERR_LIMIT, s->line, s->column,
		   "a string is longer than %d bytes", SCALAR_MAX);
	return false;
}

/* A number, true, false or null: a plain scalar, checked as JSON. */
static bool jword(struct yamlread *r, struct batch *b, struct stored *s)
{
	size_t start = b->text.len, n;
	int c;
	const char *t;

	while ((c = jpeek(r)) >= 0 &&
	       (strchr("+-.eE", c) || (c >= '0' && c <= '9') ||
		(c >= 'a' && c <= 'z')))
		if (!add_byte(b, jtake(r)))
			return false;
	n = b->text.len - start;
	if (!add_byte(b, 0))
		return false;
	t = b->text.data + start;
	if (n == 0)
		return jfail(r, b, "a value");
	if (strcmp(t, "true") && strcmp(t, "false") && strcmp(t, "null")) {
		/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
		const char *p = t + (*t == '-');

		if (*p == '0')
			p++;
		else if (*p >= '1' && *p <= '9')
			p += strspn(p, "0123456789");
		else
			goto bad;
		if (*p == '.') {
			if (!strchr("0123456789", p[1]) || !p[1])
				goto bad;
			p += 1 + strspn(p + 1, "0123456789");
		}
		if (*p == 'e' || *p == 'E') {
			p += 1 + (p[1] == '+' || p[1] == '-');
			if (!*p || !strchr("0123456789", *p))
				goto bad;
			p += strspn(p, "0123456789");
		}
		if (*p)
			goto bad;
	}
	s->plain = true;
	s->value = start;
	s->len = n;
	return true;
bad:
	err_set_at(&b->error, ERR_DATA, s->line, s->column,
		   "invalid JSON: '%.20s' is not a number, true, false or null",
		   t);
	return false;
}

/* The next JSON event into s; false on an error (in b->error). */
static bool json_event(struct yamlread *r, struct batch *b, struct stored *s)
{
	int c;

	skip_space(r);
	s->line = r->jline;
	s->column = r->jcol;
	c = jpeek(r);
	switch (r->jstate) {
	case J_START:
		if (c < 0) {
			s->kind = YR_STREAM_END;
			return true;
		}
		s->kind = YR_DOC_START;
		r->jstate = J_VALUE;
		return true;
	case J_END:
		if (c >= 0)
			return jfail(r, b, "nothing after the value");
		s->kind = YR_DOC_END;
		r->jstate = J_STREAM_END;
		return true;
	case J_STREAM_END:
		s->kind = YR_STREAM_END;
		return true;
	case J_COLON:
		if (c != ':')
			return jfail(r, b, "':'");
		jtake(r);
		r->jstate = J_VALUE;
		return json_event(r, b, s);
	case J_NEXT:
		if (c == ',') {
			jtake(r);
			r->jstate = r->jstack[r->jdepth - 1] == '{' ? J_KEY
								    : J_VALUE;
			return json_event(r, b, s);
		}
		if (c != (r->jstack[r->jdepth - 1] == '{' ? '}' : ']'))
			return jfail(r, b,
				     r->jstack[r->jdepth - 1] == '{'
					     ? "',' or '}'"
					     : "',' or ']'");
		goto close;
	case J_FIRST_KEY:
	case J_KEY:
		if (r->jstate == J_FIRST_KEY && c == '}')
			goto close;
		if (c != '"')
			return jfail(r, b, "a key in double quotes");
		s->kind = YR_SCALAR;
		r->jstate = J_COLON;
		return jstring(r, b, s);
	case J_FIRST_VALUE:
	case J_VALUE:
		if (r->jstate == J_FIRST_VALUE && c == ']')
			goto close;
		break;
	}
	if (c == '{' || c == '[') {
		if (r->jdepth == JSON_DEPTH) {
			err_set_at(&b->error, ERR_DATA, s->line, s->column,
				   "invalid JSON: nested more than %d deep",
				   JSON_DEPTH);
			return false;
		}
		jtake(r);
		r->jstack[r->jdepth++] = (char)c;
		s->kind = c == '{' ? YR_MAP_START : YR_SEQ_START;
		r->jstate = c == '{' ? J_FIRST_KEY : J_FIRST_VALUE;
		return true;
	}
	s->kind = YR_SCALAR;
	r->jstate = r->jdepth ? J_NEXT : J_END;
	return c == '"' ? jstring(r, b, s) : jword(r, b, s);
close:
	jtake(r);
	s->kind = r->jstack[--r->jdepth] == '{' ? YR_MAP_END : YR_SEQ_END;
	r->jstate = r->jdepth ? J_NEXT : J_END;
	return true;
}

static void fill_json(struct yamlread *r, struct batch *b)
{
	while (b->n < BATCH_EVENTS && b->text.len < BATCH_BYTES) {
		struct stored *s = &b->ev[b->n];

		memset(s, 0, sizeof(*s));
		s->value = s->anchor = s->tag = NO_STRING;
		if (!json_event(r, b, s)) {
			if (r->file && ferror(r->file))
				err_set_errno(&b->error, ERR_NOINPUT, errno,
					      "cannot read");
			else if (b->error.cls == ERR_NONE)
				err_set_at(&b->error, ERR_LIMIT, s->line,
					   s->column, "a string is too long");
			b->last = true;
			r->done = true;
			return;
		}
		b->n++;
		if (s->kind == YR_STREAM_END) {
			b->last = true;
			r->done = true;
			return;
		}
	}
}

static void *reader_main(void *arg)
{
	struct yamlread *r = arg;
	bool last = false;

	while (!last) {
		struct batch *b;

		pthread_mutex_lock(&r->lock);
		while (!r->stop && !r->free_list) {
			r->reader_waiting = true;
			pthread_cond_wait(&r->changed, &r->lock);
		}
		r->reader_waiting = false;
		if (r->stop) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		b = r->free_list;
		r->free_list = b->next;
		pthread_mutex_unlock(&r->lock);

		fill(r, b);
		last = b->last;

		pthread_mutex_lock(&r->lock);
		b->next = NULL;
		if (r->queue_tail)
			r->queue_tail->next = b;
		else
			r->queue_head = b;
		r->queue_tail = b;
		r->queued++;
		if (r->consumer_waiting && (r->queued >= WAKE_AFTER || last))
			pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

static struct yamlread *open_common(struct yamlread *r, bool threaded,
				    struct err *e)
{
	size_t i;

	if (r->json) {
		r->jbuf = malloc(JSON_CHUNK);
		r->jline = r->jcol = 1;
		if (!r->jbuf) {
			err_set(e, ERR_RUNTIME, "out of memory");
			goto fail;
		}
	}
	if (!yaml_parser_initialize(&r->parser)) {
		err_set(e, ERR_RUNTIME, "out of memory");
		goto fail;
	}
	yaml_parser_set_input(&r->parser, read_input, r);
	r->batches = calloc(NBATCHES, sizeof(*r->batches));
	if (!r->batches) {
		err_set(e, ERR_RUNTIME, "out of memory");
		goto fail;
	}
	/* The first batches are the free list; none is current yet. */
	for (i = 0; i < NBATCHES; i++) {
		buf_init(&r->batches[i].text, BATCH_BYTES + SCALAR_MAX);
		r->batches[i].next =
			i + 1 < NBATCHES ? &r->batches[i + 1] : NULL;
	}
	r->free_list = &r->batches[0];
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (threaded) {
		if (pthread_create(&r->thread, NULL, reader_main, r) != 0) {
			err_set(e, ERR_RUNTIME,
				"cannot start the reader thread");
			goto fail;
		}
		r->threaded = true;
	}
	return r;
fail:
	yamlread_free(r);
	return NULL;
}

struct yamlread *yamlread_open_file(const char *path, bool threaded,
				    struct err *e)
{
	struct yamlread *r = calloc(1, sizeof(*r));

	if (!r) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		r->file = stdin;
	} else {
		r->file = fopen(path, "rb");
		r->own_file = true;
	}
	if (!r->file) {
		err_set_errno(e, ERR_NOINPUT, errno, "cannot open '%s'", path);
		free(r);
		return NULL;
	}
	/* As alice does, the extension says which parser reads a file. */
	r->json = strlen(path) > 5 &&
		  strcasecmp(path + strlen(path) - 5, ".json") == 0;
	return open_common(r, threaded, e);
}

/* '{' then '"' or '}': a JSON object (YAML would rarely start so). */
static bool looks_like_json(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && strchr(" \t\r\n", p[i]) && p[i])
		i++;
	if (i == len || p[i] != '{')
		return false;
	for (i++; i < len && strchr(" \t\r\n", p[i]) && p[i]; i++)
		;
	return i < len && (p[i] == '"' || p[i] == '}');
}

struct yamlread *yamlread_open_buffer(const char *data, size_t len,
				      bool threaded, struct err *e)
{
	struct yamlread *r = calloc(1, sizeof(*r));

	if (!r) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	r->data = data;
	r->data_len = len;
	r->json = looks_like_json(data, len);
	return open_common(r, threaded, e);
}

/* Give the current batch back and take the next full one. */
static void advance(struct yamlread *r)
{
	struct batch *done = r->current;

	if (!r->threaded) {
		if (!done) {
			done = r->free_list;
			r->free_list = done->next;
		}
		fill(r, done);
		r->current = done;
		r->pos = 0;
		return;
	}
	pthread_mutex_lock(&r->lock);
	if (done) {
		done->next = r->free_list;
		r->free_list = done;
		if (r->reader_waiting)
			pthread_cond_broadcast(&r->changed);
	}
	while (!r->queue_head) {
		r->consumer_waiting = true;
		pthread_cond_wait(&r->changed, &r->lock);
	}
	r->consumer_waiting = false;
	r->current = r->queue_head;
	r->queue_head = r->current->next;
	if (!r->queue_head)
		r->queue_tail = NULL;
	r->queued--;
	pthread_mutex_unlock(&r->lock);
	r->pos = 0;
}

static const char *text_at(const struct batch *b, size_t off)
{
	return off == NO_STRING ? NULL : b->text.data + off;
}

int yamlread_next(struct yamlread *r, struct yamlread_event *ev, struct err *e)
{
	const struct batch *b;
	const struct stored *s;

	for (;;) {
		b = r->current;
		if (b && r->pos < b->n)
			break;
		if (b && b->last) {
			if (b->error.cls != ERR_NONE) {
				if (e)
					*e = b->error;
				return -1;
			}
			r->pos = b->n - 1; /* repeat the end */
			break;
		}
		advance(r);
	}
	s = &b->ev[r->pos++];
	ev->kind = s->kind;
	ev->plain = s->plain;
	ev->value = text_at(b, s->value);
	ev->len = s->len;
	ev->anchor = text_at(b, s->anchor);
	ev->tag = text_at(b, s->tag);
	ev->line = s->line;
	ev->column = s->column;
	return 0;
}

uint64_t yamlread_consumed(const struct yamlread *r)
{
	return atomic_load(&((struct yamlread *)r)->consumed);
}

void yamlread_free(struct yamlread *r)
{
	size_t i;

	if (!r)
		return;
	if (r->threaded) {
		pthread_mutex_lock(&r->lock);
		r->stop = true;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
	}
	if (r->batches) {
		for (i = 0; i < NBATCHES; i++)
			buf_release(&r->batches[i].text);
		free(r->batches);
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->changed);
	}
	yaml_parser_delete(&r->parser);
	free(r->jbuf);
	if (r->own_file && r->file)
		fclose(r->file);
	free(r);
}

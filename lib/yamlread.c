/*
 * yamlread: libyaml events in batches, parsed on the caller's thread or
 * ahead of it on a reader thread.
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
#include <yaml.h>

#define BATCH_EVENTS 2048
#define BATCH_BYTES  (128 * 1024) /* a batch is full past this much text */
#define QUEUE_DEPTH  4
#define NBATCHES     (QUEUE_DEPTH + 2)
/* The most text one scalar may hold (a long description or a JSON blob). */
#define SCALAR_MAX (16 * 1024 * 1024)

#define NO_STRING ((size_t)-1)

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

	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
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
static void fill(struct yamlread *r, struct batch *b)
{
	yaml_event_t ev;

	b->n = 0;
	b->last = false;
	err_init(&b->error);
	buf_reset(&b->text);
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

static void *reader_main(void *arg)
{
	struct yamlread *r = arg;
	bool last = false;

	while (!last) {
		struct batch *b;

		pthread_mutex_lock(&r->lock);
		while (!r->stop && !r->free_list)
			pthread_cond_wait(&r->changed, &r->lock);
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
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

static struct yamlread *open_common(struct yamlread *r, bool threaded,
				    struct err *e)
{
	size_t i;

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
	return open_common(r, threaded, e);
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
		pthread_cond_broadcast(&r->changed);
	}
	while (!r->queue_head)
		pthread_cond_wait(&r->changed, &r->lock);
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
	if (r->own_file && r->file)
		fclose(r->file);
	free(r);
}

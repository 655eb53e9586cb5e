/*
 * hist_local: the history as a bounded ring in memory (local://).
 *
 * Each update is copied into one allocation (topic pointers, strings and
 * data together), so replay hands out views without copying. The ring
 * grows with the history up to its size and then overwrites the oldest
 * update. A read-write lock lets replays run side by side while appends
 * wait for them.
 */
#include "compat.h"

#include "hist.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	uint64_t idhash;
	struct hist_update u; /* views into block */
	void *block;
};

struct local {
	struct hist base;
	pthread_rwlock_t lock;
	uint64_t size;	 /* updates kept */
	uint64_t newest; /* seq of the newest update, 0 when none */
	struct slot *ring;
	uint64_t cap; /* slots allocated: grows to size */
};

static uint64_t hash_id(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The oldest seq kept, or newest + 1 when the history is empty. */
static uint64_t oldest(const struct local *l)
{
	return l->newest > l->size ? l->newest - l->size + 1 : 1;
}

static struct slot *slot_of(struct local *l, uint64_t seq)
{
	return &l->ring[(seq - 1) % l->size];
}

/* Copy u into one block; the slot's view points into it. */
static int copy_in(struct slot *s, const struct hist_update *u)
{
	size_t idlen = strlen(u->id), typelen = u->type ? strlen(u->type) : 0;
	size_t size, i, len;
	const char **topics;
	char *p;

	size = u->ntopics * sizeof(char *) + idlen + 1 + typelen + 1 +
	       u->data_len + 1;
	for (i = 0; i < u->ntopics; i++)
		size += strlen(u->topics[i]) + 1;
	s->block = malloc(size);
	if (!s->block)
		return -1;
	topics = s->block;
	p = (char *)(topics + u->ntopics);
	for (i = 0; i < u->ntopics; i++) {
		len = strlen(u->topics[i]) + 1;
		topics[i] = memcpy(p, u->topics[i], len);
		p += len;
	}
	s->u = *u;
	s->u.topics = topics;
	s->u.id = memcpy(p, u->id, idlen + 1);
	p += idlen + 1;
	s->u.type = NULL;
	if (typelen) {
		s->u.type = memcpy(p, u->type, typelen + 1);
		p += typelen + 1;
	}
	s->u.data = p;
	if (u->data_len)
		memcpy(p, u->data, u->data_len);
	p[u->data_len] = '\0';
	s->u.idbuf[0] = '\0';
	s->idhash = hash_id(u->id);
	return 0;
}

/* Make room for seq (ring slots are allocated as history grows). */
static int reserve(struct local *l, uint64_t seq)
{
	struct slot *ring;
	uint64_t cap;

	if (seq <= l->cap || l->cap == l->size)
		return 0;
	for (cap = l->cap ? l->cap : 64; cap < seq;)
		cap *= 2;
	if (cap > l->size)
		cap = l->size;
	ring = malloc(cap * sizeof(*ring));
	if (!ring)
		return -1;
	if (l->cap)
		memcpy(ring, l->ring, l->cap * sizeof(*ring));
	free(l->ring);
	l->ring = ring;
	l->cap = cap;
	return 0;
}

static int local_append(struct hist *h, struct hist_update *const *u, size_t n,
			struct err *e)
{
	struct local *l = (struct local *)h;
	struct slot fresh[16], *tmp = fresh;
	uint64_t seq;
	size_t i, copied = 0;
	int rc = -1;

	if (!l->size) {
		/* Nothing is kept, but positions still count. */
		pthread_rwlock_wrlock(&l->lock);
		for (i = 0; i < n; i++)
			u[i]->seq = ++l->newest;
		pthread_rwlock_unlock(&l->lock);
		return 0;
	}
	/* Copy outside the lock; all or none. */
	if (n > WS_ARRAY_LEN(fresh)) {
		tmp = calloc(n, sizeof(*tmp));
		if (!tmp)
			return err_set(e, ERR_RUNTIME, "out of memory");
	}
	for (copied = 0; copied < n; copied++)
		if (copy_in(&tmp[copied], u[copied]))
			goto out;
	pthread_rwlock_wrlock(&l->lock);
	if (reserve(l, l->newest + n < l->size ? l->newest + n : l->size)) {
		pthread_rwlock_unlock(&l->lock);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct slot *s;

		seq = ++l->newest;
		s = slot_of(l, seq);
		if (seq > l->size)
			free(s->block); /* the oldest update goes */
		*s = tmp[i];
		s->u.seq = u[i]->seq = seq;
		tmp[i].block = NULL;
	}
	pthread_rwlock_unlock(&l->lock);
	rc = 0;
out:
	if (rc) {
		for (i = 0; i < copied; i++)
			free(tmp[i].block);
		err_set(e, ERR_RUNTIME, "out of memory");
	}
	if (tmp != fresh)
		free(tmp);
	return rc;
}

static int local_since(struct hist *h, const struct hist_query *q,
		       hist_each_fn *each, void *arg, struct hist_result *r,
		       struct err *e)
{
	struct local *l = (struct local *)h;
	uint64_t lo, hi, seq, start = 0, hash;
	struct slot *s;

	(void)e;
	pthread_rwlock_rdlock(&l->lock);
	lo = oldest(l);
	hi = q->until && q->until < l->newest ? q->until : l->newest;
	r->until = hi;
	if (q->after_seq) {
		r->found = q->after_seq + 1 >= lo;
		start = q->after_seq + 1;
	} else if (!strcmp(q->after, HIST_EARLIEST)) {
		r->found = true;
		start = lo;
	} else if (l->size) {
		hash = hash_id(q->after);
		for (seq = lo; seq <= hi; seq++) {
			/* Earliest: stop at the first; latest: keep going. */
			s = slot_of(l, seq);
			if (s->idhash != hash || strcmp(s->u.id, q->after))
				continue;
			r->found = true;
			start = seq + 1;
			if (!(q->flags & HIST_DUP_LAST))
				break;
		}
	}
	if (!r->found)
		start = q->flags & HIST_UNKNOWN_ALL ? lo : hi + 1;
	for (seq = start; l->size && seq <= hi; seq++) {
		r->count++;
		if (each(&slot_of(l, seq)->u, arg)) {
			r->stopped = true;
			break;
		}
	}
	pthread_rwlock_unlock(&l->lock);
	return 0;
}

static int local_last(struct hist *h, char *id, size_t size, uint64_t *seq,
		      struct err *e)
{
	struct local *l = (struct local *)h;
	const char *last;
	int rc = 0;

	pthread_rwlock_rdlock(&l->lock);
	*seq = 0;
	if (l->size && l->newest) {
		last = slot_of(l, l->newest)->u.id;
		if (size && strlen(last) >= size) {
			rc = err_set(e, ERR_LIMIT, "id longer than %zu bytes",
				     size - 1);
		} else {
			if (size)
				memcpy(id, last, strlen(last) + 1);
			*seq = l->newest;
			rc = 1;
		}
	}
	pthread_rwlock_unlock(&l->lock);
	return rc;
}

static void local_close(struct hist *h)
{
	struct local *l = (struct local *)h;
	uint64_t seq;

	for (seq = oldest(l); l->size && seq <= l->newest; seq++)
		free(slot_of(l, seq)->block);
	free(l->ring);
	pthread_rwlock_destroy(&l->lock);
	free(l);
}

static const struct hist_ops local_ops = {
	"local", local_append, local_since, local_last, local_close,
};

struct hist *hist_local_open(uint64_t size, struct err *e)
{
	struct local *l = calloc(1, sizeof(*l));

	if (!l || pthread_rwlock_init(&l->lock, NULL)) {
		free(l);
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	l->base.ops = &local_ops;
	l->size = size;
	return &l->base;
}

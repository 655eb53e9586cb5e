/* arena: a bump allocator with a ceiling. */
#include "compat.h"

#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* bytes of data[] */
	size_t fill; /* bytes used in data[] */
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used = 0;
	a->max = max;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		free(c);
		c = next;
	}
	arena_init(a, a->max);
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (!a->head)
		return;
	/* Keep the oldest chunk, which is at the end of the list. */
	c = a->head;
	while (c->next) {
		next = c->next;
		free(c);
		c = next;
	}
	c->fill = 0;
	a->head = c;
	a->used = 0;
}

static void *alloc_aligned(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t pad = 0, need;
	void *p;

	if (c)
		pad = (align - c->fill % align) % align;
	need = n + pad;
	if (need < n || need > a->max - a->used)
		return NULL;
	if (!c || c->size - c->fill < need) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->fill = 0;
		c->next = a->head;
		a->head = c;
		pad = 0;
		need = n;
	}
	p = c->data + c->fill + pad;
	c->fill += need;
	a->used += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc_aligned(a, n ? n : 1, alignof(max_align_t));
}

char *arena_strndup(struct arena *a, const char *p, size_t n)
{
	/* Strings need no alignment, so a million short ids pack tightly. */
	char *s = alloc_aligned(a, n + 1, 1);

	if (!s)
		return NULL;
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

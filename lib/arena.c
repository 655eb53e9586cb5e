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
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->next = a->end = NULL;
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
	a->head = c;
	a->next = c->data;
	a->end = c->data + c->size;
	a->used = 0;
}

/*
 * The bump itself reads only the arena, never the chunk: a chunk's
 * header falls out of the cache while a long load streams past it.
 */
static void *alloc_aligned(struct arena *a, size_t n, size_t align)
{
	/* align is a power of two: a mask, not a division per call. */
	size_t pad = -(uintptr_t)a->next & (align - 1);
	size_t need = n + pad;
	struct arena_chunk *c;
	void *p;

	if (need < n || need > a->max - a->used)
		return NULL;
	if (!a->next || (size_t)(a->end - a->next) < need) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->next = a->head;
		a->head = c;
		a->next = c->data;
		a->end = c->data + size;
		need = n;
	}
	p = a->next + (need - n);
	a->next += need;
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

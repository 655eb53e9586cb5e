/*
 * arena: a bump allocator with a ceiling, for values that live as long as
 * one unit of work (a fixture row, a parsed definition) and die together.
 *
 * Memory comes in chunks from malloc; arena_reset keeps the first chunk so
 * a loop that resets per row allocates nothing in the steady state. Going
 * over the ceiling makes every allocation return NULL.
 */
#ifndef WS_ARENA_H
#define WS_ARENA_H

#include "compat.h"

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* the chunk being filled */
	unsigned char *next;	  /* its first free byte (NULL: no chunk) */
	unsigned char *end;	  /* and its end */
	size_t used;		  /* bytes handed out since the last reset */
	size_t max;		  /* the ceiling on used */
};

#define ARENA_INIT(maxlen)      \
 {                              \
  NULL, NULL, NULL, 0, (maxlen) \
 }

/* Start empty with a ceiling of max bytes. Allocates nothing. */
void arena_init(struct arena *a, size_t max);

/* Free every chunk; the arena may be used again afterwards. */
void arena_release(struct arena *a);

/* Forget every allocation, keeping one chunk for reuse. */
void arena_reset(struct arena *a);

/*
 * Borrowed until the next reset or release: n bytes aligned for any type.
 * NULL when the ceiling is reached or memory runs out.
 */
void *arena_alloc(struct arena *a, size_t n);

/* As arena_alloc, a NUL-terminated copy of p[0..n). */
char *arena_strndup(struct arena *a, const char *p, size_t n);

#endif

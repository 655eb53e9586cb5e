/*
 * fixtures_int: what the modules of the fixture loader share.
 *
 * Private to lib/fixtures.c and lib/fixtures_*.c: this is not an API, and
 * nothing else includes it (fixtures.h is the interface). The loader is
 * one module cut into files by stage so that each can be read on its own;
 * what one stage needs of another is declared here, and kept small.
 */
#ifndef WS_FIXTURES_INT_H
#define WS_FIXTURES_INT_H

#include "compat.h"

#include "arena.h"
#include "buf.h"
#include "err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Definitions: a fixture as read, before it is compiled */

enum vkind { V_SCALAR, V_SEQ, V_MAP };

/* A YAML node of a fixture body. */
struct vnode {
	enum vkind kind;
	bool plain;
	const char *tag;
	const char *text; /* scalar */
	size_t len;
	long line, column;
	struct vnode **kids; /* V_SEQ items; V_MAP key, value, key, ... */
	size_t n;
};

enum idkind { ID_SINGLE, ID_RANGE, ID_LIST };

/* One definition: a fixture, a range or list of them, or a template. */
struct def {
	uint32_t serial;
	int table;
	enum idkind kind;
	const char *name; /* the id, or the base of a range or list */
	size_t len;
	const char *suffix;
	size_t slen;
	int64_t from, to, step;
	const char **items;
	size_t nitems;
	bool template;
	const char **extends;
	size_t nextends;
	struct vnode *body; /* V_MAP or NULL */
	uint16_t file;
	long line, column;
	int depth;
	int64_t explicit_id; /* 0 when none */
	uint32_t group;	     /* ranges and lists */
	struct entry *entry; /* singles, once registered (or NULL) */
};

/* ------------------------------------------------------------------ */
/* Errors (fixtures.c) */

/* ERR_LIMIT: the load needs more memory than its ceilings allow; -1. */
int fixtures_no_memory(struct err *e);

/* ------------------------------------------------------------------ */
/* The spool of deferred definitions (fixtures_spool.c) */

struct fixtures_spool {
	struct buf mem; /* records in memory */
	FILE *spill;	/* and beyond LIMIT_SPOOL_MEMORY */
	uint64_t count; /* definitions spooled */
};

/* An empty spool; cannot fail. */
void fixtures_spool_init(struct fixtures_spool *sp);

/* Free the records and close the temporary file. */
void fixtures_spool_release(struct fixtures_spool *sp);

/*
 * Append a copy of d (its strings and body too). Returns 0, or -1 with e
 * set: ERR_LIMIT, or ERR_RUNTIME when the temporary file fails.
 */
int fixtures_spool_def(struct fixtures_spool *sp, const struct def *d,
		       struct err *e) WS_MUST_USE;

/* Reads the records back, in the order written. */
struct fixtures_spool_reader {
	const char *p, *end;
	char *all; /* the temporary file's contents, or NULL */
};

/*
 * Start reading sp, which takes no more records. Returns 0, or -1 with e
 * set (rd then needs no closing).
 */
int fixtures_spool_open(struct fixtures_spool *sp,
			struct fixtures_spool_reader *rd,
			struct err *e) WS_MUST_USE;

/*
 * The next definition into *d, its strings and body allocated in a.
 * Returns 1, 0 after the last, or -1 with ERR_RUNTIME in e.
 */
int fixtures_spool_next(struct fixtures_spool_reader *rd, struct arena *a,
			struct def *d, struct err *e) WS_MUST_USE;

/* Done reading; rd's memory is freed. */
void fixtures_spool_close(struct fixtures_spool_reader *rd);

#endif

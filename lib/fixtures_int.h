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
#include "faker.h"
#include "fixtures.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* Is v a YAML null: an empty plain scalar, "~" or "null"? */
static inline bool fixtures_is_null(const struct vnode *v)
{
	return v->kind == V_SCALAR && v->plain && !v->tag &&
	       (v->len == 0 || strcmp(v->text, "~") == 0 ||
		strcasecmp(v->text, "null") == 0);
}

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

struct fixtures;

/*
 * ERR_DATA at line:column of the file numbered file (fixtures_error_file
 * then names it), with a printf-style message; returns -1.
 */
int fixtures_fail(struct fixtures *f, uint16_t file, struct err *e, long line,
		  long column, const char *fmt, ...) WS_PRINTF(6, 7);

/* ERR_LIMIT: the load needs more memory than its ceilings allow; -1. */
int fixtures_no_memory(struct err *e);

/* Where a row was defined, as fixtures_locate() reads it back. */
static inline uint64_t fixtures_make_tag(uint16_t file, long line, long column)
{
	return (uint64_t)file << 48 |
	       (uint64_t)(line > 0xffffffffL ? 0xffffffffL : line) << 16 |
	       (uint64_t)(column > 0xffff ? 0xffff : column);
}

/* ------------------------------------------------------------------ */
/* Fixture ids and the registry (fixtures_ids.c) */

/* Strings addressed by 32 bits: chunk << 16 | offset. */
struct pool {
	struct buf chunks; /* char *[] */
	size_t fill;	   /* bytes used in the last chunk */
};

enum entry_flags {
	E_EXPLICIT = 1 << 0, /* rowid came from an id: property */
	E_EMITTED = 1 << 1,  /* a row was written for it */
	E_DEPTH_SHIFT = 4    /* the include depth of its definition */
};

/* One single fixture id; 16 bytes. */
struct entry {
	uint32_t name;	 /* pool ref */
	uint32_t serial; /* the winning definition */
	uint32_t rank;	 /* rank in its table, or its explicit id */
	uint16_t file;
	uint8_t table;
	uint8_t flags;
};

/* A range or list of ids from one definition. */
struct group {
	int table;
	bool list;
	const char *base, *suffix; /* in the state arena */
	size_t blen, slen;
	int64_t from, to, step;
	const char **items;
	size_t nitems;
	uint64_t count;
	uint32_t rank;	 /* rank of the first element in its table */
	uint32_t before; /* single ids registered before it (their order) */
	uint32_t serial;
	uint16_t file;
	long line, column;
};

struct slot;

/*
 * Every id registered: singles as packed entries found through a hash,
 * ranges and lists as groups, and the wildcards drawn from so far.
 */
struct fixtures_ids {
	struct pool names;
	struct buf echunks; /* struct entry *[] */
	uint32_t nentries;
	struct slot *hash; /* open addressing, at most 3/4 full */
	size_t hcap;
	size_t last_len; /* the last entry found, hot in cache */
	struct entry *last_entry;
	struct buf groups;    /* struct group[] */
	struct buf wildcards; /* struct wildcard[]: the cache */
};

/* An empty registry; cannot fail. */
void fixtures_ids_init(struct fixtures_ids *ids);

/* Free every id, group and cached wildcard. */
void fixtures_ids_release(struct fixtures_ids *ids);

/* Borrowed: the entry called s[0..n), or NULL. */
struct entry *fixtures_ids_find(struct fixtures_ids *ids, const char *s,
				size_t n);

/*
 * Borrowed: the entry called s[0..n), created (zeroed but for its name)
 * when it is new; *created says which. NULL with e set (ERR_LIMIT).
 */
struct entry *fixtures_ids_add(struct fixtures_ids *ids, const char *s,
			       size_t n, bool *created, struct err *e);

/* Borrowed: en's name (not NUL-terminated) and its length. */
const char *fixtures_ids_name(const struct fixtures_ids *ids,
			      const struct entry *en, size_t *len);

/* Borrowed: group i, and how many there are. */
static inline struct group *fixtures_ids_group(const struct fixtures_ids *ids,
					       uint32_t i)
{
	return &((struct group *)(void *)ids->groups.data)[i];
}

static inline uint32_t fixtures_ids_ngroups(const struct fixtures_ids *ids)
{
	return (uint32_t)(ids->groups.len / sizeof(struct group));
}

/*
 * Register g (copied), after the singles registered so far. Returns 0, or
 * -1 with e set.
 */
int fixtures_ids_add_group(struct fixtures_ids *ids, struct group *g,
			   struct err *e) WS_MUST_USE;

/* Is s[0..n) an element of g? Its index goes to *k. */
bool fixtures_ids_group_has(const struct group *g, const char *s, size_t n,
			    uint64_t *k);

/* Borrowed: the group that has s[0..n) (index in *k), or NULL. */
const struct group *fixtures_ids_in_groups(const struct fixtures_ids *ids,
					   const char *s, size_t n,
					   uint64_t *k);

/*
 * Draw one of the ids that start with p[0..n) with rng, uniformly among
 * those registered so far. Returns 1 with a single in *en, or with the
 * element *k of group *g (*en is then NULL); 0 when none matches (rng is
 * then left alone); -1 with e set.
 */
int fixtures_ids_draw(struct fixtures_ids *ids, const char *p, size_t n,
		      struct faker_rng *rng, const struct entry **en,
		      const struct group **g, uint64_t *k, struct err *e);

/*
 * Parse the key of a definition, "wine_{1..10} (extends base)", into d's
 * kind, name, suffix, range or list, and flags; strings are allocated in
 * a. Returns 0, or -1 with e set (ERR_DATA at d's line and column).
 */
int fixtures_ids_parse(struct fixtures *f, struct def *d, uint16_t file,
		       const char *key, size_t len, struct arena *a,
		       struct err *e) WS_MUST_USE;

/* How many ids d defines. */
uint64_t fixtures_ids_count(const struct def *d);

/*
 * Write the k-th id of d into out (at least LIMIT_FIXTURE_ID_CHARS + 32
 * bytes) and return its length; *current becomes its <current()> value.
 */
size_t fixtures_ids_element(const struct def *d, uint64_t k, char *out,
			    size_t size, struct faker_value *current);

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
	const char *released; /* pages before it were given back */
	void *map;	      /* the spill file, mapped, or NULL */
	size_t map_len;
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

/* ------------------------------------------------------------------ */
/* The loader's state (fixtures.c) */

/* One entry of a file's "parameters" mapping. */
struct param {
	const char *name;
	size_t len;
	struct vnode *value;
	int depth;
};

/* Seen values of one (unique) column, as 64-bit hashes. */
struct unique_set {
	int table, column;
	uint64_t *slots;
	size_t cap, n;
};

struct fixtures {
	struct fixtures_options o;
	struct fixtures_sink sink;
	struct buf inputs;    /* struct input[] */
	struct buf files;     /* char *[]: names for errors and tags */
	struct buf realpaths; /* char *[]: files already read */
	const char *error_file;
	uint64_t bytes_total, bytes_done;

	struct arena state; /* lives for the whole load */
	struct arena defa;  /* one definition */
	struct arena rowa;  /* one row */

	struct fixtures_ids ids;
	struct buf templates; /* struct template[] */
	struct buf params;    /* struct param[] */
	struct buf uniques;   /* struct unique_set[] */
	uint32_t rank[DB_NTABLES];
	uint64_t anonymous[DB_NTABLES];
	int64_t last_id[DB_NTABLES];
	uint32_t serial;

	struct fixtures_spool spool; /* deferred definitions */
	bool pass2;

	uint64_t rows[DB_NTABLES], total_rows;
	struct yamlread *reading; /* for progress */
};

/* Borrowed: the name of the file numbered file, for messages. */
static inline const char *fixtures_file_name(const struct fixtures *f,
					     uint16_t file)
{
	return ((char **)(void *)f->files.data)[file];
}

/* Borrowed: the template called s[0..n) (the latest kept), or NULL. */
const struct def *fixtures_find_template(const struct fixtures *f,
					 const char *s, size_t n);

/* Borrowed: the parameter called s[0..n), or NULL. */
const struct param *fixtures_find_param(const struct fixtures *f, const char *s,
					size_t n);

/* Call the progress callback, if any, with where the load stands. */
void fixtures_report_progress(struct fixtures *f);

/*
 * Pass 1 for the fixture key: body (borrowed, may be NULL) of class table,
 * read at include depth depth of file: register its ids, then generate it
 * or spool it. Returns 0, or -1 with e set.
 */
int fixtures_take(struct fixtures *f, uint16_t file, int depth, int table,
		  const struct vnode *key, struct vnode *body,
		  struct err *e) WS_MUST_USE;

/* ------------------------------------------------------------------ */
/* Reading fixture files (fixtures_yaml.c) */

/*
 * Read the file path (or data[0..len) when data is not NULL) at include
 * depth depth, taking each fixture as it is read; a file already read is
 * skipped. Returns 0, or -1 with e set (and f->error_file).
 */
int fixtures_yaml_load(struct fixtures *f, const char *path, const char *data,
		       size_t len, int depth, struct err *e) WS_MUST_USE;

/* New in a: a deep copy of v; NULL when a is full or v nests too deep. */
struct vnode *fixtures_yaml_copy(struct arena *a, const struct vnode *v,
				 int depth);

/* ------------------------------------------------------------------ */
/* Compiling definitions (fixtures_compile.c) */

#define COL_ID	    (-2)
#define COL_IGNORED (-1)

/* A property of a definition, compiled. */
struct cprop {
	const char *name;
	size_t len;
	int column; /* index in the table's columns, COL_ID or COL_IGNORED */
	bool unique;
	struct alice_node *expr;
	bool random; /* draws from its stream */
	long line, column_pos;
	/* per row */
	int state; /* 0 not yet, 1 running, 2 done */
	struct faker_value value;
};

struct compiled {
	struct cprop *props;
	size_t n;
};

/* The table of class name[0..len) (case-insensitive), or -1. */
int fixtures_compile_table(const char *name, size_t len);

/* ERR_DATA for the unknown class k, with a suggestion if one is close. */
int fixtures_compile_unknown_class(struct fixtures *f, uint16_t file,
				   const struct vnode *k, struct err *e);

/*
 * A plain scalar's YAML type (null, bool, int, float) into *fv; false
 * when v is text (or quoted, or tagged).
 */
bool fixtures_compile_constant(const struct vnode *v, struct faker_value *fv);

/*
 * Compile d's properties (its templates' first) into c, allocated in
 * f->defa. Returns 0, or -1 with e set.
 */
int fixtures_compile_def(struct fixtures *f, const struct def *d,
			 struct compiled *c, struct err *e) WS_MUST_USE;

/*
 * Can c be generated now? 1 yes, 0 not before pass 2 (which generates it
 * anyway and reports what is missing), -1 with e set.
 */
int fixtures_compile_ready(struct fixtures *f, const struct def *d,
			   const struct compiled *c, struct err *e);

/* ------------------------------------------------------------------ */
/* Generating rows (fixtures_gen.c) */

/*
 * Evaluate c for each id of d and send the rows to the sink; an id that
 * a later definition overrides is skipped. Returns 0, or -1 with e set.
 */
int fixtures_gen_rows(struct fixtures *f, const struct def *d,
		      struct compiled *c, struct err *e) WS_MUST_USE;

#endif

/*
 * faker: deterministic fake data, shaped like PHP Faker's en_US
 * formatters, for alice-style fixtures.
 *
 * Every value is drawn from a xoshiro256** stream seeded through
 * splitmix64. The fixture loader keys one stream per (seed, fixture,
 * property), so a value never depends on how many others were drawn
 * before it, and the same seed and "now" give the same data on every
 * machine and every day. Faker's own word lists are not used: the names,
 * words and places here are our own, with a wine flavour.
 *
 * Dates are Unix seconds in UTC. Formatter names are looked up without
 * regard to case, as PHP looks up methods; an unknown name has a closest
 * known name to suggest.
 */
#ifndef WS_FAKER_H
#define WS_FAKER_H

#include "compat.h"

#include "arena.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A pseudo-random stream: xoshiro256**. */
struct faker_rng {
	uint64_t s[4];
};

/* Seed a stream from one 64-bit value (expanded with splitmix64). */
void faker_rng_seed(struct faker_rng *r, uint64_t seed);

/*
 * Seed the sub-stream for (seed, a, b): the bytes of a and b are hashed
 * (FNV-1a, then mixed with splitmix64) so that any other pair gives an
 * unrelated stream. The fixture loader passes the fixture id and the
 * property name.
 */
void faker_rng_key(struct faker_rng *r, uint64_t seed, const char *a,
		   size_t alen, const char *b, size_t blen);

uint64_t faker_rng_next(struct faker_rng *r);

/* Uniform in [0, n) without modulo bias (Lemire); 0 when n is 0. */
uint64_t faker_rng_below(struct faker_rng *r, uint64_t n);

/* Uniform in [a, b], inclusive; the bounds may come in either order. */
int64_t faker_rng_between(struct faker_rng *r, int64_t a, int64_t b);

/* Uniform in [0, 1) with 53 bits of precision. */
double faker_rng_unit(struct faker_rng *r);

enum faker_kind {
	FAKER_NULL = 0,
	FAKER_BOOL,
	FAKER_INT,
	FAKER_FLOAT,
	FAKER_STRING,
	FAKER_TIME, /* u.i holds Unix seconds, UTC */
	FAKER_ARRAY,
	FAKER_REF /* a fixture reference; only the loader makes these */
};

/*
 * A value. Strings and arrays are borrowed: they live in the arena of the
 * call that made them (or in the caller's storage for arguments).
 */
struct faker_value {
	enum faker_kind kind;
	union {
		bool b;
		int64_t i;
		double d;
		struct {
			const char *p; /* NUL-terminated */
			size_t len;
		} s;
		struct {
			struct faker_value *items;
			size_t n;
		} a;
		struct {
			int table;	  /* the referenced row's table */
			int64_t id;	  /* its row id */
			const char *name; /* the fixture id, for messages */
		} ref;
	} u;
};

/* What a formatter call needs: its stream, its arena and the time. */
struct faker {
	struct faker_rng rng;
	struct arena *arena; /* results are allocated here */
	int64_t now;	     /* "now" for every date formatter */
};

struct faker_formatter;

/*
 * Borrowed (static): the formatter called name[0..len), found without
 * regard to case; NULL when there is none.
 */
const struct faker_formatter *faker_lookup(const char *name, size_t len);

/*
 * Borrowed (static): the known formatter name closest to name[0..len)
 * (Damerau-Levenshtein, case-insensitive), or NULL when none is close.
 */
const char *faker_suggest(const char *name, size_t len);

/* Borrowed (static): the formatter's canonical name ("numberBetween"). */
const char *faker_formatter_name(const struct faker_formatter *fn);

/*
 * Check an argument count against what fn accepts. Returns 0, or -1 with
 * ERR_DATA in e saying how many it takes.
 */
int faker_check_arity(const struct faker_formatter *fn, size_t nargs,
		      struct err *e) WS_MUST_USE;

/*
 * Call fn with nargs arguments (missing ones take Faker's defaults) and
 * store the result in *out, allocated in f->arena. Returns 0, or -1 with
 * ERR_DATA in e for an argument of the wrong kind or out of range, or
 * ERR_LIMIT when the arena is full. No position is set in e.
 */
int faker_call(struct faker *f, const struct faker_formatter *fn,
	       const struct faker_value *args, size_t nargs,
	       struct faker_value *out, struct err *e) WS_MUST_USE;

/* The number of formatters, and the name of the i-th in table order. */
size_t faker_formatter_count(void);
const char *faker_formatter_at(size_t i);

/*
 * PHP's dates, which the date formatters, the loader and wine-db share;
 * phpdate.h documents them in full.
 */

/* As phpdate_strtotime(): Unix seconds; 0, or -1 with ERR_DATA in e. */
int faker_strtotime(const char *s, size_t len, int64_t now, int64_t *out,
		    struct err *e) WS_MUST_USE;

/* As phpdate_format_datetime(): "2020-03-28 14:21:09" (20 bytes or more). */
void faker_format_datetime(int64_t t, char *out, size_t size);

/* As phpdate_format(): date(format, t) in arena a, NULL when it is full. */
const char *faker_format_date(struct arena *a, const char *format, int64_t t);

/*
 * The text form of v as a string concatenation would write it: integers
 * in decimal, floats in their shortest round-trip form, booleans as "1"
 * and "" (as PHP casts them), times as "2020-03-28 14:21:09", null as "".
 * Returns a string in arena a (or v's own), or NULL for an array, a
 * reference, or a full arena.
 */
const char *faker_to_text(struct arena *a, const struct faker_value *v,
			  size_t *len);

/* Write d in its shortest round-trip decimal form (at least 32 bytes). */
void faker_format_float(double d, char *out, size_t size);

#endif

/*
 * alice: the value language of nelmio/alice fixtures, compiled once per
 * definition and evaluated once per generated fixture.
 *
 * A string value is cut into tokens, as alice's lexer does:
 *
 *   <name(args)>        a Faker formatter (see faker.h), args split on
 *                       commas and spaces; quoted args stay strings
 *   <current()>, $current   the value of the range or list being expanded
 *   <{param}>           a parameter from "parameters:"; may nest calls
 *   @id  @id<fn()>      a reference, with a computed suffix
 *   @prefix*            a random fixture whose id starts with prefix
 *   @id{1..3} @id{a, b} an array of references
 *   @self               the fixture being built
 *   $name               another property of the same fixture
 *   N%? a : b           a with N percent probability, else b (or null)
 *   Nx value            an array of N values
 *   [a, b, c]           an array (the whole value, or an argument)
 *   \@ \< \> \$ \% \\ \[ \] \{ \}   the character itself
 *
 * A value made of one token keeps its type (an int stays an int, a
 * reference stays a reference); several are joined into a string. An
 * '@' inside a word (a@b.c) is literal. PHP expressions "<(...)>" and
 * property access on references ("@x->name") are rejected.
 */
#ifndef WS_ALICE_H
#define WS_ALICE_H

#include "compat.h"

#include "arena.h"
#include "err.h"
#include "faker.h"

#include <stdbool.h>
#include <stddef.h>

struct alice_node;

/*
 * Borrowed (lives in arena a, and may point into text, which must be
 * NUL-terminated and outlive it): the expression in text[0..len), a string
 * scalar that starts at line:column of its file; quoted says whether it
 * was quoted there (its text starts one column later). NULL with ERR_DATA
 * and the position of the problem on a syntax error, an unknown formatter
 * (with the closest name) or a wrong number of arguments.
 */
struct alice_node *alice_compile(struct arena *a, const char *text, size_t len,
				 long line, long column, bool quoted,
				 struct err *e);

/* Borrowed: an expression that is the constant v (v's strings must live
 * as long as the node). NULL when the arena is full. */
struct alice_node *alice_constant(struct arena *a, const struct faker_value *v,
				  long line, long column);

/*
 * Borrowed: an expression for an array whose items are the n expressions
 * items (a YAML sequence). NULL when the arena is full.
 */
struct alice_node *alice_array(struct arena *a, struct alice_node **items,
			       size_t n, long line, long column);

/* True when evaluating n draws from the stream (a formatter call, a
 * wildcard, an optional value): a constant needs no stream at all. */
bool alice_is_random(const struct alice_node *n);

/* True, with the value, when the expression is a constant. */
bool alice_is_constant(const struct alice_node *n, struct faker_value *v);

/* What an expression needs from its surroundings before it can run. */
enum alice_dep {
	ALICE_DEP_REF,	    /* @name: name is given */
	ALICE_DEP_WILDCARD, /* @prefix*: the whole id set must be known */
	ALICE_DEP_DYNAMIC,  /* a reference or parameter with a computed name */
	ALICE_DEP_PARAM,    /* <{name}> */
	ALICE_DEP_VAR,	    /* $name */
	ALICE_DEP_CURRENT,  /* <current()> */
	ALICE_DEP_SELF	    /* @self */
};

/*
 * Call fn for each dependency of n, in order, with the name where one
 * applies and its position. Stops and returns fn's value when non-zero.
 */
int alice_deps(const struct alice_node *n,
	       int (*fn)(void *ctx, enum alice_dep dep, const char *name,
			 size_t len, long line, long column),
	       void *ctx);

/* What evaluation asks of the fixture loader. */
struct alice_env {
	struct faker *faker; /* the property's stream, arena and now */
	const struct faker_value *current; /* NULL outside a collection */
	void *ctx;
	/* An existing fixture called name; a REF value. */
	int (*ref)(void *ctx, const char *name, size_t len,
		   struct faker_value *out, struct err *e);
	/* A random fixture whose id starts with prefix, drawn from rng. */
	int (*wildcard)(void *ctx, const char *prefix, size_t len,
			struct faker_rng *rng, struct faker_value *out,
			struct err *e);
	/* The fixture being built (@self). */
	int (*self)(void *ctx, struct faker_value *out, struct err *e);
	/* The parameter called name. */
	int (*param)(void *ctx, const char *name, size_t len,
		     struct faker_value *out, struct err *e);
	/* The property called name of the same fixture. */
	int (*var)(void *ctx, const char *name, size_t len,
		   struct faker_value *out, struct err *e);
};

/*
 * Evaluate n into *out (strings and arrays in env->faker->arena).
 * Returns 0, or -1 with e set, positioned at the failing token when the
 * callbacks or formatters did not set a position themselves.
 */
int alice_eval(const struct alice_node *n, struct alice_env *env,
	       struct faker_value *out, struct err *e) WS_MUST_USE;

/*
 * Append text to out escaped so that alice reads it back as exactly that
 * string (used by the exporter). Returns 0 or -1 when out is full.
 */
struct buf;
int alice_escape(struct buf *out, const char *text, size_t len) WS_MUST_USE;

#endif

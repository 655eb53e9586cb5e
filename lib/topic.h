/*
 * topic: Mercure topic selectors, compiled once and matched many times.
 *
 * A selector is one of (Mercure 0.x "Topic Selectors", checked in order):
 *   1. "*", which matches every topic;
 *   2. any string, which matches the byte-identical topic (so a template
 *      also matches itself, as authorization of templates needs);
 *   3. an RFC 6570 URI template (levels 1 to 4: {var} {+var} {#var}
 *      {.var} {/var} {;var} {?var} {&var}, several variables per
 *      expression, the explode "*" and prefix ":N" modifiers), which
 *      matches a topic that an expansion of it could have produced.
 * A selector containing "{" that is not a valid template is a plain
 * string, as in the reference hub.
 *
 * "Could have produced" is read as the reference hub reads it (it turns
 * the template into a regular expression with yosida95/uritemplate), so
 * that subscriptions and JWT selectors written for that hub route and
 * authorize exactly the same updates here:
 *   - literal text matches byte for byte (percent-escapes included);
 *   - every expression may match the empty string (a variable may be
 *     undefined);
 *   - {var}, {.var}, {/var}, {;var}, {?var}, {&var}: each value is made of
 *     unreserved characters (A-Z a-z 0-9 - . _ ~), "," and %XX escapes, so
 *     "/", "?", "#", ":" and "@" never match there; "=" also matches in
 *     the named forms ({;x} {?x} {&x}) and in exploded lists (from the
 *     first value when the first variable is exploded, else from the
 *     second: {x*} matches "a=1", {x,y*} matches "a,b=1" but not "a=1");
 *   - {+var} and {#var} also match the reserved characters
 *     (: / ? # [ ] @ ! $ & ' ( ) * + , ; =);
 *   - {.x}, {/x}, {;x}, {?x}, {&x} start with their operator character;
 *     the values of a list expression {/a,b} are separated by "/" (";",
 *     "&" for the named forms), at most one separator fewer than there
 *     are variables, or any number when one of them is exploded;
 *   - the names in named expressions are not checked ({?x} matches "?y=1")
 *     and a prefix ":N" does not shorten what matches: the reference hub
 *     matches that way and a stricter matcher would drop updates that
 *     its subscribers receive today.
 * Where the reference parser departs from RFC 6570 the RFC wins: variable
 * names may contain dots ({a.b}), "{}" and ":0" are not templates, and
 * a prefix may be up to 9999.
 *
 * Matching is linear in the topic length for each expression, uses no
 * heap memory and never recurses. A compiled selector is immutable, so
 * it may be matched from several threads at once.
 */
#ifndef WS_TOPIC_H
#define WS_TOPIC_H

#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum topic_kind {
	TOPIC_ANY,     /* "*" */
	TOPIC_EXACT,   /* a plain string, or "{" that is no valid template */
	TOPIC_TEMPLATE /* an RFC 6570 URI template */
};

struct topic_selector;

/*
 * New: compile the selector text[0..len) (it may hold any bytes,
 * including NUL). Returns NULL with ERR_LIMIT when the selector is longer
 * than LIMIT_TOPIC_BYTES or an expression has more than LIMIT_TOPIC_VARS
 * variables, or ERR_RUNTIME when memory runs out. An invalid template is
 * not an error: it compiles to an exact selector. Free with
 * topic_selector_free.
 */
struct topic_selector *topic_selector_new(const char *text, size_t len,
					  struct err *e) WS_MUST_USE;

/* Free a selector; NULL is allowed. */
void topic_selector_free(struct topic_selector *sel);

/* Whether the topic t[0..len) matches. */
bool topic_selector_match(const struct topic_selector *sel, const char *t,
			  size_t len);

enum topic_kind topic_selector_kind(const struct topic_selector *sel);

/* Borrowed: the selector text, NUL-terminated, valid until freed. */
const char *topic_selector_text(const struct topic_selector *sel, size_t *len);

/*
 * Check that text[0..len) is a valid URI template. Returns 0, or -1 with
 * ERR_DATA, a message and the 1-based column of the first offending byte
 * (the hub can tell a subscriber why its selector is a plain string).
 */
int topic_template_check(const char *text, size_t len, struct err *e);

/*
 * Whether s[0..len) is valid UTF-8 (shortest forms, no surrogates, up to
 * U+10FFFF) and, when strict, holds no control character (C0, DEL, C1)
 * and no format character (Cf): Mercure 1.0 refuses those in topics,
 * matchers, ids and types, where they hide what a string really is.
 */
bool topic_text_valid(const char *s, size_t len, bool strict);

/*
 * A topic prepared once per update and matched against many subscribers'
 * sets: its hash is computed once instead of once per set.
 */
struct topic_ref {
	const char *s; /* borrowed */
	size_t len;
	uint64_t hash;
};

void topic_ref_init(struct topic_ref *ref, const char *s, size_t len);

/*
 * A set of selectors (one subscriber's topic= list or the selectors of
 * its JWT), answering "does any selector match any of these topics".
 * Exact selectors are found by hash, "*" short-cuts everything, and only
 * templates are tried one by one. Identical selectors are kept once.
 * Matching does not modify the set, so concurrent matches are safe;
 * adding is not.
 */
struct topic_set;

/* New: an empty set (which matches nothing), or NULL without memory. */
struct topic_set *topic_set_new(void) WS_MUST_USE;

/* Free the set and its selectors; NULL is allowed. */
void topic_set_free(struct topic_set *set);

/*
 * Compile and add the selector text[0..len). Returns 0, or -1 with the
 * errors of topic_selector_new, or ERR_LIMIT when the set already holds
 * LIMIT_TOPIC_COUNT distinct selectors. On error the set is unchanged.
 */
int topic_set_add(struct topic_set *set, const char *text, size_t len,
		  struct err *e) WS_MUST_USE;

/*
 * As topic_set_add, but text is matched exactly (Mercure 1.0 exact
 * matching): byte for byte, even when it reads as a URI template; "*"
 * still matches every topic, the wildcard of both protocol versions.
 * A set fills with one kind or the other: a text added both ways is
 * kept as first added.
 */
int topic_set_add_exact(struct topic_set *set, const char *text, size_t len,
			struct err *e) WS_MUST_USE;

/* Distinct selectors in the set. */
size_t topic_set_count(const struct topic_set *set);

/* Whether the set holds "*". */
bool topic_set_has_any(const struct topic_set *set);

/* Whether any selector of the set matches any of topics[0..n). */
bool topic_set_match(const struct topic_set *set,
		     const struct topic_ref *topics, size_t n);

/* Whether any selector of the set matches the topic t[0..len). */
bool topic_set_match_one(const struct topic_set *set, const char *t,
			 size_t len);

#endif

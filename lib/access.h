/*
 * access: the topics a token allows one action on (publishing or
 * subscribing to private updates), compiled once from its grants
 * (claims.h) and matched against the topics of updates.
 *
 * Every matcher keeps its type. 0.x selectors ("*", strings, RFC 6570
 * templates) fill one topic set and 1.0 exact matchers ("*", or the same
 * bytes) another, so that a template granted by one grammar and the same
 * text granted by the other keep their own meanings. "*" is the wildcard
 * whatever the type, recognised before it. 1.0 URL patterns are the ones
 * claims_grants_read compiled (urlpattern.h), shared by reference, against
 * URLPATTERN_DEFAULT_BASE, so a relative pattern
 * such as "/books/:id" matches the topic "/books/1" and the absolute
 * http://mercure.invalid/books/1 alike.
 */
#ifndef WS_ACCESS_H
#define WS_ACCESS_H

#include "buf.h"
#include "claims.h"
#include "compat.h"
#include "err.h"
#include "topic.h"

#include <stdbool.h>
#include <stddef.h>

struct access;

/*
 * New: the matchers of g's grants for action (CLAIMS_PUBLISH or
 * CLAIMS_SUBSCRIBE); none when no grant is for action. Copies what it
 * needs, and takes a reference to each compiled URL pattern: g may be
 * released after. Returns NULL with ERR_LIMIT (a matcher longer than
 * LIMIT_TOPIC_BYTES, more than LIMIT_TOPIC_COUNT distinct ones of a type)
 * or ERR_RUNTIME. Free with access_free.
 */
struct access *access_new(const struct claims_grants *g, unsigned action,
			  struct err *e);

/* Free a; NULL is a no-op. */
void access_free(struct access *a);

/* Matchers in a, of every type (0: it allows nothing). */
size_t access_count(const struct access *a);

/* Whether a allows one of topics[0..n) at least. */
bool access_any(const struct access *a, const struct topic_ref *topics,
		size_t n);

/* Whether a allows the topic t[0..len). */
bool access_one(const struct access *a, const char *t, size_t len);

/*
 * Append to key a text that identifies the matchers access_new would
 * compile for g and action (their types and texts, in order): equal keys,
 * equal access. Returns a buf_err.
 */
int access_key(const struct claims_grants *g, unsigned action,
	       struct buf *key) WS_MUST_USE;

#endif

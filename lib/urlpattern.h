/*
 * urlpattern: WHATWG URL Pattern matching (urlpattern.spec.whatwg.org,
 * review draft of September 2025), the "urlpattern" matcher type of
 * Mercure 1.0 (match_urlpattern=, "match_type": "urlpattern").
 *
 * A pattern is a constructor string such as
 *	https://{:sub.}?example.com/books/:id([0-9]+)
 *	/books/:id
 * It is compiled once, against a base URL, and matched many times
 * against topics, as the standard's new URLPattern(pattern, base) and
 * test(topic, base) do:
 *   - the constructor string parser splits the pattern into protocol,
 *     username, password, hostname, port, pathname, search and hash;
 *     components the pattern leaves out come from the base URL when the
 *     pattern is relative (/books/:id takes the base's protocol, host and
 *     port) and are otherwise wildcards ("https://example.com/x" matches
 *     any query and fragment, but only the default port);
 *   - each component is a pattern string: text, :name (one segment: up
 *     to the next "/" in the pathname, "." in the hostname), * (anything),
 *     :name(regexp) or (regexp), {...} groups, the modifiers ? * + after
 *     a group, and backslash escapes; its text is canonicalized as the URL
 *     parser would (scheme and hostname lowercased, percent-encoding, dot
 *     segments, the scheme's default port dropped);
 *   - a topic is parsed as a URL, relative to the base, and matches when
 *     every component matches; a topic that is not a URL never matches.
 * ignoreCase is never enabled (the hostname is case-insensitive anyway,
 * through canonicalization).
 *
 * A lone "*" is not special here: it is the relative path "*" under the
 * base. Mercure's "*" selector (every topic) is recognised by the hub
 * before it picks a matcher type. Three consequences of the standard
 * that surprise (this follows the standard; the reference hub's library
 * does the same at least for the second):
 *   - a ":" not followed by a group name is taken for the end of a
 *     scheme, even escaped: "/time/12:30" is an error, write
 *     "/time/12{\:}30";
 *   - with a base URL (the hub always has one), a pattern whose scheme
 *     has opaque paths (urn:, mailto:, data:) still gets the base's
 *     directory in front of its path, so "urn\:uuid\:*" never matches;
 *     "urn\:{/}?uuid\:*" does (a path starting with "{/" is absolute);
 *   - a port is canonicalized as https's, so "http://h:443/" has no
 *     port: it matches http://h/ and not http://h:443/.
 *
 * Regular expressions run on PCRE2 (JIT-compiled where the platform
 * allows) with a match limit, a depth limit and a heap limit
 * (LIMIT_URLPATTERN_MATCH_* in bounds.h): a match that reaches a limit is
 * "no match", so no topic can make a pattern run for long, whatever
 * regexp the subscriber wrote. Components without a regexp group (plain
 * text, a trailing "*") are matched without PCRE2.
 *
 * Deviations from the standards (each one refuses or fails to match,
 * never matches more than the standard would):
 *   - no IDNA (see urlparse.h): a non-ASCII hostname in a pattern is an
 *     error, and a topic whose host is not ASCII never matches;
 *   - regexp groups are ECMAScript "v"-mode regexps run by PCRE2; the
 *     syntax is checked and translated first, and what PCRE2 cannot do
 *     the same way is an error: nested classes and the set operations
 *     [a--b] [a&&b] \q{...}, lookbehinds of unbounded length, properties
 *     of strings; with PCRE2_UCP, \d \w \b also match non-ASCII letters
 *     and digits, which the topics' components never contain (they are
 *     percent-encoded ASCII);
 *   - a pattern or topic must be valid UTF-8;
 *   - a pattern is limited to LIMIT_URLPATTERN_BYTES bytes, and to
 *     LIMIT_URLPATTERN_GROUPS groups and LIMIT_URLPATTERN_PARTS parts in
 *     each component; a topic to LIMIT_TOPIC_BYTES bytes.
 *
 * A compiled pattern is immutable: it may be matched from several
 * threads at once.
 */
#ifndef WS_URLPATTERN_H
#define WS_URLPATTERN_H

#include "compat.h"

#include "err.h"

#include <stdbool.h>
#include <stddef.h>

/* The base URL when the hub has no configured URL (Mercure 1.0). */
#define URLPATTERN_DEFAULT_BASE "http://mercure.invalid/.well-known/mercure"

/* The components, in the standard's order. */
enum urlpattern_component {
	URLPATTERN_PROTOCOL,
	URLPATTERN_USERNAME,
	URLPATTERN_PASSWORD,
	URLPATTERN_HOSTNAME,
	URLPATTERN_PORT,
	URLPATTERN_PATHNAME,
	URLPATTERN_SEARCH,
	URLPATTERN_HASH,
	URLPATTERN_COMPONENTS
};

struct urlpattern;

/*
 * New: compile the constructor string pattern[0..len) against base_url
 * (a NUL-terminated absolute URL; NULL means URLPATTERN_DEFAULT_BASE).
 * Free with urlpattern_free.
 *
 * Returns NULL and fills e with ERR_DATA and a one-line message (fit for
 * a 400 answer, such as "invalid url pattern: duplicate group name 'id'
 * in the pathname") when the pattern or the base URL is invalid; with
 * ERR_LIMIT when the pattern is over a limit; with ERR_USAGE when pattern
 * is NULL with a length; with ERR_RUNTIME when memory runs out. When the
 * message points at a byte of the pattern, e->column is its 1-based
 * offset.
 */
struct urlpattern *urlpattern_compile(const char *pattern, size_t len,
				      const char *base_url,
				      struct err *e) WS_MUST_USE;

/*
 * Another reference to p, for a second owner (p itself is returned):
 * compiling costs tens of microseconds, sharing nothing. Each reference
 * is given back with urlpattern_free. Not atomic: references are taken
 * and given back on one thread (matching stays free on any).
 */
struct urlpattern *urlpattern_ref(struct urlpattern *p);

/* Give back a reference; the last frees the pattern. NULL is allowed. */
void urlpattern_free(struct urlpattern *p);

/*
 * Whether the topic t[0..len), parsed as a URL relative to the pattern's
 * base URL, matches. False when p is NULL, when the topic is not a URL,
 * is longer than LIMIT_TOPIC_BYTES, or when a regexp reaches a limit.
 */
bool urlpattern_match(const struct urlpattern *p, const char *t, size_t len);

/*
 * Borrowed, valid until p is freed: the normalized pattern string of
 * component c (the standard's URLPattern.protocol, .hostname, ...),
 * NUL-terminated, with its length in *len when len is not NULL. NULL for
 * a NULL p or an out-of-range c.
 */
const char *urlpattern_component(const struct urlpattern *p,
				 enum urlpattern_component c, size_t *len);

/* The standard's hasRegExpGroups: whether some component has a regexp. */
bool urlpattern_has_regexp_groups(const struct urlpattern *p);

/* The component's name ("protocol", ...), or NULL when out of range. */
const char *urlpattern_component_name(enum urlpattern_component c);

#endif

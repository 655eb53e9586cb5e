/*
 * urlparse: the WHATWG URL Standard's basic URL parser, small and bounded,
 * for the URL Pattern matcher (lib/urlpattern) and whoever needs a URL
 * split the way browsers split it.
 *
 * It follows the standard's state machine (special schemes ftp, file,
 * http, https, ws and wss; opaque paths such as "urn:x" or "data:x";
 * relative references resolved against a base; dot segments; IPv4 in all
 * its numeric forms; IPv6 with compression; percent-encode sets; default
 * ports dropped). It also provides the "canonicalize a ..." steps of the
 * URL Pattern standard, which run that parser from one state with a state
 * override on the dummy URL "https://dummy.invalid/".
 *
 * Deviations from the URL Standard, all of them refusals (a URL that the
 * standard accepts may fail here, never the other way round):
 *   - no IDNA: a domain that holds a non-ASCII character (directly or
 *     once percent-decoded) is refused instead of being converted to
 *     punycode, and labels starting "xn--" are lowercased but not
 *     checked as punycode;
 *   - the input must be valid UTF-8 (the standard's input is a string of
 *     scalar values, so there is nothing to compare with otherwise);
 *   - no encoding override: queries are always UTF-8.
 * A parsed URL is never longer than a few times its input, and the input
 * is capped by the caller (urlparse_parse takes the length).
 */
#ifndef WS_URLPARSE_H
#define WS_URLPARSE_H

#include "compat.h"

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* One component: s[0..len) (NUL-terminated), or no value when unset. */
struct urlparse_str {
	char *s;
	size_t len;
	size_t cap;
};

/*
 * A URL record. Every string is owned by the record. Components that the
 * standard allows to be null (host, query, fragment) have a flag; the
 * path is kept serialized ("/a/b", "" for no segment), or as the opaque
 * path itself when opaque_path is set.
 */
struct urlparse_url {
	struct urlparse_str scheme;
	struct urlparse_str username;
	struct urlparse_str password;
	struct urlparse_str host; /* serialized: "example.com", "[::1]" */
	struct urlparse_str path;
	struct urlparse_str query;
	struct urlparse_str fragment;
	int port; /* -1 when null (absent or the scheme's default) */
	bool has_host;
	bool has_query;
	bool has_fragment;
	bool opaque_path;
	char *mem; /* the one allocation behind every string */
};

/* An empty record; allocates nothing. */
void urlparse_init(struct urlparse_url *u);

/* Free what the record holds; it is empty (as after init) afterwards. */
void urlparse_release(struct urlparse_url *u);

/*
 * Parse in[0..len) against base (NULL for none) into u, which must be
 * initialised (what it held is released first). Returns 0, or -1 when the
 * input is not a URL (the standard's "failure", or one of the deviations
 * above) or memory runs out; u is then empty.
 */
int urlparse_parse(struct urlparse_url *u, const char *in, size_t len,
		   const struct urlparse_url *base) WS_MUST_USE;

/* Whether scheme[0..len) is one of the special schemes. */
bool urlparse_is_special(const char *scheme, size_t len);

/* The special scheme's default port, or -1 (file, other schemes). */
int urlparse_default_port(const char *scheme, size_t len);

/*
 * Append the URL serializer's output for u to out (the href).
 * Returns 0 or a negative buf_err.
 */
int urlparse_href(const struct urlparse_url *u, struct buf *out) WS_MUST_USE;

/*
 * The URL Pattern standard's canonicalization steps, each appending the
 * canonical form of v[0..n) to out. They return 0, or -1 when the
 * standard throws (the value cannot be that component) or out is full.
 *   protocol:       the scheme of "<v>://dummy.invalid/";
 *   userinfo:       a username or password, percent-encoded;
 *   hostname:       the host state, stopping at "/", "?", "#" or "\";
 *   port:           the port state, stopping at the first non-digit,
 *                   with https's default port 443 dropped;
 *   pathname:       the path state of a special URL, without the
 *                   leading "/" the parser would add;
 *   opaque_pathname:the opaque path state;
 *   search, hash:   the query and fragment states of a special URL.
 */
int urlparse_canon_protocol(struct buf *out, const char *v, size_t n);
int urlparse_canon_userinfo(struct buf *out, const char *v, size_t n);
int urlparse_canon_hostname(struct buf *out, const char *v, size_t n);
int urlparse_canon_port(struct buf *out, const char *v, size_t n);
int urlparse_canon_pathname(struct buf *out, const char *v, size_t n);
int urlparse_canon_opaque_pathname(struct buf *out, const char *v, size_t n);
int urlparse_canon_search(struct buf *out, const char *v, size_t n);
int urlparse_canon_hash(struct buf *out, const char *v, size_t n);

/* Whether s[0..n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool urlparse_utf8_valid(const char *s, size_t n);

#endif

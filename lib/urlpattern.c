/*
 * urlpattern: the WHATWG URL Pattern standard (review draft 2025-09),
 * compiled to one regular expression per component and run by PCRE2.
 *
 * Compiling follows the standard's algorithms in order: "tokenize" (in
 * its lenient and strict policies), "parse a constructor string" (which
 * splits a pattern such as https://x/:id into components), "process a
 * URLPatternInit" (which fills a relative pattern from the base URL),
 * "parse a pattern string" with the encoding callbacks (lib/urlparse's
 * canonicalization), then "generate a regular expression and name list"
 * and "generate a pattern string". All of it works on scratch memory
 * that dies with the compilation; what stays is the regexp per component
 * (or, for components without groups, the plain text to compare), the
 * normalized pattern strings and the parsed base URL.
 *
 * Regexp groups are written in ECMAScript's "v" mode; translate() checks
 * them against that grammar and rewrites the few escapes that PCRE2
 * reads differently, and refuses what PCRE2 would run differently.
 */
#include "compat.h"

#include "urlpattern.h"

#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "urlparse.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scratch for one compilation: tokens, parts and strings of 4 KiB text. */
#define SCRATCH_MAX (16 * 1024 * 1024)
/* A generated regexp or pattern string (repeats write a group twice). */
#define GEN_MAX (8 * LIMIT_URLPATTERN_BYTES + 1024)
/* A canonicalized piece of text: percent-encoding triples it at most. */
#define CANON_MAX(n) (3 * (n) + 64)
/* "No position in the text" for error messages. */
#define NOPOS ((size_t)-1)

struct str {
	const char *s;
	size_t n;
};

enum tok_type {
	T_OPEN,
	T_CLOSE,
	T_REGEXP,
	T_NAME,
	T_CHAR,
	T_ESCAPED,
	T_OTHER_MOD,
	T_ASTERISK,
	T_END,
	T_INVALID
};

struct token {
	enum tok_type type;
	size_t index; /* byte offset of the token in the text */
	struct str value;
};

enum part_type { P_FIXED, P_REGEXP, P_SEGMENT, P_FULL };
enum part_mod { M_NONE, M_OPTIONAL, M_ZERO_OR_MORE, M_ONE_OR_MORE };

struct part {
	enum part_type type;
	enum part_mod mod;
	struct str value; /* fixed text, or the regexp as written */
	struct str re;	  /* the regexp as PCRE2 reads it */
	struct str name;
	struct str prefix;
	struct str suffix;
};

/* The standard's options: a delimiter and a prefix code point, or none. */
struct options {
	char delim;
	char prefix;
};

static const struct options opt_default = { 0, 0 };
static const struct options opt_hostname = { '.', 0 };
static const struct options opt_pathname = { '/', '/' };

/* The encoding callbacks. */
enum canon {
	C_PROTOCOL,
	C_USERINFO,
	C_HOSTNAME,
	C_IPV6,
	C_PORT,
	C_PATHNAME,
	C_OPAQUE,
	C_SEARCH,
	C_HASH
};

/* How a compiled component is matched: all, equal, starts with, regexp. */
enum comp_kind { K_ANY, K_EXACT, K_PREFIX, K_REGEX };

struct comp {
	enum comp_kind kind;
	const char *lit; /* K_EXACT, K_PREFIX: the text ("" otherwise) */
	size_t lit_len;
	pcre2_code *re; /* K_REGEX */
	const char *pattern;
	size_t pattern_len;
	bool has_regexp;
};

struct urlpattern {
	struct comp comp[URLPATTERN_COMPONENTS];
	unsigned char order[URLPATTERN_COMPONENTS]; /* the cheap ones first */
	struct urlparse_url base;
	pcre2_match_context *mctx;
	char *strings; /* every lit and pattern */
	unsigned refs; /* owners (urlpattern_ref), 1 when compiled */
};

static const char *const comp_names[URLPATTERN_COMPONENTS] = {
	"protocol", "username", "password", "hostname",
	"port",	    "pathname", "search",   "hash"
};

/* A constructor string, split into components (the URLPatternInit). */
struct init {
	bool has[URLPATTERN_COMPONENTS];
	struct str v[URLPATTERN_COMPONENTS];
	long origin[URLPATTERN_COMPONENTS];  /* offset in the pattern or -1 */
	size_t shift[URLPATTERN_COMPONENTS]; /* bytes put in front of it */
};

/* The state of one compilation. */
struct cstate {
	struct arena a;
	struct err *e;
	const char *where; /* the component being compiled, for messages */
	long origin;	   /* where its text starts in the pattern, or -1 */
	size_t shift;	   /* bytes in front of that text not from it */
	int groups;	   /* matching groups in the component */
	pcre2_code *id_start;
	pcre2_code *id_part;
	pcre2_match_data *md;
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
};

/* ---- Errors. ---- */

/* Up to 40 bytes of s, quoted-safe: control bytes become '?'. */
static void quote(char *dst, size_t cap, struct str s)
{
	size_t i, n = s.n > 40 ? 40 : s.n, m = 0;

	for (i = 0; i < n && m + 4 < cap; i++) {
		unsigned char c = (unsigned char)s.s[i];

		dst[m++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (n < s.n && m + 4 < cap) {
		memcpy(dst + m, "...", 3);
		m += 3;
	}
	dst[m] = '\0';
}

static int fail(struct cstate *cs, enum err_class cls, size_t pos,
		const char *fmt, ...) WS_PRINTF(4, 5);

static int fail(struct cstate *cs, enum err_class cls, size_t pos,
		const char *fmt, ...)
{
	char msg[LIMIT_ERR_MESSAGE];
	long col = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pos != NOPOS && cs->origin >= 0 && pos >= cs->shift)
		col = cs->origin + (long)(pos - cs->shift) + 1;
	if (col)
		return err_set_at(cs->e, cls, 0, col,
				  "invalid url pattern: %s in the %s at column "
				  "%ld",
				  msg, cs->where, col);
	return err_set(cs->e, cls, "invalid url pattern: %s in the %s", msg,
		       cs->where);
}

static int oom(struct cstate *cs)
{
	return err_set(cs->e, ERR_RUNTIME, "out of memory");
}

static int arena_copy(struct cstate *cs, const char *s, size_t n,
		      struct str *out)
{
	char *p = arena_strndup(&cs->a, s ? s : "", s ? n : 0);

	if (!p)
		return oom(cs);
	out->s = p;
	out->n = s ? n : 0;
	return 0;
}

static int buf_to_str(struct cstate *cs, struct buf *b, struct str *out)
{
	return arena_copy(cs, b->data ? b->data : "", b->len, out);
}

/* ---- Code points. ---- */

/* The code point at s[i] (valid UTF-8), and where the next one starts. */
static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *next)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[i];
	size_t len = 1, k;

	if (c >= 0xf0) {
		c &= 0x07;
		len = 4;
	} else if (c >= 0xe0) {
		c &= 0x0f;
		len = 3;
	} else if (c >= 0xc0) {
		c &= 0x1f;
		len = 2;
	}
	for (k = 1; k < len && i + k < n; k++)
		c = (c << 6) | (p[i + k] & 0x3f);
	*next = i + len > n ? n : i + len;
	return c;
}

static bool is_ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_hex(int c)
{
	return is_ascii_digit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/*
 * ECMAScript's IdentifierStart (first) or IdentifierPart: ID_Start or
 * ID_Continue, "$", "_", and ZWNJ/ZWJ after the first. PCRE2 knows the
 * Unicode properties; it is asked only about non-ASCII code points.
 */
static bool name_cp(struct cstate *cs, uint32_t cp, bool first)
{
	static const char start[] = "\\A\\p{ID_Start}\\z";
	static const char part[] = "\\A\\p{ID_Continue}\\z";
	pcre2_code **re = first ? &cs->id_start : &cs->id_part;
	unsigned char u[4];
	size_t n;
	int ec;
	PCRE2_SIZE eo;

	if (cp < 0x80)
		return cp == '$' || cp == '_' || is_ascii_alpha((int)cp) ||
		       (!first && is_ascii_digit((int)cp));
	if (!first && (cp == 0x200c || cp == 0x200d))
		return true;
	if (!*re)
		*re = pcre2_compile((PCRE2_SPTR)(first ? start : part),
				    PCRE2_ZERO_TERMINATED,
				    PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
	if (!*re)
		return false;
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return pcre2_match(*re, u, n, 0, 0, cs->md, NULL) >= 0;
}

/* ---- Tokenizing. ---- */

struct tokenizer {
	struct cstate *cs;
	const char *in;
	size_t n;
	bool strict;
	struct token *list;
	size_t count;
	size_t index; /* where the next token starts */
	size_t next;  /* after the code point just read */
	uint32_t cp;
};

static void tk_next(struct tokenizer *t)
{
	t->cp = cp_at(t->in, t->n, t->next, &t->next);
}

static void tk_seek(struct tokenizer *t, size_t i)
{
	t->next = i;
	tk_next(t);
}

static void tk_add(struct tokenizer *t, enum tok_type type, size_t next_pos,
		   size_t vpos, size_t vlen)
{
	struct token *k = &t->list[t->count++];

	k->type = type;
	k->index = t->index;
	k->value.s = t->in + vpos;
	k->value.n = vlen;
	t->index = next_pos;
}

static void tk_add_len(struct tokenizer *t, enum tok_type type, size_t next_pos,
		       size_t vpos)
{
	tk_add(t, type, next_pos, vpos, next_pos - vpos);
}

/* "Process a tokenizing error": an error when strict, else a token. */
static int tk_error(struct tokenizer *t, size_t next_pos, size_t vpos,
		    const char *why)
{
	if (t->strict)
		return fail(t->cs, ERR_DATA, t->index, "%s", why);
	tk_add_len(t, T_INVALID, next_pos, vpos);
	return 0;
}

/* A regexp group "(...)": the token, or an error. */
static int tk_regexp(struct tokenizer *t)
{
	size_t pos = t->next, start = pos, tmp;
	int depth = 1;
	const char *why = NULL;

	while (pos < t->n) {
		tk_seek(t, pos);
		if (t->cp >= 0x80) {
			why = "a non-ASCII character in a regexp group";
			break;
		}
		if (pos == start && t->cp == '?') {
			why = "a regexp group starting with '?'";
			break;
		}
		if (t->cp == '\\') {
			if (t->next >= t->n) {
				why = "a trailing '\\' in a regexp group";
				break;
			}
			tk_next(t);
			if (t->cp >= 0x80) {
				why = "a non-ASCII character in a regexp group";
				break;
			}
			pos = t->next;
			continue;
		}
		if (t->cp == ')') {
			if (--depth == 0) {
				pos = t->next;
				break;
			}
		} else if (t->cp == '(') {
			depth++;
			if (t->next >= t->n) {
				why = "an unclosed regexp group";
				break;
			}
			tmp = t->next;
			tk_next(t);
			if (t->cp != '?') {
				why = "a capturing group inside a regexp group "
				      "(use '(?:')";
				break;
			}
			t->next = tmp;
		}
		pos = t->next;
	}
	if (!why && depth)
		why = "an unclosed regexp group";
	if (!why && pos - start - 1 == 0)
		why = "an empty regexp group";
	if (why)
		return tk_error(t, start, t->index, why);
	tk_add(t, T_REGEXP, pos, start, pos - start - 1);
	return 0;
}

static int tokenize(struct cstate *cs, const char *in, size_t n, bool strict,
		    struct token **out, size_t *count)
{
	struct tokenizer t;
	size_t pos, start;

	memset(&t, 0, sizeof(t));
	t.cs = cs;
	t.in = in;
	t.n = n;
	t.strict = strict;
	t.list = arena_alloc(&cs->a, (n + 1) * sizeof(*t.list));
	if (!t.list)
		return oom(cs);
	while (t.index < n) {
		tk_seek(&t, t.index);
		switch (t.cp) {
		case '*':
			tk_add_len(&t, T_ASTERISK, t.next, t.index);
			continue;
		case '+':
		case '?':
			tk_add_len(&t, T_OTHER_MOD, t.next, t.index);
			continue;
		case '\\':
			if (t.next >= n) {
				if (tk_error(&t, t.next, t.index,
					     "a trailing '\\'"))
					return -1;
				continue;
			}
			start = t.next;
			tk_next(&t);
			tk_add_len(&t, T_ESCAPED, t.next, start);
			continue;
		case '{':
			tk_add_len(&t, T_OPEN, t.next, t.index);
			continue;
		case '}':
			tk_add_len(&t, T_CLOSE, t.next, t.index);
			continue;
		case ':':
			pos = start = t.next;
			while (pos < n) {
				tk_seek(&t, pos);
				if (!name_cp(cs, t.cp, pos == start))
					break;
				pos = t.next;
			}
			if (pos <= start) {
				if (tk_error(&t, start, t.index,
					     "a ':' without a name"))
					return -1;
				continue;
			}
			tk_add_len(&t, T_NAME, pos, start);
			continue;
		case '(':
			if (tk_regexp(&t))
				return -1;
			continue;
		default:
			tk_add_len(&t, T_CHAR, t.next, t.index);
			continue;
		}
	}
	tk_add_len(&t, T_END, t.index, t.index);
	*out = t.list;
	*count = t.count;
	return 0;
}

/* ---- Escaping and canonicalization. ---- */

static int add_escaped(struct buf *b, struct str s, const char *special)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		if (s.s[i] && strchr(special, s.s[i]) && buf_addch(b, '\\'))
			return -1;
		if (buf_addch(b, s.s[i]))
			return -1;
	}
	return 0;
}

/* "Escape a regexp string". */
static int esc_regexp(struct buf *b, struct str s)
{
	return add_escaped(b, s, ".+*?^${}()[]|/\\");
}

/* "Escape a pattern string". */
static int esc_pattern(struct buf *b, struct str s)
{
	return add_escaped(b, s, "+*?:{}()\\");
}

static int canon_ipv6(struct buf *out, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = v[i];

		if (!is_hex((unsigned char)c) && c != '[' && c != ']' &&
		    c != ':')
			return -1;
		if (buf_addch(out, (char)((c >= 'A' && c <= 'Z') ? c + 32 : c)))
			return -1;
	}
	return 0;
}

static const char *canon_what(enum canon cb)
{
	switch (cb) {
	case C_PROTOCOL:
		return "scheme (write a ':' that ends no scheme as '{\\:}')";
	case C_USERINFO:
		return "user name or password";
	case C_HOSTNAME:
	case C_IPV6:
		return "host name";
	case C_PORT:
		return "port";
	case C_PATHNAME:
	case C_OPAQUE:
		return "path";
	case C_SEARCH:
		return "query";
	case C_HASH:
		return "fragment";
	}
	return "component";
}

/* The encoding callbacks, by enum canon. */
static int (*const canon_fns[])(struct buf *, const char *, size_t) = {
	[C_PROTOCOL] = urlparse_canon_protocol,
	[C_USERINFO] = urlparse_canon_userinfo,
	[C_HOSTNAME] = urlparse_canon_hostname,
	[C_IPV6] = canon_ipv6,
	[C_PORT] = urlparse_canon_port,
	[C_PATHNAME] = urlparse_canon_pathname,
	[C_OPAQUE] = urlparse_canon_opaque_pathname,
	[C_SEARCH] = urlparse_canon_search,
	[C_HASH] = urlparse_canon_hash,
};

/* Run the encoding callback on s (at pos in the text) into the arena. */
static int encode(struct cstate *cs, enum canon cb, struct str s, size_t pos,
		  struct str *out)
{
	struct buf b = BUF_INIT(CANON_MAX(s.n));
	char q[64];
	int rc;

	rc = canon_fns[cb](&b, s.s, s.n);
	if (rc) {
		buf_release(&b);
		quote(q, sizeof(q), s);
		return fail(cs, ERR_DATA, pos, "'%s' is not a valid %s", q,
			    canon_what(cb));
	}
	rc = buf_to_str(cs, &b, out);
	buf_release(&b);
	return rc;
}

/* ---- ECMAScript "v"-mode regexps, checked and rewritten for PCRE2. ---- */

struct tr {
	struct cstate *cs;
	const char *s;
	size_t n;
	size_t i;
	size_t pos; /* of s in the text, for messages */
	struct buf *out;
};

/* An error at the current character: what, then arg (may be ""). */
static int tr_fail(struct tr *t, const char *what, const char *arg)
{
	return fail(t->cs, ERR_DATA, t->pos + t->i, "%s%s", what, arg);
}

static int tr_copy(struct tr *t, size_t n)
{
	if (buf_add(t->out, t->s + t->i, n))
		return oom(t->cs);
	t->i += n;
	return 0;
}

static int tr_emit(struct tr *t, const char *text, size_t consumed)
{
	if (buf_addstr(t->out, text))
		return oom(t->cs);
	t->i += consumed;
	return 0;
}

/* From s[i] = open to the matching close (exclusive), or 0 when none. */
static size_t tr_span(const struct tr *t, size_t i, char open, char close)
{
	size_t j;

	if (i >= t->n || t->s[i] != open)
		return 0;
	for (j = i + 1; j < t->n; j++)
		if (t->s[j] == close)
			return j - i + 1;
	return 0;
}

enum esc_kind { E_CHAR, E_CLASS, E_ASSERT, E_ATOM };

/* An escape at s[i] = '\\'. */
static int tr_escape(struct tr *t, bool in_class, enum esc_kind *kind)
{
	static const char syntax[] = "^$\\.*+?()[]{}|/";
	static const char punct[] = "&-!#%,:;<=>@`~";
	char d = t->i + 1 < t->n ? t->s[t->i + 1] : '\0';
	size_t span, j;
	char num[32];

	*kind = E_CHAR;
	switch (d) {
	case 'd':
	case 'D':
	case 'w':
	case 'W':
	case 's':
	case 'S':
		*kind = E_CLASS;
		return tr_copy(t, 2);
	case 'b':
		if (!in_class)
			*kind = E_ASSERT;
		return tr_copy(t, 2);
	case 'B':
		if (in_class)
			break;
		*kind = E_ASSERT;
		return tr_copy(t, 2);
	case 'f':
	case 'n':
	case 'r':
	case 't':
		return tr_copy(t, 2);
	case 'v': /* PCRE2's \v is a class: vertical tab is control-K */
		return tr_emit(t, "\\cK", 2);
	case 'c':
		if (t->i + 2 < t->n && is_ascii_alpha(t->s[t->i + 2]))
			return tr_copy(t, 3);
		break;
	case 'x':
		if (t->i + 3 < t->n && is_hex(t->s[t->i + 2]) &&
		    is_hex(t->s[t->i + 3]))
			return tr_copy(t, 4);
		break;
	case 'u':
		span = tr_span(t, t->i + 2, '{', '}');
		if (span > 2) {
			for (j = t->i + 3; j < t->i + 2 + span - 1; j++)
				if (!is_hex(t->s[j]))
					return tr_fail(t, "invalid escape ",
						       "'\\u{'");
			return tr_copy(t, 2 + span);
		}
		for (j = 2; j < 6; j++)
			if (t->i + j >= t->n || !is_hex(t->s[t->i + j]))
				return tr_fail(t, "invalid escape ", "'\\u'");
		return tr_copy(t, 6);
	case 'p':
	case 'P':
		span = tr_span(t, t->i + 2, '{', '}');
		if (span <= 2)
			break;
		*kind = E_CLASS;
		return tr_copy(t, 2 + span);
	case 'k':
		span = tr_span(t, t->i + 2, '<', '>');
		if (in_class || span <= 2)
			break;
		*kind = E_ATOM;
		return tr_copy(t, 2 + span);
	case '0':
		if (t->i + 2 < t->n && is_ascii_digit(t->s[t->i + 2]))
			break;
		return tr_emit(t, "\\x00", 2);
	case 'q':
		return tr_fail(t, "'\\q{...}' is not supported", "");
	default:
		if (is_ascii_digit(d) && !in_class) {
			/* A back-reference, never an octal escape. */
			for (j = t->i + 1; j < t->n && is_ascii_digit(t->s[j]);
			     j++)
				;
			if (j - t->i - 1 > 5)
				break;
			snprintf(num, sizeof(num), "\\g{%.*s}",
				 (int)(j - t->i - 1), t->s + t->i + 1);
			*kind = E_ATOM;
			return tr_emit(t, num, j - t->i);
		}
		if (d && (strchr(syntax, d) || (in_class && strchr(punct, d))))
			return tr_copy(t, 2);
		break;
	}
	num[0] = '\'';
	num[1] = '\\';
	num[2] = (d >= 0x20 && d < 0x7f) ? d : '?';
	num[3] = '\'';
	num[4] = '\0';
	return tr_fail(t, "invalid escape ", num);
}

/* A character class, from s[i] = '['. */
static int tr_class(struct tr *t)
{
	static const char doubles[] = "&!#$%*+,.:;<=>?@^`~";
	bool prev_char = false, range = false;
	enum esc_kind kind;
	char c;

	if (tr_copy(t, 1))
		return -1;
	if (t->i < t->n && t->s[t->i] == '^' && tr_copy(t, 1))
		return -1;
	while (t->i < t->n) {
		c = t->s[t->i];
		if (c == ']')
			return tr_copy(t, 1);
		if (c == '[')
			return tr_fail(
				t, "nested character classes are not supported",
				"");
		if (c == '\\') {
			if (tr_escape(t, true, &kind))
				return -1;
			if (range && kind != E_CHAR)
				return tr_fail(t, "an invalid range", "");
			prev_char = kind == E_CHAR && !range;
			range = false;
			continue;
		}
		if (c == '-') {
			if (!prev_char || t->i + 1 >= t->n || !t->s[t->i + 1] ||
			    strchr("]-[", t->s[t->i + 1]))
				return tr_fail(t,
					       "a '-' that is not a range (use "
					       "'\\-')",
					       "");
			prev_char = false;
			range = true;
			if (tr_copy(t, 1))
				return -1;
			continue;
		}
		if (c && strchr("(){}/|", c)) {
			char q[32];

			snprintf(q, sizeof(q), "'%c' in a character class", c);
			return tr_fail(t, "an unescaped ", q);
		}
		if (c && strchr(doubles, c) && t->i + 1 < t->n &&
		    t->s[t->i + 1] == c)
			return tr_fail(t,
				       "a reserved double punctuator in a "
				       "character class",
				       "");
		prev_char = !range;
		range = false;
		if (tr_copy(t, 1))
			return -1;
	}
	return tr_fail(t, "an unterminated character class", "");
}

/* A {n}, {n,} or {n,m} quantifier at s[i]: its length, or 0. */
static size_t tr_braces(const struct tr *t)
{
	size_t j = t->i + 1;
	bool digits = false;

	while (j < t->n && is_ascii_digit(t->s[j])) {
		j++;
		digits = true;
	}
	if (!digits)
		return 0;
	if (j < t->n && t->s[j] == ',') {
		j++;
		while (j < t->n && is_ascii_digit(t->s[j]))
			j++;
	}
	return (j < t->n && t->s[j] == '}') ? j - t->i + 1 : 0;
}

/*
 * Check re (the inside of a regexp group, at pos in the text) against
 * the ECMAScript grammar in "v" mode and write it for PCRE2 into out.
 */
static int translate(struct cstate *cs, struct str re, size_t pos,
		     struct str *out)
{
	struct buf b = BUF_INIT(GEN_MAX);
	struct tr t = { cs, re.s, re.n, 0, pos, &b };
	enum { Q_START, Q_ATOM, Q_QUANT, Q_LAZY } q = Q_START;
	bool look[LIMIT_NESTING];
	size_t depth = 0, braces, opener;
	enum esc_kind kind;
	char c;
	int rc = -1;

	while (t.i < t.n) {
		c = t.s[t.i];
		switch (c) {
		case '\\':
			if (tr_escape(&t, false, &kind))
				goto out;
			q = (kind == E_ASSERT) ? Q_START : Q_ATOM;
			continue;
		case '[':
			if (tr_class(&t))
				goto out;
			q = Q_ATOM;
			continue;
		case '(':
			if (depth == LIMIT_NESTING) {
				tr_fail(&t, "groups nested too deeply", "");
				goto out;
			}
			look[depth] = false;
			if (t.i + 1 < t.n && t.s[t.i + 1] == '*') {
				tr_fail(&t, "'(*' is not supported", "");
				goto out;
			}
			opener = 1;
			if (t.i + 1 < t.n && t.s[t.i + 1] == '?') {
				const char *g = t.s + t.i + 2;
				size_t left = t.n - t.i - 2;

				if (left >= 1 && (g[0] == '=' || g[0] == '!' ||
						  g[0] == ':')) {
					look[depth] = g[0] != ':';
					opener = 3;
				} else if (left >= 2 && g[0] == '<' &&
					   (g[1] == '=' || g[1] == '!')) {
					look[depth] = true;
					opener = 4;
				} else if (left >= 2 && g[0] == '<' &&
					   tr_span(&t, t.i + 2, '<', '>') > 2) {
					/* (?<name>: PCRE2 checks the name. */
					opener = 2 +
						 tr_span(&t, t.i + 2, '<', '>');
				} else {
					tr_fail(&t, "an unsupported '(?' group",
						"");
					goto out;
				}
			}
			depth++;
			if (tr_copy(&t, opener))
				goto out;
			q = Q_START;
			continue;
		case ')':
			if (depth == 0) {
				tr_fail(&t, "an unmatched ')'", "");
				goto out;
			}
			depth--;
			if (tr_copy(&t, 1))
				goto out;
			q = look[depth] ? Q_START : Q_ATOM;
			continue;
		case '|':
			q = Q_START;
			break;
		case '^':
		case '$':
			q = Q_START;
			break;
		case '*':
		case '+':
		case '?':
		case '{':
			braces = 0;
			if (c == '{') {
				braces = tr_braces(&t);
				if (!braces) {
					tr_fail(&t, "a lone '{'", "");
					goto out;
				}
			}
			if (q == Q_QUANT && c == '?') {
				q = Q_LAZY;
			} else if (q == Q_ATOM) {
				q = Q_QUANT;
			} else {
				tr_fail(&t, "nothing to repeat", "");
				goto out;
			}
			if (tr_copy(&t, braces ? braces : 1))
				goto out;
			continue;
		case '}':
		case ']': {
			char q2[4] = { '\'', c, '\'', '\0' };

			tr_fail(&t, "a lone ", q2);
			goto out;
		}
		default:
			q = Q_ATOM;
			break;
		}
		if (tr_copy(&t, 1))
			goto out;
	}
	rc = buf_to_str(cs, &b, out);
out:
	buf_release(&b);
	return rc;
}

/* ---- Parsing a pattern string into parts. ---- */

/* "Generate a segment wildcard regexp": [^\/]+? and the like. */
static void make_segwild(const struct options *opt, char out[8])
{
	if (opt->delim)
		snprintf(out, 8, "[^\\%c]+?", opt->delim);
	else
		snprintf(out, 8, "[^]+?"); /* the empty class, negated */
}

struct pparser {
	struct cstate *cs;
	struct token *tok;
	size_t ntok;
	size_t i;
	enum canon cb;
	char segwild[8]; /* [^\/]+? and the like */
	struct buf pending;
	size_t pending_pos;
	struct part *parts;
	size_t nparts;
	unsigned next_numeric;
};

static struct token *try_tok(struct pparser *p, enum tok_type type)
{
	if (p->tok[p->i].type != type)
		return NULL;
	return &p->tok[p->i++];
}

static struct token *try_modifier(struct pparser *p)
{
	struct token *t = try_tok(p, T_OTHER_MOD);

	return t ? t : try_tok(p, T_ASTERISK);
}

static struct token *try_regexp_or_wildcard(struct pparser *p,
					    const struct token *name)
{
	struct token *t = try_tok(p, T_REGEXP);

	if (!name && !t)
		t = try_tok(p, T_ASTERISK);
	return t;
}

static int require_tok(struct pparser *p, enum tok_type type)
{
	const struct token *t = &p->tok[p->i];
	char q[64];

	if (try_tok(p, type))
		return 0;
	if (t->type == T_END)
		return fail(p->cs, ERR_DATA, t->index, "%s",
			    type == T_CLOSE ? "a '{' without its '}'"
					    : "an unexpected end");
	quote(q, sizeof(q), t->value);
	return fail(p->cs, ERR_DATA, t->index, "unexpected '%s'", q);
}

/* Text: char and escaped-char tokens, concatenated. */
static int consume_text(struct pparser *p, struct buf *out)
{
	struct token *t;

	for (;;) {
		t = try_tok(p, T_CHAR);
		if (!t)
			t = try_tok(p, T_ESCAPED);
		if (!t)
			return 0;
		if (buf_add(out, t->value.s, t->value.n))
			return oom(p->cs);
	}
}

static struct part *new_part(struct pparser *p)
{
	struct part *pt;

	if (p->nparts == LIMIT_URLPATTERN_PARTS) {
		fail(p->cs, ERR_LIMIT, NOPOS, "more than %d parts",
		     LIMIT_URLPATTERN_PARTS);
		return NULL;
	}
	pt = &p->parts[p->nparts++];
	memset(pt, 0, sizeof(*pt));
	pt->value.s = pt->re.s = pt->name.s = pt->prefix.s = pt->suffix.s = "";
	return pt;
}

/* "Maybe add a part from the pending fixed value". */
static int flush_pending(struct pparser *p)
{
	struct str v;
	struct part *pt;

	if (!p->pending.len)
		return 0;
	if (encode(p->cs, p->cb,
		   (struct str){ p->pending.data, p->pending.len },
		   p->pending_pos, &v))
		return -1;
	buf_reset(&p->pending);
	pt = new_part(p);
	if (!pt)
		return -1;
	pt->type = P_FIXED;
	pt->value = v;
	return 0;
}

static int pending_add(struct pparser *p, struct str s, size_t pos)
{
	if (!p->pending.len)
		p->pending_pos = pos;
	if (buf_add(&p->pending, s.s, s.n))
		return oom(p->cs);
	return 0;
}

/* "Add a part". */
static int add_part(struct pparser *p, struct str prefix, size_t pos,
		    const struct token *name, const struct token *rw,
		    struct str suffix, const struct token *mod_tok)
{
	enum part_mod mod = M_NONE;
	struct part *pt;
	struct str value = { "", 0 }, pname = { "", 0 }, re = { "", 0 };
	enum part_type type = P_REGEXP;
	char num[24], q[64];
	size_t i;

	if (mod_tok)
		mod = mod_tok->value.s[0] == '?'   ? M_OPTIONAL
		      : mod_tok->value.s[0] == '*' ? M_ZERO_OR_MORE
						   : M_ONE_OR_MORE;
	if (!name && !rw && mod == M_NONE)
		return pending_add(p, prefix, pos); /* a plain "{text}" */
	if (flush_pending(p))
		return -1;
	if (!name && !rw) {
		/* "{text}?": text with a modifier. */
		if (!prefix.n)
			return 0;
		pt = new_part(p);
		if (!pt || encode(p->cs, p->cb, prefix, pos, &pt->value))
			return -1;
		pt->type = P_FIXED;
		pt->mod = mod;
		return 0;
	}
	if (!rw) {
		value.s = p->segwild;
		value.n = strlen(p->segwild);
	} else if (rw->type == T_ASTERISK) {
		value.s = ".*";
		value.n = 2;
	} else {
		value = rw->value;
	}
	if (value.n == strlen(p->segwild) &&
	    !memcmp(value.s, p->segwild, value.n)) {
		type = P_SEGMENT;
	} else if (value.n == 2 && !memcmp(value.s, ".*", 2)) {
		type = P_FULL;
	} else if (translate(p->cs, value, rw->index + 1, &re)) {
		return -1;
	}
	if (name) {
		pname = name->value;
	} else {
		snprintf(num, sizeof(num), "%u", p->next_numeric++);
		if (arena_copy(p->cs, num, strlen(num), &pname))
			return -1;
	}
	for (i = 0; i < p->nparts; i++) {
		if (p->parts[i].name.n == pname.n &&
		    !memcmp(p->parts[i].name.s, pname.s, pname.n)) {
			quote(q, sizeof(q), pname);
			return fail(p->cs, ERR_DATA,
				    name ? name->index : rw->index,
				    "duplicate group name '%s'", q);
		}
	}
	if (++p->cs->groups > LIMIT_URLPATTERN_GROUPS)
		return fail(p->cs, ERR_LIMIT, NOPOS, "more than %d groups",
			    LIMIT_URLPATTERN_GROUPS);
	pt = new_part(p);
	if (!pt)
		return -1;
	pt->type = type;
	pt->mod = mod;
	pt->name = pname;
	if (type == P_REGEXP) {
		pt->value = value;
		pt->re = re;
	}
	if (encode(p->cs, p->cb, prefix, pos, &pt->prefix) ||
	    encode(p->cs, p->cb, suffix, pos, &pt->suffix))
		return -1;
	return 0;
}

static int parse_pattern(struct cstate *cs, struct str in, enum canon cb,
			 const struct options *opt, struct part **parts,
			 size_t *nparts)
{
	struct pparser p;
	struct token *ch, *name, *rw, *fixed, *mod, *open;
	struct buf text = BUF_INIT(LIMIT_URLPATTERN_BYTES * 4);
	struct str prefix, suffix;
	size_t pos;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.cs = cs;
	p.cb = cb;
	buf_init(&p.pending, LIMIT_URLPATTERN_BYTES * 4);
	make_segwild(opt, p.segwild);
	p.parts =
		arena_alloc(&cs->a, LIMIT_URLPATTERN_PARTS * sizeof(*p.parts));
	if (!p.parts) {
		oom(cs);
		goto out;
	}
	if (tokenize(cs, in.s, in.n, true, &p.tok, &p.ntok))
		goto out;
	while (p.i < p.ntok) {
		ch = try_tok(&p, T_CHAR);
		name = try_tok(&p, T_NAME);
		rw = try_regexp_or_wildcard(&p, name);
		if (name || rw) {
			prefix.s = ch ? ch->value.s : "";
			prefix.n = ch ? ch->value.n : 0;
			pos = ch ? ch->index : (name ? name->index : rw->index);
			if (prefix.n &&
			    !(prefix.n == 1 && prefix.s[0] == opt->prefix)) {
				if (pending_add(&p, prefix, pos))
					goto out;
				prefix.n = 0;
			}
			if (flush_pending(&p))
				goto out;
			mod = try_modifier(&p);
			if (add_part(&p, prefix, pos, name, rw,
				     (struct str){ "", 0 }, mod))
				goto out;
			continue;
		}
		fixed = ch ? ch : try_tok(&p, T_ESCAPED);
		if (fixed) {
			if (pending_add(&p, fixed->value, fixed->index))
				goto out;
			continue;
		}
		open = try_tok(&p, T_OPEN);
		if (open) {
			buf_reset(&text);
			if (consume_text(&p, &text) ||
			    arena_copy(cs, text.data, text.len, &prefix))
				goto out;
			name = try_tok(&p, T_NAME);
			rw = try_regexp_or_wildcard(&p, name);
			buf_reset(&text);
			if (consume_text(&p, &text) ||
			    arena_copy(cs, text.data, text.len, &suffix))
				goto out;
			if (require_tok(&p, T_CLOSE))
				goto out;
			mod = try_modifier(&p);
			if (add_part(&p, prefix, open->index, name, rw, suffix,
				     mod))
				goto out;
			continue;
		}
		if (flush_pending(&p) || require_tok(&p, T_END))
			goto out;
	}
	*parts = p.parts;
	*nparts = p.nparts;
	rc = 0;
out:
	buf_release(&text);
	buf_release(&p.pending);
	return rc;
}

/* ---- Generating the regexp and the pattern string. ---- */

static int add_mod(struct buf *b, enum part_mod mod)
{
	static const char *const s[] = { "", "?", "*", "+" };

	return buf_addstr(b, s[mod]);
}

static int gen_regex(const struct part *parts, size_t n, const char *segwild,
		     struct buf *b)
{
	size_t i;
	struct str rv;

	if (buf_addch(b, '^'))
		return -1;
	for (i = 0; i < n; i++) {
		const struct part *pt = &parts[i];

		if (pt->type == P_FIXED) {
			if (pt->mod == M_NONE) {
				if (esc_regexp(b, pt->value))
					return -1;
				continue;
			}
			if (buf_addstr(b, "(?:") || esc_regexp(b, pt->value) ||
			    buf_addch(b, ')') || add_mod(b, pt->mod))
				return -1;
			continue;
		}
		rv = pt->re;
		if (pt->type == P_SEGMENT)
			rv = (struct str){ segwild, strlen(segwild) };
		else if (pt->type == P_FULL)
			rv = (struct str){ ".*", 2 };
		if (!pt->prefix.n && !pt->suffix.n) {
			if (pt->mod == M_NONE || pt->mod == M_OPTIONAL) {
				if (buf_addch(b, '(') ||
				    buf_add(b, rv.s, rv.n) ||
				    buf_addch(b, ')') || add_mod(b, pt->mod))
					return -1;
			} else if (buf_addstr(b, "((?:") ||
				   buf_add(b, rv.s, rv.n) ||
				   buf_addch(b, ')') || add_mod(b, pt->mod) ||
				   buf_addch(b, ')')) {
				return -1;
			}
			continue;
		}
		if (pt->mod == M_NONE || pt->mod == M_OPTIONAL) {
			if (buf_addstr(b, "(?:") || esc_regexp(b, pt->prefix) ||
			    buf_addch(b, '(') || buf_add(b, rv.s, rv.n) ||
			    buf_addch(b, ')') || esc_regexp(b, pt->suffix) ||
			    buf_addch(b, ')') || add_mod(b, pt->mod))
				return -1;
			continue;
		}
		if (buf_addstr(b, "(?:") || esc_regexp(b, pt->prefix) ||
		    buf_addstr(b, "((?:") || buf_add(b, rv.s, rv.n) ||
		    buf_addstr(b, ")(?:") || esc_regexp(b, pt->suffix) ||
		    esc_regexp(b, pt->prefix) || buf_addstr(b, "(?:") ||
		    buf_add(b, rv.s, rv.n) || buf_addstr(b, "))*)") ||
		    esc_regexp(b, pt->suffix) || buf_addch(b, ')') ||
		    (pt->mod == M_ZERO_OR_MORE && buf_addch(b, '?')))
			return -1;
	}
	return buf_addch(b, '$');
}

static bool custom_name(const struct part *pt)
{
	return !(pt->name.n && is_ascii_digit(pt->name.s[0]));
}

static bool starts_with_name_cp(struct cstate *cs, struct str s)
{
	size_t next;

	return s.n && name_cp(cs, cp_at(s.s, s.n, 0, &next), false);
}

/* "Generate a pattern string". */
static int gen_pattern(struct cstate *cs, const struct part *parts, size_t n,
		       const struct options *opt, const char *segwild,
		       struct buf *b)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct part *pt = &parts[i];
		const struct part *prev = i ? &parts[i - 1] : NULL;
		const struct part *next = i + 1 < n ? &parts[i + 1] : NULL;
		bool custom, group;

		if (pt->type == P_FIXED) {
			if (pt->mod == M_NONE) {
				if (esc_pattern(b, pt->value))
					return -1;
				continue;
			}
			if (buf_addch(b, '{') || esc_pattern(b, pt->value) ||
			    buf_addch(b, '}') || add_mod(b, pt->mod))
				return -1;
			continue;
		}
		custom = custom_name(pt);
		group = pt->suffix.n ||
			(pt->prefix.n && !(pt->prefix.n == 1 &&
					   pt->prefix.s[0] == opt->prefix));
		if (!group && custom && pt->type == P_SEGMENT &&
		    pt->mod == M_NONE && next && !next->prefix.n &&
		    !next->suffix.n) {
			if (next->type == P_FIXED)
				group = starts_with_name_cp(cs, next->value);
			else
				group = !custom_name(next);
		}
		if (!group && !pt->prefix.n && prev && prev->type == P_FIXED &&
		    opt->prefix && prev->value.n &&
		    prev->value.s[prev->value.n - 1] == opt->prefix)
			group = true;
		if (group && buf_addch(b, '{'))
			return -1;
		if (esc_pattern(b, pt->prefix))
			return -1;
		if (custom &&
		    (buf_addch(b, ':') || buf_add(b, pt->name.s, pt->name.n)))
			return -1;
		if (pt->type == P_REGEXP) {
			if (buf_addch(b, '(') ||
			    buf_add(b, pt->value.s, pt->value.n) ||
			    buf_addch(b, ')'))
				return -1;
		} else if (pt->type == P_SEGMENT && !custom) {
			if (buf_addch(b, '(') || buf_addstr(b, segwild) ||
			    buf_addch(b, ')'))
				return -1;
		} else if (pt->type == P_FULL) {
			if (!custom &&
			    (!prev || prev->type == P_FIXED ||
			     prev->mod != M_NONE || group || pt->prefix.n)) {
				if (buf_addch(b, '*'))
					return -1;
			} else if (buf_addstr(b, "(.*)")) {
				return -1;
			}
		}
		if (pt->type == P_SEGMENT && custom && pt->suffix.n &&
		    starts_with_name_cp(cs, pt->suffix) && buf_addch(b, '\\'))
			return -1;
		if (esc_pattern(b, pt->suffix) ||
		    (group && buf_addch(b, '}')) || add_mod(b, pt->mod))
			return -1;
	}
	return 0;
}

/* ---- Compiling a component. ---- */

/*
 * Text, or text and then anything: no regexp needed. A trailing "*"
 * with a prefix (the "/" before it in a pathname) is the prefix and
 * then anything.
 */
static int fast_path(struct cstate *cs, const struct part *parts, size_t n,
		     struct comp *c)
{
	struct buf lit = BUF_INIT(GEN_MAX);
	bool wild = false;
	size_t i;
	struct str s = { "", 0 };
	int rc = 1;

	for (i = 0; i < n; i++) {
		const struct part *pt = &parts[i];

		if (pt->type == P_FIXED && pt->mod == M_NONE) {
			if (buf_add(&lit, pt->value.s, pt->value.n))
				goto out;
		} else if (pt->type == P_FULL && pt->mod == M_NONE &&
			   !pt->suffix.n && i + 1 == n) {
			if (buf_add(&lit, pt->prefix.s, pt->prefix.n))
				goto out;
			wild = true;
		} else {
			goto out; /* not a fast path */
		}
	}
	rc = buf_to_str(cs, &lit, &s);
	if (rc)
		goto out;
	c->lit = s.s;
	c->lit_len = s.n;
	c->kind = !wild ? K_EXACT : s.n ? K_PREFIX : K_ANY;
out:
	buf_release(&lit);
	return rc;
}

/* "Compile a component" (where, origin, shift: for error messages). */
static int compile_comp(struct cstate *cs, struct comp *c, struct str in,
			long origin, size_t shift, enum canon cb,
			const struct options *opt, const char *where)
{
	struct buf rx = BUF_INIT(GEN_MAX), ps = BUF_INIT(GEN_MAX);
	struct part *parts;
	size_t n, i;
	char segwild[8];
	struct str pattern = { "", 0 };
	PCRE2_SIZE eo;
	int ec, rc = -1;
	PCRE2_UCHAR msg[128];

	memset(c, 0, sizeof(*c));
	c->lit = "";
	cs->where = where;
	cs->origin = origin;
	cs->shift = shift;
	cs->groups = 0;
	if (parse_pattern(cs, in, cb, opt, &parts, &n))
		goto out;
	make_segwild(opt, segwild);
	if (gen_pattern(cs, parts, n, opt, segwild, &ps)) {
		fail(cs, ERR_LIMIT, NOPOS, "%s", "too long");
		goto out;
	}
	if (buf_to_str(cs, &ps, &pattern))
		goto out;
	c->pattern = pattern.s;
	c->pattern_len = pattern.n;
	for (i = 0; i < n; i++)
		if (parts[i].type == P_REGEXP)
			c->has_regexp = true;
	rc = fast_path(cs, parts, n, c);
	if (rc <= 0)
		goto out;
	rc = -1;
	if (gen_regex(parts, n, segwild, &rx)) {
		fail(cs, ERR_LIMIT, NOPOS, "%s", "too long");
		goto out;
	}
	c->kind = K_REGEX;
	c->re = pcre2_compile((PCRE2_SPTR)rx.data, rx.len,
			      PCRE2_UTF | PCRE2_UCP | PCRE2_ALLOW_EMPTY_CLASS |
				      PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY |
				      PCRE2_NEVER_BACKSLASH_C | PCRE2_ANCHORED |
				      PCRE2_ENDANCHORED,
			      &ec, &eo, cs->cctx);
	if (!c->re) {
		if (ec == PCRE2_ERROR_NOMEMORY) {
			oom(cs);
			goto out;
		}
		pcre2_get_error_message(ec, msg, sizeof(msg));
		fail(cs, ERR_DATA, NOPOS, "invalid regexp (%s)", (char *)msg);
		goto out;
	}
	/* Three times faster when the platform has a JIT; optional. */
	(void)pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE);
	rc = 0;
out:
	buf_release(&rx);
	buf_release(&ps);
	return rc;
}

static bool comp_test(const struct comp *c, const char *s, size_t n,
		      pcre2_match_data **md, pcre2_match_context *mctx)
{
	int rc;

	switch (c->kind) {
	case K_ANY:
		return true;
	case K_EXACT:
		return n == c->lit_len && !memcmp(s, c->lit, n);
	case K_PREFIX:
		return n >= c->lit_len && !memcmp(s, c->lit, c->lit_len);
	case K_REGEX:
		break;
	}
	if (!*md) {
		*md = pcre2_match_data_create(1, NULL);
		if (!*md)
			return false;
	}
	/*
	 * No UTF check: the URL parser writes every component in ASCII
	 * (anything else is percent-encoded or refused). The JIT code runs
	 * on a fixed 32 KiB stack and ignores the depth and heap limits;
	 * when that stack is too small the interpreter, which has them,
	 * takes over. Any other limit reached, like running out of memory,
	 * is no match.
	 */
	rc = pcre2_match(c->re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, *md,
			 mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(c->re, (PCRE2_SPTR)s, n, 0,
				 PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, *md, mctx);
	return rc >= 0;
}

/* "Protocol component matches a special scheme". */
static bool matches_special(const struct cstate *cs, const struct comp *c)
{
	static const char *const schemes[] = { "ftp",	"file", "http",
					       "https", "ws",	"wss" };
	pcre2_match_data *md = cs->md;
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(schemes); i++)
		if (comp_test(c, schemes[i], strlen(schemes[i]), &md, cs->mctx))
			return true;
	return false;
}

/* ---- Parsing a constructor string. ---- */

enum cps {
	CS_INIT,
	CS_PROTOCOL,
	CS_AUTHORITY,
	CS_USERNAME,
	CS_PASSWORD,
	CS_HOSTNAME,
	CS_PORT,
	CS_PATHNAME,
	CS_SEARCH,
	CS_HASH,
	CS_DONE
};

struct cparser {
	struct cstate *cs;
	const char *in;
	size_t n;
	struct token *tok;
	size_t ntok;
	struct init *res;
	size_t comp_start;
	size_t ti;  /* token index */
	size_t inc; /* token increment */
	long group_depth;
	long ipv6_depth;
	bool special;
	enum cps state;
};

static int cps_comp(enum cps s)
{
	switch (s) {
	case CS_PROTOCOL:
		return URLPATTERN_PROTOCOL;
	case CS_USERNAME:
		return URLPATTERN_USERNAME;
	case CS_PASSWORD:
		return URLPATTERN_PASSWORD;
	case CS_HOSTNAME:
		return URLPATTERN_HOSTNAME;
	case CS_PORT:
		return URLPATTERN_PORT;
	case CS_PATHNAME:
		return URLPATTERN_PATHNAME;
	case CS_SEARCH:
		return URLPATTERN_SEARCH;
	case CS_HASH:
		return URLPATTERN_HASH;
	default:
		return -1;
	}
}

static const struct token *safe_token(const struct cparser *c, size_t i)
{
	return i < c->ntok ? &c->tok[i] : &c->tok[c->ntok - 1];
}

/* "Is a non-special pattern char". */
static bool nonspecial(const struct cparser *c, size_t i, char v)
{
	const struct token *t = safe_token(c, i);

	return t->value.n == 1 && t->value.s[0] == v &&
	       (t->type == T_CHAR || t->type == T_ESCAPED ||
		t->type == T_INVALID);
}

static bool is_search_prefix(const struct cparser *c)
{
	const struct token *t = &c->tok[c->ti], *prev;

	if (nonspecial(c, c->ti, '?'))
		return true;
	if (!(t->value.n == 1 && t->value.s[0] == '?'))
		return false;
	if (c->ti == 0)
		return true;
	prev = safe_token(c, c->ti - 1);
	return !(prev->type == T_NAME || prev->type == T_REGEXP ||
		 prev->type == T_CLOSE || prev->type == T_ASTERISK);
}

static void set_result(struct cparser *c, int comp, const char *s, size_t n,
		       long origin)
{
	c->res->has[comp] = true;
	c->res->v[comp].s = s;
	c->res->v[comp].n = n;
	c->res->origin[comp] = origin;
	c->res->shift[comp] = 0;
}

/* "Make a component string" into component comp. */
static void make_comp(struct cparser *c, int comp)
{
	const struct token *t = &c->tok[c->ti];
	const struct token *st = safe_token(c, c->comp_start);

	set_result(c, comp, c->in + st->index, t->index - st->index,
		   (long)st->index);
}

static void change_state(struct cparser *c, enum cps next, size_t skip)
{
	enum cps s = c->state;
	bool early = s == CS_PROTOCOL || s == CS_AUTHORITY ||
		     s == CS_USERNAME || s == CS_PASSWORD;

	if (cps_comp(s) >= 0)
		make_comp(c, cps_comp(s));
	if (s != CS_INIT && next != CS_DONE) {
		if (early &&
		    (next == CS_PORT || next == CS_PATHNAME ||
		     next == CS_SEARCH || next == CS_HASH) &&
		    !c->res->has[URLPATTERN_HOSTNAME])
			set_result(c, URLPATTERN_HOSTNAME, "", 0, -1);
		if ((early || s == CS_HOSTNAME || s == CS_PORT) &&
		    (next == CS_SEARCH || next == CS_HASH) &&
		    !c->res->has[URLPATTERN_PATHNAME])
			set_result(c, URLPATTERN_PATHNAME,
				   c->special ? "/" : "", c->special ? 1 : 0,
				   -1);
		if ((early || s == CS_HOSTNAME || s == CS_PORT ||
		     s == CS_PATHNAME) &&
		    next == CS_HASH && !c->res->has[URLPATTERN_SEARCH])
			set_result(c, URLPATTERN_SEARCH, "", 0, -1);
	}
	c->state = next;
	c->ti += skip;
	c->comp_start = c->ti;
	c->inc = 0;
}

static void rewind_to(struct cparser *c, enum cps state)
{
	c->ti = c->comp_start;
	c->inc = 0;
	c->state = state;
}

/* "Compute protocol matches a special scheme flag". */
static int compute_special(struct cparser *c)
{
	const struct token *t = &c->tok[c->ti];
	const struct token *st = safe_token(c, c->comp_start);
	struct comp proto;
	int rc;

	rc = compile_comp(
		c->cs, &proto,
		(struct str){ c->in + st->index, t->index - st->index },
		(long)st->index, 0, C_PROTOCOL, &opt_default, "protocol");
	if (rc == 0 && matches_special(c->cs, &proto))
		c->special = true;
	pcre2_code_free(proto.re);
	return rc;
}

static int parse_constructor(struct cstate *cs, const char *in, size_t n,
			     struct init *res)
{
	struct cparser c;

	memset(&c, 0, sizeof(c));
	memset(res, 0, sizeof(*res));
	c.cs = cs;
	c.in = in;
	c.n = n;
	c.res = res;
	c.state = CS_INIT;
	cs->where = "pattern";
	cs->origin = 0;
	cs->shift = 0;
	if (tokenize(cs, in, n, false, &c.tok, &c.ntok))
		return -1;
	while (c.ti < c.ntok) {
		const struct token *t;

		c.inc = 1;
		t = &c.tok[c.ti];
		if (t->type == T_END) {
			if (c.state == CS_INIT) {
				/* No scheme: a relative pattern. */
				rewind_to(&c, CS_INIT);
				if (nonspecial(&c, c.ti, '#'))
					change_state(&c, CS_HASH, 1);
				else if (is_search_prefix(&c))
					change_state(&c, CS_SEARCH, 1);
				else
					change_state(&c, CS_PATHNAME, 0);
				c.ti += c.inc;
				continue;
			}
			if (c.state == CS_AUTHORITY) {
				/* No "@": no username or password. */
				rewind_to(&c, CS_HOSTNAME);
				c.ti += c.inc;
				continue;
			}
			change_state(&c, CS_DONE, 0);
			break;
		}
		if (t->type == T_OPEN) {
			c.group_depth++;
			c.ti += c.inc;
			continue;
		}
		if (c.group_depth > 0) {
			if (t->type == T_CLOSE) {
				c.group_depth--;
			} else {
				c.ti += c.inc;
				continue;
			}
		}
		switch (c.state) {
		case CS_INIT:
			if (nonspecial(&c, c.ti, ':'))
				rewind_to(&c, CS_PROTOCOL);
			break;
		case CS_PROTOCOL:
			if (nonspecial(&c, c.ti, ':')) {
				enum cps next = CS_PATHNAME;
				size_t skip = 1;

				if (compute_special(&c))
					return -1;
				if (nonspecial(&c, c.ti + 1, '/') &&
				    nonspecial(&c, c.ti + 2, '/')) {
					next = CS_AUTHORITY;
					skip = 3;
				} else if (c.special) {
					next = CS_AUTHORITY;
				}
				change_state(&c, next, skip);
			}
			break;
		case CS_AUTHORITY:
			if (nonspecial(&c, c.ti, '@'))
				rewind_to(&c, CS_USERNAME);
			else if (nonspecial(&c, c.ti, '/') ||
				 is_search_prefix(&c) ||
				 nonspecial(&c, c.ti, '#'))
				rewind_to(&c, CS_HOSTNAME);
			break;
		case CS_USERNAME:
			if (nonspecial(&c, c.ti, ':'))
				change_state(&c, CS_PASSWORD, 1);
			else if (nonspecial(&c, c.ti, '@'))
				change_state(&c, CS_HOSTNAME, 1);
			break;
		case CS_PASSWORD:
			if (nonspecial(&c, c.ti, '@'))
				change_state(&c, CS_HOSTNAME, 1);
			break;
		case CS_HOSTNAME:
			if (nonspecial(&c, c.ti, '['))
				c.ipv6_depth++;
			else if (nonspecial(&c, c.ti, ']'))
				c.ipv6_depth--;
			else if (nonspecial(&c, c.ti, ':') && !c.ipv6_depth)
				change_state(&c, CS_PORT, 1);
			else if (nonspecial(&c, c.ti, '/'))
				change_state(&c, CS_PATHNAME, 0);
			else if (is_search_prefix(&c))
				change_state(&c, CS_SEARCH, 1);
			else if (nonspecial(&c, c.ti, '#'))
				change_state(&c, CS_HASH, 1);
			break;
		case CS_PORT:
			if (nonspecial(&c, c.ti, '/'))
				change_state(&c, CS_PATHNAME, 0);
			else if (is_search_prefix(&c))
				change_state(&c, CS_SEARCH, 1);
			else if (nonspecial(&c, c.ti, '#'))
				change_state(&c, CS_HASH, 1);
			break;
		case CS_PATHNAME:
			if (is_search_prefix(&c))
				change_state(&c, CS_SEARCH, 1);
			else if (nonspecial(&c, c.ti, '#'))
				change_state(&c, CS_HASH, 1);
			break;
		case CS_SEARCH:
			if (nonspecial(&c, c.ti, '#'))
				change_state(&c, CS_HASH, 1);
			break;
		case CS_HASH:
		case CS_DONE:
			break;
		}
		c.ti += c.inc;
	}
	if (res->has[URLPATTERN_HOSTNAME] && !res->has[URLPATTERN_PORT])
		set_result(&c, URLPATTERN_PORT, "", 0, -1);
	return 0;
}

/* ---- "Process a URLPatternInit" (type "pattern") and "create". ---- */

static int escaped_copy(struct cstate *cs, const char *s, size_t n,
			struct str *out)
{
	struct buf b = BUF_INIT(2 * n + 1);
	int rc;

	rc = esc_pattern(&b, (struct str){ s, n }) ? oom(cs)
						   : buf_to_str(cs, &b, out);
	buf_release(&b);
	return rc;
}

static bool is_absolute_pathname(struct str s)
{
	if (!s.n)
		return false;
	if (s.s[0] == '/')
		return true;
	return s.n >= 2 && (s.s[0] == '\\' || s.s[0] == '{') && s.s[1] == '/';
}

static int process_init(struct cstate *cs, const struct init *in,
			const struct urlparse_url *base, struct init *out)
{
	const bool *h = in->has;
	char port[16];
	struct str path;
	const char *slash;
	struct buf b = BUF_INIT(2 * LIMIT_URLPATTERN_BYTES + 8 * 4096);
	int c, rc = -1;

	memset(out, 0, sizeof(*out));
	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		out->origin[c] = -1;
	/* Components the pattern leaves out come from the base URL. */
	if (!h[URLPATTERN_PROTOCOL]) {
		if (escaped_copy(cs, base->scheme.s, base->scheme.len,
				 &out->v[URLPATTERN_PROTOCOL]))
			goto out;
		out->has[URLPATTERN_PROTOCOL] = true;
	}
	if (!h[URLPATTERN_PROTOCOL] && !h[URLPATTERN_HOSTNAME]) {
		if (escaped_copy(cs, base->has_host ? base->host.s : "",
				 base->has_host ? base->host.len : 0,
				 &out->v[URLPATTERN_HOSTNAME]))
			goto out;
		out->has[URLPATTERN_HOSTNAME] = true;
	}
	if (!h[URLPATTERN_PROTOCOL] && !h[URLPATTERN_HOSTNAME] &&
	    !h[URLPATTERN_PORT]) {
		port[0] = '\0';
		if (base->port >= 0)
			snprintf(port, sizeof(port), "%d", base->port);
		if (arena_copy(cs, port, strlen(port),
			       &out->v[URLPATTERN_PORT]))
			goto out;
		out->has[URLPATTERN_PORT] = true;
		if (!h[URLPATTERN_PATHNAME]) {
			if (escaped_copy(cs, base->path.s, base->path.len,
					 &out->v[URLPATTERN_PATHNAME]))
				goto out;
			out->has[URLPATTERN_PATHNAME] = true;
			if (!h[URLPATTERN_SEARCH]) {
				if (escaped_copy(cs,
						 base->has_query ? base->query.s
								 : "",
						 base->has_query
							 ? base->query.len
							 : 0,
						 &out->v[URLPATTERN_SEARCH]))
					goto out;
				out->has[URLPATTERN_SEARCH] = true;
				if (!h[URLPATTERN_HASH]) {
					if (escaped_copy(
						    cs,
						    base->has_fragment
							    ? base->fragment.s
							    : "",
						    base->has_fragment
							    ? base->fragment.len
							    : 0,
						    &out->v[URLPATTERN_HASH]))
						goto out;
					out->has[URLPATTERN_HASH] = true;
				}
			}
		}
	}
	/* Then the pattern's own, the protocol without its ":". */
	for (c = 0; c < URLPATTERN_COMPONENTS; c++) {
		if (!h[c])
			continue;
		out->has[c] = true;
		out->v[c] = in->v[c];
		out->origin[c] = in->origin[c];
		out->shift[c] = in->shift[c];
	}
	if (h[URLPATTERN_PROTOCOL] && out->v[URLPATTERN_PROTOCOL].n &&
	    out->v[URLPATTERN_PROTOCOL].s[out->v[URLPATTERN_PROTOCOL].n - 1] ==
		    ':')
		out->v[URLPATTERN_PROTOCOL].n--;
	if (h[URLPATTERN_SEARCH] && out->v[URLPATTERN_SEARCH].n &&
	    out->v[URLPATTERN_SEARCH].s[0] == '?') {
		out->v[URLPATTERN_SEARCH].s++;
		out->v[URLPATTERN_SEARCH].n--;
		if (out->origin[URLPATTERN_SEARCH] >= 0)
			out->origin[URLPATTERN_SEARCH]++;
	}
	if (h[URLPATTERN_HASH] && out->v[URLPATTERN_HASH].n &&
	    out->v[URLPATTERN_HASH].s[0] == '#') {
		out->v[URLPATTERN_HASH].s++;
		out->v[URLPATTERN_HASH].n--;
		if (out->origin[URLPATTERN_HASH] >= 0)
			out->origin[URLPATTERN_HASH]++;
	}
	/* A relative path goes under the base URL's directory. */
	path = out->v[URLPATTERN_PATHNAME];
	if (h[URLPATTERN_PATHNAME] && !base->opaque_path &&
	    !is_absolute_pathname(path)) {
		if (esc_pattern(&b,
				(struct str){ base->path.s, base->path.len })) {
			oom(cs);
			goto out;
		}
		/* A base with an empty path ("foo://h") has no directory. */
		for (slash = b.len ? b.data + b.len : NULL; slash > b.data;
		     slash--)
			if (slash[-1] == '/')
				break;
		if (slash && slash > b.data) {
			size_t keep = (size_t)(slash - b.data);

			b.len = keep;
			if (buf_add(&b, path.s, path.n) ||
			    buf_to_str(cs, &b, &out->v[URLPATTERN_PATHNAME])) {
				oom(cs);
				goto out;
			}
			out->shift[URLPATTERN_PATHNAME] = keep;
		}
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

/* ---- The public functions. ---- */

const char *urlpattern_component_name(enum urlpattern_component c)
{
	if ((unsigned)c >= URLPATTERN_COMPONENTS)
		return NULL;
	return comp_names[c];
}

struct urlpattern *urlpattern_ref(struct urlpattern *p)
{
	p->refs++;
	return p;
}

void urlpattern_free(struct urlpattern *p)
{
	int c;

	if (!p || --p->refs > 0)
		return;
	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		pcre2_code_free(p->comp[c].re);
	pcre2_match_context_free(p->mctx);
	urlparse_release(&p->base);
	free(p->strings);
	free(p);
}

/* Move every string of the components out of the scratch, in one block. */
static int keep_strings(struct urlpattern *p)
{
	size_t total = 0, off = 0;
	int c;

	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		total += p->comp[c].lit_len + 1 + p->comp[c].pattern_len + 1;
	p->strings = malloc(total);
	if (!p->strings)
		return -1;
	for (c = 0; c < URLPATTERN_COMPONENTS; c++) {
		struct comp *k = &p->comp[c];

		memcpy(p->strings + off, k->lit, k->lit_len);
		p->strings[off + k->lit_len] = '\0';
		k->lit = p->strings + off;
		off += k->lit_len + 1;
		memcpy(p->strings + off, k->pattern, k->pattern_len);
		p->strings[off + k->pattern_len] = '\0';
		k->pattern = p->strings + off;
		off += k->pattern_len + 1;
	}
	return 0;
}

static int setup(struct cstate *cs, struct urlpattern *p)
{
	cs->md = pcre2_match_data_create(1, NULL);
	cs->cctx = pcre2_compile_context_create(NULL);
	p->mctx = pcre2_match_context_create(NULL);
	cs->mctx = p->mctx;
	if (!cs->md || !cs->cctx || !p->mctx)
		return oom(cs);
	pcre2_set_max_pattern_length(cs->cctx, GEN_MAX);
	pcre2_set_parens_nest_limit(cs->cctx, 4 * LIMIT_NESTING);
	pcre2_set_compile_extra_options(cs->cctx, PCRE2_EXTRA_ALT_BSUX);
	pcre2_set_match_limit(p->mctx, LIMIT_URLPATTERN_MATCH_STEPS);
	pcre2_set_depth_limit(p->mctx, LIMIT_URLPATTERN_MATCH_DEPTH);
	pcre2_set_heap_limit(p->mctx, LIMIT_URLPATTERN_MATCH_HEAP_KIB);
	return 0;
}

static bool hostname_is_ipv6(struct str s)
{
	if (s.n < 2)
		return false;
	return s.s[0] == '[' ||
	       ((s.s[0] == '{' || s.s[0] == '\\') && s.s[1] == '[');
}

struct urlpattern *urlpattern_compile(const char *pattern, size_t len,
				      const char *base_url, struct err *e)
{
	static const struct {
		enum canon cb;
		const struct options *opt;
	} plan[URLPATTERN_COMPONENTS] = {
		{ C_PROTOCOL, &opt_default }, { C_USERINFO, &opt_default },
		{ C_USERINFO, &opt_default }, { C_HOSTNAME, &opt_hostname },
		{ C_PORT, &opt_default },     { C_PATHNAME, &opt_pathname },
		{ C_SEARCH, &opt_default },   { C_HASH, &opt_default }
	};
	struct cstate cs;
	struct urlpattern *p = NULL;
	struct init init, proc;
	struct str *port;
	enum canon cb;
	const struct options *opt;
	char q[64], dport[12];
	int c, k, dp, ok = 0;

	memset(&cs, 0, sizeof(cs));
	arena_init(&cs.a, SCRATCH_MAX);
	cs.e = e;
	cs.where = "pattern";
	cs.origin = -1;
	if (!pattern && len) {
		err_set(e, ERR_USAGE, "no url pattern");
		goto out;
	}
	if (len > LIMIT_URLPATTERN_BYTES) {
		err_set(e, ERR_LIMIT, "url pattern longer than %d bytes",
			LIMIT_URLPATTERN_BYTES);
		goto out;
	}
	if (!pattern)
		pattern = "";
	if (!urlparse_utf8_valid(pattern, len)) {
		err_set(e, ERR_DATA, "invalid url pattern: not valid UTF-8");
		goto out;
	}
	if (!base_url)
		base_url = URLPATTERN_DEFAULT_BASE;
	p = calloc(1, sizeof(*p));
	if (!p) {
		oom(&cs);
		goto out;
	}
	p->refs = 1;
	urlparse_init(&p->base);
	if (setup(&cs, p))
		goto out;
	if (strlen(base_url) > LIMIT_URLPATTERN_BYTES ||
	    urlparse_parse(&p->base, base_url, strlen(base_url), NULL)) {
		quote(q, sizeof(q), (struct str){ base_url, strlen(base_url) });
		err_set(e, ERR_DATA, "invalid base url '%s'", q);
		goto out;
	}
	if (parse_constructor(&cs, pattern, len, &init) ||
	    process_init(&cs, &init, &p->base, &proc))
		goto out;
	for (c = 0; c < URLPATTERN_COMPONENTS; c++) {
		if (!proc.has[c]) {
			proc.v[c] = (struct str){ "*", 1 };
			proc.origin[c] = -1;
		}
	}
	/* A special scheme's default port is no port. */
	port = &proc.v[URLPATTERN_PORT];
	dp = urlparse_default_port(proc.v[URLPATTERN_PROTOCOL].s,
				   proc.v[URLPATTERN_PROTOCOL].n);
	if (dp >= 0) {
		snprintf(dport, sizeof(dport), "%d", dp);
		if (port->n == strlen(dport) &&
		    !memcmp(port->s, dport, port->n))
			*port = (struct str){ "", 0 };
	}
	for (c = 0; c < URLPATTERN_COMPONENTS; c++) {
		cb = plan[c].cb;
		opt = plan[c].opt;
		if (c == URLPATTERN_HOSTNAME && hostname_is_ipv6(proc.v[c]))
			cb = C_IPV6;
		if (c == URLPATTERN_PATHNAME &&
		    !matches_special(&cs, &p->comp[URLPATTERN_PROTOCOL])) {
			cb = C_OPAQUE;
			opt = &opt_default;
		}
		if (compile_comp(&cs, &p->comp[c], proc.v[c], proc.origin[c],
				 proc.shift[c], cb, opt, comp_names[c]))
			goto out;
	}
	/* Plain comparisons first: most topics fail there, cheaply. */
	k = 0;
	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		if (p->comp[c].kind != K_REGEX)
			p->order[k++] = (unsigned char)c;
	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		if (p->comp[c].kind == K_REGEX)
			p->order[k++] = (unsigned char)c;
	if (keep_strings(p)) {
		oom(&cs);
		goto out;
	}
	ok = 1;
out:
	pcre2_code_free(cs.id_start);
	pcre2_code_free(cs.id_part);
	pcre2_match_data_free(cs.md);
	pcre2_compile_context_free(cs.cctx);
	arena_release(&cs.a);
	if (!ok) {
		urlpattern_free(p);
		return NULL;
	}
	return p;
}

bool urlpattern_match(const struct urlpattern *p, const char *t, size_t len)
{
	struct urlparse_url u;
	struct str v[URLPATTERN_COMPONENTS];
	pcre2_match_data *md = NULL;
	char port[16];
	bool ok = true;
	int i;

	if (!p || (!t && len) || len > LIMIT_TOPIC_BYTES)
		return false;
	urlparse_init(&u);
	if (urlparse_parse(&u, t ? t : "", len, &p->base))
		return false;
	port[0] = '\0';
	if (u.port >= 0)
		snprintf(port, sizeof(port), "%d", u.port);
	v[URLPATTERN_PROTOCOL] = (struct str){ u.scheme.s, u.scheme.len };
	v[URLPATTERN_USERNAME] = (struct str){ u.username.s, u.username.len };
	v[URLPATTERN_PASSWORD] = (struct str){ u.password.s, u.password.len };
	v[URLPATTERN_HOSTNAME] =
		(struct str){ u.host.s, u.has_host ? u.host.len : 0 };
	v[URLPATTERN_PORT] = (struct str){ port, strlen(port) };
	v[URLPATTERN_PATHNAME] = (struct str){ u.path.s, u.path.len };
	v[URLPATTERN_SEARCH] =
		(struct str){ u.query.s, u.has_query ? u.query.len : 0 };
	v[URLPATTERN_HASH] =
		(struct str){ u.fragment.s,
			      u.has_fragment ? u.fragment.len : 0 };
	for (i = 0; i < URLPATTERN_COMPONENTS && ok; i++) {
		int c = p->order[i];

		ok = comp_test(&p->comp[c], v[c].s, v[c].n, &md, p->mctx);
	}
	pcre2_match_data_free(md);
	urlparse_release(&u);
	return ok;
}

const char *urlpattern_component(const struct urlpattern *p,
				 enum urlpattern_component c, size_t *len)
{
	if (!p || (unsigned)c >= URLPATTERN_COMPONENTS)
		return NULL;
	if (len)
		*len = p->comp[c].pattern_len;
	return p->comp[c].pattern;
}

bool urlpattern_has_regexp_groups(const struct urlpattern *p)
{
	int c;

	if (!p)
		return false;
	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		if (p->comp[c].has_regexp)
			return true;
	return false;
}

/*
 * alice: a hand-written lexer and evaluator for the value language of
 * nelmio/alice 3.x fixtures (see alice.h for the grammar).
 *
 * It follows alice's SubPatternsLexer where files in the wild depend on
 * it and is more forgiving where alice would fail to lex: a '<', '%',
 * '>' or ']' that starts no token is taken literally, and a '[' is an
 * array only when it spans the whole value or a whole argument.
 */
#include "compat.h"

#include "alice.h"
#include "bounds.h"
#include "buf.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum kind {
	N_LIT,
	N_CONCAT,
	N_CALL,
	N_CURRENT,
	N_PARAM,
	N_VAR,
	N_REF,
	N_WILDCARD,
	N_REFLIST,
	N_SELF,
	N_OPTIONAL,
	N_ARRAY,
	N_DYNARRAY
};

struct alice_node {
	enum kind kind;
	long line, column;
	struct faker_value lit;		  /* N_LIT */
	const struct faker_formatter *fn; /* N_CALL */
	struct alice_node **kids;	  /* see below */
	size_t nkids;
	const char *name; /* N_VAR; N_REF, N_WILDCARD when static */
	size_t len;
	/* N_REFLIST: the ids come from a range or a list */
	int64_t from, to, step;
	const char **items;
	size_t nitems;
};

/*
 * kids: N_CONCAT its parts; N_CALL its arguments; N_PARAM, N_REF,
 * N_WILDCARD the parts of a computed name (none when static); N_REFLIST
 * the parts of the base name; N_OPTIONAL chance, then, else (may be
 * NULL); N_ARRAY its items; N_DYNARRAY count, item.
 */

/* ------------------------------------------------------------------ */
/* Building nodes */

struct lexer {
	struct arena *a;
	const char *text;
	size_t len;
	long line, column;
	bool quoted;
	int depth;
	struct err *e;
};

static long col_at(const struct lexer *lx, const char *p)
{
	return lx->column + (lx->quoted ? 1 : 0) + (long)(p - lx->text);
}

static int fail_at(struct lexer *lx, const char *p, const char *fmt, ...)
	WS_PRINTF(3, 4);

static int fail_at(struct lexer *lx, const char *p, const char *fmt, ...)
{
	char msg[LIMIT_ERR_MESSAGE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set_at(lx->e, ERR_DATA, lx->line, col_at(lx, p), "%s", msg);
	return -1;
}

static int out_of_memory(struct lexer *lx)
{
	return err_set(lx->e, ERR_LIMIT, "fixture values are too large");
}

static struct alice_node *node(struct lexer *lx, enum kind k, const char *at)
{
	struct alice_node *n = arena_alloc(lx->a, sizeof(*n));

	if (!n) {
		out_of_memory(lx);
		return NULL;
	}
	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->line = lx->line;
	n->column = col_at(lx, at);
	return n;
}

/* A growable list of nodes, in the arena (old arrays are abandoned). */
struct list {
	struct alice_node **items;
	size_t n, cap;
};

static int list_add(struct lexer *lx, struct list *l, struct alice_node *n)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		struct alice_node **items =
			arena_alloc(lx->a, cap * sizeof(*items));

		if (!items)
			return out_of_memory(lx);
		if (l->n)
			memcpy(items, l->items, l->n * sizeof(*items));
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = n;
	return 0;
}

static struct alice_node *literal(struct lexer *lx, const char *at,
				  const char *s, size_t len)
{
	struct alice_node *n = node(lx, N_LIT, at);
	char *copy;

	if (!n)
		return NULL;
	copy = arena_strndup(lx->a, s, len);
	if (!copy) {
		out_of_memory(lx);
		return NULL;
	}
	n->lit.kind = FAKER_STRING;
	n->lit.u.s.p = copy;
	n->lit.u.s.len = len;
	return n;
}

/* Literal characters collected between tokens. */
struct pending {
	struct buf text;
	const char *start;
};

static int flush_literal(struct lexer *lx, struct pending *p, struct list *l)
{
	struct alice_node *n;

	if (!p->text.len)
		return 0;
	n = literal(lx, p->start, buf_cstr(&p->text), p->text.len);
	buf_reset(&p->text);
	p->start = NULL;
	return n ? list_add(lx, l, n) : -1;
}

static int add_char(struct lexer *lx, struct pending *p, const char *at, char c)
{
	if (!p->start)
		p->start = at;
	if (buf_addch(&p->text, c) != BUF_OK)
		return out_of_memory(lx);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Scanning helpers */

static bool is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Characters a fixture id may hold in a reference. */
static bool is_id_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '/' ||
	       c == '-' || c == ':' || (unsigned char)c >= 0x80;
}

/*
 * Find the ')' closing the '(' at open, skipping quoted strings and
 * nested parentheses. NULL when unbalanced.
 */
static const char *closing_paren(const char *open, const char *end)
{
	const char *p;
	int depth = 0;

	for (p = open; p < end; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q =
				memchr(p + 1, *p, (size_t)(end - p - 1));

			if (!q)
				return NULL;
			p = q;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p;
		}
	}
	return NULL;
}

/* The '}>' closing a "<{" parameter at p, allowing nested tokens. */
static const char *closing_param(const char *p, const char *end)
{
	int depth = 0;

	for (; p + 1 < end; p++) {
		if (p[0] == '<' && p[1] == '{')
			depth++;
		else if (p[0] == '}' && p[1] == '>' && --depth == 0)
			return p;
	}
	return NULL;
}

/* The ']' closing the '[' at open, counting nested brackets. */
static const char *closing_bracket(const char *open, const char *end)
{
	const char *p;
	int depth = 0;

	for (p = open; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']' && --depth == 0) {
			return p;
		}
	}
	return NULL;
}

static struct alice_node *parse(struct lexer *lx, const char *s,
				const char *end);
static struct alice_node *parse_scalar_arg(struct lexer *lx, const char *s,
					   const char *end);

/* ------------------------------------------------------------------ */
/* Arguments and arrays */

static bool parse_number(const char *s, size_t n, struct faker_value *v)
{
	char tmp[64], *end;
	size_t i = 0;

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (tmp[0] == '-' || tmp[0] == '+')
		i = 1;
	if (i < n && strspn(tmp + i, "0123456789") == n - i) {
		int base = 10;

		/* PHP reads a leading 0 as octal, as alice passes it on. */
		if (n - i > 1 && tmp[i] == '0' &&
		    strspn(tmp + i, "01234567") == n - i)
			base = 8;
		errno = 0;
		v->u.i = strtoll(tmp, &end, base);
		if (errno)
			return false;
		v->kind = FAKER_INT;
		return true;
	}
	if (!strpbrk(tmp, "0123456789") || strpbrk(tmp, "xXpP") ||
	    strpbrk(tmp, "nN"))
		return false; /* no hex floats, inf or nan */
	v->u.d = strtod(tmp, &end);
	if (*end || end == tmp || !isfinite(v->u.d))
		return false;
	v->kind = FAKER_FLOAT;
	return true;
}

static struct alice_node *typed_literal(struct lexer *lx, const char *s,
					size_t n)
{
	struct alice_node *lit;
	struct faker_value v;

	if ((n == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "false", 5) == 0)) {
		v.kind = FAKER_BOOL;
		v.u.b = n == 4;
	} else if (n == 4 && strncasecmp(s, "null", 4) == 0) {
		v.kind = FAKER_NULL;
	} else if (!parse_number(s, n, &v)) {
		return NULL;
	}
	lit = node(lx, N_LIT, s);
	if (lit)
		lit->lit = v;
	return lit;
}

/* One argument or array item: quoted, typed, or an expression. */
static struct alice_node *parse_scalar_arg(struct lexer *lx, const char *s,
					   const char *end)
{
	struct alice_node *n;

	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (end - s >= 2 && (*s == '\'' || *s == '"') && end[-1] == *s &&
	    !memchr(s + 1, *s, (size_t)(end - s - 2)))
		return literal(lx, s, s + 1, (size_t)(end - s - 2));
	n = typed_literal(lx, s, (size_t)(end - s));
	if (n || lx->e->cls != ERR_NONE)
		return n;
	return parse(lx, s, end);
}

/*
 * Split s..end at top-level separators (commas, and with spaces too for
 * function arguments as alice does) and parse each piece.
 */
static int split_items(struct lexer *lx, const char *s, const char *end,
		       bool spaces, struct list *out)
{
	const char *p = s, *start = NULL;
	int paren = 0, angle = 0, bracket = 0;

	for (;; p++) {
		bool at_end = p >= end;
		bool sep =
			!at_end && paren == 0 && angle == 0 && bracket == 0 &&
			(*p == ',' || (spaces && isspace((unsigned char)*p)));

		if (at_end || sep) {
			if (start) {
				struct alice_node *n =
					parse_scalar_arg(lx, start, p);

				if (!n || list_add(lx, out, n) < 0)
					return -1;
				start = NULL;
			} else if (!at_end && *p == ',' && !spaces) {
				return fail_at(lx, p, "empty item in an array");
			}
			if (at_end)
				return 0;
			continue;
		}
		if (!start && !isspace((unsigned char)*p))
			start = p;
		if (*p == '\\' && p + 1 < end) {
			p++;
		} else if (*p == '\'' || *p == '"') {
			const char *q =
				memchr(p + 1, *p, (size_t)(end - p - 1));

			if (!q)
				return fail_at(lx, p, "unclosed quote %.*s", 1,
					       p);
			p = q;
		} else if (*p == '(') {
			paren++;
		} else if (*p == ')' && paren) {
			paren--;
		} else if (*p == '<') {
			angle++;
		} else if (*p == '>' && angle) {
			angle--;
		} else if (*p == '[') {
			bracket++;
		} else if (*p == ']' && bracket) {
			bracket--;
		}
	}
}

static struct alice_node *parse_array(struct lexer *lx, const char *open,
				      const char *close)
{
	struct alice_node *n = node(lx, N_ARRAY, open);
	struct list items = { 0 };

	if (!n)
		return NULL;
	if (++lx->depth > LIMIT_NESTING) {
		fail_at(lx, open, "values nest too deeply");
		return NULL;
	}
	if (split_items(lx, open + 1, close, false, &items) < 0)
		return NULL;
	lx->depth--;
	n->kids = items.items;
	n->nkids = items.n;
	return n;
}

/* ------------------------------------------------------------------ */
/* Tokens */

/* "<name(args)>" at p (p[0] == '<'); *next receives the end. */
static struct alice_node *parse_call(struct lexer *lx, const char *p,
				     const char *end, const char **next)
{
	const char *name = p + 1, *q = name, *open, *close, *colon;
	const struct faker_formatter *fn;
	struct alice_node *n;
	struct list args = { 0 };
	size_t nlen;

	while (q < end && (is_name_char(*q) || *q == ':'))
		q++;
	open = q;
	if (open >= end || *open != '(') {
		if (open < end && *open == '>')
			fail_at(lx, p,
				"'%.*s' is not a call (write '<name()>', or '\\<' for a literal '<')",
				(int)(open - p + 1), p);
		return NULL;
	}
	/* A locale prefix ("<fr_FR:name()>") is accepted and ignored. */
	colon = memchr(name, ':', (size_t)(open - name));
	if (colon)
		name = colon + 1;
	nlen = (size_t)(open - name);
	close = closing_paren(open, end);
	if (!close || close + 1 >= end || close[1] != '>') {
		fail_at(lx, p, "unclosed call '%.*s' (want '(...)>')",
			(int)(open - p + 1), p);
		return NULL;
	}
	*next = close + 2;
	if (nlen == 7 && strncasecmp(name, "current", 7) == 0) {
		if (close != open + 1) {
			fail_at(lx, open + 1, "current() takes no arguments");
			return NULL;
		}
		return node(lx, N_CURRENT, p);
	}
	if (nlen == 8 && strncasecmp(name, "identity", 8) == 0) {
		fail_at(lx, p,
			"PHP expressions ('<identity(...)>') cannot be evaluated; use a formatter");
		return NULL;
	}
	fn = faker_lookup(name, nlen);
	if (!fn) {
		const char *hint = faker_suggest(name, nlen);
		char msg[LIMIT_ERR_MESSAGE];

		if (hint)
			snprintf(
				msg, sizeof(msg),
				"unknown formatter '%.*s' (did you mean '%s'?)",
				(int)nlen, name, hint);
		else
			snprintf(msg, sizeof(msg), "unknown formatter '%.*s'",
				 (int)nlen, name);
		err_set_at(lx->e, ERR_DATA, lx->line, col_at(lx, name), "%s",
			   msg);
		return NULL;
	}
	n = node(lx, N_CALL, p);
	if (!n)
		return NULL;
	if (++lx->depth > LIMIT_NESTING) {
		fail_at(lx, p, "values nest too deeply");
		return NULL;
	}
	if (split_items(lx, open + 1, close, true, &args) < 0)
		return NULL;
	lx->depth--;
	if (faker_check_arity(fn, args.n, lx->e) < 0) {
		lx->e->line = lx->line;
		lx->e->column = col_at(lx, name);
		return NULL;
	}
	n->fn = fn;
	n->kids = args.items;
	n->nkids = args.n;
	return n;
}

/* "<{name}>" at p; *next receives the end. */
static struct alice_node *parse_param(struct lexer *lx, const char *p,
				      const char *end, const char **next)
{
	const char *close = closing_param(p, end);
	struct alice_node *n, *name;

	if (!close) {
		fail_at(lx, p, "unclosed parameter '%.*s' (want '}>')",
			(int)(end - p > 20 ? 20 : end - p), p);
		return NULL;
	}
	*next = close + 2;
	n = node(lx, N_PARAM, p);
	if (!n)
		return NULL;
	if (++lx->depth > LIMIT_NESTING) {
		fail_at(lx, p, "values nest too deeply");
		return NULL;
	}
	name = parse(lx, p + 2, close);
	lx->depth--;
	if (!name)
		return NULL;
	if (name->kind == N_LIT && name->lit.kind == FAKER_STRING) {
		n->name = name->lit.u.s.p;
		n->len = name->lit.u.s.len;
	} else {
		n->kids = arena_alloc(lx->a, sizeof(*n->kids));
		if (!n->kids) {
			out_of_memory(lx);
			return NULL;
		}
		n->kids[0] = name;
		n->nkids = 1;
	}
	if (n->name && n->len == 0) {
		fail_at(lx, p, "empty parameter name");
		return NULL;
	}
	return n;
}

static int parse_range(struct lexer *lx, const char *open, const char *close,
		       struct alice_node *n)
{
	long long a, b, step = 1;
	int used = 0;
	char tmp[96];
	size_t len = (size_t)(close - open - 1);

	if (len >= sizeof(tmp))
		return fail_at(lx, open, "invalid range '%.*s'", 20, open);
	memcpy(tmp, open + 1, len);
	tmp[len] = '\0';
	if (sscanf(tmp, "%lld..%lld%n", &a, &b, &used) == 2) {
		if (tmp[used] == ',' &&
		    sscanf(tmp + used + 1, " %lld%n", &step, &used) == 1)
			used = (int)len;
		if ((size_t)used != len || a < 0 || b < 0 || step < 0)
			return fail_at(
				lx, open,
				"invalid range '%.*s' (want {1..10} or {1..10, 2})",
				(int)(close - open + 1), open);
		n->from = a < b ? a : b;
		n->to = a < b ? b : a;
		n->step = step ? step : 1;
		return 0;
	}
	return 1; /* not a range */
}

static int parse_id_list(struct lexer *lx, const char *open, const char *close,
			 struct alice_node *n)
{
	const char *p = open + 1;
	size_t count = 1, i = 0;

	for (; p < close; p++)
		count += *p == ',';
	n->items = arena_alloc(lx->a, count * sizeof(*n->items));
	if (!n->items)
		return out_of_memory(lx);
	p = open + 1;
	while (p <= close) {
		const char *q = p;
		const char *s, *t;

		while (q < close && *q != ',')
			q++;
		s = p;
		t = q;
		while (s < t && isspace((unsigned char)*s))
			s++;
		while (t > s && isspace((unsigned char)t[-1]))
			t--;
		if (s == t)
			return fail_at(lx, p, "empty item in a list '%.*s'",
				       (int)(close - open + 1), open);
		n->items[i] = arena_strndup(lx->a, s, (size_t)(t - s));
		if (!n->items[i++])
			return out_of_memory(lx);
		p = q + 1;
	}
	n->nitems = i;
	return 0;
}

/* "@..." at p; *next receives the end. */
static struct alice_node *parse_ref(struct lexer *lx, const char *p,
				    const char *end, const char **next)
{
	const char *q = p + 1;
	struct list parts = { 0 };
	struct pending lit = { BUF_INIT(4096), NULL };
	struct alice_node *n = NULL;
	bool computed = false;

	/* The usual reference is a plain id: point into the text. */
	while (q < end && is_id_char(*q) &&
	       !(q[0] == '-' && q + 1 < end && q[1] == '>'))
		q++;
	if (q > p + 1 && (q == end || (*q != '\\' && *q != '<'))) {
		struct alice_node *span = node(lx, N_LIT, p + 1);

		if (!span)
			goto out;
		span->lit.kind = FAKER_STRING;
		span->lit.u.s.p = p + 1;
		span->lit.u.s.len = (size_t)(q - p - 1);
		if (list_add(lx, &parts, span) < 0)
			goto out;
		goto suffix;
	}
	q = p + 1;
	while (q < end) {
		if (is_id_char(*q) &&
		    !(q[0] == '-' && q + 1 < end && q[1] == '>')) {
			if (add_char(lx, &lit, q, *q) < 0)
				goto out;
			q++;
		} else if (*q == '\\' && q + 1 < end && q[1] == '@') {
			if (add_char(lx, &lit, q, '@') < 0)
				goto out;
			q += 2;
		} else if (*q == '<' && q + 1 < end && is_name_start(q[1])) {
			struct alice_node *call;
			const char *after = q;

			if (flush_literal(lx, &lit, &parts) < 0)
				goto out;
			call = parse_call(lx, q, end, &after);
			if (!call) {
				if (lx->e->cls == ERR_NONE)
					fail_at(lx, q,
						"invalid reference suffix '%.*s'",
						10, q);
				goto out;
			}
			if (list_add(lx, &parts, call) < 0)
				goto out;
			computed = true;
			q = after;
		} else {
			break;
		}
	}
	if (flush_literal(lx, &lit, &parts) < 0)
		goto out;
suffix:
	if (q + 1 < end && q[0] == '-' && q[1] == '>') {
		fail_at(lx, p,
			"property access on references ('%.*s') is not supported",
			(int)(end - p > 30 ? 30 : end - p), p);
		goto out;
	}
	if (parts.n == 0 && (q >= end || *q != '{')) {
		/* A lone '@' is a literal; the caller handles it. */
		goto out;
	}
	if (!computed && parts.n == 1 && parts.items[0]->lit.u.s.len == 4 &&
	    memcmp(parts.items[0]->lit.u.s.p, "self", 4) == 0 &&
	    (q >= end || (*q != '*' && *q != '{'))) {
		n = node(lx, N_SELF, p);
		*next = q;
		goto out;
	}
	if (q < end && *q == '*') {
		n = node(lx, N_WILDCARD, p);
		q++;
	} else if (q < end && *q == '{') {
		const char *close = memchr(q, '}', (size_t)(end - q));
		int rc;

		if (!close) {
			fail_at(lx, q, "unclosed '{' in reference '%.*s'",
				(int)(end - p > 30 ? 30 : end - p), p);
			goto out;
		}
		n = node(lx, N_REFLIST, p);
		if (!n)
			goto out;
		rc = parse_range(lx, q, close, n);
		if (rc > 0)
			rc = parse_id_list(lx, q, close, n);
		if (rc < 0) {
			n = NULL;
			goto out;
		}
		q = close + 1;
	} else {
		n = node(lx, N_REF, p);
	}
	if (!n)
		goto out;
	if (!computed && parts.n == 1) {
		n->name = parts.items[0]->lit.u.s.p;
		n->len = parts.items[0]->lit.u.s.len;
	} else {
		n->kids = parts.items;
		n->nkids = parts.n;
	}
	*next = q;
out:
	buf_release(&lit.text);
	return n;
}

/* "Nx item" and "N%? a : b", which only make sense as a whole value. */
static struct alice_node *parse_prefix_forms(struct lexer *lx, const char *s,
					     const char *end, bool *matched)
{
	const char *p = s, *q;
	struct alice_node *count = NULL, *n;

	*matched = false;
	if (p < end && *p == '<') {
		const char *after = p;

		if (!(p + 1 < end && is_name_start(p[1])))
			return NULL;
		q = memchr(p, '>', (size_t)(end - p));
		/* Only try when "x " or "%? " follows a call. */
		if (!q)
			return NULL;
		{
			const char *close = NULL, *open = p + 1;

			while (open < end &&
			       (is_name_char(*open) || *open == ':'))
				open++;
			if (open >= end || *open != '(')
				return NULL;
			close = closing_paren(open, end);
			if (!close || close + 1 >= end || close[1] != '>')
				return NULL;
			after = close + 2;
		}
		if (!(end - after >= 2 && after[0] == 'x' && after[1] == ' ') &&
		    !(end - after >= 3 && strncmp(after, "%? ", 3) == 0))
			return NULL;
		count = parse_call(lx, p, end, &after);
		if (!count)
			return NULL;
		p = after;
	} else {
		while (p < end && (isdigit((unsigned char)*p) || *p == '.'))
			p++;
		if (p == s)
			return NULL;
		if (!(end - p >= 2 && p[0] == 'x' && p[1] == ' ') &&
		    !(end - p >= 3 && strncmp(p, "%? ", 3) == 0))
			return NULL;
		count = typed_literal(lx, s, (size_t)(p - s));
		if (!count) {
			if (lx->e->cls == ERR_NONE)
				fail_at(lx, s, "invalid number '%.*s'",
					(int)(p - s), s);
			*matched = true;
			return NULL;
		}
	}
	*matched = true;
	if (p[0] == 'x') {
		struct alice_node *item = parse(lx, p + 2, end);

		n = node(lx, N_DYNARRAY, s);
		if (!n || !item)
			return NULL;
		n->kids = arena_alloc(lx->a, 2 * sizeof(*n->kids));
		if (!n->kids) {
			out_of_memory(lx);
			return NULL;
		}
		n->kids[0] = count;
		n->kids[1] = item;
		n->nkids = 2;
		return n;
	}
	/* "N%? first [: second]": first ends at the top-level ": ". */
	{
		const char *a = p + 3, *colon = NULL, *c;
		int depth = 0;
		struct alice_node *then, *otherwise = NULL;

		for (c = a; c < end; c++) {
			if (*c == '<' || *c == '(' || *c == '[')
				depth++;
			else if ((*c == '>' || *c == ')' || *c == ']') && depth)
				depth--;
			else if (*c == '\\' && c + 1 < end)
				c++;
			else if (*c == ':' && depth == 0 &&
				 (c + 1 == end || c[1] == ' ')) {
				colon = c;
				break;
			}
		}
		then = parse_scalar_arg(lx, a, colon ? colon : end);
		if (!then)
			return NULL;
		if (colon) {
			otherwise = parse_scalar_arg(lx, colon + 1, end);
			if (!otherwise)
				return NULL;
		}
		n = node(lx, N_OPTIONAL, s);
		if (!n)
			return NULL;
		n->kids = arena_alloc(lx->a, 3 * sizeof(*n->kids));
		if (!n->kids) {
			out_of_memory(lx);
			return NULL;
		}
		n->kids[0] = count;
		n->kids[1] = then;
		n->kids[2] = otherwise;
		n->nkids = 3;
		return n;
	}
}

static bool at_word_start(const char *s, const char *p)
{
	return p == s || isspace((unsigned char)p[-1]);
}

static const char escapable[] = "\\@<>$%[]{} ";

/* A sequence of tokens from s to end. */
static struct alice_node *parse(struct lexer *lx, const char *s,
				const char *end)
{
	struct list parts = { 0 };
	struct pending lit = { BUF_INIT(1024 * 1024), NULL };
	struct alice_node *n = NULL, *tok;
	const char *p = s, *next;
	bool matched;

	if (++lx->depth > LIMIT_NESTING) {
		fail_at(lx, s, "values nest too deeply");
		return NULL;
	}
	n = parse_prefix_forms(lx, s, end, &matched);
	if (matched || n)
		goto out;
	if (end - s >= 2 && *s == '[' && closing_bracket(s, end) == end - 1) {
		n = parse_array(lx, s, end - 1);
		goto out;
	}
	while (p < end) {
		tok = NULL;
		next = p + 1;
		if (*p == '\\' && p + 1 < end && strchr(escapable, p[1])) {
			if (add_char(lx, &lit, p, p[1]) < 0)
				goto fail;
			p += 2;
			continue;
		}
		if (*p == '<' && p + 1 < end && p[1] == '{') {
			tok = parse_param(lx, p, end, &next);
		} else if (*p == '<' && p + 1 < end && p[1] == '(') {
			fail_at(lx, p,
				"PHP expressions ('<(...)>') cannot be evaluated; use a formatter such as <dateTimeBetween()>");
			goto fail;
		} else if (*p == '<' && p + 1 < end && is_name_start(p[1])) {
			tok = parse_call(lx, p, end, &next);
		} else if (*p == '@' && at_word_start(s, p)) {
			tok = parse_ref(lx, p, end, &next);
		} else if (*p == '$' && p + 1 < end && is_name_char(p[1])) {
			const char *q = p + 1;

			while (q < end && is_name_char(*q))
				q++;
			if (q - p == 8 && strncmp(p + 1, "current", 7) == 0) {
				tok = node(lx, N_CURRENT, p);
			} else {
				tok = node(lx, N_VAR, p);
				if (tok) {
					tok->name = arena_strndup(
						lx->a, p + 1,
						(size_t)(q - p - 1));
					tok->len = (size_t)(q - p - 1);
					if (!tok->name) {
						out_of_memory(lx);
						goto fail;
					}
				}
			}
			next = q;
		} else if (*p == '$' && p + 1 < end && p[1] == '$') {
			next = p + 2; /* "$$" is a literal '$' */
		}
		if (lx->e->cls != ERR_NONE)
			goto fail;
		if (!tok) {
			if (add_char(lx, &lit, p, *p) < 0)
				goto fail;
			p = next == p + 2 && *p == '$' ? p + 2 : p + 1;
			continue;
		}
		if (flush_literal(lx, &lit, &parts) < 0 ||
		    list_add(lx, &parts, tok) < 0)
			goto fail;
		p = next;
	}
	if (flush_literal(lx, &lit, &parts) < 0)
		goto fail;
	if (parts.n == 0) {
		n = literal(lx, s, "", 0);
	} else if (parts.n == 1) {
		n = parts.items[0];
	} else {
		n = node(lx, N_CONCAT, s);
		if (n) {
			n->kids = parts.items;
			n->nkids = parts.n;
		}
	}
	goto out;
fail:
	n = NULL;
out:
	buf_release(&lit.text);
	lx->depth--;
	return n;
}

struct alice_node *alice_compile(struct arena *a, const char *text, size_t len,
				 long line, long column, bool quoted,
				 struct err *e)
{
	struct err local;
	struct lexer lx = { a, text, len, line, column, quoted, 0, e };
	struct alice_node *n;

	if (!e) {
		err_init(&local);
		lx.e = e = &local;
	}
	/*
	 * Most values are plain text: nothing can start a token unless one
	 * of these characters is present, or a number opens "Nx " or
	 * "N%? ".
	 */
	if (!memchr(text, '<', len) && !memchr(text, '@', len) &&
	    !memchr(text, '$', len) && !memchr(text, '\\', len) &&
	    !memchr(text, '[', len) &&
	    !(len && isdigit((unsigned char)text[0]))) {
		struct alice_node *lit = node(&lx, N_LIT, text);

		if (lit) {
			lit->lit.kind = FAKER_STRING;
			lit->lit.u.s.p = text;
			lit->lit.u.s.len = len;
		}
		return lit;
	}
	n = parse(&lx, text, text + len);
	if (!n && e && e->cls == ERR_NONE)
		err_set_at(e, ERR_DATA, line, column, "cannot read this value");
	return n;
}

struct alice_node *alice_constant(struct arena *a, const struct faker_value *v,
				  long line, long column)
{
	struct alice_node *n = arena_alloc(a, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->kind = N_LIT;
	n->lit = *v;
	n->line = line;
	n->column = column;
	return n;
}

struct alice_node *alice_array(struct arena *a, struct alice_node **items,
			       size_t n, long line, long column)
{
	struct alice_node *node = arena_alloc(a, sizeof(*node));

	if (!node)
		return NULL;
	memset(node, 0, sizeof(*node));
	node->kind = N_ARRAY;
	node->kids = items;
	node->nkids = n;
	node->line = line;
	node->column = column;
	return node;
}

bool alice_is_random(const struct alice_node *n)
{
	size_t i;

	if (!n)
		return false;
	if (n->kind == N_CALL || n->kind == N_WILDCARD ||
	    n->kind == N_OPTIONAL || n->kind == N_DYNARRAY ||
	    n->kind == N_PARAM || n->kind == N_VAR)
		return true; /* parameters and variables may hide calls */
	for (i = 0; i < n->nkids; i++)
		if (alice_is_random(n->kids[i]))
			return true;
	return false;
}

bool alice_is_constant(const struct alice_node *n, struct faker_value *v)
{
	if (n->kind != N_LIT)
		return false;
	*v = n->lit;
	return true;
}

/* ------------------------------------------------------------------ */
/* Dependencies */

int alice_deps(const struct alice_node *n,
	       int (*fn)(void *ctx, enum alice_dep dep, const char *name,
			 size_t len, long line, long column),
	       void *ctx)
{
	size_t i;
	int rc = 0;

	if (!n)
		return 0;
	switch (n->kind) {
	case N_REF:
		if (n->name)
			rc = fn(ctx, ALICE_DEP_REF, n->name, n->len, n->line,
				n->column);
		else
			rc = fn(ctx, ALICE_DEP_DYNAMIC, NULL, 0, n->line,
				n->column);
		break;
	case N_REFLIST:
		rc = fn(ctx, ALICE_DEP_DYNAMIC, NULL, 0, n->line, n->column);
		break;
	case N_WILDCARD:
		rc = fn(ctx, ALICE_DEP_WILDCARD, n->name, n->len, n->line,
			n->column);
		break;
	case N_PARAM:
		if (n->name)
			rc = fn(ctx, ALICE_DEP_PARAM, n->name, n->len, n->line,
				n->column);
		else
			rc = fn(ctx, ALICE_DEP_DYNAMIC, NULL, 0, n->line,
				n->column);
		break;
	case N_VAR:
		rc = fn(ctx, ALICE_DEP_VAR, n->name, n->len, n->line,
			n->column);
		break;
	case N_CURRENT:
		rc = fn(ctx, ALICE_DEP_CURRENT, NULL, 0, n->line, n->column);
		break;
	case N_SELF:
		rc = fn(ctx, ALICE_DEP_SELF, NULL, 0, n->line, n->column);
		break;
	default:
		break;
	}
	for (i = 0; rc == 0 && i < n->nkids; i++)
		rc = alice_deps(n->kids[i], fn, ctx);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Evaluation */

static int eval(const struct alice_node *n, struct alice_env *env,
		struct faker_value *out, struct err *e);

/* Put n's position on an error that has none. */
static int locate(const struct alice_node *n, struct err *e)
{
	if (e && e->line == 0) {
		e->line = n->line;
		e->column = n->column;
	}
	return -1;
}

static int no_room(const struct alice_node *n, struct err *e)
{
	err_set(e, ERR_LIMIT, "fixture values are too large");
	return locate(n, e);
}

static int eval_text(const struct alice_node *n, struct alice_env *env,
		     const char **s, size_t *len, struct err *e)
{
	struct faker_value v;

	if (eval(n, env, &v, e) < 0)
		return -1;
	*s = faker_to_text(env->faker->arena, &v, len);
	if (*s)
		return 0;
	if (v.kind == FAKER_REF)
		err_set(e, ERR_DATA,
			"a reference cannot be part of a longer string");
	else if (v.kind == FAKER_ARRAY)
		err_set(e, ERR_DATA, "an array cannot be part of a string");
	else
		err_set(e, ERR_LIMIT, "fixture values are too large");
	return locate(n, e);
}

/* Join the parts of a computed name or a concatenation. */
static int eval_join(const struct alice_node *n, struct alice_env *env,
		     const char **s, size_t *len, struct err *e)
{
	const char **texts;
	size_t *lens, i, total = 0;
	char *p;

	if (n->name) {
		*s = n->name;
		*len = n->len;
		return 0;
	}
	texts = arena_alloc(env->faker->arena, n->nkids * sizeof(*texts) + 1);
	lens = arena_alloc(env->faker->arena, n->nkids * sizeof(*lens) + 1);
	if (!texts || !lens)
		return no_room(n, e);
	for (i = 0; i < n->nkids; i++) {
		if (eval_text(n->kids[i], env, &texts[i], &lens[i], e) < 0)
			return -1;
		total += lens[i];
	}
	p = arena_alloc(env->faker->arena, total + 1);
	if (!p)
		return no_room(n, e);
	*s = p;
	*len = total;
	for (i = 0; i < n->nkids; i++) {
		memcpy(p, texts[i], lens[i]);
		p += lens[i];
	}
	*p = '\0';
	return 0;
}

static int eval_call(const struct alice_node *n, struct alice_env *env,
		     struct faker_value *out, struct err *e)
{
	struct faker_value *args = NULL;
	size_t i;

	if (n->nkids) {
		args = arena_alloc(env->faker->arena, n->nkids * sizeof(*args));
		if (!args)
			return no_room(n, e);
	}
	for (i = 0; i < n->nkids; i++)
		if (eval(n->kids[i], env, &args[i], e) < 0)
			return -1;
	if (faker_call(env->faker, n->fn, args, n->nkids, out, e) < 0)
		return locate(n, e);
	return 0;
}

static int as_chance(const struct alice_node *n, const struct faker_value *v,
		     double *chance, struct err *e)
{
	if (v->kind == FAKER_INT)
		*chance = (double)v->u.i;
	else if (v->kind == FAKER_FLOAT)
		*chance = v->u.d;
	else {
		err_set(e, ERR_DATA, "the chance before '%%?' is not a number");
		return locate(n, e);
	}
	return 0;
}

static int eval_reflist(const struct alice_node *n, struct alice_env *env,
			struct faker_value *out, struct err *e)
{
	const char *base;
	size_t blen, count, i;
	struct faker_value *items;
	char *name;

	if (eval_join(n, env, &base, &blen, e) < 0)
		return -1;
	count = n->nitems ? n->nitems
			  : (size_t)((n->to - n->from) / n->step + 1);
	if (count > 100000) {
		err_set(e, ERR_LIMIT, "a list of references is too long");
		return locate(n, e);
	}
	items = arena_alloc(env->faker->arena, (count + 1) * sizeof(*items));
	name = arena_alloc(env->faker->arena, blen + 256);
	if (!items || !name)
		return no_room(n, e);
	for (i = 0; i < count; i++) {
		int len;

		if (n->nitems)
			len = snprintf(name, blen + 256, "%.*s%.200s",
				       (int)blen, base, n->items[i]);
		else
			len = snprintf(
				name, blen + 256, "%.*s%lld", (int)blen, base,
				(long long)(n->from + (int64_t)i * n->step));
		if (env->ref(env->ctx, name, (size_t)len, &items[i], e) < 0)
			return locate(n, e);
	}
	out->kind = FAKER_ARRAY;
	out->u.a.items = items;
	out->u.a.n = count;
	return 0;
}

static int eval(const struct alice_node *n, struct alice_env *env,
		struct faker_value *out, struct err *e)
{
	const char *s;
	size_t len, i;

	switch (n->kind) {
	case N_LIT:
		*out = n->lit;
		return 0;
	case N_CONCAT:
		if (eval_join(n, env, &s, &len, e) < 0)
			return -1;
		out->kind = FAKER_STRING;
		out->u.s.p = s;
		out->u.s.len = len;
		return 0;
	case N_CALL:
		return eval_call(n, env, out, e);
	case N_CURRENT:
		if (!env->current) {
			err_set(e, ERR_DATA,
				"'<current()>' is only allowed in a range or list of fixtures");
			return locate(n, e);
		}
		*out = *env->current;
		return 0;
	case N_PARAM:
		if (n->nkids && eval_text(n->kids[0], env, &s, &len, e) < 0)
			return -1;
		if (!n->nkids) {
			s = n->name;
			len = n->len;
		}
		if (env->param(env->ctx, s, len, out, e) < 0)
			return locate(n, e);
		return 0;
	case N_VAR:
		if (env->var(env->ctx, n->name, n->len, out, e) < 0)
			return locate(n, e);
		return 0;
	case N_REF:
		if (eval_join(n, env, &s, &len, e) < 0 ||
		    env->ref(env->ctx, s, len, out, e) < 0)
			return locate(n, e);
		return 0;
	case N_WILDCARD:
		if (eval_join(n, env, &s, &len, e) < 0 ||
		    env->wildcard(env->ctx, s, len, &env->faker->rng, out, e) <
			    0)
			return locate(n, e);
		return 0;
	case N_REFLIST:
		return eval_reflist(n, env, out, e);
	case N_SELF:
		if (env->self(env->ctx, out, e) < 0)
			return locate(n, e);
		return 0;
	case N_OPTIONAL: {
		struct faker_value chance;
		double pct = 0;

		if (eval(n->kids[0], env, &chance, e) < 0 ||
		    as_chance(n, &chance, &pct, e) < 0)
			return -1;
		if (faker_rng_unit(&env->faker->rng) * 100.0 < pct)
			return eval(n->kids[1], env, out, e);
		if (n->kids[2])
			return eval(n->kids[2], env, out, e);
		out->kind = FAKER_NULL;
		return 0;
	}
	case N_ARRAY:
		out->kind = FAKER_ARRAY;
		out->u.a.n = n->nkids;
		out->u.a.items = arena_alloc(env->faker->arena,
					     (n->nkids + 1) * sizeof(*out));
		if (!out->u.a.items)
			return no_room(n, e);
		for (i = 0; i < n->nkids; i++)
			if (eval(n->kids[i], env, &out->u.a.items[i], e) < 0)
				return -1;
		return 0;
	case N_DYNARRAY: {
		struct faker_value count;
		int64_t c;

		if (eval(n->kids[0], env, &count, e) < 0)
			return -1;
		if (count.kind != FAKER_INT || count.u.i < 0 ||
		    count.u.i > 100000) {
			err_set(e, ERR_DATA,
				"the count before 'x' must be a whole number from 0 to 100000");
			return locate(n, e);
		}
		c = count.u.i;
		out->kind = FAKER_ARRAY;
		out->u.a.n = (size_t)c;
		out->u.a.items = arena_alloc(env->faker->arena,
					     ((size_t)c + 1) * sizeof(*out));
		if (!out->u.a.items)
			return no_room(n, e);
		for (i = 0; i < (size_t)c; i++)
			if (eval(n->kids[1], env, &out->u.a.items[i], e) < 0)
				return -1;
		return 0;
	}
	}
	return 0;
}

int alice_eval(const struct alice_node *n, struct alice_env *env,
	       struct faker_value *out, struct err *e)
{
	return eval(n, env, out, e);
}

int alice_escape(struct buf *out, const char *text, size_t len)
{
	size_t i, digits = strspn(text, "0123456789."), space = (size_t)-1;

	/* "2x Magnum" would read as an array of two: escape the space. */
	if (digits && digits + 1 < len && text[digits] == 'x' &&
	    text[digits + 1] == ' ')
		space = digits + 1;
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (i == space && buf_addch(out, '\\') != BUF_OK)
			return -1;
		/* Only what could start a token needs a backslash. */
		if (strchr("\\<>$%[]{}@", c) && c != '\0')
			if (buf_addch(out, '\\') != BUF_OK)
				return -1;
		if (buf_addch(out, c) != BUF_OK)
			return -1;
	}
	return 0;
}

/*
 * topic: Mercure topic selectors (exact, "*", RFC 6570 URI templates).
 *
 * A template compiles to a prefix literal followed by expressions, each
 * with the literal that follows it. Matching walks the topic once per
 * expression, carrying the set of positions where the expression may
 * start (a bitset over the topic) and, inside the expression, a handful
 * of automaton states per position (a 64-bit mask): linear time, fixed
 * stack memory, no backtracking, whatever the template.
 */
#include "compat.h"

#include "topic.h"

#include "hash.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Byte classes, as bits of class_of[]. */
#define CL_U   0x01 /* unreserved and "," (the non-reserved operators) */
#define CL_UE  0x02 /* as CL_U, and "=" (named or exploded values) */
#define CL_UR  0x04 /* unreserved and reserved ({+var} {#var}) */
#define CL_HEX 0x08
#define CL_LIT 0x10 /* an ASCII byte allowed in template literals */
#define CL_VAR 0x20 /* an ASCII byte allowed in variable names */

static unsigned char class_of[256];
static pthread_once_t class_once = PTHREAD_ONCE_INIT;

static void add_class(const char *chars, unsigned char bits)
{
	for (; *chars; chars++)
		class_of[(unsigned char)*chars] |= bits;
}

static void add_range(int lo, int hi, unsigned char bits)
{
	for (; lo <= hi; lo++)
		class_of[lo] |= bits;
}

/*
 * Filled once, before the first template is parsed; matching only runs
 * on compiled templates, so it always finds the table ready.
 */
static void classes_fill(void)
{
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789";

	add_class(alnum, CL_U | CL_UE | CL_UR | CL_VAR);
	add_class("-._~", CL_U | CL_UE | CL_UR);
	add_class(",", CL_U | CL_UE);
	add_class("=", CL_UE);
	add_class(":/?#[]@!$&'()*+,;=", CL_UR);
	add_class("0123456789abcdefABCDEF", CL_HEX);
	add_class("_", CL_VAR);
	/* RFC 6570 section 2.1: literals. */
	add_range(0x21, 0x21, CL_LIT);
	add_range(0x23, 0x24, CL_LIT);
	add_range(0x26, 0x26, CL_LIT);
	add_range(0x28, 0x3b, CL_LIT);
	add_range(0x3d, 0x3d, CL_LIT);
	add_range(0x3f, 0x5b, CL_LIT);
	add_range(0x5d, 0x5d, CL_LIT);
	add_range(0x5f, 0x5f, CL_LIT);
	add_range(0x61, 0x7a, CL_LIT);
	add_range(0x7e, 0x7e, CL_LIT);
}

static void classes_init(void)
{
	pthread_once(&class_once, classes_fill);
}

/* Automaton states inside one expression, as bits of a mask. */
#define ST_START (1ULL << 63) /* before the operator's first character */
#define ST_A	 1ULL	      /* in the first value */
#define ST_B1	 2ULL	      /* in the second value (B2 = 4, ...) */

struct topic_expr {
	unsigned char first; /* operator character it starts with, or 0 */
	unsigned char sep;   /* value separator, or 0 for a single value */
	unsigned char c1;    /* class of the first value */
	unsigned char c2;    /* class of the following values */
	int max;	     /* separators allowed, -1 for any number */
	size_t lit_off;	     /* the literal that follows the expression */
	size_t lit_len;
};

struct topic_selector {
	enum topic_kind kind;
	uint64_t hash;
	size_t len;
	size_t prefix_len; /* literal before the first expression */
	size_t min_len;	   /* all literals together */
	size_t nexpr;
	struct topic_expr *expr; /* right after the struct, same block */
	char *text;		 /* after the expressions, NUL-terminated */
};

/* RFC 3987 ucschar and iprivate, the non-ASCII literals of RFC 6570. */
static int is_ucs_literal(uint32_t c)
{
	if (c >= 0xa0 && c <= 0xd7ff)
		return 1;
	if (c >= 0xe000 && c <= 0xf8ff) /* iprivate */
		return 1;
	if ((c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xffef))
		return 1;
	if (c >= 0xe0000 && c <= 0xe0fff)
		return 0;
	/* The planes 1 to 16, without their last two code points. */
	return c >= 0x10000 && c <= 0x10ffff && (c & 0xfffe) != 0xfffe;
}

/* Length of the valid UTF-8 sequence at s, or 0; *cp receives it. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

enum parse_rc {
	PARSE_OK = 0,
	PARSE_SYNTAX = -1, /* not a template: the selector is a plain string */
	PARSE_LIMIT = -2   /* a template over a limit: refused */
};

struct parser {
	const unsigned char *s;
	size_t len;
	size_t i;
	struct err *e;
	struct topic_expr *out; /* NULL when only checking */
	size_t nexpr;
	size_t prefix_len;
	size_t min_len;
};

static int syntax(struct parser *p, const char *what)
{
	err_set_at(p->e, ERR_DATA, 0, (long)p->i + 1, "%s at byte %zu", what,
		   p->i + 1);
	return PARSE_SYNTAX;
}

static int at_pct(const struct parser *p)
{
	return p->i + 2 < p->len && p->s[p->i] == '%' &&
	       (class_of[p->s[p->i + 1]] & CL_HEX) &&
	       (class_of[p->s[p->i + 2]] & CL_HEX);
}

/* varchar = ALPHA / DIGIT / "_" / pct-encoded */
static int varchar(struct parser *p)
{
	if (p->i >= p->len)
		return 0;
	if (class_of[p->s[p->i]] & CL_VAR) {
		p->i++;
		return 1;
	}
	if (at_pct(p)) {
		p->i += 3;
		return 1;
	}
	return 0;
}

/* varspec = varname [ ":" max-length / "*" ]; sets *explode. */
static int varspec(struct parser *p, int *explode)
{
	size_t digits;

	*explode = 0;
	if (!varchar(p))
		return syntax(p, "expected a variable name");
	for (;;) {
		if (varchar(p))
			continue;
		if (p->i < p->len && p->s[p->i] == '.') {
			p->i++;
			if (!varchar(p))
				return syntax(p, "expected a variable name");
			continue;
		}
		break;
	}
	if (p->i >= p->len)
		return syntax(p, "unterminated expression");
	if (p->s[p->i] == '*') {
		p->i++;
		*explode = 1;
	} else if (p->s[p->i] == ':') {
		/* max-length = %x31-39 0*3DIGIT */
		p->i++;
		if (p->i >= p->len || p->s[p->i] < '1' || p->s[p->i] > '9')
			return syntax(p,
				      "expected a prefix length of 1 to 9999");
		for (digits = 0;
		     p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9';
		     digits++)
			p->i++;
		if (digits > 4)
			return syntax(p, "prefix length over 9999");
	}
	return PARSE_OK;
}

static int expression(struct parser *p)
{
	struct topic_expr x = { 0 };
	unsigned char op = 0;
	int named = 0, reserved = 0, explode0 = 0, any_explode = 0;
	int nvars = 0, explode, rc;

	p->i++; /* "{" */
	if (p->i >= p->len)
		return syntax(p, "unterminated expression");
	switch (p->s[p->i]) {
	case '+':
	case '#':
	case '.':
	case '/':
	case ';':
	case '?':
	case '&':
		op = p->s[p->i++];
		break;
	case '=':
	case ',':
	case '!':
	case '@':
	case '|':
		return syntax(p, "reserved operator");
	default:
		break;
	}
	for (;;) {
		rc = varspec(p, &explode);
		if (rc)
			return rc;
		if (++nvars > LIMIT_TOPIC_VARS) {
			err_set_at(p->e, ERR_LIMIT, 0, (long)p->i,
				   "more than %d variables in one expression",
				   LIMIT_TOPIC_VARS);
			return PARSE_LIMIT;
		}
		if (nvars == 1)
			explode0 = explode;
		any_explode |= explode;
		if (p->i >= p->len)
			return syntax(p, "unterminated expression");
		if (p->s[p->i] == '}')
			break;
		if (p->s[p->i] != ',')
			return syntax(p, "expected ',' or '}'");
		p->i++;
	}
	p->i++; /* "}" */

	reserved = op == '+' || op == '#';
	named = op == ';' || op == '?' || op == '&';
	x.first = op == '+' ? 0 : op;
	if (nvars > 1 || explode0) {
		x.sep = op == 0 || reserved ? ',' : op == '?' ? '&' : op;
		x.max = any_explode ? -1 : nvars - 1;
	}
	x.c1 = reserved ? CL_UR : named || explode0 ? CL_UE : CL_U;
	x.c2 = reserved ? CL_UR : named || x.max < 0 ? CL_UE : CL_U;
	if (p->out)
		p->out[p->nexpr] = x;
	p->nexpr++;
	return PARSE_OK;
}

static int literal(struct parser *p)
{
	unsigned char c = p->s[p->i];
	uint32_t cp;
	size_t n;

	if (c < 0x80) {
		if (c == '%') {
			if (!at_pct(p))
				return syntax(p, "invalid percent-escape");
			p->i += 3;
			return 3;
		}
		if (!(class_of[c] & CL_LIT))
			return syntax(p, "character not allowed in a template");
		p->i++;
		return 1;
	}
	n = utf8_decode(p->s + p->i, p->len - p->i, &cp);
	if (!n)
		return syntax(p, "invalid UTF-8");
	if (!is_ucs_literal(cp))
		return syntax(p, "character not allowed in a template");
	p->i += n;
	return (int)n;
}

/*
 * Parse the whole template. With p->out set, fill the expressions and
 * the literal that follows each.
 */
static int parse(struct parser *p)
{
	size_t lit_start = 0;
	int rc;

	classes_init();
	while (p->i < p->len) {
		if (p->s[p->i] != '{') {
			rc = literal(p);
			if (rc < 0)
				return rc;
			p->min_len += (size_t)rc;
			continue;
		}
		if (p->nexpr == 0)
			p->prefix_len = p->i;
		else if (p->out) {
			p->out[p->nexpr - 1].lit_off = lit_start;
			p->out[p->nexpr - 1].lit_len = p->i - lit_start;
		}
		rc = expression(p);
		if (rc)
			return rc;
		lit_start = p->i;
	}
	if (p->nexpr == 0)
		return syntax(p, "no expression");
	if (p->out) {
		p->out[p->nexpr - 1].lit_off = lit_start;
		p->out[p->nexpr - 1].lit_len = p->i - lit_start;
	}
	return PARSE_OK;
}

int topic_template_check(const char *text, size_t len, struct err *e)
{
	struct parser p = {
		(const unsigned char *)text, len, 0, e, NULL, 0, 0, 0
	};

	if (len > LIMIT_TOPIC_BYTES)
		return err_set(e, ERR_LIMIT, "template longer than %d bytes",
			       LIMIT_TOPIC_BYTES);
	return parse(&p) ? -1 : 0;
}

/* New: a selector; templates asks for "{...}" to be read as a template. */
static struct topic_selector *selector_new(const char *text, size_t len,
					   bool templates, struct err *e)
{
	struct topic_selector *sel;
	struct parser p = {
		(const unsigned char *)text, len, 0, NULL, NULL, 0, 0, 0
	};
	struct err why;
	size_t i, nbrace = 0;
	int rc;

	if (len > LIMIT_TOPIC_BYTES) {
		err_set(e, ERR_LIMIT, "topic selector longer than %d bytes",
			LIMIT_TOPIC_BYTES);
		return NULL;
	}
	/* Each expression opens with "{": a bound for the array. */
	for (i = 0; i < len; i++)
		nbrace += text[i] == '{';
	sel = malloc(sizeof(*sel) + nbrace * sizeof(struct topic_expr) + len +
		     1);
	if (!sel) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	sel->expr = (struct topic_expr *)(sel + 1);
	sel->text = (char *)(sel->expr + nbrace);
	memcpy(sel->text, text, len);
	sel->text[len] = '\0';
	sel->len = len;
	sel->hash = hash_bytes(text, len);
	sel->kind = TOPIC_EXACT;
	sel->nexpr = sel->prefix_len = sel->min_len = 0;
	if (len == 1 && text[0] == '*') {
		sel->kind = TOPIC_ANY;
	} else if (nbrace && templates) {
		/* A syntax error only makes the selector a plain string. */
		p.out = sel->expr;
		p.e = &why;
		rc = parse(&p);
		if (rc == PARSE_LIMIT) {
			if (e)
				*e = why;
			free(sel);
			return NULL;
		}
		if (rc == PARSE_OK) {
			sel->kind = TOPIC_TEMPLATE;
			sel->nexpr = p.nexpr;
			sel->prefix_len = p.prefix_len;
			sel->min_len = p.min_len;
		}
	}
	return sel;
}

struct topic_selector *topic_selector_new(const char *text, size_t len,
					  struct err *e)
{
	return selector_new(text, len, true, e);
}

void topic_selector_free(struct topic_selector *sel)
{
	free(sel);
}

enum topic_kind topic_selector_kind(const struct topic_selector *sel)
{
	return sel->kind;
}

const char *topic_selector_text(const struct topic_selector *sel, size_t *len)
{
	if (len)
		*len = sel->len;
	return sel->text;
}

/* Positions 0..LIMIT_TOPIC_BYTES of a topic, as a bitset. */
#define POS_WORDS (LIMIT_TOPIC_BYTES / 64 + 1)

struct posset {
	uint64_t w[POS_WORDS];
	size_t lo, hi; /* the positions set lie within [lo, hi] */
	int empty;
};

static void pos_clear(struct posset *s)
{
	size_t i;

	if (!s->empty)
		for (i = s->lo / 64; i <= s->hi / 64; i++)
			s->w[i] = 0;
	s->empty = 1;
	s->lo = s->hi = 0;
}

static void pos_add(struct posset *s, size_t p)
{
	s->w[p / 64] |= 1ULL << (p % 64);
	if (s->empty || p < s->lo)
		s->lo = p;
	if (s->empty || p > s->hi)
		s->hi = p;
	s->empty = 0;
}

static int pos_has(const struct posset *s, size_t p)
{
	return !s->empty && p <= s->hi && (s->w[p / 64] >> (p % 64) & 1);
}

/*
 * Run expression x over topic t[0..n) from every start position in in.
 * Each position where the expression can end and its literal follows
 * adds the position after that literal to out. For the last expression
 * (out == NULL) only the end of the topic counts: its literal was
 * checked by the caller, so the expression must end at n - lit_len.
 */
static int run_expr(const struct topic_expr *x, const char *lit,
		    const unsigned char *t, size_t n, const struct posset *in,
		    struct posset *out)
{
	uint64_t ring[4] = { 0, 0, 0, 0 };
	uint64_t start = x->first ? ST_START : ST_A;
	uint64_t bmask, m, live, next;
	size_t p, end = out ? n : n - x->lit_len;
	unsigned char c, cls;

	/* The states B1..Bmax, or B1 alone when it loops. */
	bmask = x->max < 0 ? ST_B1 : ((1ULL << (x->max + 1)) - 1) & ~ST_A;
	for (p = in->lo; p <= end; p++) {
		m = ring[p & 3];
		ring[p & 3] = 0;
		if (pos_has(in, p))
			m |= start;
		if (!m) {
			if (p > in->hi &&
			    !(ring[0] | ring[1] | ring[2] | ring[3]))
				break;
			continue;
		}
		/* Every state accepts: the expression may end here. */
		if (!out) {
			if (p == end)
				return 1;
		} else if (x->lit_len <= n - p &&
			   !memcmp(t + p, lit, x->lit_len)) {
			pos_add(out, p + x->lit_len);
		}
		if (p == n)
			break;
		c = t[p];
		cls = class_of[c];
		next = 0;
		if ((m & ST_START) && c == x->first)
			next |= ST_A;
		live = m & ~ST_START;
		if (live) {
			if (cls & x->c1)
				next |= live & ST_A;
			if (cls & x->c2)
				next |= live & bmask;
			if (c == x->sep) {
				if (x->max < 0)
					next |= ST_B1;
				else
					next |= (live << 1) & bmask;
			}
			/* A percent-escape is one character of any value. */
			if (c == '%' && n - p > 2 &&
			    (class_of[t[p + 1]] & CL_HEX) &&
			    (class_of[t[p + 2]] & CL_HEX))
				ring[(p + 3) & 3] |= live;
		}
		ring[(p + 1) & 3] |= next;
	}
	return 0;
}

static int match_template(const struct topic_selector *sel,
			  const unsigned char *t, size_t n)
{
	const struct topic_expr *last = &sel->expr[sel->nexpr - 1];
	struct posset a, b, *in = &a, *out = &b, *swap;
	size_t i;

	if (n < sel->min_len || n > LIMIT_TOPIC_BYTES)
		return 0;
	/* Cheap rejections first: most topics fail on the prefix. */
	if (memcmp(t, sel->text, sel->prefix_len))
		return 0;
	if (memcmp(t + n - last->lit_len, sel->text + last->lit_off,
		   last->lit_len))
		return 0;
	/* Only the words of positions 0..n are ever touched. */
	for (i = 0; i <= n / 64; i++)
		a.w[i] = b.w[i] = 0;
	a.empty = b.empty = 1;
	a.lo = a.hi = b.lo = b.hi = 0;
	pos_add(&a, sel->prefix_len);
	for (i = 0; i + 1 < sel->nexpr; i++) {
		const struct topic_expr *x = &sel->expr[i];

		run_expr(x, sel->text + x->lit_off, t, n, in, out);
		if (out->empty)
			return 0;
		swap = in, in = out, out = swap;
		pos_clear(out);
	}
	return run_expr(last, NULL, t, n, in, NULL);
}

bool topic_selector_match(const struct topic_selector *sel, const char *t,
			  size_t len)
{
	if (sel->kind == TOPIC_ANY)
		return true;
	if (len == sel->len && !memcmp(t, sel->text, len))
		return true;
	return sel->kind == TOPIC_TEMPLATE &&
	       match_template(sel, (const unsigned char *)t, len);
}

/* Unicode format characters (general category Cf, Unicode 15.1). */
static const struct {
	uint32_t lo, hi;
} format_chars[] = {
	{ 0x00AD, 0x00AD },   { 0x0600, 0x0605 },   { 0x061C, 0x061C },
	{ 0x06DD, 0x06DD },   { 0x070F, 0x070F },   { 0x0890, 0x0891 },
	{ 0x08E2, 0x08E2 },   { 0x180E, 0x180E },   { 0x200B, 0x200F },
	{ 0x202A, 0x202E },   { 0x2060, 0x2064 },   { 0x2066, 0x206F },
	{ 0xFEFF, 0xFEFF },   { 0xFFF9, 0xFFFB },   { 0x110BD, 0x110BD },
	{ 0x110CD, 0x110CD }, { 0x13430, 0x1343F }, { 0x1BCA0, 0x1BCA3 },
	{ 0x1D173, 0x1D17A }, { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F },
};

static bool is_format_char(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof(format_chars) / sizeof(*format_chars); i++)
		if (cp >= format_chars[i].lo && cp <= format_chars[i].hi)
			return true;
	return false;
}

bool topic_text_valid(const char *s, size_t len, bool strict)
{
	size_t i = 0, n, k;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x80) {
			cp = c;
			n = 1;
		} else if (c >= 0xC2 && c <= 0xDF) {
			cp = c & 0x1F;
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			cp = c & 0x0F;
			n = 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			cp = c & 0x07;
			n = 4;
		} else {
			return false;
		}
		if (len - i < n)
			return false;
		for (k = 1; k < n; k++) {
			unsigned char d = (unsigned char)s[i + k];

			if ((d & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (d & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		if (strict && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
			       is_format_char(cp)))
			return false;
		i += n;
	}
	return true;
}

void topic_ref_init(struct topic_ref *ref, const char *s, size_t len)
{
	ref->s = s;
	ref->len = len;
	ref->hash = hash_bytes(s, len);
}

struct topic_set {
	struct topic_selector **sel; /* every distinct selector */
	struct topic_selector **tpl; /* the templates among them */
	size_t n, ntpl, cap;
	uint32_t *slots; /* open addressing: index + 1 into sel, 0 = free */
	size_t mask;	 /* slots - 1, a power of two minus one */
	bool any;
};

struct topic_set *topic_set_new(void)
{
	return calloc(1, sizeof(struct topic_set));
}

void topic_set_free(struct topic_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		topic_selector_free(set->sel[i]);
	free(set->sel);
	free(set->tpl);
	free(set->slots);
	free(set);
}

size_t topic_set_count(const struct topic_set *set)
{
	return set->n;
}

bool topic_set_has_any(const struct topic_set *set)
{
	return set->any;
}

static const struct topic_selector *
set_find(const struct topic_set *set, const char *s, size_t len, uint64_t hash)
{
	const struct topic_selector *sel;
	size_t i;

	if (!set->slots)
		return NULL;
	for (i = hash & set->mask; set->slots[i]; i = (i + 1) & set->mask) {
		sel = set->sel[set->slots[i] - 1];
		if (sel->hash == hash && sel->len == len &&
		    !memcmp(sel->text, s, len))
			return sel;
	}
	return NULL;
}

static void set_slot(uint32_t *slots, size_t mask, uint64_t hash, uint32_t val)
{
	size_t i;

	for (i = hash & mask; slots[i]; i = (i + 1) & mask)
		;
	slots[i] = val;
}

/* Make room for one more selector: arrays and a table at most half full. */
static int set_grow(struct topic_set *set)
{
	struct topic_selector **sel, **tpl;
	uint32_t *slots;
	size_t cap, nslots, i;

	if (set->n < set->cap)
		return 0;
	cap = set->cap ? set->cap * 2 : 4;
	nslots = cap * 2;
	sel = malloc(cap * sizeof(*sel));
	tpl = malloc(cap * sizeof(*tpl));
	slots = calloc(nslots, sizeof(*slots));
	if (!sel || !tpl || !slots) {
		free(sel);
		free(tpl);
		free(slots);
		return -1;
	}
	if (set->n) {
		memcpy(sel, set->sel, set->n * sizeof(*sel));
		memcpy(tpl, set->tpl, set->ntpl * sizeof(*tpl));
	}
	for (i = 0; i < set->n; i++)
		set_slot(slots, nslots - 1, sel[i]->hash, (uint32_t)i + 1);
	free(set->sel);
	free(set->tpl);
	free(set->slots);
	set->sel = sel;
	set->tpl = tpl;
	set->slots = slots;
	set->mask = nslots - 1;
	set->cap = cap;
	return 0;
}

static int set_add(struct topic_set *set, const char *text, size_t len,
		   bool templates, struct err *e)
{
	struct topic_selector *sel;

	if (set_find(set, text, len, hash_bytes(text, len)))
		return 0;
	if (set->n >= LIMIT_TOPIC_COUNT)
		return err_set(e, ERR_LIMIT, "more than %d topic selectors",
			       LIMIT_TOPIC_COUNT);
	sel = selector_new(text, len, templates, e);
	if (!sel)
		return -1;
	if (set_grow(set)) {
		topic_selector_free(sel);
		return err_set(e, ERR_RUNTIME, "out of memory");
	}
	set->sel[set->n++] = sel;
	set_slot(set->slots, set->mask, sel->hash, (uint32_t)set->n);
	if (sel->kind == TOPIC_TEMPLATE)
		set->tpl[set->ntpl++] = sel;
	if (sel->kind == TOPIC_ANY)
		set->any = true;
	return 0;
}

int topic_set_add(struct topic_set *set, const char *text, size_t len,
		  struct err *e)
{
	return set_add(set, text, len, true, e);
}

int topic_set_add_exact(struct topic_set *set, const char *text, size_t len,
			struct err *e)
{
	return set_add(set, text, len, false, e);
}

bool topic_set_match(const struct topic_set *set,
		     const struct topic_ref *topics, size_t n)
{
	size_t i, j;

	if (!n)
		return false;
	if (set->any)
		return true;
	for (i = 0; i < n; i++)
		if (set_find(set, topics[i].s, topics[i].len, topics[i].hash))
			return true;
	for (j = 0; j < set->ntpl; j++)
		for (i = 0; i < n; i++)
			if (match_template(set->tpl[j],
					   (const unsigned char *)topics[i].s,
					   topics[i].len))
				return true;
	return false;
}

bool topic_set_match_one(const struct topic_set *set, const char *t, size_t len)
{
	struct topic_ref ref;

	topic_ref_init(&ref, t, len);
	return topic_set_match(set, &ref, 1);
}

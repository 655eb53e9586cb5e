/*
 * fixtures_compile: a definition's YAML body into alice expressions bound
 * to columns, and whether they can be evaluated yet.
 *
 * Class names become tables and property names columns (with a "did you
 * mean" for a near miss); templates named by "extends" are gathered
 * first, then the fixture's own keys, then "<<" merge keys, which never
 * override. Each value becomes an alice expression, or a constant for a
 * plain YAML scalar. Readiness then asks whether everything those
 * expressions refer to is known: when it is not, the loader spools the
 * definition for pass 2.
 *
 * This is the loader's bridge between the document and the schema; it
 * reads no file and writes no row.
 */
#include "compat.h"

#include "alice.h"
#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "db.h"
#include "faker.h"
#include "fixtures_int.h"
#include "suggest.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Classes and properties */

int fixtures_compile_table(const char *name, size_t len)
{
	int t;

	if (len && name[0] == '\\') {
		name++;
		len--;
	}
	for (t = 0; t < DB_NTABLES; t++) {
		const char *ent = db_table(t)->entity;

		if (strlen(ent) == len && strncasecmp(ent, name, len) == 0)
			return t;
	}
	return -1;
}

static const char *closest(const char *name, size_t len,
			   const char *const *cands, size_t n)
{
	size_t i, best = (size_t)-1;
	const char *pick = NULL;

	for (i = 0; i < n; i++) {
		size_t dist =
			suggest_distance(name, len, cands[i], strlen(cands[i]));

		if (dist < best) {
			best = dist;
			pick = cands[i];
		}
	}
	return suggest_close(len, best) ? pick : NULL;
}

int fixtures_compile_unknown_class(struct fixtures *f, uint16_t file,
				   const struct vnode *k, struct err *e)
{
	const char *cands[DB_NTABLES];
	const char *hint;
	int t;

	for (t = 0; t < DB_NTABLES; t++)
		cands[t] = db_table(t)->entity;
	hint = closest(k->text, k->len, cands, DB_NTABLES);
	if (hint)
		return fixtures_fail(f, file, e, k->line, k->column,
				     "unknown class '%s' (did you mean '%s'?)",
				     k->text, hint);
	return fixtures_fail(
		f, file, e, k->line, k->column,
		"unknown class '%s' (expected App\\Entity\\MediaObject, App\\Entity\\Wine or App\\Entity\\Comment)",
		k->text);
}

/* Resolve a property name to a column; -1 with an error if unknown. */
static int find_column(struct fixtures *f, uint16_t file, int table,
		       const char *name, size_t len, long line, long column,
		       struct err *e)
{
	const struct db_table *t = db_table(table);
	const char *cands[16] = { NULL };
	const char *hint;
	size_t k, n = 0;

	if (len == 2 && strncasecmp(name, "id", 2) == 0)
		return COL_ID;
	for (k = 0; k < t->ncolumns; k++)
		if (strlen(t->columns[k].property) == len &&
		    strncasecmp(t->columns[k].property, name, len) == 0)
			return (int)k;
	for (k = 0; t->unmapped[k].property; k++) {
		if (strlen(t->unmapped[k].property) != len ||
		    strncasecmp(t->unmapped[k].property, name, len) != 0)
			continue;
		if (!t->unmapped[k].hint)
			return COL_IGNORED;
		fixtures_fail(f, file, e, line, column,
			      "property '%.*s' of %s cannot be set: %s",
			      (int)len, name, t->entity, t->unmapped[k].hint);
		return -3;
	}
	if (len > 2 && name[0] == '_' && name[1] == '_') {
		fixtures_fail(
			f, file, e, line, column,
			"'%.*s' is not supported (fixtures can only set properties)",
			(int)len, name);
		return -3;
	}
	for (k = 0; k < t->ncolumns && n < 15; k++)
		cands[n++] = t->columns[k].property;
	hint = closest(name, len, cands, n);
	if (hint) {
		fixtures_fail(
			f, file, e, line, column,
			"unknown field '%.*s' for %s (did you mean '%s'?)",
			(int)len, name, t->entity, hint);
	} else {
		struct buf known = BUF_INIT(512);

		for (k = 0; k < n; k++)
			if (buf_printf(&known, "%s%s", k ? ", " : "", cands[k]))
				break;
		fixtures_fail(f, file, e, line, column,
			      "unknown field '%.*s' for %s (expected %s)",
			      (int)len, name, t->entity, buf_cstr(&known));
		buf_release(&known);
	}
	return -3;
}

/* ------------------------------------------------------------------ */
/* Compiling a definition's properties */

static const char *const rejected_tags[] = { "!php/const", "!php/object",
					     "!php/enum" };

bool fixtures_compile_constant(const struct vnode *v, struct faker_value *fv)
{
	const char *s = v->text;
	char *end;
	size_t sign = s[0] == '-' || s[0] == '+';

	fv->kind = FAKER_NULL;
	if (!v->plain || v->tag)
		return false;
	if (fixtures_is_null(v))
		return true;
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) {
		fv->kind = FAKER_BOOL;
		fv->u.b = tolower((unsigned char)s[0]) == 't';
		return true;
	}
	if (strcmp(s, ".inf") == 0 || strcmp(s, "-.inf") == 0 ||
	    strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0) {
		fv->kind = FAKER_FLOAT;
		fv->u.d = s[1] == 'n' || s[1] == 'N' ? NAN
			  : s[0] == '-'		     ? -INFINITY
						     : INFINITY;
		return true;
	}
	if (v->len > sign && strspn(s + sign, "0123456789") == v->len - sign) {
		/* Symfony still reads a leading 0 as octal. */
		int base = v->len > 1 && s[0] == '0' &&
					   strspn(s, "01234567") == v->len
				   ? 8
				   : 10;

		errno = 0;
		fv->u.i = strtoll(s, &end, base);
		if (!errno && !*end) {
			fv->kind = FAKER_INT;
			return true;
		}
	}
	if (v->len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o') &&
	    strspn(s + 2, s[1] == 'x' ? "0123456789abcdefABCDEF"
				      : "01234567") == v->len - 2) {
		errno = 0;
		fv->u.i = strtoll(s + 2, &end, s[1] == 'x' ? 16 : 8);
		if (!errno) {
			fv->kind = FAKER_INT;
			return true;
		}
	}
	if (v->len && strpbrk(s, "0123456789") &&
	    strspn(s, "0123456789.eE+-") == v->len) {
		fv->u.d = strtod(s, &end);
		if (!*end && end != s) {
			fv->kind = FAKER_FLOAT;
			return true;
		}
	}
	return false;
}

static int scalar_value(struct fixtures *f, uint16_t file,
			const struct vnode *v, struct arena *a,
			struct alice_node **out, struct err *e)
{
	struct faker_value fv;
	size_t i;

	if (v->tag) {
		for (i = 0; i < WS_ARRAY_LEN(rejected_tags); i++)
			if (strncmp(v->tag, rejected_tags[i],
				    strlen(rejected_tags[i])) == 0)
				return fixtures_fail(
					f, file, e, v->line, v->column,
					"YAML tag '%s' is not supported",
					v->tag);
		if (strcmp(v->tag, "tag:yaml.org,2002:str") != 0)
			return fixtures_fail(
				f, file, e, v->line, v->column,
				"YAML tag '%s' is not supported (only !!str)",
				v->tag);
		fv.kind = FAKER_STRING;
		fv.u.s.p = v->text;
		fv.u.s.len = v->len;
	} else if (!fixtures_compile_constant(v, &fv)) {
		*out = alice_compile(a, v->text, v->len, v->line, v->column,
				     !v->plain, e);
		if (!*out) {
			f->error_file = fixtures_file_name(f, file);
			return -1;
		}
		return 0;
	}
	*out = alice_constant(a, &fv, v->line, v->column);
	return *out ? 0 : fixtures_no_memory(e);
}

static int value_expr(struct fixtures *f, uint16_t file, const struct vnode *v,
		      struct arena *a, struct alice_node **out, struct err *e)
{
	struct alice_node **items;
	size_t i;

	if (v->kind == V_SCALAR)
		return scalar_value(f, file, v, a, out, e);
	if (v->kind == V_MAP)
		return fixtures_fail(f, file, e, v->line, v->column,
				     "expected a value, not a mapping");
	items = arena_alloc(a, (v->n + 1) * sizeof(*items));
	if (!items)
		return fixtures_no_memory(e);
	for (i = 0; i < v->n; i++)
		if (value_expr(f, file, v->kids[i], a, &items[i], e) < 0)
			return -1;
	*out = alice_array(a, items, v->n, v->line, v->column);
	return *out ? 0 : fixtures_no_memory(e);
}

/* Add or replace the property called name in c. */
static int put_prop(struct fixtures *f, uint16_t file, int table,
		    struct compiled *c, size_t cap, const struct vnode *key,
		    const struct vnode *value, bool merged, struct arena *a,
		    struct err *e)
{
	const char *name = key->text, *flags;
	size_t len = key->len, i;
	bool unique = false;
	struct cprop *p = NULL;
	int column;

	if (key->kind != V_SCALAR)
		return fixtures_fail(f, file, e, key->line, key->column,
				     "expected a property name");
	flags = memchr(name, '(', len);
	if (flags && name[len - 1] == ')') {
		size_t n = (size_t)(name + len - flags - 2);

		if (!(n == 6 && strncmp(flags + 1, "unique", 6) == 0))
			return fixtures_fail(
				f, file, e, key->line, key->column,
				"unknown property flag '%.*s' (expected 'unique')",
				(int)n, flags + 1);
		unique = true;
		len = (size_t)(flags - name);
		while (len && name[len - 1] == ' ')
			len--;
	}
	column = find_column(f, file, table, name, len, key->line, key->column,
			     e);
	if (column == -3)
		return -1;
	for (i = 0; i < c->n; i++)
		if (c->props[i].len == len &&
		    strncasecmp(c->props[i].name, name, len) == 0)
			p = &c->props[i];
	if (p && merged)
		return 0; /* merge keys never override */
	if (!p) {
		if (c->n == cap)
			return fixtures_fail(f, file, e, key->line, key->column,
					     "too many properties");
		p = &c->props[c->n++];
	}
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->len = len;
	p->column = column;
	p->unique = unique;
	p->line = value->line;
	p->column_pos = value->column;
	if (column == COL_ID)
		return 0; /* resolved when the id is registered */
	if (value_expr(f, file, value, a, &p->expr, e) < 0)
		return -1;
	p->random = alice_is_random(p->expr);
	return 0;
}

static int add_body(struct fixtures *f, uint16_t file, int table,
		    struct compiled *c, size_t cap, const struct vnode *body,
		    bool merged, struct arena *a, struct err *e)
{
	size_t i, k;

	if (!body)
		return 0;
	if (body->kind != V_MAP)
		return fixtures_fail(
			f, file, e, body->line, body->column,
			"expected the properties of a fixture (a mapping)");
	/* Own keys first, then "<<" merges, which never override. */
	for (i = 0; i + 1 < body->n; i += 2) {
		const struct vnode *key = body->kids[i];

		if (key->kind == V_SCALAR && key->plain && key->len == 2 &&
		    strcmp(key->text, "<<") == 0)
			continue;
		if (put_prop(f, file, table, c, cap, key, body->kids[i + 1],
			     merged, a, e) < 0)
			return -1;
	}
	for (i = 0; i + 1 < body->n; i += 2) {
		const struct vnode *key = body->kids[i],
				   *val = body->kids[i + 1];

		if (!(key->kind == V_SCALAR && key->plain && key->len == 2 &&
		      strcmp(key->text, "<<") == 0))
			continue;
		if (val->kind == V_MAP) {
			if (add_body(f, file, table, c, cap, val, true, a, e) <
			    0)
				return -1;
			continue;
		}
		for (k = 0; val->kind == V_SEQ && k < val->n; k++)
			if (add_body(f, file, table, c, cap, val->kids[k], true,
				     a, e) < 0)
				return -1;
		if (val->kind == V_SCALAR)
			return fixtures_fail(
				f, file, e, val->line, val->column,
				"a merge key '<<' needs a mapping");
	}
	return 0;
}

static size_t count_keys(const struct fixtures *f, const struct def *d,
			 int depth)
{
	size_t n = d->body ? d->body->n : 0, i, k;

	if (depth > LIMIT_NESTING)
		return n;
	for (i = 0; d->body && i < d->body->n; i++)
		for (k = 0;
		     d->body->kids[i]->kind == V_MAP && k < d->body->kids[i]->n;
		     k++)
			n++;
	for (i = 0; i < d->nextends; i++) {
		const struct def *t = fixtures_find_template(
			f, d->extends[i], strlen(d->extends[i]));

		if (t)
			n += count_keys(f, t, depth + 1);
	}
	return n + 2;
}

/* Templates first (in extends order), then the fixture's own keys. */
static int gather(struct fixtures *f, const struct def *d, int table,
		  struct compiled *c, size_t cap, int depth, struct arena *a,
		  struct err *e)
{
	size_t i;

	if (depth > LIMIT_NESTING)
		return fixtures_fail(f, d->file, e, d->line, d->column,
				     "templates extend each other in a loop");
	for (i = 0; i < d->nextends; i++) {
		const struct def *t = fixtures_find_template(
			f, d->extends[i], strlen(d->extends[i]));

		if (!t)
			return fixtures_fail(
				f, d->file, e, d->line, d->column,
				"'%s' extends '%s', which is not a template",
				d->name, d->extends[i]);
		if (t->table != table)
			return fixtures_fail(
				f, d->file, e, d->line, d->column,
				"'%s' extends '%s', a template of %s", d->name,
				t->name, db_table(t->table)->entity);
		if (gather(f, t, table, c, cap, depth + 1, a, e) < 0)
			return -1;
	}
	return add_body(f, d->file, table, c, cap, d->body, false, a, e);
}

int fixtures_compile_def(struct fixtures *f, const struct def *d,
			 struct compiled *c, struct err *e)
{
	size_t cap = count_keys(f, d, 0);

	c->n = 0;
	c->props = arena_alloc(&f->defa, cap * sizeof(*c->props));
	if (!c->props)
		return fixtures_no_memory(e);
	return gather(f, d, d->table, c, cap, 0, &f->defa, e);
}

/* ------------------------------------------------------------------ */
/* Readiness: can this definition be generated now? */

struct ready_ctx {
	struct fixtures *f;
	const struct def *d;
	struct err *e;
	int verdict; /* 1 ready, 0 wait, -1 error */
};

static int ready_dep(void *ctx, enum alice_dep dep, const char *name,
		     size_t len, long line, long column)
{
	struct ready_ctx *r = ctx;
	uint64_t k;

	switch (dep) {
	case ALICE_DEP_CURRENT:
		if (r->d->kind != ID_SINGLE)
			return 0;
		r->verdict = fixtures_fail(
			r->f, r->d->file, r->e, line, column,
			"'<current()>' is only allowed in a range or list of fixtures");
		return 1;
	case ALICE_DEP_REF:
		if (fixtures_ids_find(&r->f->ids, name, len) ||
		    fixtures_ids_in_groups(&r->f->ids, name, len, &k))
			return 0;
		r->verdict = 0;
		return r->f->pass2 ? 0 : 1;
	case ALICE_DEP_PARAM:
		if (fixtures_find_param(r->f, name, len))
			return 0;
		r->verdict = 0;
		return r->f->pass2 ? 0 : 1;
	case ALICE_DEP_WILDCARD:
	case ALICE_DEP_DYNAMIC:
		r->verdict = 0;
		return r->f->pass2 ? 0 : 1;
	case ALICE_DEP_VAR:
	case ALICE_DEP_SELF:
		break;
	}
	return 0;
}

int fixtures_compile_ready(struct fixtures *f, const struct def *d,
			   const struct compiled *c, struct err *e)
{
	struct ready_ctx r = { f, d, e, 1 };
	size_t i;

	for (i = 0; i < c->n && r.verdict == 1; i++)
		if (c->props[i].expr &&
		    alice_deps(c->props[i].expr, ready_dep, &r) &&
		    r.verdict < 0)
			return -1;
	return r.verdict;
}

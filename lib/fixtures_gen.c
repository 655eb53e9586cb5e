/*
 * fixtures_gen: compiled definitions into rows for the sink.
 *
 * For each id of a definition every property is evaluated from its own
 * stream (keyed by the seed, the fixture id and the property name), with
 * an environment that resolves references, wildcards, parameters and
 * '$' variables; unique values are retried, and each value is converted
 * to its column's type before the row goes to the sink. Everything a row
 * allocates lives in the row arena, reset after each row.
 *
 * It is the loader's inner loop, apart so that the cost of a row can be
 * read in one place.
 */
#include "compat.h"

#include "alice.h"
#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "db.h"
#include "faker.h"
#include "fixtures_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Rows between two progress reports. */
#define PROGRESS_EVERY 16384

/* ------------------------------------------------------------------ */
/* Generating rows */

struct row {
	struct fixtures *f;
	const struct def *d;
	struct compiled *c;
	const char *name;
	size_t nlen;
	int64_t id;
	struct faker_value current;
	bool has_current;
	struct err *e;
};

static int64_t entry_rowid(const struct fixtures *f, const struct entry *en)
{
	if (en->flags & E_EXPLICIT)
		return en->rank;
	return f->last_id[en->table] + en->rank;
}

static int set_ref(struct faker_value *out, int table, int64_t id,
		   const char *name)
{
	out->kind = FAKER_REF;
	out->u.ref.table = table;
	out->u.ref.id = id;
	out->u.ref.name = name;
	return 0;
}

static int env_ref(void *ctx, const char *name, size_t len,
		   struct faker_value *out, struct err *e)
{
	struct row *r = ctx;
	struct fixtures *f = r->f;
	const struct entry *en = fixtures_ids_find(&f->ids, name, len);
	const struct group *g;
	uint64_t k;
	char *copy;

	copy = arena_strndup(&f->rowa, name, len);
	if (!copy)
		return fixtures_no_memory(e);
	if (en)
		return set_ref(out, en->table, entry_rowid(f, en), copy);
	g = fixtures_ids_in_groups(&f->ids, name, len, &k);
	if (g)
		return set_ref(out, g->table,
			       f->last_id[g->table] + g->rank + (int64_t)k,
			       copy);
	if (fixtures_find_template(f, name, len))
		return err_set(
			e, ERR_DATA,
			"'@%.*s' refers to a template, which is never stored",
			(int)len, name);
	return err_set(e, ERR_DATA, "reference to a missing fixture '@%.*s'",
		       (int)len, name);
}

static int env_wildcard(void *ctx, const char *prefix, size_t len,
			struct faker_rng *rng, struct faker_value *out,
			struct err *e)
{
	struct row *r = ctx;
	struct fixtures *f = r->f;
	const struct entry *en;
	const struct group *g;
	uint64_t k;
	char name[LIMIT_FIXTURE_ID_CHARS + 64];
	struct faker_value cur;
	int found =
		fixtures_ids_draw(&f->ids, prefix, len, rng, &en, &g, &k, e);

	if (found < 0)
		return -1;
	if (found == 0)
		return err_set(e, ERR_DATA, "'@%.*s*' matches no fixture",
			       (int)len, prefix);
	if (en) {
		size_t nlen;
		const char *nm = fixtures_ids_name(&f->ids, en, &nlen);
		char *copy = arena_strndup(&f->rowa, nm, nlen);

		if (!copy)
			return fixtures_no_memory(e);
		return set_ref(out, en->table, entry_rowid(f, en), copy);
	} else {
		struct def d;
		size_t n;
		char *copy;

		memset(&d, 0, sizeof(d));
		d.kind = g->list ? ID_LIST : ID_RANGE;
		d.name = g->base;
		d.len = g->blen;
		d.suffix = g->suffix;
		d.slen = g->slen;
		d.from = g->from;
		d.to = g->to;
		d.step = g->step;
		d.items = g->items;
		d.nitems = g->nitems;
		n = fixtures_ids_element(&d, k, name, sizeof(name), &cur);
		copy = arena_strndup(&f->rowa, name, n);
		if (!copy)
			return fixtures_no_memory(e);
		return set_ref(out, g->table,
			       f->last_id[g->table] + g->rank + (int64_t)k,
			       copy);
	}
}

static int env_self(void *ctx, struct faker_value *out, struct err *e)
{
	struct row *r = ctx;

	(void)e;
	return set_ref(out, r->d->table, r->id, r->name);
}

/* A parameter: typed scalars keep their type; <{x}> is substituted. */
static int param_value(struct fixtures *f, const struct vnode *v,
		       struct faker_value *out, int depth, struct err *e);

static int expand_params(struct fixtures *f, const char *s, size_t n,
			 struct buf *out, int depth, struct err *e)
{
	size_t i = 0;

	while (i < n) {
		const char *open = i + 1 < n ? strstr(s + i, "<{") : NULL;
		const char *close;
		const struct param *p;
		struct faker_value v;
		const char *text;
		size_t len;

		if (!open || open >= s + n) {
			return buf_add(out, s + i, n - i) == BUF_OK
				       ? 0
				       : fixtures_no_memory(e);
		}
		close = strstr(open, "}>");
		if (!close || close >= s + n)
			return buf_add(out, s + i, n - i) == BUF_OK
				       ? 0
				       : fixtures_no_memory(e);
		if (buf_add(out, s + i, (size_t)(open - s - (ptrdiff_t)i)) !=
		    BUF_OK)
			return fixtures_no_memory(e);
		p = fixtures_find_param(f, open + 2,
					(size_t)(close - open - 2));
		if (!p)
			return err_set(e, ERR_DATA, "unknown parameter '%.*s'",
				       (int)(close - open - 2), open + 2);
		if (param_value(f, p->value, &v, depth + 1, e) < 0)
			return -1;
		text = faker_to_text(&f->rowa, &v, &len);
		if (!text || buf_add(out, text, len) != BUF_OK)
			return err_set(e, ERR_DATA,
				       "parameter '%s' is not text", p->name);
		i = (size_t)(close + 2 - s);
	}
	return 0;
}

static int param_value(struct fixtures *f, const struct vnode *v,
		       struct faker_value *out, int depth, struct err *e)
{
	size_t i;

	if (depth > LIMIT_NESTING)
		return err_set(e, ERR_DATA,
			       "parameters refer to each other in a loop");
	if (v->kind == V_SEQ) {
		out->kind = FAKER_ARRAY;
		out->u.a.n = v->n;
		out->u.a.items =
			arena_alloc(&f->rowa, (v->n + 1) * sizeof(*out));
		if (!out->u.a.items)
			return fixtures_no_memory(e);
		for (i = 0; i < v->n; i++)
			if (param_value(f, v->kids[i], &out->u.a.items[i],
					depth + 1, e) < 0)
				return -1;
		return 0;
	}
	if (v->kind == V_MAP)
		return err_set(e, ERR_DATA,
			       "a mapping parameter cannot be used as a value");
	if (fixtures_compile_constant(v, out))
		return 0;
	{
		struct buf text = BUF_INIT(LIMIT_FIXTURE_ROW_BYTES);
		char *s;

		if (expand_params(f, v->text, v->len, &text, depth, e) < 0) {
			buf_release(&text);
			return -1;
		}
		s = arena_strndup(&f->rowa, buf_cstr(&text), text.len);
		out->kind = FAKER_STRING;
		out->u.s.p = s;
		out->u.s.len = text.len;
		buf_release(&text);
		return s ? 0 : fixtures_no_memory(e);
	}
}

static int env_param(void *ctx, const char *name, size_t len,
		     struct faker_value *out, struct err *e)
{
	struct row *r = ctx;
	const struct param *p = fixtures_find_param(r->f, name, len);

	if (!p)
		return err_set(e, ERR_DATA, "unknown parameter '%.*s'",
			       (int)len, name);
	return param_value(r->f, p->value, out, 0, e);
}

static int eval_prop(struct row *r, size_t i);

static int env_var(void *ctx, const char *name, size_t len,
		   struct faker_value *out, struct err *e)
{
	struct row *r = ctx;
	size_t i;

	for (i = 0; i < r->c->n; i++) {
		struct cprop *p = &r->c->props[i];

		if (p->len != len || strncasecmp(p->name, name, len) != 0)
			continue;
		if (p->column == COL_ID) {
			out->kind = FAKER_INT;
			out->u.i = r->id;
			return 0;
		}
		if (eval_prop(r, i) < 0)
			return -1;
		*out = p->value;
		return 0;
	}
	return err_set(e, ERR_DATA, "'$%.*s' names no property of '%.*s'",
		       (int)len, name, (int)r->nlen, r->name);
}

static uint64_t value_hash(const struct faker_value *v, struct arena *a)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)v->kind;
	const char *s;
	size_t len, i;

	if (v->kind == FAKER_ARRAY) {
		for (i = 0; i < v->u.a.n; i++)
			h = (h ^ value_hash(&v->u.a.items[i], a)) *
			    1099511628211ULL;
		return h;
	}
	if (v->kind == FAKER_REF) {
		s = (const char *)&v->u.ref.id;
		len = sizeof(v->u.ref.id);
	} else {
		s = faker_to_text(a, v, &len);
		if (!s)
			return h;
	}
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Record h for (table, column); false when it was already there. */
static int unique_add(struct fixtures *f, int table, int column, uint64_t h,
		      bool *fresh, struct err *e)
{
	size_t i, count = f->uniques.len / sizeof(struct unique_set), k;
	struct unique_set *u = NULL;

	h |= 1; /* 0 marks an empty slot */
	for (i = 0; i < count; i++) {
		struct unique_set *c =
			&((struct unique_set *)(void *)f->uniques.data)[i];

		if (c->table == table && c->column == column)
			u = c;
	}
	if (!u) {
		struct unique_set s = { table, column, NULL, 0, 0 };

		if (buf_add(&f->uniques, &s, sizeof(s)) != BUF_OK)
			return fixtures_no_memory(e);
		u = &((struct unique_set *)(void *)f->uniques.data)[count];
	}
	if ((u->n + 1) * 2 > u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 1024;
		uint64_t *slots = calloc(cap, sizeof(*slots));

		if (!slots)
			return fixtures_no_memory(e);
		for (i = 0; i < u->cap; i++) {
			if (!u->slots[i])
				continue;
			k = u->slots[i] & (cap - 1);
			while (slots[k])
				k = (k + 1) & (cap - 1);
			slots[k] = u->slots[i];
		}
		free(u->slots);
		u->slots = slots;
		u->cap = cap;
	}
	k = h & (u->cap - 1);
	while (u->slots[k] && u->slots[k] != h)
		k = (k + 1) & (u->cap - 1);
	*fresh = u->slots[k] == 0;
	if (*fresh) {
		u->slots[k] = h;
		u->n++;
	}
	return 0;
}

static int eval_prop(struct row *r, size_t i)
{
	struct fixtures *f = r->f;
	struct cprop *p = &r->c->props[i];
	struct faker fk;
	struct alice_env env;
	int tries;

	if (p->state == 2)
		return 0;
	if (p->state == 1)
		return fixtures_fail(
			f, r->d->file, r->e, p->line, p->column_pos,
			"property '%.*s' of '%.*s' refers to itself through '$' variables",
			(int)p->len, p->name, (int)r->nlen, r->name);
	p->state = 1;
	fk.arena = &f->rowa;
	fk.now = f->o.now;
	if (p->random || p->unique)
		faker_rng_key(&fk.rng, f->o.seed, r->name, r->nlen, p->name,
			      p->len);
	env.faker = &fk;
	env.current = r->has_current ? &r->current : NULL;
	env.ctx = r;
	env.ref = env_ref;
	env.wildcard = env_wildcard;
	env.self = env_self;
	env.param = env_param;
	env.var = env_var;
	for (tries = 0;; tries++) {
		bool fresh = true;

		if (alice_eval(p->expr, &env, &p->value, r->e) < 0) {
			f->error_file = fixtures_file_name(f, r->d->file);
			if (r->e->line == 0) {
				r->e->line = p->line;
				r->e->column = p->column_pos;
			}
			return -1;
		}
		if (!p->unique || p->column < 0)
			break;
		if (unique_add(f, r->d->table, p->column,
			       value_hash(&p->value, &f->rowa), &fresh,
			       r->e) < 0)
			return -1;
		if (fresh)
			break;
		if (tries + 1 >= LIMIT_UNIQUE_RETRIES)
			return fixtures_fail(
				f, r->d->file, r->e, p->line, p->column_pos,
				"cannot make a unique '%.*s' for '%.*s' after %d tries",
				(int)p->len, p->name, (int)r->nlen, r->name,
				LIMIT_UNIQUE_RETRIES);
	}
	p->state = 2;
	return 0;
}

static const char *kind_name(const struct faker_value *v)
{
	switch (v->kind) {
	case FAKER_NULL:
		return "null";
	case FAKER_BOOL:
		return "a boolean";
	case FAKER_INT:
		return "a whole number";
	case FAKER_FLOAT:
		return "a number";
	case FAKER_STRING:
		return "a string";
	case FAKER_TIME:
		return "a date";
	case FAKER_ARRAY:
		return "an array";
	case FAKER_REF:
		return "a reference";
	}
	return "a value";
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t i, chars = 0;

	for (i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars;
}

/* Make v fit column k of the row's table. */
static int convert(struct row *r, const struct cprop *p,
		   const struct db_column *col, const struct faker_value *v,
		   struct db_value *out)
{
	struct fixtures *f = r->f;
	const struct db_table *t = db_table(r->d->table);
	char *end;
	const char *s;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (v->kind == FAKER_NULL) {
		if (col->nullable) {
			out->type = DBV_NULL;
			return 0;
		}
		return fixtures_fail(f, r->d->file, r->e, p->line,
				     p->column_pos,
				     "'%s' of '%.*s' cannot be null",
				     col->property, (int)r->nlen, r->name);
	}
	switch (col->type) {
	case DB_TEXT:
		if (v->kind == FAKER_ARRAY || v->kind == FAKER_REF ||
		    v->kind == FAKER_TIME)
			break;
		s = faker_to_text(&f->rowa, v, &len);
		if (!s)
			return fixtures_no_memory(r->e);
		/* Characters never outnumber bytes: count only when needed. */
		if (col->length && len > col->length &&
		    utf8_chars(s, len) > col->length)
			return fixtures_fail(
				f, r->d->file, r->e, p->line, p->column_pos,
				"'%s' of '%.*s' has %zu characters, more than %u",
				col->property, (int)r->nlen, r->name,
				utf8_chars(s, len), col->length);
		out->type = DBV_TEXT;
		out->s = s;
		out->len = len;
		return 0;
	case DB_INT:
		out->type = DBV_INT;
		if (v->kind == FAKER_INT) {
			out->i = v->u.i;
			return 0;
		}
		if (v->kind == FAKER_BOOL) {
			out->i = v->u.b;
			return 0;
		}
		if (v->kind == FAKER_FLOAT && v->u.d == floor(v->u.d) &&
		    fabs(v->u.d) < 9e18) {
			out->i = (int64_t)v->u.d;
			return 0;
		}
		if (v->kind == FAKER_STRING) {
			errno = 0;
			out->i = strtoll(v->u.s.p, &end, 10);
			if (!errno && end != v->u.s.p && !*end)
				return 0;
		}
		break;
	case DB_FLOAT:
		out->type = DBV_FLOAT;
		if (v->kind == FAKER_FLOAT || v->kind == FAKER_INT ||
		    v->kind == FAKER_BOOL) {
			out->d = v->kind == FAKER_FLOAT ? v->u.d
				 : v->kind == FAKER_INT ? (double)v->u.i
							: v->u.b;
			if (isfinite(out->d))
				return 0;
		} else if (v->kind == FAKER_STRING) {
			out->d = strtod(v->u.s.p, &end);
			if (end != v->u.s.p && !*end && isfinite(out->d))
				return 0;
		}
		break;
	case DB_DATETIME: {
		int64_t when;
		char text[32];
		struct err ignore;

		err_init(&ignore);
		if (v->kind == FAKER_TIME) {
			when = v->u.i;
		} else if (v->kind == FAKER_STRING &&
			   faker_strtotime(v->u.s.p, v->u.s.len, f->o.now,
					   &when, &ignore) == 0) {
			;
		} else {
			break;
		}
		faker_format_datetime(when, text, sizeof(text));
		out->type = DBV_TEXT;
		out->len = strlen(text);
		out->s = arena_strndup(&f->rowa, text, out->len);
		return out->s ? 0 : fixtures_no_memory(r->e);
	}
	case DB_REF:
		if (v->kind != FAKER_REF)
			break;
		if (v->u.ref.table != col->ref)
			return fixtures_fail(
				f, r->d->file, r->e, p->line, p->column_pos,
				"'%s' of '%.*s' needs a reference to %s, but '%s' is %s",
				col->property, (int)r->nlen, r->name,
				db_table(col->ref)->entity, v->u.ref.name,
				db_table(v->u.ref.table)->entity);
		out->type = DBV_INT;
		out->i = v->u.ref.id;
		return 0;
	}
	{
		const char *want = col->type == DB_TEXT	   ? "a string"
				   : col->type == DB_INT   ? "a whole number"
				   : col->type == DB_FLOAT ? "a number"
				   : col->type == DB_DATETIME
					   ? "a date and time"
					   : "a reference like '@id'";
		size_t shown_len = 0;
		const char *shown =
			v->kind == FAKER_REF ? v->u.ref.name
			: v->kind == FAKER_ARRAY
				? NULL
				: faker_to_text(&f->rowa, v, &shown_len);

		if (col->type == DB_REF && v->kind == FAKER_STRING)
			return fixtures_fail(
				f, r->d->file, r->e, p->line, p->column_pos,
				"'%s' of %s expects %s to %s, got '%.40s' (write '@' before the fixture id)",
				col->property, t->entity, want,
				db_table(col->ref)->entity, shown);
		if (shown)
			return fixtures_fail(
				f, r->d->file, r->e, p->line, p->column_pos,
				"'%s' of %s expects %s, got %s '%.40s'",
				col->property, t->entity, want, kind_name(v),
				shown);
		return fixtures_fail(
			f, r->d->file, r->e, p->line, p->column_pos,
			"'%s' of %s expects %s, got %s", col->property,
			t->entity, want, kind_name(v));
	}
}

/* Evaluate and write the element of d called name. */
static int emit(struct row *r, bool replace, struct err *e)
{
	struct fixtures *f = r->f;
	const struct db_table *t = db_table(r->d->table);
	struct db_value values[16];
	struct fixtures_row out;
	size_t i, k;
	bool given[16] = { false };

	for (i = 0; i < r->c->n; i++)
		r->c->props[i].state = 0;
	for (i = 0; i < r->c->n; i++) {
		struct cprop *p = &r->c->props[i];

		if (p->column < 0)
			continue;
		if (eval_prop(r, i) < 0 ||
		    convert(r, p, &t->columns[p->column], &p->value,
			    &values[p->column]) < 0)
			return -1;
		given[p->column] = true;
	}
	for (k = 0; k < t->ncolumns; k++) {
		if (given[k])
			continue;
		if (!t->columns[k].nullable) {
			struct buf need = BUF_INIT(256);

			for (i = 0; i < t->ncolumns; i++)
				if (!t->columns[i].nullable &&
				    buf_printf(&need, "%s%s",
					       need.len ? ", " : "",
					       t->columns[i].property))
					break;
			fixtures_fail(
				f, r->d->file, e, r->d->line, r->d->column,
				"fixture '%.*s' has no '%s' (%s needs %s)",
				(int)r->nlen, r->name, t->columns[k].property,
				t->entity, buf_cstr(&need));
			buf_release(&need);
			return -1;
		}
		memset(&values[k], 0, sizeof(values[k]));
		values[k].type = DBV_NULL;
	}
	out.table = r->d->table;
	out.id = r->id;
	out.fixture = r->name;
	out.values = values;
	out.replace = replace;
	out.tag = fixtures_make_tag(r->d->file, r->d->line, r->d->column);
	if (f->sink.row(f->sink.ctx, &out, e) < 0) {
		/* The sink may name an earlier row (a batch): keep that. */
		if (e && e->line == 0)
			fixtures_locate(f, out.tag, e);
		return -1;
	}
	if (!replace) {
		f->rows[r->d->table]++;
		f->total_rows++;
		if (f->total_rows % PROGRESS_EVERY == 0)
			fixtures_report_progress(f);
	}
	return 0;
}

int fixtures_gen_rows(struct fixtures *f, const struct def *d,
		      struct compiled *c, struct err *e)
{
	uint64_t k, count = fixtures_ids_count(d);
	char name[LIMIT_FIXTURE_ID_CHARS + 64];
	struct row r;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.f = f;
	r.d = d;
	r.c = c;
	r.e = e;
	for (k = 0; rc == 0 && k < count; k++) {
		bool replace = false;

		r.nlen = fixtures_ids_element(d, k, name, sizeof(name),
					      &r.current);
		r.name = name;
		r.has_current = d->kind != ID_SINGLE;
		if (d->kind == ID_SINGLE) {
			struct entry *en =
				d->entry ? d->entry
					 : fixtures_ids_find(&f->ids, d->name,
							     d->len);

			if (!en || en->serial != d->serial)
				return 0; /* overridden by a later definition */
			replace = en->flags & E_EMITTED;
			en->flags |= E_EMITTED;
			r.id = entry_rowid(f, en);
		} else {
			const struct group *g =
				fixtures_ids_group(&f->ids, d->group);

			r.id = f->last_id[d->table] + g->rank + (int64_t)k;
		}
		rc = emit(&r, replace, e);
		arena_reset(&f->rowa);
	}
	return rc;
}

#define _DEFAULT_SOURCE /* realpath */
/*
 * fixtures: alice-style fixture files into rows, in one streaming pass.
 *
 * Pass 1 reads each file once through yamlread. Every fixture id is
 * registered as it is met (its row id is fixed then: the table's last id
 * plus its rank among the table's fixtures), and a definition whose
 * values need nothing unknown is generated and written at once. The
 * others (wildcard references, which need every id; references, templates
 * or parameters defined later) are serialised to a spool, in memory and
 * then in a temporary file, and generated in pass 2. Because each value
 * has its own stream, the order of generation never changes a value.
 *
 * Ids cost about 40 bytes each (a packed entry, its name and a hash
 * slot); a range such as wine_{1..1000000} costs one group record.
 */
#include "compat.h"

#include "alice.h"
#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "faker.h"
#include "fixtures.h"
#include "fixtures_int.h"
#include "yamlread.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Files larger than this are parsed on a second thread. */
#define THREAD_THRESHOLD (1024 * 1024)
/* Rows between two progress reports. */
#define PROGRESS_EVERY 16384

struct template
{
	struct def *def;
};

struct input {
	char *path;	  /* display name */
	const char *data; /* or NULL to read path */
	size_t len;
};

/* Seen values of one (unique) column, as 64-bit hashes. */
struct unique_set {
	int table, column;
	uint64_t *slots;
	size_t cap, n;
};

/* ------------------------------------------------------------------ */
/* Errors */

int fixtures_fail(struct fixtures *f, uint16_t file, struct err *e, long line,
		  long column, const char *fmt, ...)
{
	char msg[LIMIT_ERR_MESSAGE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->error_file = fixtures_file_name(f, file);
	return err_set_at(e, ERR_DATA, line, column, "%s", msg);
}

int fixtures_no_memory(struct err *e)
{
	return err_set(e, ERR_LIMIT,
		       "the fixtures need more memory than allowed");
}

const char *fixtures_error_file(const struct fixtures *f)
{
	return f->error_file;
}

static uint64_t make_tag(uint16_t file, long line, long column)
{
	return (uint64_t)file << 48 |
	       (uint64_t)(line > 0xffffffffL ? 0xffffffffL : line) << 16 |
	       (uint64_t)(column > 0xffff ? 0xffff : column);
}

void fixtures_locate(struct fixtures *f, uint64_t tag, struct err *e)
{
	uint16_t file = (uint16_t)(tag >> 48);

	if (file < f->files.len / sizeof(char *))
		f->error_file = fixtures_file_name(f, file);
	if (e) {
		e->line = (long)(tag >> 16 & 0xffffffff);
		e->column = (long)(tag & 0xffff);
	}
}

uint64_t fixtures_rows(const struct fixtures *f, int table)
{
	return f->rows[table];
}

/* ------------------------------------------------------------------ */
/* Life cycle and inputs */

struct fixtures *fixtures_new(const struct fixtures_options *o,
			      const struct fixtures_sink *sink, struct err *e)
{
	struct fixtures *f = calloc(1, sizeof(*f));
	int t;

	if (!f) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	f->o = *o;
	f->sink = *sink;
	buf_init(&f->inputs, 1024 * 1024);
	buf_init(&f->files, LIMIT_FIXTURE_FILES * sizeof(char *));
	buf_init(&f->realpaths, LIMIT_FIXTURE_FILES * sizeof(char *));
	arena_init(&f->state, LIMIT_FIXTURE_STATE_BYTES);
	arena_init(&f->defa, LIMIT_FIXTURE_DEF_BYTES);
	arena_init(&f->rowa, LIMIT_FIXTURE_ROW_BYTES);
	fixtures_ids_init(&f->ids);
	buf_init(&f->templates, 16 * 1024 * 1024);
	buf_init(&f->params, 16 * 1024 * 1024);
	buf_init(&f->uniques, 1024 * 1024);
	fixtures_spool_init(&f->spool);
	for (t = 0; t < DB_NTABLES; t++)
		f->last_id[t] = sink->last_id ? sink->last_id(sink->ctx, t) : 0;
	return f;
}

void fixtures_free(struct fixtures *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->inputs.len / sizeof(struct input); i++)
		free(((struct input *)(void *)f->inputs.data)[i].path);
	buf_release(&f->inputs);
	for (i = 0; i < f->files.len / sizeof(char *); i++)
		free(((char **)(void *)f->files.data)[i]);
	buf_release(&f->files);
	for (i = 0; i < f->realpaths.len / sizeof(char *); i++)
		free(((char **)(void *)f->realpaths.data)[i]);
	buf_release(&f->realpaths);
	arena_release(&f->state);
	arena_release(&f->defa);
	arena_release(&f->rowa);
	fixtures_ids_release(&f->ids);
	buf_release(&f->templates);
	buf_release(&f->params);
	for (i = 0; i < f->uniques.len / sizeof(struct unique_set); i++)
		free(((struct unique_set *)(void *)f->uniques.data)[i].slots);
	buf_release(&f->uniques);
	fixtures_spool_release(&f->spool);
	yamlread_free(f->reading);
	free(f);
}

static int add_input(struct fixtures *f, const char *path, const char *data,
		     size_t len, struct err *e)
{
	struct input in = { strdup(path), data, len };
	struct stat st;

	if (!in.path || buf_add(&f->inputs, &in, sizeof(in)) != BUF_OK) {
		free(in.path);
		return err_set(e, ERR_LIMIT, "too many fixture files");
	}
	if (data)
		f->bytes_total += len;
	else if (stat(path, &st) == 0)
		f->bytes_total += (uint64_t)st.st_size;
	return 0;
}

static bool fixture_name(const char *name)
{
	static const char *const exts[] = { ".yml", ".yaml", ".json" };
	size_t i, n = strlen(name);

	for (i = 0; i < WS_ARRAY_LEN(exts); i++) {
		size_t k = strlen(exts[i]);

		if (n > k && strcasecmp(name + n - k, exts[i]) == 0)
			return true;
	}
	return false;
}

static int compare_paths(const void *a, const void *b)
{
	int c = strcasecmp(*(char *const *)a, *(char *const *)b);

	return c ? c : strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's fixture files, not recursing, sorted as alice sorts. */
static int add_directory(struct fixtures *f, const char *dir, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf names = BUF_INIT(LIMIT_FIXTURE_FILES * sizeof(char *));
	size_t i, n;
	int rc = 0;

	if (!d)
		return err_set_errno(e, ERR_NOINPUT, errno,
				     "cannot read directory '%s'", dir);
	while (rc == 0 && (de = readdir(d))) {
		struct stat st;
		char *path;
		size_t len;

		if (de->d_name[0] == '.' || !fixture_name(de->d_name))
			continue;
		len = strlen(dir) + strlen(de->d_name) + 2;
		path = malloc(len);
		if (!path) {
			rc = err_set(e, ERR_RUNTIME, "out of memory");
			break;
		}
		snprintf(path, len, "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (buf_add(&names, &path, sizeof(path)) != BUF_OK) {
			free(path);
			rc = err_set(e, ERR_LIMIT, "too many fixture files");
		}
	}
	closedir(d);
	n = names.len / sizeof(char *);
	if (n)
		qsort(names.data, n, sizeof(char *), compare_paths);
	if (rc == 0 && n == 0)
		rc = err_set(e, ERR_NOINPUT,
			     "no fixture files (*.yml, *.yaml, *.json) in '%s'",
			     dir);
	for (i = 0; i < n; i++) {
		char *path = ((char **)(void *)names.data)[i];

		if (rc == 0)
			rc = add_input(f, path, NULL, 0, e);
		free(path);
	}
	buf_release(&names);
	return rc;
}

int fixtures_add_path(struct fixtures *f, const char *path, struct err *e)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return add_input(f, path, NULL, 0, e);
	if (stat(path, &st) < 0)
		return err_set_errno(e, ERR_NOINPUT, errno, "cannot open '%s'",
				     path);
	if (S_ISDIR(st.st_mode))
		return add_directory(f, path, e);
	return add_input(f, path, NULL, 0, e);
}

int fixtures_add_buffer(struct fixtures *f, const char *name, const char *data,
			size_t len, struct err *e)
{
	return add_input(f, name, data, len, e);
}

/* ------------------------------------------------------------------ */
/* Templates and parameters, by name */

const struct def *fixtures_find_template(const struct fixtures *f,
					 const char *s, size_t n)
{
	size_t i, count = f->templates.len / sizeof(struct template);

	for (i = count; i-- > 0;) {
		const struct def *d =
			((struct template *)(void *)f->templates.data)[i].def;

		if (d->len == n && memcmp(d->name, s, n) == 0)
			return d;
	}
	return NULL;
}

const struct param *fixtures_find_param(const struct fixtures *f, const char *s,
					size_t n)
{
	size_t i, count = f->params.len / sizeof(struct param);

	for (i = 0; i < count; i++) {
		const struct param *p =
			&((struct param *)(void *)f->params.data)[i];

		if (p->len == n && memcmp(p->name, s, n) == 0)
			return p;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* YAML trees */

struct anchor {
	const char *name;
	struct vnode *node;
};

struct doc {
	struct fixtures *f;
	struct yamlread *r;
	uint16_t file;
	int depth;
	const char *dir; /* for include: */
	struct arena anchors;
	struct buf anchor_list; /* struct anchor[] */
	unsigned classes_seen;
	bool seen_include, seen_params;
};

static int next(struct doc *d, struct yamlread_event *ev, struct err *e)
{
	if (yamlread_next(d->r, ev, e) < 0) {
		d->f->error_file = fixtures_file_name(d->f, d->file);
		return -1;
	}
	return 0;
}

static struct vnode *copy_tree(struct arena *a, const struct vnode *v,
			       int depth)
{
	struct vnode *c;
	size_t i;

	if (depth > LIMIT_NESTING)
		return NULL;
	c = arena_alloc(a, sizeof(*c));
	if (!c)
		return NULL;
	*c = *v;
	if (v->text && !(c->text = arena_strndup(a, v->text, v->len)))
		return NULL;
	if (v->tag && !(c->tag = arena_strndup(a, v->tag, strlen(v->tag))))
		return NULL;
	if (v->n) {
		c->kids = arena_alloc(a, v->n * sizeof(*c->kids));
		if (!c->kids)
			return NULL;
		for (i = 0; i < v->n; i++)
			if (!(c->kids[i] = copy_tree(a, v->kids[i], depth + 1)))
				return NULL;
	}
	return c;
}

static int remember_anchor(struct doc *d, const char *name,
			   const struct vnode *v, struct err *e)
{
	struct anchor an;

	an.name = arena_strndup(&d->anchors, name, strlen(name));
	an.node = copy_tree(&d->anchors, v, 0);
	if (!an.name || !an.node ||
	    buf_add(&d->anchor_list, &an, sizeof(an)) != BUF_OK)
		return fixtures_fail(d->f, d->file, e, v->line, v->column,
				     "too many or too large YAML anchors");
	return 0;
}

static const struct vnode *find_anchor(const struct doc *d, const char *name)
{
	size_t i = d->anchor_list.len / sizeof(struct anchor);

	/* The latest anchor of a name wins, as in YAML. */
	while (i-- > 0) {
		const struct anchor *an =
			&((struct anchor *)(void *)d->anchor_list.data)[i];

		if (strcmp(an->name, name) == 0)
			return an->node;
	}
	return NULL;
}

/* A node starting with ev, built in arena a. */
static struct vnode *read_node(struct doc *d, const struct yamlread_event *ev,
			       struct arena *a, int depth, struct err *e)
{
	struct vnode *v, *small[16];
	struct buf kids = BUF_INIT(LIMIT_FIXTURE_DEF_BYTES);
	size_t nsmall = 0;
	struct yamlread_event sub;
	const char *anchor = ev->anchor;
	char anchor_copy[256];
	enum yamlread_kind end;

	if (depth > LIMIT_NESTING) {
		fixtures_fail(d->f, d->file, e, ev->line, ev->column,
			      "values nest more than %d levels deep",
			      LIMIT_NESTING);
		return NULL;
	}
	if (ev->kind == YR_ALIAS) {
		const struct vnode *target = find_anchor(d, ev->value);

		if (!target) {
			fixtures_fail(d->f, d->file, e, ev->line, ev->column,
				      "unknown YAML alias '*%s'", ev->value);
			return NULL;
		}
		v = copy_tree(a, target, 0);
		if (!v)
			fixtures_no_memory(e);
		return v;
	}
	v = arena_alloc(a, sizeof(*v));
	if (!v) {
		fixtures_no_memory(e);
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	v->line = ev->line;
	v->column = ev->column;
	/* The event's strings die at the next event: keep what we need. */
	if (anchor)
		snprintf(anchor_copy, sizeof(anchor_copy), "%s", anchor);
	if (ev->tag && !(v->tag = arena_strndup(a, ev->tag, strlen(ev->tag)))) {
		fixtures_no_memory(e);
		return NULL;
	}
	if (ev->kind == YR_SCALAR) {
		v->kind = V_SCALAR;
		v->plain = ev->plain;
		v->len = ev->len;
		v->text = arena_strndup(a, ev->value, ev->len);
		if (!v->text) {
			fixtures_no_memory(e);
			return NULL;
		}
		goto done;
	}
	v->kind = ev->kind == YR_MAP_START ? V_MAP : V_SEQ;
	end = ev->kind == YR_MAP_START ? YR_MAP_END : YR_SEQ_END;
	for (;;) {
		struct vnode *kid;

		if (next(d, &sub, e) < 0)
			goto fail;
		if (sub.kind == end)
			break;
		kid = read_node(d, &sub, a, depth + 1, e);
		if (!kid)
			goto fail;
		/* Most bodies are small: no allocation until 16 nodes. */
		if (nsmall < WS_ARRAY_LEN(small) && !kids.len) {
			small[nsmall++] = kid;
			continue;
		}
		if ((!kids.len &&
		     buf_add(&kids, small, nsmall * sizeof(kid)) != BUF_OK) ||
		    buf_add(&kids, &kid, sizeof(kid)) != BUF_OK) {
			fixtures_no_memory(e);
			goto fail;
		}
	}
	v->n = kids.len ? kids.len / sizeof(struct vnode *) : nsmall;
	if (v->n) {
		v->kids = arena_alloc(a, v->n * sizeof(*v->kids));
		if (!v->kids) {
			fixtures_no_memory(e);
			goto fail;
		}
		memcpy(v->kids, kids.len ? (void *)kids.data : (void *)small,
		       v->n * sizeof(*v->kids));
	}
	buf_release(&kids);
done:
	if (anchor && remember_anchor(d, anchor_copy, v, e) < 0)
		return NULL;
	return v;
fail:
	buf_release(&kids);
	return NULL;
}

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

void fixtures_progress_text(const struct fixtures_progress *p, double seconds,
			    char *out, size_t size)
{
	double done = p->spooled && p->rows_total
			      ? (double)p->rows / (double)p->rows_total
		      : p->bytes_total
			      ? (double)p->bytes / (double)p->bytes_total
			      : 0;

	if (seconds <= 0)
		seconds = 1e-9;
	snprintf(out, size, "%llu rows, %.0f rows/s, %.0f%%, about %.0fs left",
		 (unsigned long long)p->rows, (double)p->rows / seconds,
		 done * 100, done > 0.01 ? seconds / done - seconds : 0.0);
}

static void report_progress(struct fixtures *f)
{
	struct fixtures_progress p;
	int t;

	if (!f->o.progress)
		return;
	p.rows = f->total_rows;
	p.rows_total = 0;
	for (t = 0; t < DB_NTABLES; t++)
		p.rows_total += f->rank[t];
	p.bytes = f->bytes_done +
		  (f->reading ? yamlread_consumed(f->reading) : 0);
	p.bytes_total = f->bytes_total;
	p.spooled = f->pass2;
	f->o.progress(f->o.progress_ctx, &p);
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
	out.tag = make_tag(r->d->file, r->d->line, r->d->column);
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
			report_progress(f);
	}
	return 0;
}

static int generate(struct fixtures *f, const struct def *d, struct compiled *c,
		    struct err *e)
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

/* ------------------------------------------------------------------ */
/* Pass 1: registering and generating definitions */

static int process_def(struct fixtures *f, struct def *d, struct err *e);

static int explicit_id(struct fixtures *f, struct def *d, struct err *e)
{
	size_t i;

	for (i = 0; d->body && i + 1 < d->body->n; i += 2) {
		const struct vnode *k = d->body->kids[i],
				   *v = d->body->kids[i + 1];
		char *end;
		long long id;

		if (k->kind != V_SCALAR || k->len != 2 ||
		    strncasecmp(k->text, "id", 2) != 0)
			continue;
		if (d->kind != ID_SINGLE || d->template)
			return fixtures_fail(
				f, d->file, e, k->line, k->column,
				"'id' can only be set on a single fixture");
		errno = 0;
		id = v->kind == V_SCALAR ? strtoll(v->text, &end, 10) : 0;
		if (v->kind != V_SCALAR || errno || end == v->text || *end ||
		    id < 1 || id > 4294967295LL)
			return fixtures_fail(
				f, d->file, e, v->line, v->column,
				"'id' must be a whole number from 1 to 4294967295");
		d->explicit_id = id;
	}
	return 0;
}

static int register_template(struct fixtures *f, struct def *d, struct err *e)
{
	struct template t;
	struct def *copy = arena_alloc(&f->state, sizeof(*copy));
	size_t i, count = f->templates.len / sizeof(struct template);

	if (!copy)
		return fixtures_no_memory(e);
	*copy = *d;
	copy->name = arena_strndup(&f->state, d->name, d->len);
	copy->body = d->body ? copy_tree(&f->state, d->body, 0) : NULL;
	copy->extends = arena_alloc(&f->state,
				    (d->nextends + 1) * sizeof(*copy->extends));
	if (!copy->name || (d->body && !copy->body) || !copy->extends)
		return fixtures_no_memory(e);
	for (i = 0; i < d->nextends; i++) {
		copy->extends[i] = arena_strndup(&f->state, d->extends[i],
						 strlen(d->extends[i]));
		if (!copy->extends[i])
			return fixtures_no_memory(e);
	}
	/* A later template of the same name replaces it, unless deeper. */
	for (i = 0; i < count; i++) {
		struct template *old =
			&((struct template *)(void *)f->templates.data)[i];

		if (old->def->len == d->len &&
		    memcmp(old->def->name, d->name, d->len) == 0) {
			if (d->depth <= old->def->depth)
				old->def = copy;
			return 0;
		}
	}
	t.def = copy;
	return buf_add(&f->templates, &t, sizeof(t)) == BUF_OK
		       ? 0
		       : fixtures_no_memory(e);
}

static int register_single(struct fixtures *f, struct def *d, bool *skip,
			   struct err *e)
{
	struct entry *en;
	const struct group *g;
	uint64_t k;
	bool created;

	*skip = false;
	g = fixtures_ids_ngroups(&f->ids)
		    ? fixtures_ids_in_groups(&f->ids, d->name, d->len, &k)
		    : NULL;
	if (g)
		return fixtures_fail(
			f, d->file, e, d->line, d->column,
			"fixture '%s' is already defined by a range or list at %s:%ld",
			d->name, fixtures_file_name(f, g->file), g->line);
	en = fixtures_ids_add(&f->ids, d->name, d->len, &created, e);
	if (!en)
		return -1;
	d->entry = en;
	if (!created) {
		int depth = en->flags >> E_DEPTH_SHIFT;

		if (en->table != d->table)
			return fixtures_fail(f, d->file, e, d->line, d->column,
					     "fixture '%s' is already a %s",
					     d->name,
					     db_table(en->table)->entity);
		if (en->file == d->file)
			return fixtures_fail(
				f, d->file, e, d->line, d->column,
				"fixture '%s' is defined twice in this file",
				d->name);
		if (d->depth > depth) {
			*skip = true; /* the including file wins */
			return 0;
		}
		if (d->explicit_id && !(en->flags & E_EXPLICIT))
			return fixtures_fail(
				f, d->file, e, d->line, d->column,
				"fixture '%s' is redefined with an id of its own",
				d->name);
		en->serial = d->serial;
		en->file = d->file;
		en->flags = (uint8_t)((en->flags & (E_EMITTED | E_EXPLICIT)) |
				      d->depth << E_DEPTH_SHIFT);
		if (d->explicit_id)
			en->rank = (uint32_t)d->explicit_id;
		return 0;
	}
	en->serial = d->serial;
	en->table = (uint8_t)d->table;
	en->file = d->file;
	en->flags = (uint8_t)(d->depth << E_DEPTH_SHIFT);
	f->rank[d->table]++;
	if (d->explicit_id) {
		en->flags |= E_EXPLICIT;
		en->rank = (uint32_t)d->explicit_id;
	} else {
		en->rank = f->rank[d->table];
	}
	return 0;
}

static int register_group(struct fixtures *f, struct def *d, struct err *e)
{
	struct group g;
	uint64_t count = fixtures_ids_count(d), k;
	uint32_t i;
	char name[LIMIT_FIXTURE_ID_CHARS + 64];
	struct faker_value cur;

	memset(&g, 0, sizeof(g));
	if (count > LIMIT_FIXTURES ||
	    f->rank[d->table] + count > LIMIT_FIXTURES)
		return fixtures_fail(f, d->file, e, d->line, d->column,
				     "more than %d fixtures", LIMIT_FIXTURES);
	if (d->kind == ID_RANGE && d->to >= 1000000000000000000LL)
		return fixtures_fail(f, d->file, e, d->line, d->column,
				     "range bounds must be below 10^18");
	/* Ids already taken, by singles or by other groups. */
	for (k = 0; f->ids.nentries && k < count; k++) {
		size_t n = fixtures_ids_element(d, k, name, sizeof(name), &cur);

		if (fixtures_ids_find(&f->ids, name, n))
			return fixtures_fail(
				f, d->file, e, d->line, d->column,
				"fixture '%s' of this %s is already defined",
				name, d->kind == ID_LIST ? "list" : "range");
	}
	for (i = 0; i < fixtures_ids_ngroups(&f->ids); i++) {
		const struct group *o = fixtures_ids_group(&f->ids, i);
		uint64_t first = 0;

		if (o->blen != d->len || o->slen != d->slen ||
		    memcmp(o->base, d->name, d->len) != 0 ||
		    memcmp(o->suffix, d->suffix, d->slen) != 0)
			continue;
		for (k = 0; k < count; k++) {
			size_t n = fixtures_ids_element(d, k, name,
							sizeof(name), &cur);

			if (fixtures_ids_group_has(o, name, n, &first))
				return fixtures_fail(
					f, d->file, e, d->line, d->column,
					"fixture '%s' is already defined at %s:%ld",
					name, fixtures_file_name(f, o->file),
					o->line);
			if (d->kind == ID_RANGE && o->step == 1 &&
			    d->step == 1 && k == 0 &&
			    (d->to < o->from || d->from > o->to))
				break; /* disjoint ranges */
		}
	}
	g.table = d->table;
	g.list = d->kind == ID_LIST;
	g.base = arena_strndup(&f->state, d->name, d->len);
	g.suffix = arena_strndup(&f->state, d->suffix, d->slen);
	g.blen = d->len;
	g.slen = d->slen;
	g.from = d->from;
	g.to = d->to;
	g.step = d->step;
	g.count = count;
	g.rank = f->rank[d->table] + 1;
	g.serial = d->serial;
	g.file = d->file;
	g.line = d->line;
	g.column = d->column;
	if (!g.base || !g.suffix)
		return fixtures_no_memory(e);
	if (g.list) {
		g.items = arena_alloc(&f->state, d->nitems * sizeof(*g.items));
		if (!g.items)
			return fixtures_no_memory(e);
		for (k = 0; k < d->nitems; k++) {
			g.items[k] = arena_strndup(&f->state, d->items[k],
						   strlen(d->items[k]));
			if (!g.items[k])
				return fixtures_no_memory(e);
		}
		g.nitems = d->nitems;
	}
	d->group = fixtures_ids_ngroups(&f->ids);
	f->rank[d->table] += (uint32_t)count;
	return fixtures_ids_add_group(&f->ids, &g, e);
}

/* Generate d now when possible, else spool it for pass 2. */
static int process_def(struct fixtures *f, struct def *d, struct err *e)
{
	struct compiled c;
	size_t i;
	int ready;

	for (i = 0; i < d->nextends; i++)
		if (!fixtures_find_template(f, d->extends[i],
					    strlen(d->extends[i]))) {
			if (f->pass2)
				break; /* compile reports it */
			return fixtures_spool_def(&f->spool, d, e);
		}
	if (fixtures_compile_def(f, d, &c, e) < 0)
		return -1;
	ready = fixtures_compile_ready(f, d, &c, e);
	if (ready < 0)
		return -1;
	if (!ready && !f->pass2)
		return fixtures_spool_def(&f->spool, d, e);
	return generate(f, d, &c, e);
}

static int take_fixture(struct doc *doc, int table, const struct vnode *key,
			struct vnode *body, struct err *e)
{
	struct fixtures *f = doc->f;
	struct def d;
	bool skip = false;
	int rc;

	memset(&d, 0, sizeof(d));
	d.table = table;
	d.file = doc->file;
	d.line = key->line;
	d.column = key->column;
	d.depth = doc->depth;
	d.serial = ++f->serial;
	if (body && fixtures_is_null(body))
		body = NULL;
	d.body = body;
	if (body && body->kind != V_MAP)
		return fixtures_fail(
			f, doc->file, e, body->line, body->column,
			"expected the properties of '%s' (a mapping)",
			key->text);
	if (fixtures_ids_parse(f, &d, doc->file, key->text, key->len, &f->defa,
			       e) < 0 ||
	    explicit_id(f, &d, e) < 0)
		return -1;
	if (d.template)
		return register_template(f, &d, e);
	if (d.kind == ID_SINGLE)
		rc = register_single(f, &d, &skip, e);
	else
		rc = register_group(f, &d, e);
	if (rc < 0 || skip)
		return rc;
	return process_def(f, &d, e);
}

/* ------------------------------------------------------------------ */
/* Reading a document */

static int load_file(struct fixtures *f, const char *path, const char *data,
		     size_t len, int depth, struct err *e);

static bool scalar_is(const struct yamlread_event *ev, const char *s)
{
	return ev->kind == YR_SCALAR && strcmp(ev->value, s) == 0;
}

static int read_includes(struct doc *doc, const struct yamlread_event *key,
			 struct err *e)
{
	struct fixtures *f = doc->f;
	struct yamlread_event ev;
	struct vnode *list;
	struct place {
		char *path;
		long line, column;
	} * places;
	size_t i, nplaces = 0;
	int rc = 0;

	if (doc->seen_include)
		return fixtures_fail(f, doc->file, e, key->line, key->column,
				     "'include' appears twice");
	doc->seen_include = true;
	if (next(doc, &ev, e) < 0)
		return -1;
	list = read_node(doc, &ev, &f->defa, 0, e);
	if (!list)
		return -1;
	if (list->kind != V_SEQ)
		return fixtures_fail(f, doc->file, e, list->line, list->column,
				     "'include' expects a list of files");
	if (f->o.no_includes && list->n)
		return fixtures_fail(f, doc->file, e, list->line, list->column,
				     "include: is not allowed here");
	places = calloc(list->n + 1, sizeof(*places));
	if (!places)
		return fixtures_no_memory(e);
	/* Loading an include reuses the definition arena: copy first. */
	for (i = 0; rc == 0 && i < list->n; i++) {
		const struct vnode *item = list->kids[i];
		char *path;

		if (item->kind != V_SCALAR) {
			rc = fixtures_fail(f, doc->file, e, item->line,
					   item->column,
					   "'include' expects file names");
			break;
		}
		if (doc->depth + 1 > LIMIT_INCLUDE_DEPTH) {
			rc = fixtures_fail(f, doc->file, e, item->line,
					   item->column,
					   "includes nest more than %d deep",
					   LIMIT_INCLUDE_DEPTH);
			break;
		}
		path = malloc(strlen(doc->dir) + item->len + 2);
		if (!path) {
			rc = fixtures_no_memory(e);
			break;
		}
		if (item->text[0] == '/' || !doc->dir[0])
			memcpy(path, item->text, item->len + 1);
		else
			snprintf(path, strlen(doc->dir) + item->len + 2,
				 "%s/%s", doc->dir, item->text);
		places[i].path = path;
		places[i].line = item->line;
		places[i].column = item->column;
		nplaces = i + 1;
	}
	arena_reset(&f->defa);
	for (i = 0; rc == 0 && i < nplaces; i++) {
		struct err saved;

		err_init(&saved);
		rc = load_file(f, places[i].path, NULL, 0, doc->depth + 1,
			       &saved);
		if (rc < 0) {
			*e = saved;
			if (saved.cls == ERR_NOINPUT) {
				f->error_file =
					fixtures_file_name(f, doc->file);
				e->line = places[i].line;
				e->column = places[i].column;
			}
		}
	}
	for (i = 0; i < nplaces; i++)
		free(places[i].path);
	free(places);
	return rc;
}

static int read_parameters(struct doc *doc, const struct yamlread_event *key,
			   struct err *e)
{
	struct fixtures *f = doc->f;
	struct yamlread_event ev;
	struct vnode *map;
	size_t i, k, count;

	if (doc->seen_params)
		return fixtures_fail(f, doc->file, e, key->line, key->column,
				     "'parameters' appears twice");
	doc->seen_params = true;
	if (next(doc, &ev, e) < 0)
		return -1;
	map = read_node(doc, &ev, &f->state, 0, e);
	if (!map)
		return -1;
	if (fixtures_is_null(map))
		return 0;
	if (map->kind != V_MAP)
		return fixtures_fail(
			f, doc->file, e, map->line, map->column,
			"'parameters' expects a mapping of names to values");
	for (i = 0; i + 1 < map->n; i += 2) {
		struct param p = { map->kids[i]->text, map->kids[i]->len,
				   map->kids[i + 1], doc->depth };
		bool replaced = false;

		if (map->kids[i]->kind != V_SCALAR)
			return fixtures_fail(f, doc->file, e,
					     map->kids[i]->line,
					     map->kids[i]->column,
					     "expected a parameter name");
		count = f->params.len / sizeof(struct param);
		for (k = 0; k < count; k++) {
			struct param *old =
				&((struct param *)(void *)f->params.data)[k];

			if (old->len == p.len &&
			    memcmp(old->name, p.name, p.len) == 0) {
				if (p.depth <= old->depth)
					*old = p;
				replaced = true;
			}
		}
		if (!replaced && buf_add(&f->params, &p, sizeof(p)) != BUF_OK)
			return fixtures_no_memory(e);
	}
	return 0;
}

static int read_class(struct doc *doc, int table, struct err *e)
{
	struct fixtures *f = doc->f;
	struct yamlread_event ev;
	struct vnode *key, *body;
	bool seq;

	if (next(doc, &ev, e) < 0)
		return -1;
	if (ev.kind == YR_SCALAR && ev.plain &&
	    (ev.len == 0 || strcmp(ev.value, "~") == 0 ||
	     strcasecmp(ev.value, "null") == 0))
		return 0;
	if (ev.kind != YR_MAP_START && ev.kind != YR_SEQ_START)
		return fixtures_fail(
			f, doc->file, e, ev.line, ev.column,
			"expected the fixtures of %s (a mapping of ids)",
			db_table(table)->entity);
	seq = ev.kind == YR_SEQ_START;
	for (;;) {
		char anon[64];
		struct vnode anon_key;
		int rc;

		if (next(doc, &ev, e) < 0)
			return -1;
		if (ev.kind == (seq ? YR_SEQ_END : YR_MAP_END))
			return 0;
		if (seq) {
			/* Records of a JSON array: "<table>_<n>". */
			memset(&anon_key, 0, sizeof(anon_key));
			anon_key.kind = V_SCALAR;
			anon_key.len = (size_t)snprintf(
				anon, sizeof(anon), "%s_%llu",
				db_table(table)->name,
				(unsigned long long)++f->anonymous[table]);
			anon_key.text = anon;
			anon_key.line = ev.line;
			anon_key.column = ev.column;
			key = &anon_key;
		} else {
			if (ev.kind != YR_SCALAR)
				return fixtures_fail(f, doc->file, e, ev.line,
						     ev.column,
						     "expected a fixture id");
			key = read_node(doc, &ev, &f->defa, 0, e);
			if (!key)
				return -1;
			if (next(doc, &ev, e) < 0)
				return -1;
		}
		body = read_node(doc, &ev, &f->defa, 0, e);
		if (!body)
			return -1;
		rc = take_fixture(doc, table, key, body, e);
		arena_reset(&f->defa);
		if (rc < 0)
			return -1;
	}
}

static int read_document(struct doc *doc, struct err *e)
{
	struct fixtures *f = doc->f;
	struct yamlread_event ev;

	if (next(doc, &ev, e) < 0)
		return -1;
	if (ev.kind == YR_STREAM_END)
		return 0;
	if (next(doc, &ev, e) < 0) /* after the document start */
		return -1;
	if (ev.kind == YR_SCALAR && ev.plain && ev.len == 0)
		goto end; /* an empty document */
	if (ev.kind != YR_MAP_START)
		return fixtures_fail(
			f, doc->file, e, ev.line, ev.column,
			"expected a mapping of entity classes at the top");
	for (;;) {
		struct vnode key;
		int table;

		if (next(doc, &ev, e) < 0)
			return -1;
		if (ev.kind == YR_MAP_END)
			break;
		if (ev.kind != YR_SCALAR)
			return fixtures_fail(f, doc->file, e, ev.line,
					     ev.column,
					     "expected a class name");
		if (scalar_is(&ev, "include")) {
			if (read_includes(doc, &ev, e) < 0)
				return -1;
			continue;
		}
		if (scalar_is(&ev, "parameters")) {
			if (read_parameters(doc, &ev, e) < 0)
				return -1;
			continue;
		}
		memset(&key, 0, sizeof(key));
		key.text = ev.value;
		key.len = ev.len;
		key.line = ev.line;
		key.column = ev.column;
		table = fixtures_compile_table(ev.value, ev.len);
		if (table < 0)
			return fixtures_compile_unknown_class(f, doc->file,
							      &key, e);
		if (doc->classes_seen & (1u << table))
			return fixtures_fail(
				f, doc->file, e, ev.line, ev.column,
				"class '%s' appears twice", ev.value);
		doc->classes_seen |= 1u << table;
		if (read_class(doc, table, e) < 0)
			return -1;
	}
end:
	if (next(doc, &ev, e) < 0)
		return -1;
	if (ev.kind == YR_DOC_END && next(doc, &ev, e) < 0)
		return -1;
	if (ev.kind != YR_STREAM_END)
		return fixtures_fail(
			f, doc->file, e, ev.line, ev.column,
			"only one YAML document per file is supported");
	return 0;
}

static int add_file_name(struct fixtures *f, const char *path, uint16_t *id,
			 struct err *e)
{
	char *copy = strdup(path);
	size_t n = f->files.len / sizeof(char *);

	if (n >= LIMIT_FIXTURE_FILES) {
		free(copy);
		return err_set(e, ERR_LIMIT, "more than %d fixture files",
			       LIMIT_FIXTURE_FILES);
	}
	if (!copy || buf_add(&f->files, &copy, sizeof(copy)) != BUF_OK) {
		free(copy);
		return fixtures_no_memory(e);
	}
	*id = (uint16_t)n;
	return 0;
}

/* Has this file been read already (an include seen twice)? */
static int seen_before(struct fixtures *f, const char *path, bool *seen,
		       struct err *e)
{
	char *real = realpath(path, NULL);
	size_t i, n = f->realpaths.len / sizeof(char *);

	*seen = false;
	if (!real)
		return 0; /* opening it will report the problem */
	for (i = 0; i < n; i++)
		if (strcmp(((char **)(void *)f->realpaths.data)[i], real) ==
		    0) {
			*seen = true;
			free(real);
			return 0;
		}
	if (buf_add(&f->realpaths, &real, sizeof(real)) != BUF_OK) {
		free(real);
		return fixtures_no_memory(e);
	}
	return 0;
}

static int load_file(struct fixtures *f, const char *path, const char *data,
		     size_t len, int depth, struct err *e)
{
	struct doc doc;
	struct stat st;
	struct yamlread *outer = f->reading;
	char *dir = NULL, *slash;
	bool seen = false, threaded;
	int rc;

	memset(&doc, 0, sizeof(doc));
	if (!data && strcmp(path, "-") != 0 &&
	    seen_before(f, path, &seen, e) < 0)
		return -1;
	if (seen)
		return 0;
	if (add_file_name(f, path, &doc.file, e) < 0)
		return -1;
	threaded = f->o.threads && !data &&
		   (strcmp(path, "-") == 0 ||
		    (stat(path, &st) == 0 && st.st_size > THREAD_THRESHOLD));
	doc.r = data ? yamlread_open_buffer(data, len, false, e)
		     : yamlread_open_file(path, threaded, e);
	if (!doc.r)
		return -1;
	f->reading = doc.r;
	doc.f = f;
	doc.depth = depth;
	dir = strdup(path);
	if (!dir) {
		rc = fixtures_no_memory(e);
		goto out;
	}
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
	doc.dir = dir;
	arena_init(&doc.anchors, LIMIT_FIXTURE_DEF_BYTES * 4);
	buf_init(&doc.anchor_list, LIMIT_FIXTURE_DEF_BYTES);
	rc = read_document(&doc, e);
	arena_release(&doc.anchors);
	buf_release(&doc.anchor_list);
out:
	if (depth == 0)
		f->bytes_done += yamlread_consumed(doc.r);
	yamlread_free(doc.r);
	f->reading = outer;
	free(dir);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Pass 2 */

static int run_spool(struct fixtures *f, struct err *e)
{
	struct fixtures_spool_reader rd;
	struct def d;
	int rc = 0, got = 0;

	if (!f->spool.count)
		return 0;
	f->pass2 = true;
	report_progress(f);
	if (fixtures_spool_open(&f->spool, &rd, e) < 0)
		return -1;
	while (rc == 0 &&
	       (got = fixtures_spool_next(&rd, &f->defa, &d, e)) > 0) {
		rc = process_def(f, &d, e);
		arena_reset(&f->defa);
	}
	fixtures_spool_close(&rd);
	return rc < 0 || got < 0 ? -1 : 0;
}

int fixtures_run(struct fixtures *f, struct err *e)
{
	size_t i, n = f->inputs.len / sizeof(struct input);

	for (i = 0; i < n; i++) {
		const struct input *in =
			&((struct input *)(void *)f->inputs.data)[i];

		if (load_file(f, in->path, in->data, in->len, 0, e) < 0)
			return -1;
		report_progress(f);
	}
	if (run_spool(f, e) < 0)
		return -1;
	report_progress(f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Into the database */

struct db_sink {
	struct db_loader *loader;
	struct fixtures *f;
};

static int64_t sink_last_id(void *ctx, int table)
{
	return db_loader_last_id(((struct db_sink *)ctx)->loader, table);
}

static int sink_row(void *ctx, const struct fixtures_row *row, struct err *e)
{
	struct db_sink *s = ctx;

	if (db_loader_row(s->loader, row->table, row->id, row->values,
			  row->replace, row->tag, e) < 0) {
		/* The refused row may be an earlier one of the batch. */
		fixtures_locate(s->f, db_loader_failed_tag(s->loader), e);
		return -1;
	}
	return 0;
}

int fixtures_load(struct db *db, enum db_purge purge,
		  const struct fixtures_options *o, const char *const *paths,
		  int npaths, struct fixtures_report *report, struct err *e)
{
	struct db_sink s = { NULL, NULL };
	struct fixtures_sink sink = { sink_last_id, sink_row, &s };
	int i, t, rc = 0;

	memset(report, 0, sizeof(*report));
	s.loader = db_loader_new(db, purge, e);
	if (!s.loader)
		return -1;
	s.f = fixtures_new(o, &sink, e);
	if (!s.f) {
		db_loader_free(s.loader);
		return -1;
	}
	for (i = 0; rc == 0 && i < npaths; i++)
		rc = fixtures_add_path(s.f, paths[i], e);
	if (rc == 0)
		rc = fixtures_run(s.f, e);
	if (rc == 0) {
		rc = db_loader_commit(s.loader, e);
		if (rc < 0 && e && e->cls == ERR_DATA)
			fixtures_locate(s.f, db_loader_failed_tag(s.loader), e);
	}
	for (t = 0; t < DB_NTABLES; t++) {
		report->rows[t] = fixtures_rows(s.f, t);
		report->total += report->rows[t];
	}
	if (rc < 0 && fixtures_error_file(s.f))
		snprintf(report->where, sizeof(report->where), "%s",
			 fixtures_error_file(s.f));
	fixtures_free(s.f);
	db_loader_free(s.loader);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Versions, for --version */

const char *fixtures_versions(void)
{
	static char text[96];

	snprintf(text, sizeof(text), "%s, %s", yamlread_version(),
		 db_versions());
	return text;
}

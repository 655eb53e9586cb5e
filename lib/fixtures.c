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
 *
 * This file is the driver: inputs and the life cycle, pass 1 (register a
 * definition, then generate or spool it), pass 2, and loading into the
 * database. The stages are beside it, each readable on its own:
 *
 *   fixtures_yaml.c     reading files into definitions
 *   fixtures_ids.c      fixture ids and the registry of every id
 *   fixtures_compile.c  definitions into expressions bound to columns
 *   fixtures_gen.c      expressions into rows for the sink
 *   fixtures_spool.c    definitions that wait for pass 2
 *   fixtures_export.c   the database back into a fixture file
 *
 * fixtures_int.h declares what they share.
 */
#include "compat.h"

#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "faker.h"
#include "fixtures.h"
#include "fixtures_int.h"
#include "yamlread.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct template
{
	struct def *def;
};

struct input {
	char *path;	  /* display name */
	const char *data; /* or NULL to read path */
	size_t len;
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
	copy->body = d->body ? fixtures_yaml_copy(&f->state, d->body, 0) : NULL;
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
	return fixtures_gen_rows(f, d, &c, e);
}

int fixtures_take(struct fixtures *f, uint16_t file, int depth, int table,
		  const struct vnode *key, struct vnode *body, struct err *e)
{
	struct def d;
	bool skip = false;
	int rc;

	memset(&d, 0, sizeof(d));
	d.table = table;
	d.file = file;
	d.line = key->line;
	d.column = key->column;
	d.depth = depth;
	d.serial = ++f->serial;
	if (body && fixtures_is_null(body))
		body = NULL;
	d.body = body;
	if (body && body->kind != V_MAP)
		return fixtures_fail(
			f, file, e, body->line, body->column,
			"expected the properties of '%s' (a mapping)",
			key->text);
	if (fixtures_ids_parse(f, &d, file, key->text, key->len, &f->defa, e) <
		    0 ||
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
/* Progress */

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

void fixtures_report_progress(struct fixtures *f)
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
	fixtures_report_progress(f);
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

		if (fixtures_yaml_load(f, in->path, in->data, in->len, 0, e) <
		    0)
			return -1;
		fixtures_report_progress(f);
	}
	if (run_spool(f, e) < 0)
		return -1;
	fixtures_report_progress(f);
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

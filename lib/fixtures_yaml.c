/*
 * fixtures_yaml: fixture files, read one event at a time.
 *
 * A file (YAML or JSON, through yamlread) is a mapping of classes, each a
 * mapping of fixture ids to bodies, with "include" and "parameters" at
 * the top. Bodies are built into small trees of vnodes (anchors, aliases
 * and merge keys resolved) in the definition arena, one fixture at a
 * time, and handed to the loader; nothing of a file is kept once it is
 * read. Includes are read where they appear, deeper files losing to the
 * files that include them.
 *
 * It is separate from the loader because it is the part that knows YAML;
 * what a fixture means is decided elsewhere.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "compat.h"

#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "db.h"
#include "fixtures_int.h"
#include "yamlread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Files larger than this are parsed on a second thread. */
#define THREAD_THRESHOLD (1024 * 1024)

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

struct vnode *fixtures_yaml_copy(struct arena *a, const struct vnode *v,
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
			if (!(c->kids[i] = fixtures_yaml_copy(a, v->kids[i],
							      depth + 1)))
				return NULL;
	}
	return c;
}

static int remember_anchor(struct doc *d, const char *name,
			   const struct vnode *v, struct err *e)
{
	struct anchor an;

	an.name = arena_strndup(&d->anchors, name, strlen(name));
	an.node = fixtures_yaml_copy(&d->anchors, v, 0);
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
		v = fixtures_yaml_copy(a, target, 0);
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
/* Reading a document */

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
		rc = fixtures_yaml_load(f, places[i].path, NULL, 0,
					doc->depth + 1, &saved);
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
		rc = fixtures_take(doc->f, doc->file, doc->depth, table, key,
				   body, e);
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

int fixtures_yaml_load(struct fixtures *f, const char *path, const char *data,
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

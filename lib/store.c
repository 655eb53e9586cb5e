/*
 * store: prepared statements on the winestore tables and the outbox.
 * Every value reaches SQLite through sqlite3_bind_*; the only SQL built
 * at run time joins fixed fragments chosen by the query's shape.
 */
#include "compat.h"

#include "store.h"

#include "db.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CACHE_SLOTS 24

struct cached {
	char *sql;
	sqlite3_stmt *st;
	unsigned long used;
};

struct store {
	sqlite3 *db;
	char *path;
	struct cached cache[CACHE_SLOTS];
	unsigned long clock;
	int64_t data_version;
};

static int db_error(struct store *s, struct err *e, const char *what)
{
	return err_set(e, ERR_RUNTIME, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* A statement for sql, prepared once and reset for reuse. */
static sqlite3_stmt *stmt(struct store *s, const char *sql, struct err *e)
{
	struct cached *slot = NULL;
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		struct cached *c = &s->cache[i];

		if (c->sql && !strcmp(c->sql, sql)) {
			c->used = ++s->clock;
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return c->st;
		}
		if (!slot || !c->sql || (slot->sql && c->used < slot->used))
			slot = c;
	}
	if (slot->sql) {
		sqlite3_finalize(slot->st);
		free(slot->sql);
		slot->sql = NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &slot->st, NULL) != SQLITE_OK) {
		db_error(s, e, "prepare");
		slot->st = NULL;
		return NULL;
	}
	slot->sql = strdup(sql);
	if (!slot->sql) {
		sqlite3_finalize(slot->st);
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	slot->used = ++s->clock;
	return slot->st;
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (!t)
		return NULL;
	return strdup((const char *)t);
}

static int exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_RUNTIME, "%s", msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_resolve_url(const char *url, struct buf *out, struct err *e)
{
	return db_resolve_path(url, out, e);
}

static const char outbox_sql[] =
	"CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, topic TEXT NOT NULL, data TEXT NOT NULL, event_id TEXT NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)";

struct store *store_open(const char *url, struct err *e)
{
	struct store *s = NULL;
	struct db *d;
	int rc;

	/* wine-db owns the schema: its checks and its messages. */
	d = db_open(url, 0, e);
	if (!d || db_require_current(d, e) < 0)
		goto fail;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = strdup(db_path(d)))) {
		err_set(e, ERR_RUNTIME, "out of memory");
		goto fail;
	}
	db_free(d);
	d = NULL;
	rc = sqlite3_open_v2(s->path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_NOINPUT, "cannot open database '%s': %s",
			s->path,
			s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (exec(s,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON",
		 e) < 0 ||
	    exec(s, outbox_sql, e) < 0) {
		err_prefix(e, "'%s'", s->path);
		goto fail;
	}
	if (store_changed(s) < 0) {
		err_set(e, ERR_RUNTIME, "'%s': cannot read the data version",
			s->path);
		goto fail;
	}
	return s;
fail:
	db_free(d);
	store_free(s);
	return NULL;
}

void store_free(struct store *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < CACHE_SLOTS; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int store_changed(struct store *s)
{
	sqlite3_stmt *st = stmt(s, "PRAGMA data_version", NULL);
	int64_t v;

	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (v == s->data_version)
		return 0;
	s->data_version = v;
	return 1;
}

/* ---- reads ------------------------------------------------------------ */

void store_comment_release(struct store_comment *c)
{
	free(c->text);
	free(c->created_at);
	memset(c, 0, sizeof(*c));
}

void store_media_release(struct store_media *m)
{
	free(m->file_path);
	memset(m, 0, sizeof(*m));
}

void store_wine_release(struct store_wine *w)
{
	size_t i;

	free(w->name);
	free(w->description);
	free(w->image_path);
	for (i = 0; i < w->ncomments; i++)
		store_comment_release(&w->comments[i]);
	free(w->comments);
	memset(w, 0, sizeof(*w));
}

#define WINE_COLS \
 "w.id, w.name, w.description, w.stock, w.price, w.image_id, m.file_path"
#define WINE_FROM " FROM wine w LEFT JOIN media_object m ON m.id = w.image_id"

static int read_wine_row(sqlite3_stmt *st, struct store_wine *w, struct err *e)
{
	memset(w, 0, sizeof(*w));
	w->id = sqlite3_column_int64(st, 0);
	w->name = col_text(st, 1);
	w->description = col_text(st, 2);
	w->stock = sqlite3_column_int64(st, 3);
	w->price = sqlite3_column_double(st, 4);
	w->image_id = sqlite3_column_int64(st, 5);
	w->image_path = col_text(st, 6);
	if ((!w->name && sqlite3_column_type(st, 1) != SQLITE_NULL) ||
	    (!w->description && sqlite3_column_type(st, 2) != SQLITE_NULL))
		return err_set(e, ERR_RUNTIME, "out of memory");
	return 0;
}

static int read_comment_row(sqlite3_stmt *st, struct store_comment *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->text = col_text(st, 1);
	c->created_at = col_text(st, 2);
	c->wine_id = sqlite3_column_int64(st, 3);
	return 0;
}

/* The comments of wines[0..n), each in id order, with one query. */
static int load_comments(struct store *s, struct store_wine *wines, size_t n,
			 struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (n == 1) {
		st = stmt(
			s,
			"SELECT id, text, created_at, wine_id FROM comment WHERE wine_id = ?1 ORDER BY id",
			e);
	} else {
		st = stmt(
			s,
			"SELECT id, text, created_at, wine_id FROM comment WHERE wine_id BETWEEN ?1 AND ?2 ORDER BY wine_id, id",
			e);
	}
	if (!st)
		return -1;
	if (n == 0)
		return 0;
	/* A page's ids span a range; rows of other wines are skipped. */
	{
		int64_t lo = wines[0].id, hi = wines[0].id;

		for (i = 1; i < n; i++) {
			lo = wines[i].id < lo ? wines[i].id : lo;
			hi = wines[i].id > hi ? wines[i].id : hi;
		}
		sqlite3_bind_int64(st, 1, lo);
		if (n > 1)
			sqlite3_bind_int64(st, 2, hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t wid = sqlite3_column_int64(st, 3);
		struct store_wine *w = NULL;
		struct store_comment *grown;

		for (i = 0; i < n && !w; i++)
			if (wines[i].id == wid)
				w = &wines[i];
		if (!w)
			continue;
		grown = realloc(w->comments,
				(w->ncomments + 1) * sizeof(*w->comments));
		if (!grown) {
			sqlite3_reset(st);
			return err_set(e, ERR_RUNTIME, "out of memory");
		}
		w->comments = grown;
		read_comment_row(st, &w->comments[w->ncomments++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, e, "comments");
}

int store_wine_get(struct store *s, int64_t id, struct store_wine *w,
		   struct err *e)
{
	sqlite3_stmt *st =
		stmt(s, "SELECT " WINE_COLS WINE_FROM " WHERE w.id = ?1", e);
	int rc;

	memset(w, 0, sizeof(*w));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_error(s, e, "wine");
	rc = read_wine_row(st, w, e);
	sqlite3_reset(st);
	if (rc == 0)
		rc = load_comments(s, w, 1, e);
	if (rc < 0) {
		store_wine_release(w);
		return -1;
	}
	return 1;
}

int store_comment_get(struct store *s, int64_t id, struct store_comment *c,
		      struct err *e)
{
	sqlite3_stmt *st = stmt(
		s,
		"SELECT id, text, created_at, wine_id FROM comment WHERE id = ?1",
		e);
	int rc;

	memset(c, 0, sizeof(*c));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_comment_row(st, c);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, e, "comment");
	return rc == SQLITE_ROW;
}

int store_media_get(struct store *s, int64_t id, struct store_media *m,
		    struct err *e)
{
	sqlite3_stmt *st = stmt(
		s, "SELECT id, file_path FROM media_object WHERE id = ?1", e);
	int rc;

	memset(m, 0, sizeof(*m));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->file_path = col_text(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, e, "media object");
	return rc == SQLITE_ROW;
}

/* ---- collections ------------------------------------------------------ */

static const char *const field_sql[] = {
	[STORE_F_ID] = "id",
	[STORE_F_NAME] = "name",
	[STORE_F_DESCRIPTION] = "description",
	[STORE_F_STOCK] = "stock",
	[STORE_F_PRICE] = "price",
	[STORE_F_TEXT] = "text",
	[STORE_F_CREATED_AT] = "created_at",
};

/* Append the range's conditions on column col, binding in *bind order. */
static int add_range(struct buf *b, const char *col,
		     const struct store_range *r, int *nb)
{
	int rc = 0;

	if (r->has_gt)
		rc |= buf_printf(b, " AND %s > ?%d", col, ++*nb);
	if (r->has_gte)
		rc |= buf_printf(b, " AND %s >= ?%d", col, ++*nb);
	if (r->has_lt)
		rc |= buf_printf(b, " AND %s < ?%d", col, ++*nb);
	if (r->has_lte)
		rc |= buf_printf(b, " AND %s <= ?%d", col, ++*nb);
	return rc;
}

static void bind_range(sqlite3_stmt *st, const struct store_range *r, int *nb)
{
	if (r->has_gt)
		sqlite3_bind_double(st, ++*nb, r->gt);
	if (r->has_gte)
		sqlite3_bind_double(st, ++*nb, r->gte);
	if (r->has_lt)
		sqlite3_bind_double(st, ++*nb, r->lt);
	if (r->has_lte)
		sqlite3_bind_double(st, ++*nb, r->lte);
}

/* " WHERE ..." for q (placeholders only), and its binding. */
static int where_sql(struct buf *b, const struct store_query *q,
		     enum store_kind kind)
{
	int rc = buf_addstr(b, " WHERE 1"), nb = 0;
	size_t i;

	if (kind == STORE_WINE) {
		if (q->nname_partial) {
			rc |= buf_addstr(b, " AND (0");
			for (i = 0; i < q->nname_partial; i++)
				rc |= buf_printf(
					b, " OR instr(w.name, ?%d) > 0", ++nb);
			rc |= buf_addch(b, ')');
		}
		if (q->nname_exact) {
			rc |= buf_addstr(b, " AND w.name IN (");
			for (i = 0; i < q->nname_exact; i++)
				rc |= buf_printf(b, "%s?%d", i ? ", " : "",
						 ++nb);
			rc |= buf_addch(b, ')');
		}
		rc |= add_range(b, "w.stock", &q->stock, &nb);
		rc |= add_range(b, "w.price", &q->price, &nb);
	}
	if (kind == STORE_COMMENT && q->wine_id)
		rc |= buf_printf(b, " AND wine_id = ?%d", ++nb);
	return rc;
}

static int bind_where(sqlite3_stmt *st, const struct store_query *q,
		      enum store_kind kind)
{
	int nb = 0;
	size_t i;

	if (kind == STORE_WINE) {
		for (i = 0; i < q->nname_partial; i++)
			sqlite3_bind_text(st, ++nb, q->name_partial[i], -1,
					  SQLITE_STATIC);
		for (i = 0; i < q->nname_exact; i++)
			sqlite3_bind_text(st, ++nb, q->name_exact[i], -1,
					  SQLITE_STATIC);
		bind_range(st, &q->stock, &nb);
		bind_range(st, &q->price, &nb);
	}
	if (kind == STORE_COMMENT && q->wine_id)
		sqlite3_bind_int64(st, ++nb, q->wine_id);
	return nb;
}

static int count_rows(struct store *s, const char *from,
		      const struct store_query *q, enum store_kind kind,
		      int64_t *total, struct err *e)
{
	struct buf sql = BUF_INIT(4096);
	sqlite3_stmt *st;
	int rc = buf_printf(&sql, "SELECT count(*) %s", from);

	rc |= where_sql(&sql, q, kind);
	if (rc)
		return err_set(e, ERR_LIMIT, "query too complex");
	st = stmt(s, buf_cstr(&sql), e);
	buf_release(&sql);
	if (!st)
		return -1;
	bind_where(st, q, kind);
	rc = sqlite3_step(st);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_error(s, e, "count");
}

/* The page's statement, bound and ready to step. */
static sqlite3_stmt *page_stmt(struct store *s, const char *select,
			       const char *from, const char *alias,
			       const struct store_query *q,
			       enum store_kind kind, struct err *e)
{
	struct buf sql = BUF_INIT(4096);
	sqlite3_stmt *st;
	size_t i;
	int rc = buf_printf(&sql, "SELECT %s %s", select, from), nb;

	rc |= where_sql(&sql, q, kind);
	rc |= buf_addstr(&sql, " ORDER BY ");
	for (i = 0; i < q->norder; i++)
		rc |= buf_printf(&sql, "%s%s%s %s, ", alias,
				 field_sql[q->order[i].field], "",
				 q->order[i].desc ? "DESC" : "ASC");
	rc |= buf_printf(&sql, "%sid ASC LIMIT ? OFFSET ?", alias);
	if (rc) {
		err_set(e, ERR_LIMIT, "query too complex");
		buf_release(&sql);
		return NULL;
	}
	st = stmt(s, buf_cstr(&sql), e);
	buf_release(&sql);
	if (!st)
		return NULL;
	nb = bind_where(st, q, kind);
	sqlite3_bind_int64(st, nb + 1, q->limit);
	sqlite3_bind_int64(st, nb + 2, q->offset);
	return st;
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	void *np;

	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 32;
	np = realloc(p, *cap * size);
	if (!np)
		free(p);
	return np;
}

int store_wine_list(struct store *s, const struct store_query *q,
		    struct store_wine **items, size_t *n, int64_t *total,
		    struct err *e)
{
	struct store_wine *w = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc;

	*items = NULL;
	*n = 0;
	if (count_rows(s, "FROM wine w", q, STORE_WINE, total, e) < 0)
		return -1;
	st = page_stmt(s, WINE_COLS, WINE_FROM, "w.", q, STORE_WINE, e);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		w = grow(w, &cap, *n, sizeof(*w));
		if (!w) {
			*n = 0;
			rc = SQLITE_NOMEM;
			break;
		}
		if (read_wine_row(st, &w[(*n)++], e) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	*items = w;
	if (rc != SQLITE_DONE) {
		store_wine_list_free(w, *n);
		*items = NULL;
		*n = 0;
		return db_error(s, e, "wines");
	}
	if (load_comments(s, w, *n, e) < 0) {
		store_wine_list_free(w, *n);
		*items = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int store_comment_list(struct store *s, const struct store_query *q,
		       struct store_comment **items, size_t *n, int64_t *total,
		       struct err *e)
{
	struct store_comment *c = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc;

	*items = NULL;
	*n = 0;
	if (count_rows(s, "FROM comment", q, STORE_COMMENT, total, e) < 0)
		return -1;
	st = page_stmt(s, "id, text, created_at, wine_id", "FROM comment", "",
		       q, STORE_COMMENT, e);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c = grow(c, &cap, *n, sizeof(*c));
		if (!c) {
			*n = 0;
			rc = SQLITE_NOMEM;
			break;
		}
		read_comment_row(st, &c[(*n)++]);
	}
	sqlite3_reset(st);
	*items = c;
	if (rc != SQLITE_DONE) {
		store_comment_list_free(c, *n);
		*items = NULL;
		*n = 0;
		return db_error(s, e, "comments");
	}
	return 0;
}

int store_media_list(struct store *s, const struct store_query *q,
		     struct store_media **items, size_t *n, int64_t *total,
		     struct err *e)
{
	struct store_media *m = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc;

	*items = NULL;
	*n = 0;
	if (count_rows(s, "FROM media_object", q, STORE_MEDIA, total, e) < 0)
		return -1;
	st = page_stmt(s, "id, file_path", "FROM media_object", "", q,
		       STORE_MEDIA, e);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = grow(m, &cap, *n, sizeof(*m));
		if (!m) {
			*n = 0;
			rc = SQLITE_NOMEM;
			break;
		}
		m[*n].id = sqlite3_column_int64(st, 0);
		m[*n].file_path = col_text(st, 1);
		(*n)++;
	}
	sqlite3_reset(st);
	*items = m;
	if (rc != SQLITE_DONE) {
		store_media_list_free(m, *n);
		*items = NULL;
		*n = 0;
		return db_error(s, e, "media objects");
	}
	return 0;
}

void store_wine_list_free(struct store_wine *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_wine_release(&items[i]);
	free(items);
}

void store_comment_list_free(struct store_comment *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_comment_release(&items[i]);
	free(items);
}

void store_media_list_free(struct store_media *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_media_release(&items[i]);
	free(items);
}

static const char *const table_sql[] = {
	[STORE_WINE] = "wine",
	[STORE_COMMENT] = "comment",
	[STORE_MEDIA] = "media_object",
};

int store_exists(struct store *s, enum store_kind kind, int64_t id,
		 struct err *e)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE id = ?1",
		 table_sql[kind]);
	st = stmt(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, e, "exists");
	return rc == SQLITE_ROW;
}

/* ---- writes ----------------------------------------------------------- */

int store_begin(struct store *s, struct err *e)
{
	sqlite3_stmt *st = stmt(s, "BEGIN IMMEDIATE", e);

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, e, "begin");
	return 0;
}

int store_commit(struct store *s, struct err *e)
{
	sqlite3_stmt *st = stmt(s, "COMMIT", e);

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(s, e, "commit");
		store_rollback(s);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Step a write; SQLite's constraint errors are the caller's data. */
static int step_write(struct store *s, sqlite3_stmt *st, const char *what,
		      struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_DATA, "%s: %s", what,
			       sqlite3_errmsg(s->db));
	return db_error(s, e, what);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int store_wine_save(struct store *s, struct store_wine *w, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (w->id)
		st = stmt(
			s,
			"UPDATE wine SET name = ?1, description = ?2, stock = ?3, price = ?4, image_id = ?5 WHERE id = ?6",
			e);
	else
		st = stmt(
			s,
			"INSERT INTO wine (name, description, stock, price, image_id) VALUES (?1, ?2, ?3, ?4, ?5)",
			e);
	if (!st)
		return -1;
	bind_text_or_null(st, 1, w->name);
	bind_text_or_null(st, 2, w->description);
	sqlite3_bind_int64(st, 3, w->stock);
	sqlite3_bind_double(st, 4, w->price);
	if (w->image_id)
		sqlite3_bind_int64(st, 5, w->image_id);
	else
		sqlite3_bind_null(st, 5);
	if (w->id)
		sqlite3_bind_int64(st, 6, w->id);
	rc = step_write(s, st, "wine", e);
	if (rc == 0 && !w->id)
		w->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_comment_save(struct store *s, struct store_comment *c, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (c->id)
		st = stmt(
			s,
			"UPDATE comment SET text = ?1, created_at = ?2, wine_id = ?3 WHERE id = ?4",
			e);
	else
		st = stmt(
			s,
			"INSERT INTO comment (text, created_at, wine_id) VALUES (?1, ?2, ?3)",
			e);
	if (!st)
		return -1;
	bind_text_or_null(st, 1, c->text);
	bind_text_or_null(st, 2, c->created_at);
	sqlite3_bind_int64(st, 3, c->wine_id);
	if (c->id)
		sqlite3_bind_int64(st, 4, c->id);
	rc = step_write(s, st, "comment", e);
	if (rc == 0 && !c->id)
		c->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_media_save(struct store *s, struct store_media *m, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (m->id)
		st = stmt(
			s,
			"UPDATE media_object SET file_path = ?1 WHERE id = ?2",
			e);
	else
		st = stmt(s, "INSERT INTO media_object (file_path) VALUES (?1)",
			  e);
	if (!st)
		return -1;
	bind_text_or_null(st, 1, m->file_path);
	if (m->id)
		sqlite3_bind_int64(st, 2, m->id);
	rc = step_write(s, st, "media object", e);
	if (rc == 0 && !m->id)
		m->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_delete(struct store *s, enum store_kind kind, int64_t id,
		 struct err *e)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc;

	/* Comments first: the schema may not cascade (a Doctrine-made
	 * file relies on the ORM's orphanRemoval). */
	if (kind == STORE_WINE) {
		st = stmt(s, "DELETE FROM comment WHERE wine_id = ?1", e);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (step_write(s, st, "comments", e) < 0)
			return -1;
	}
	if (kind == STORE_MEDIA) {
		st = stmt(s,
			  "UPDATE wine SET image_id = NULL WHERE image_id = ?1",
			  e);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (step_write(s, st, "wines", e) < 0)
			return -1;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?1",
		 table_sql[kind]);
	st = stmt(s, sql, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = step_write(s, st, table_sql[kind], e);
	if (rc < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_wines_with_image(struct store *s, int64_t media_id, int64_t *ids,
			   int max, struct err *e)
{
	sqlite3_stmt *st = stmt(
		s, "SELECT id FROM wine WHERE image_id = ?1 ORDER BY id", e);
	int n = 0, rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, media_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, e, "wines");
	return n;
}

/* ---- the outbox ------------------------------------------------------- */

int store_outbox_add(struct store *s, const char *topic, const char *data,
		     size_t len, const char *event_id, struct err *e)
{
	sqlite3_stmt *st = stmt(
		s,
		"INSERT INTO outbox (topic, data, event_id) VALUES (?1, ?2, ?3)",
		e);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, data, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, event_id, -1, SQLITE_STATIC);
	return step_write(s, st, "outbox", e);
}

void store_outbox_row_release(struct store_outbox_row *r)
{
	free(r->topic);
	free(r->data);
	free(r->event_id);
	memset(r, 0, sizeof(*r));
}

int store_outbox_fetch(struct store *s, int64_t after,
		       struct store_outbox_row *rows, int max, struct err *e)
{
	sqlite3_stmt *st = stmt(
		s,
		"SELECT seq, topic, data, event_id FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
		e);
	int n = 0, rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_outbox_row *r = &rows[n];

		r->seq = sqlite3_column_int64(st, 0);
		r->topic = col_text(st, 1);
		r->data = col_text(st, 2);
		r->len = (size_t)sqlite3_column_bytes(st, 2);
		r->event_id = col_text(st, 3);
		n++;
		if (!r->topic || !r->data || !r->event_id) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		while (n > 0)
			store_outbox_row_release(&rows[--n]);
		return db_error(s, e, "outbox");
	}
	return n;
}

int store_outbox_done(struct store *s, int64_t seq, struct err *e)
{
	sqlite3_stmt *st = stmt(s, "DELETE FROM outbox WHERE seq <= ?1", e);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	return step_write(s, st, "outbox", e);
}

int64_t store_outbox_pending(struct store *s, struct err *e)
{
	sqlite3_stmt *st = stmt(s, "SELECT count(*) FROM outbox", e);
	int64_t n = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		db_error(s, e, "outbox");
	sqlite3_reset(st);
	return n;
}

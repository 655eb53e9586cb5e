/*
 * db: the winestore schema on SQLite, its migrations, bulk loading and
 * reading back.
 *
 * The DDL is what Doctrine's SqlitePlatform emits for the original
 * entities, including its constraint names (FK_/IDX_ followed by the hex
 * CRC-32 of the table and column names), so a database created by
 * `doctrine:schema:create` can be adopted as version 1. The one addition
 * is ON DELETE CASCADE on comment.wine_id: a wine's comments go with it.
 */
#include "compat.h"

#include "db.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Metadata */

static const struct db_column media_object_columns[] = {
	{ "file_path", "filePath", DB_TEXT, -1, true, 255 },
};

static const struct db_column wine_columns[] = {
	{ "image_id", "image", DB_REF, DB_MEDIA_OBJECT, true, 0 },
	{ "name", "name", DB_TEXT, -1, false, 255 },
	{ "description", "description", DB_TEXT, -1, false, 255 },
	{ "stock", "stock", DB_INT, -1, false, 0 },
	{ "price", "price", DB_FLOAT, -1, false, 0 },
};

static const struct db_column comment_columns[] = {
	{ "wine_id", "wine", DB_REF, DB_WINE, false, 0 },
	{ "text", "text", DB_TEXT, -1, false, 255 },
	{ "created_at", "createdAt", DB_DATETIME, -1, false, 0 },
};

static const struct db_unmapped media_object_unmapped[] = {
	{ "contentUrl", NULL }, /* public, filled by the API, not stored */
	{ "file", NULL },	/* the upload itself, not stored */
	{ NULL, NULL },
};

static const struct db_unmapped wine_unmapped[] = {
	{ "comments",
	  "it is the inverse side of Comment::wine; set 'wine' on each comment instead" },
	{ NULL, NULL },
};

static const struct db_unmapped comment_unmapped[] = { { NULL, NULL } };

static const struct db_table tables[DB_NTABLES] = {
	{ "media_object", "App\\Entity\\MediaObject", media_object_columns,
	  WS_ARRAY_LEN(media_object_columns), media_object_unmapped },
	{ "wine", "App\\Entity\\Wine", wine_columns, WS_ARRAY_LEN(wine_columns),
	  wine_unmapped },
	{ "comment", "App\\Entity\\Comment", comment_columns,
	  WS_ARRAY_LEN(comment_columns), comment_unmapped },
};

const struct db_table *db_table(int i)
{
	return i >= 0 && i < DB_NTABLES ? &tables[i] : NULL;
}

/* ------------------------------------------------------------------ */
/* Migrations: migration[k] takes the schema from version k to k + 1. */

static const char *const migration_1[] = {
	"CREATE TABLE media_object (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, file_path VARCHAR(255) DEFAULT NULL)",
	"CREATE TABLE wine (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, image_id INTEGER DEFAULT NULL, name VARCHAR(255) NOT NULL, description VARCHAR(255) NOT NULL, stock INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL, CONSTRAINT FK_560C64683DA5256D FOREIGN KEY (image_id) REFERENCES media_object (id) NOT DEFERRABLE INITIALLY IMMEDIATE)",
	"CREATE INDEX IDX_560C64683DA5256D ON wine (image_id)",
	"CREATE TABLE comment (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, wine_id INTEGER NOT NULL, text VARCHAR(255) NOT NULL, created_at DATETIME NOT NULL, CONSTRAINT FK_9474526C28A2BD76 FOREIGN KEY (wine_id) REFERENCES wine (id) ON DELETE CASCADE NOT DEFERRABLE INITIALLY IMMEDIATE)",
	"CREATE INDEX IDX_9474526C28A2BD76 ON comment (wine_id)",
	NULL,
};

static const char *const *const migrations[] = { migration_1 };

static const char *const drop_sql[] = {
	"DROP TABLE IF EXISTS comment",
	"DROP TABLE IF EXISTS wine",
	"DROP TABLE IF EXISTS media_object",
	NULL,
};

int db_schema_latest(void)
{
	return (int)WS_ARRAY_LEN(migrations);
}

/* ------------------------------------------------------------------ */
/* Connections */

struct db {
	sqlite3 *h;
	char *path;
};

const char *db_versions(void)
{
	static char text[64];

	snprintf(text, sizeof(text), "sqlite %s", sqlite3_libversion());
	return text;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

static int sql_error(struct db *db, struct err *e, const char *what)
{
	return err_set(e, ERR_RUNTIME, "%s in '%s': %s", what, db->path,
		       sqlite3_errmsg(db->h));
}

static int exec(struct db *db, const char *sql, struct err *e)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sql_error(db, e, "database error");
	return 0;
}

static int add_decoded(struct buf *out, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned hi, lo;

		if (p[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)p[i + 1]) &&
		    isxdigit((unsigned char)p[i + 2]) &&
		    sscanf(p + i + 1, "%1x%1x", &hi, &lo) == 2) {
			if (buf_addch(out, (char)(hi * 16 + lo)) != BUF_OK)
				return -1;
			i += 2;
		} else if (buf_addch(out, p[i]) != BUF_OK) {
			return -1;
		}
	}
	return 0;
}

int db_resolve_path(const char *url, struct buf *out, struct err *e)
{
	static const char project_dir[] = "%kernel.project_dir%";
	const char *scheme_end = strstr(url, "://"), *p, *q;
	size_t n;

	if (!*url)
		return err_set(e, ERR_USAGE, "empty database path");
	if (!scheme_end || strchr(url, '/') < scheme_end) {
		if (buf_addstr(out, url) != BUF_OK)
			goto too_long;
		return 0;
	}
	n = (size_t)(scheme_end - url);
	if (!(n == 6 && strncmp(url, "sqlite", 6) == 0) &&
	    !(n == 7 && strncmp(url, "sqlite3", 7) == 0))
		return err_set(
			e, ERR_USAGE,
			"unsupported database URL '%.*s://...' (only sqlite:/// is supported)",
			(int)n, url);
	/* Skip an authority ("sqlite://localhost/..."), keep the path. */
	p = strchr(scheme_end + 3, '/');
	if (!p || !p[1])
		return err_set(e, ERR_USAGE, "database URL '%s' has no path",
			       url);
	p++; /* Doctrine drops the path's leading slash for sqlite */
	q = p + strcspn(p, "?#");
	while (p < q) {
		const char *tok = strstr(p, project_dir);

		if (!tok || tok >= q) {
			if (add_decoded(out, p, (size_t)(q - p)) < 0)
				goto too_long;
			break;
		}
		if (add_decoded(out, p, (size_t)(tok - p)) < 0 ||
		    buf_addch(out, '.') != BUF_OK)
			goto too_long;
		p = tok + strlen(project_dir);
	}
	if (out->len == 0)
		return err_set(e, ERR_USAGE, "database URL '%s' has no path",
			       url);
	return 0;
too_long:
	return err_set(e, ERR_USAGE, "database path '%.60s...' is too long",
		       url);
}

static int make_parent(const char *path, struct err *e)
{
	char *dir = strdup(path), *slash;
	struct stat st;
	int rc = 0;

	if (!dir)
		return err_set(e, ERR_RUNTIME, "out of memory");
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (stat(dir, &st) < 0 && mkdir(dir, 0777) < 0)
			rc = err_set_errno(e, ERR_NOINPUT, errno,
					   "cannot create directory '%s'", dir);
	}
	free(dir);
	return rc;
}

struct db *db_open(const char *url, unsigned flags, struct err *e)
{
	struct buf path = BUF_INIT(4096);
	struct db *db = NULL;
	bool memory;
	struct stat st;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (db_resolve_path(url, &path, e) < 0)
		goto fail;
	memory = strcmp(buf_cstr(&path), ":memory:") == 0;
	if (!memory && stat(buf_cstr(&path), &st) < 0) {
		if (!(flags & DB_OPEN_CREATE)) {
			err_set_errno(e, ERR_NOINPUT, errno,
				      "cannot open database '%s'",
				      buf_cstr(&path));
			goto fail;
		}
		if (make_parent(buf_cstr(&path), e) < 0)
			goto fail;
	}
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	db = calloc(1, sizeof(*db));
	if (!db) {
		err_set(e, ERR_RUNTIME, "out of memory");
		goto fail;
	}
	db->path = buf_detach(&path, NULL);
	if (!db->path) {
		err_set(e, ERR_RUNTIME, "out of memory");
		goto fail;
	}
	if (sqlite3_open_v2(db->path, &db->h, oflags, NULL) != SQLITE_OK) {
		err_set(e, ERR_NOINPUT, "cannot open database '%s': %s",
			db->path,
			db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);
	/* A file that is not a database fails here, on first read. */
	if (exec(db, "PRAGMA foreign_keys = ON", e) < 0 ||
	    exec(db, "PRAGMA synchronous = NORMAL", e) < 0 ||
	    exec(db, "SELECT count(*) FROM sqlite_master", e) < 0) {
		err_set(e,
			(sqlite3_errcode(db->h) & 0xff) == SQLITE_BUSY
				? ERR_RUNTIME
				: ERR_DATA,
			"'%s' is not a usable database: %s", db->path,
			sqlite3_errmsg(db->h));
		goto fail;
	}
	/*
	 * Writers keep the file in WAL mode. Readers leave the mode alone:
	 * changing it needs the file to themselves, and a bulk load may be
	 * running with a rollback journal.
	 */
	if ((flags & DB_OPEN_CREATE) && !memory)
		sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL,
			     NULL);
	return db;
fail:
	buf_release(&path);
	db_free(db);
	return NULL;
}

void db_free(struct db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

/* ------------------------------------------------------------------ */
/* Schema */

static int query_int(struct db *db, const char *sql, int64_t *out,
		     struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, e, "database error");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = 0;
	} else {
		rc = sql_error(db, e, "database error");
	}
	sqlite3_finalize(st);
	return rc;
}

int db_status(struct db *db, struct db_status *st, struct err *e)
{
	int64_t v, n;

	if (query_int(db, "PRAGMA user_version", &v, e) < 0 ||
	    query_int(
		    db,
		    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('media_object', 'wine', 'comment')",
		    &n, e) < 0)
		return -1;
	st->version = (int)v;
	st->latest = db_schema_latest();
	st->has_tables = n > 0;
	return 0;
}

const char *db_status_word(const struct db_status *st)
{
	if (st->version == st->latest)
		return "up to date";
	if (st->version > st->latest)
		return "newer than this wine-db";
	return st->version == 0 && !st->has_tables ? "no schema"
						   : "update needed";
}

int db_require_current(struct db *db, struct err *e)
{
	struct db_status st;

	if (db_status(db, &st, e) < 0)
		return -1;
	if (st.version == st.latest)
		return 0;
	if (st.version > st.latest)
		return err_set(
			e, ERR_DATA,
			"database '%s' has schema version %d, newer than this wine-db knows (%d)",
			db->path, st.version, st.latest);
	if (st.version == 0 && !st.has_tables)
		return err_set(
			e, ERR_DATA,
			"database '%s' has no schema (run 'wine-db schema create')",
			db->path);
	return err_set(
		e, ERR_DATA,
		"database '%s' has schema version %d, not %d (run 'wine-db schema update')",
		db->path, st.version, st.latest);
}

static int set_version(struct db *db, int v, struct err *e)
{
	char sql[48];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	return exec(db, sql, e);
}

static int run_list(struct db *db, const char *const *sql, struct err *e)
{
	for (; *sql; sql++)
		if (exec(db, *sql, e) < 0)
			return -1;
	return 0;
}

/* Run migrations from..latest; inside the caller's transaction. */
static int migrate(struct db *db, int from, struct err *e)
{
	int v;

	for (v = from; v < db_schema_latest(); v++)
		if (run_list(db, migrations[v], e) < 0)
			return -1;
	return set_version(db, db_schema_latest(), e);
}

static int in_transaction(struct db *db,
			  int (*fn)(struct db *, void *, struct err *),
			  void *arg, struct err *e)
{
	if (exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	if (fn(db, arg, e) < 0) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return exec(db, "COMMIT", e);
}

static int do_create(struct db *db, void *arg, struct err *e)
{
	struct db_status st;

	(void)arg;
	if (db_status(db, &st, e) < 0)
		return -1;
	if (st.has_tables || st.version != 0)
		return err_set(
			e, ERR_RUNTIME,
			"database '%s' already has a schema (use 'schema update', or 'schema drop --force' first)",
			db->path);
	return migrate(db, 0, e);
}

int db_schema_create(struct db *db, struct err *e)
{
	return in_transaction(db, do_create, NULL, e);
}

static int do_drop(struct db *db, void *arg, struct err *e)
{
	(void)arg;
	if (run_list(db, drop_sql, e) < 0)
		return -1;
	return set_version(db, 0, e);
}

int db_schema_drop(struct db *db, struct err *e)
{
	/* Dropping a parent before its children needs the checks off. */
	int rc;

	if (exec(db, "PRAGMA foreign_keys = OFF", e) < 0)
		return -1;
	rc = in_transaction(db, do_drop, NULL, e);
	if (exec(db, "PRAGMA foreign_keys = ON", rc < 0 ? NULL : e) < 0)
		rc = -1;
	return rc;
}

/* Do the tables Doctrine made have exactly our columns? */
static int matches_doctrine(struct db *db, struct err *e)
{
	int t;

	for (t = 0; t < DB_NTABLES; t++) {
		char sql[128];
		sqlite3_stmt *st = NULL;
		size_t k = 0, found = 0;
		int rc;

		snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)",
			 tables[t].name);
		if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
			return sql_error(db, e, "database error");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *col =
				(const char *)sqlite3_column_text(st, 1);

			found++;
			if (strcmp(col, "id") == 0)
				continue;
			for (k = 0; k < tables[t].ncolumns; k++)
				if (strcmp(col, tables[t].columns[k].name) == 0)
					break;
			if (k == tables[t].ncolumns) {
				sqlite3_finalize(st);
				return err_set(
					e, ERR_DATA,
					"table '%s' in '%s' has an unknown column '%s'; cannot adopt it",
					tables[t].name, db->path, col);
			}
		}
		sqlite3_finalize(st);
		if (found != tables[t].ncolumns + 1)
			return err_set(
				e, ERR_DATA,
				"table '%s' in '%s' is missing or has other columns; cannot adopt it",
				tables[t].name, db->path);
	}
	return 0;
}

struct update_result {
	int from, to;
};

static int do_update(struct db *db, void *arg, struct err *e)
{
	struct update_result *r = arg;
	struct db_status st;

	if (db_status(db, &st, e) < 0)
		return -1;
	r->from = st.version;
	r->to = st.latest;
	if (st.version > st.latest)
		return db_require_current(db, e);
	if (st.version == 0 && st.has_tables) {
		if (matches_doctrine(db, e) < 0)
			return -1;
		/* Adopted as version 1; later migrations still apply. */
		if (db_schema_latest() > 1 && migrate(db, 1, e) < 0)
			return -1;
		return set_version(db, st.latest, e);
	}
	return st.version == st.latest ? 0 : migrate(db, st.version, e);
}

int db_schema_update(struct db *db, int *from, int *to, struct err *e)
{
	struct update_result r = { 0, 0 };
	int rc = in_transaction(db, do_update, &r, e);

	*from = r.from;
	*to = r.to;
	return rc;
}

static int add_sql(struct buf *out, const char *const *sql)
{
	for (; *sql; sql++)
		if (buf_printf(out, "%s;\n", *sql) != BUF_OK)
			return -1;
	return 0;
}

int db_schema_sql(struct db *db, const char *kind, struct buf *out,
		  struct err *e)
{
	struct db_status st = { 0, db_schema_latest(), false };
	int v, rc = 0;

	if (db && db_status(db, &st, e) < 0)
		return -1;
	if (strcmp(kind, "drop") == 0) {
		rc = add_sql(out, drop_sql);
		if (rc == 0 && buf_addstr(out, "PRAGMA user_version = 0;\n"))
			rc = -1;
	} else if (strcmp(kind, "create") == 0 || strcmp(kind, "update") == 0) {
		v = strcmp(kind, "create") == 0 ? 0 : st.version;
		if (v == 0 && st.has_tables && kind[0] == 'u')
			v = 1; /* adopting Doctrine's tables */
		for (; rc == 0 && v < st.latest; v++)
			rc = add_sql(out, migrations[v]);
		if (rc == 0 && (kind[0] == 'c' || st.version != st.latest) &&
		    buf_printf(out, "PRAGMA user_version = %d;\n", st.latest))
			rc = -1;
	} else {
		return err_set(e, ERR_USAGE, "unknown schema action '%s'",
			       kind);
	}
	if (rc < 0)
		return err_set(e, ERR_LIMIT, "schema SQL is too long");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Data */

static int purge(struct db *db, enum db_purge how, struct err *e)
{
	int t;

	for (t = DB_NTABLES - 1; t >= 0 && how != DB_PURGE_NONE; t--) {
		char sql[96];

		snprintf(sql, sizeof(sql), "DELETE FROM %s", tables[t].name);
		if (exec(db, sql, e) < 0)
			return -1;
	}
	if (how == DB_PURGE_TRUNCATE &&
	    exec(db,
		 "DELETE FROM sqlite_sequence WHERE name IN ('media_object', 'wine', 'comment')",
		 e) < 0)
		return -1;
	return 0;
}

static int do_purge(struct db *db, void *arg, struct err *e)
{
	if (db_require_current(db, e) < 0)
		return -1;
	return purge(db, *(enum db_purge *)arg, e);
}

int db_purge(struct db *db, enum db_purge how, struct err *e)
{
	return in_transaction(db, do_purge, &how, e);
}

int db_count(struct db *db, int table, int64_t *rows, struct err *e)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		 tables[table].name);
	return query_int(db, sql, rows, e);
}

int db_stats(struct db *db, bool json, struct buf *out, struct err *e)
{
	int t, rc = db_require_current(db, e);

	for (t = 0; rc == 0 && t < DB_NTABLES; t++) {
		int64_t n;

		rc = db_count(db, t, &n, e);
		if (rc == 0 &&
		    buf_printf(out, json ? "%s\"%s\": %lld" : "%s%s\t%lld\n",
			       json ? (t ? ", " : "{") : "", tables[t].name,
			       (long long)n) != BUF_OK)
			rc = err_set(e, ERR_LIMIT, "statistics are too long");
	}
	if (rc == 0 && json && buf_addstr(out, "}\n") != BUF_OK)
		rc = err_set(e, ERR_LIMIT, "statistics are too long");
	return rc;
}

/* ------------------------------------------------------------------ */
/* Bulk loading */

/*
 * Rows per INSERT statement. One statement per row spends most of its
 * time in the VDBE's per-statement work; 32 rows amortise it while the
 * bound values stay few (SQLite allows 32766).
 */
#define BATCH	    32
#define MAX_COLUMNS 8
/* Jobs in flight: they bound the memory a load holds for the writer. */
#define NJOBS (DB_NTABLES + 24)
/*
 * A thread waiting for the other is woken only once this many jobs are
 * ready for it (or at the end): waking it for every job cost a futex
 * round trip per 32 rows, more than a tenth of a bulk load.
 */
#define WAKE_AFTER 8

struct queued {
	int64_t id;
	uint64_t tag;
	struct db_value v[MAX_COLUMNS];
};

/*
 * Work for the writer thread: up to BATCH new rows of one table, one
 * replacement, or the order to stop. The strings of the rows live in
 * text (offsets until the job is handed over).
 */
struct job {
	int table;
	bool replace, stop;
	size_t n;
	struct queued rows[BATCH];
	struct buf text;
	struct job *next;
};

struct statements {
	sqlite3_stmt *one;  /* INSERT of one row */
	sqlite3_stmt *many; /* INSERT of BATCH rows */
	sqlite3_stmt *upd;  /* UPDATE ... WHERE id = ? */
};

/*
 * The caller fills jobs; a writer thread runs them through SQLite in
 * order, so the caller's work (parsing, generating) and SQLite's overlap
 * on two cores. Only the writer uses the connection until it is joined.
 */
struct db_loader {
	struct db *db;
	bool open;    /* the transaction is still ours to roll back */
	bool was_wal; /* the journal mode to restore */
	struct statements st[DB_NTABLES];
	int64_t last_id[DB_NTABLES];
	uint64_t loaded[DB_NTABLES]; /* the writer's, until joined */
	struct job jobs[NJOBS];
	struct job *filling[DB_NTABLES]; /* the caller's, per table */
	struct job *free_list, *queue_head, *queue_tail;
	int nqueued, nfree;  /* under lock, as the next two */
	bool writer_idle;    /* the writer waits for work */
	bool caller_waiting; /* the caller waits for a free job */
	pthread_t writer;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t work, room;
	bool failed;	  /* under lock, as the next two */
	struct err error; /* what the writer met */
	uint64_t failed_tag;
};

/* Over every table's columns, SQLite's limit on one statement holds. */
_Static_assert(BATCH * 6 < 999, "batch too large for bound parameters");

static bool journal_is(struct db *db, const char *mode)
{
	sqlite3_stmt *st = NULL;
	bool is = false;

	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		is = strcmp((const char *)sqlite3_column_text(st, 0), mode) ==
		     0;
	sqlite3_finalize(st);
	return is;
}

/* Switch the journal mode; false when SQLite kept the old one. */
static bool journal_set(struct db *db, const char *mode)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", mode);
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return journal_is(db, mode);
}

static int prepare_insert(struct db *db, int table, size_t rows,
			  sqlite3_stmt **st, struct err *e)
{
	const struct db_table *t = &tables[table];
	struct buf sql = BUF_INIT(64 * 1024);
	size_t r, k;
	int rc = 0;

	if (buf_printf(&sql, "INSERT INTO %s (id", t->name) != BUF_OK)
		rc = -1;
	for (k = 0; rc == 0 && k < t->ncolumns; k++)
		if (buf_printf(&sql, ", %s", t->columns[k].name) != BUF_OK)
			rc = -1;
	if (rc == 0 && buf_addstr(&sql, ") VALUES ") != BUF_OK)
		rc = -1;
	for (r = 0; rc == 0 && r < rows; r++) {
		if (buf_addstr(&sql, r ? ", (?" : "(?") != BUF_OK)
			rc = -1;
		for (k = 0; rc == 0 && k < t->ncolumns; k++)
			if (buf_addstr(&sql, ", ?") != BUF_OK)
				rc = -1;
		if (rc == 0 && buf_addch(&sql, ')') != BUF_OK)
			rc = -1;
	}
	if (rc < 0) {
		buf_release(&sql);
		return err_set(e, ERR_RUNTIME, "out of memory");
	}
	if (sqlite3_prepare_v3(db->h, buf_cstr(&sql), -1,
			       SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK)
		rc = sql_error(db, e, "database error");
	buf_release(&sql);
	return rc;
}

static int prepare_update(struct db *db, int table, sqlite3_stmt **st,
			  struct err *e)
{
	const struct db_table *t = &tables[table];
	struct buf sql = BUF_INIT(4096);
	size_t k;
	int rc = 0;

	if (buf_printf(&sql, "UPDATE %s SET ", t->name) != BUF_OK)
		rc = -1;
	for (k = 0; rc == 0 && k < t->ncolumns; k++)
		if (buf_printf(&sql, "%s%s = ?", k ? ", " : "",
			       t->columns[k].name) != BUF_OK)
			rc = -1;
	if (rc == 0 && buf_addstr(&sql, " WHERE id = ?") != BUF_OK)
		rc = -1;
	if (rc == 0 && sqlite3_prepare_v2(db->h, buf_cstr(&sql), -1, st,
					  NULL) != SQLITE_OK)
		rc = sql_error(db, e, "database error");
	else if (rc < 0)
		rc = err_set(e, ERR_RUNTIME, "out of memory");
	buf_release(&sql);
	return rc;
}

static int last_id(struct db *db, int table, int64_t *out, struct err *e)
{
	char sql[160];
	int64_t seq, max;

	/* sqlite_sequence exists once any AUTOINCREMENT table has a row. */
	if (query_int(
		    db,
		    "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'",
		    &seq, e) < 0)
		return -1;
	if (seq) {
		snprintf(sql, sizeof(sql),
			 "SELECT seq FROM sqlite_sequence WHERE name = '%s'",
			 tables[table].name);
		if (query_int(db, sql, &seq, e) < 0)
			return -1;
	}
	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) FROM %s",
		 tables[table].name);
	if (query_int(db, sql, &max, e) < 0)
		return -1;
	*out = seq > max ? seq : max;
	return 0;
}

static void *writer_main(void *arg);

struct db_loader *db_loader_new(struct db *db, enum db_purge how, struct err *e)
{
	struct db_loader *l = calloc(1, sizeof(*l));
	struct db_status st;
	int t, j;

	if (!l) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	l->db = db;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->work, NULL);
	pthread_cond_init(&l->room, NULL);
	err_init(&l->error);
	for (j = 0; j < NJOBS; j++) {
		buf_init(&l->jobs[j].text, (size_t)BATCH * 8 * 64 * 1024);
		l->jobs[j].next = j + 1 < NJOBS ? &l->jobs[j + 1] : NULL;
	}
	l->free_list = &l->jobs[0];
	l->nfree = NJOBS;
	/*
	 * In WAL mode every page of a bulk load is written twice, to the
	 * log and then to the file. When no other connection is open the
	 * load runs with a rollback journal instead, which for new pages
	 * holds next to nothing; WAL is restored afterwards.
	 */
	l->was_wal = journal_is(db, "wal");
	if (l->was_wal && !journal_set(db, "delete"))
		l->was_wal = false; /* someone else is reading: stay in WAL */
	/* Decided when the transaction begins, so set first. */
	if (exec(db, "PRAGMA temp_store = MEMORY", e) < 0 ||
	    exec(db, "BEGIN IMMEDIATE", e) < 0)
		goto fail;
	l->open = true;
	/*
	 * References may point forward, so foreign keys are checked once,
	 * at commit. A larger page cache spills dirty pages less often, and
	 * the statement journal a multi-row INSERT needs stays in memory:
	 * on disk it cost a write() per page touched, more than the load.
	 */
	if (exec(db, "PRAGMA defer_foreign_keys = ON", e) < 0 ||
	    exec(db, "PRAGMA cache_size = -8192", e) < 0 ||
	    db_status(db, &st, e) < 0)
		goto fail;
	if (st.version == 0 && !st.has_tables) {
		if (migrate(db, 0, e) < 0)
			goto fail;
	} else if (db_require_current(db, e) < 0) {
		goto fail;
	}
	if (purge(db, how, e) < 0)
		goto fail;
	for (t = 0; t < DB_NTABLES; t++) {
		if (last_id(db, t, &l->last_id[t], e) < 0 ||
		    prepare_insert(db, t, 1, &l->st[t].one, e) < 0 ||
		    prepare_insert(db, t, BATCH, &l->st[t].many, e) < 0 ||
		    prepare_update(db, t, &l->st[t].upd, e) < 0)
			goto fail;
	}
	if (pthread_create(&l->writer, NULL, writer_main, l) != 0) {
		err_set(e, ERR_RUNTIME, "cannot start the writer thread");
		goto fail;
	}
	l->started = true;
	return l;
fail:
	db_loader_free(l);
	return NULL;
}

int64_t db_loader_last_id(const struct db_loader *l, int table)
{
	return l->last_id[table];
}

uint64_t db_loader_failed_tag(const struct db_loader *l)
{
	uint64_t tag;

	pthread_mutex_lock((pthread_mutex_t *)&l->lock);
	tag = l->failed_tag;
	pthread_mutex_unlock((pthread_mutex_t *)&l->lock);
	return tag;
}

uint64_t db_loader_rows(const struct db_loader *l, int table)
{
	return l->loaded[table];
}

static void bind_value(sqlite3_stmt *st, int i, const struct db_value *v)
{
	switch (v->type) {
	case DBV_NULL:
		sqlite3_bind_null(st, i);
		break;
	case DBV_INT:
		sqlite3_bind_int64(st, i, v->i);
		break;
	case DBV_FLOAT:
		sqlite3_bind_double(st, i, v->d);
		break;
	case DBV_TEXT:
		sqlite3_bind_text(st, i, v->s, (int)v->len, SQLITE_STATIC);
		break;
	}
}

static int bind_row(sqlite3_stmt *st, int first, const struct queued *q,
		    size_t ncol)
{
	size_t k;

	sqlite3_bind_int64(st, first, q->id);
	for (k = 0; k < ncol; k++)
		bind_value(st, first + 1 + (int)k, &q->v[k]);
	return first + 1 + (int)ncol;
}

/* Run st for one row; on a refusal say which, in e. */
static int step(struct db_loader *l, sqlite3_stmt *st, int table,
		const struct queued *q, struct err *e, uint64_t *tag)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	*tag = q->tag;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		err_set(e, ERR_DATA, "id %lld is used twice in table '%s'",
			(long long)q->id, tables[table].name);
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		err_set(e, ERR_DATA, "row %lld of '%s' is refused: %s",
			(long long)q->id, tables[table].name,
			sqlite3_errmsg(l->db->h));
	else
		sql_error(l->db, e, "cannot load");
	sqlite3_reset(st);
	return -1;
}

/* The writer: one job into SQLite, rows one by one to find a culprit. */
static int run_job(struct db_loader *l, struct job *j, struct err *e,
		   uint64_t *tag)
{
	const struct statements *st = &l->st[j->table];
	size_t ncol = tables[j->table].ncolumns, r, k;
	int rc = 0;

	for (r = 0; r < j->n; r++)
		for (k = 0; k < ncol; k++)
			if (j->rows[r].v[k].type == DBV_TEXT)
				j->rows[r].v[k].s =
					j->text.data +
					(uintptr_t)j->rows[r].v[k].s;
	if (j->replace) {
		for (k = 0; k < ncol; k++)
			bind_value(st->upd, (int)k + 1, &j->rows[0].v[k]);
		sqlite3_bind_int64(st->upd, (int)ncol + 1, j->rows[0].id);
		return step(l, st->upd, j->table, &j->rows[0], e, tag);
	}
	if (j->n == BATCH) {
		int next = 1;

		for (r = 0; r < BATCH; r++)
			next = bind_row(st->many, next, &j->rows[r], ncol);
		rc = sqlite3_step(st->many);
		sqlite3_reset(st->many);
		if (rc == SQLITE_DONE) {
			l->loaded[j->table] += BATCH;
			return 0;
		}
		rc = 0;
	}
	for (r = 0; rc == 0 && r < j->n; r++) {
		bind_row(st->one, 1, &j->rows[r], ncol);
		rc = step(l, st->one, j->table, &j->rows[r], e, tag);
	}
	if (rc == 0)
		l->loaded[j->table] += j->n;
	return rc;
}

static void *writer_main(void *arg)
{
	struct db_loader *l = arg;

	for (;;) {
		struct job *j;
		struct err e;
		uint64_t tag = 0;
		bool failed, stop;

		pthread_mutex_lock(&l->lock);
		while (!l->queue_head) {
			l->writer_idle = true;
			pthread_cond_wait(&l->work, &l->lock);
		}
		l->writer_idle = false;
		j = l->queue_head;
		l->queue_head = j->next;
		if (!l->queue_head)
			l->queue_tail = NULL;
		l->nqueued--;
		failed = l->failed;
		pthread_mutex_unlock(&l->lock);

		stop = j->stop;
		err_init(&e);
		/* After a failure the rest is dropped: it will roll back. */
		if (!stop && !failed && run_job(l, j, &e, &tag) < 0) {
			pthread_mutex_lock(&l->lock);
			l->failed = true;
			l->error = e;
			l->failed_tag = tag;
			pthread_mutex_unlock(&l->lock);
		}
		pthread_mutex_lock(&l->lock);
		j->next = l->free_list;
		l->free_list = j;
		l->nfree++;
		if (l->caller_waiting &&
		    (l->nfree >= WAKE_AFTER || !l->queue_head || l->failed))
			pthread_cond_signal(&l->room);
		pthread_mutex_unlock(&l->lock);
		if (stop)
			return NULL;
	}
}

/*
 * Under lock: wait until a job is free, or until the writer failed
 * unless even_after_failure. The writer is woken first if it waits:
 * every job not free is queued for it.
 */
static void wait_free_job(struct db_loader *l, bool even_after_failure)
{
	while (!l->free_list && (even_after_failure || !l->failed)) {
		l->caller_waiting = true;
		if (l->writer_idle)
			pthread_cond_signal(&l->work);
		pthread_cond_wait(&l->room, &l->lock);
	}
	l->caller_waiting = false;
}

/* Under lock: the next free job (there is one). */
static struct job *pop_free_job(struct db_loader *l)
{
	struct job *j = l->free_list;

	l->free_list = j->next;
	l->nfree--;
	return j;
}

/* A free job, waiting for one; NULL with the writer's error. */
static struct job *take_job(struct db_loader *l, struct err *e)
{
	struct job *j = NULL;

	pthread_mutex_lock(&l->lock);
	wait_free_job(l, false);
	if (l->failed) {
		if (e)
			*e = l->error;
	} else {
		j = pop_free_job(l);
	}
	pthread_mutex_unlock(&l->lock);
	if (j) {
		j->n = 0;
		j->replace = j->stop = false;
		buf_reset(&j->text);
	}
	return j;
}

/* Queue j for the writer; wake it once enough work waits, or to stop. */
static void give_job(struct db_loader *l, struct job *j)
{
	pthread_mutex_lock(&l->lock);
	j->next = NULL;
	if (l->queue_tail)
		l->queue_tail->next = j;
	else
		l->queue_head = j;
	l->queue_tail = j;
	l->nqueued++;
	if (l->writer_idle && (l->nqueued >= WAKE_AFTER || j->stop))
		pthread_cond_signal(&l->work);
	pthread_mutex_unlock(&l->lock);
}

/* Hand over every partly filled batch (before a replacement, or the end). */
static void give_partial(struct db_loader *l)
{
	int t;

	for (t = 0; t < DB_NTABLES; t++)
		if (l->filling[t]) {
			give_job(l, l->filling[t]);
			l->filling[t] = NULL;
		}
}

static int add_row(struct job *j, int64_t id, const struct db_value *values,
		   size_t ncol, uint64_t tag)
{
	struct queued *q = &j->rows[j->n];
	size_t k;

	q->id = id;
	q->tag = tag;
	for (k = 0; k < ncol; k++) {
		q->v[k] = values[k];
		if (q->v[k].type != DBV_TEXT)
			continue;
		/* An offset for now: the buffer may still move. */
		if (buf_add(&j->text, q->v[k].s, q->v[k].len) != BUF_OK)
			return -1;
		q->v[k].s =
			(const char *)(uintptr_t)(j->text.len - q->v[k].len);
	}
	j->n++;
	return 0;
}

int db_loader_row(struct db_loader *l, int t, int64_t id,
		  const struct db_value *values, bool replace, uint64_t tag,
		  struct err *e)
{
	size_t ncol = tables[t].ncolumns;
	struct job *j;

	if (replace) {
		/* The row it replaces may still be on its way: send it. */
		give_partial(l);
		j = take_job(l, e);
		if (!j)
			return -1;
		j->table = t;
		j->replace = true;
		if (add_row(j, id, values, ncol, tag) < 0) {
			j->replace = false; /* an empty batch does nothing */
			j->n = 0;
			give_job(l, j);
			return err_set(e, ERR_LIMIT,
				       "row values are too large");
		}
		give_job(l, j);
		return 0;
	}
	j = l->filling[t];
	if (!j) {
		j = take_job(l, e);
		if (!j)
			return -1;
		j->table = t;
		l->filling[t] = j;
	}
	if (add_row(j, id, values, ncol, tag) < 0)
		return err_set(e, ERR_LIMIT, "row values are too large");
	if (id > l->last_id[t])
		l->last_id[t] = id;
	if (j->n == BATCH) {
		give_job(l, j);
		l->filling[t] = NULL;
	}
	return 0;
}

/* Stop the writer after the queued jobs; -1 with its error if it met one. */
static int join_writer(struct db_loader *l, struct err *e)
{
	struct job *j;
	int rc = 0;

	if (!l->started)
		return 0;
	give_partial(l);
	/* The stop order needs a free job even after a failure. */
	pthread_mutex_lock(&l->lock);
	wait_free_job(l, true);
	j = pop_free_job(l);
	pthread_mutex_unlock(&l->lock);
	j->stop = true;
	j->n = 0;
	give_job(l, j);
	pthread_join(l->writer, NULL);
	l->started = false;
	if (l->failed) {
		if (e)
			*e = l->error;
		rc = -1;
	}
	return rc;
}

int db_loader_commit(struct db_loader *l, struct err *e)
{
	int rc;

	if (join_writer(l, e) < 0)
		return -1;
	rc = sqlite3_exec(l->db->h, "COMMIT", NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_DATA, "a reference points to no row: %s",
			       sqlite3_errmsg(l->db->h));
	if (rc != SQLITE_OK)
		return sql_error(l->db, e, "cannot commit the load");
	l->open = false;
	return 0;
}

void db_loader_free(struct db_loader *l)
{
	int t, j;

	if (!l)
		return;
	(void)join_writer(l, NULL);
	for (t = 0; t < DB_NTABLES; t++) {
		sqlite3_finalize(l->st[t].one);
		sqlite3_finalize(l->st[t].many);
		sqlite3_finalize(l->st[t].upd);
	}
	for (j = 0; j < NJOBS; j++)
		buf_release(&l->jobs[j].text);
	if (l->open)
		sqlite3_exec(l->db->h, "ROLLBACK", NULL, NULL, NULL);
	if (l->was_wal)
		journal_set(l->db, "wal");
	sqlite3_exec(l->db->h, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->work);
	pthread_cond_destroy(&l->room);
	free(l);
}

/* ------------------------------------------------------------------ */
/* Reading back */

struct db_cursor {
	struct db *db;
	sqlite3_stmt *st;
	int table;
};

struct db_cursor *db_cursor_new(struct db *db, int table, struct err *e)
{
	const struct db_table *t = &tables[table];
	struct db_cursor *c = calloc(1, sizeof(*c));
	struct buf sql = BUF_INIT(4096);
	size_t k;
	int rc = 0;

	if (!c) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	c->db = db;
	c->table = table;
	if (buf_addstr(&sql, "SELECT id") != BUF_OK)
		rc = -1;
	for (k = 0; rc == 0 && k < t->ncolumns; k++)
		if (buf_printf(&sql, ", %s", t->columns[k].name) != BUF_OK)
			rc = -1;
	if (rc == 0 &&
	    buf_printf(&sql, " FROM %s ORDER BY id", t->name) != BUF_OK)
		rc = -1;
	if (rc < 0)
		err_set(e, ERR_RUNTIME, "out of memory");
	else if (sqlite3_prepare_v2(db->h, buf_cstr(&sql), -1, &c->st, NULL) !=
		 SQLITE_OK)
		rc = sql_error(db, e, "database error");
	buf_release(&sql);
	if (rc < 0) {
		db_cursor_free(c);
		return NULL;
	}
	return c;
}

int db_cursor_next(struct db_cursor *c, int64_t *id, struct db_value *values,
		   struct err *e)
{
	const struct db_table *t = &tables[c->table];
	int rc = sqlite3_step(c->st);
	size_t k;

	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return sql_error(c->db, e, "cannot read");
	*id = sqlite3_column_int64(c->st, 0);
	for (k = 0; k < t->ncolumns; k++) {
		struct db_value *v = &values[k];
		int col = (int)k + 1;

		memset(v, 0, sizeof(*v));
		switch (sqlite3_column_type(c->st, col)) {
		case SQLITE_NULL:
			v->type = DBV_NULL;
			break;
		case SQLITE_INTEGER:
			v->type = DBV_INT;
			v->i = sqlite3_column_int64(c->st, col);
			break;
		case SQLITE_FLOAT:
			v->type = DBV_FLOAT;
			v->d = sqlite3_column_double(c->st, col);
			break;
		default:
			v->type = DBV_TEXT;
			v->s = (const char *)sqlite3_column_text(c->st, col);
			v->len = (size_t)sqlite3_column_bytes(c->st, col);
			if (!v->s)
				return err_set(e, ERR_RUNTIME, "out of memory");
			break;
		}
	}
	return 1;
}

void db_cursor_free(struct db_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c);
}

/*
 * db: the winestore database on SQLite, and the only module that knows
 * its schema.
 *
 * Tables and columns are named as Doctrine's schema tool names them for
 * the original entities (App\Entity\MediaObject, Wine, Comment), so a
 * database made by either side reads the same. The schema is versioned
 * with PRAGMA user_version and grows by migrations; every connection has
 * foreign keys on and the file is in WAL mode.
 *
 * Other modules describe rows with the table metadata below, load them in
 * bulk with a db_loader (one transaction), and read them back with a
 * db_cursor.
 */
#ifndef WS_DB_H
#define WS_DB_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* What the schema holds */

enum db_type {
	DB_INT,
	DB_FLOAT,
	DB_TEXT,
	DB_DATETIME, /* TEXT "Y-m-d H:i:s" in UTC, as Doctrine stores it */
	DB_REF	     /* INTEGER id of a row of another table */
};

struct db_column {
	const char *name;     /* SQL column: "image_id" */
	const char *property; /* entity property: "image" */
	enum db_type type;
	int ref;	 /* DB_REF: index of the referenced table */
	bool nullable;	 /* NULL allowed */
	unsigned length; /* DB_TEXT: most characters allowed, 0 = any */
};

/* An entity property with no column of its own. */
struct db_unmapped {
	const char *property;
	const char *hint; /* why it cannot be set, or NULL: accepted, dropped */
};

struct db_table {
	const char *name;		 /* "wine" */
	const char *entity;		 /* "App\\Entity\\Wine" */
	const struct db_column *columns; /* every column but id, SQL order */
	size_t ncolumns;
	const struct db_unmapped *unmapped; /* ends with a NULL property */
};

/* Tables in dependency order: referenced tables come first. */
enum { DB_MEDIA_OBJECT, DB_WINE, DB_COMMENT, DB_NTABLES };

/* Borrowed (static): table i of DB_NTABLES, or NULL. */
const struct db_table *db_table(int i);

/* The schema version this build creates and expects. */
int db_schema_latest(void);

/* ------------------------------------------------------------------ */
/* Connections */

struct db;

enum db_open_flags {
	DB_OPEN_CREATE = 1 << 0 /* create the file (and its directory) */
};

/*
 * Resolve a DATABASE_URL in Doctrine's form or a plain path into a file
 * path, appended to out: "sqlite:///var/data.db" is relative (var/data.db),
 * "sqlite:////srv/data.db" absolute, "sqlite:///:memory:" in memory;
 * "%kernel.project_dir%" means the current directory and a query string
 * is ignored. Other schemes fail with ERR_USAGE.
 */
int db_resolve_path(const char *url, struct buf *out,
		    struct err *e) WS_MUST_USE;

/*
 * New: a connection to the database at url (see db_resolve_path), with
 * foreign keys on and a busy timeout. Without DB_OPEN_CREATE a missing
 * file fails with ERR_NOINPUT. NULL on error.
 */
struct db *db_open(const char *url, unsigned flags, struct err *e);

/* Close; NULL is a no-op. */
void db_free(struct db *db);

/* Borrowed: the file path the connection was opened on. */
const char *db_path(const struct db *db);

/* "sqlite 3.40.1, libyaml 0.2.5": for --version. */
const char *db_versions(void);

/* ------------------------------------------------------------------ */
/* Schema */

struct db_status {
	int version;	 /* PRAGMA user_version */
	int latest;	 /* db_schema_latest() */
	bool has_tables; /* any of our tables exists */
};

int db_status(struct db *db, struct db_status *st, struct err *e) WS_MUST_USE;

/* "up to date", "update needed", "no schema" or "newer than this
 * wine-db": what st says, in words. */
const char *db_status_word(const struct db_status *st);

/*
 * Fail unless the schema is at the latest version: ERR_DATA saying what
 * to run ("schema create", "schema update") or that the file is newer
 * than this build.
 */
int db_require_current(struct db *db, struct err *e) WS_MUST_USE;

/*
 * Create the schema in an empty database. Fails with ERR_RUNTIME when any
 * of our tables already exists.
 */
int db_schema_create(struct db *db, struct err *e) WS_MUST_USE;

/* Drop our tables and reset the version to 0. Missing tables are fine. */
int db_schema_drop(struct db *db, struct err *e) WS_MUST_USE;

/*
 * Apply the pending migrations; *from and *to receive the versions before
 * and after. A database whose tables were made by Doctrine (version 0 with
 * the tables present and matching) is adopted as version 1.
 */
int db_schema_update(struct db *db, int *from, int *to,
		     struct err *e) WS_MUST_USE;

/*
 * Append the SQL that create, drop or update would run, one statement per
 * line ending in ";", to out. kind is "create", "drop" or "update".
 */
int db_schema_sql(struct db *db, const char *kind, struct buf *out,
		  struct err *e) WS_MUST_USE;

/* ------------------------------------------------------------------ */
/* Data */

enum db_purge {
	DB_PURGE_NONE,	  /* append */
	DB_PURGE_DELETE,  /* DELETE FROM every table; ids keep counting */
	DB_PURGE_TRUNCATE /* the same, and ids restart at 1 */
};

/* Empty every table in one transaction (children first). */
int db_purge(struct db *db, enum db_purge how, struct err *e) WS_MUST_USE;

/* Rows in table i. */
int db_count(struct db *db, int table, int64_t *rows,
	     struct err *e) WS_MUST_USE;

/*
 * Append the number of rows of each table to out: one "table<TAB>rows"
 * line each, or with json one object {"media_object": 7, ...}. Fails
 * like db_require_current when the schema is not current.
 */
int db_stats(struct db *db, bool json, struct buf *out,
	     struct err *e) WS_MUST_USE;

enum db_vtype { DBV_NULL, DBV_INT, DBV_FLOAT, DBV_TEXT };

/* A column value; text is borrowed (not necessarily NUL-terminated). */
struct db_value {
	enum db_vtype type;
	int64_t i;
	double d;
	const char *s;
	size_t len;
};

/*
 * A bulk load: one transaction, foreign keys checked at commit, rows sent
 * to SQLite in multi-row INSERT batches by a writer thread while the
 * caller prepares the next ones. Nothing is visible to others until
 * db_loader_commit; freeing an uncommitted loader rolls everything back,
 * leaving the database exactly as before. The connection belongs to the
 * loader until it is freed.
 */
struct db_loader;

/*
 * New: begin the load. The schema is created first when the database
 * has none, then the tables are purged as asked. NULL on error.
 */
struct db_loader *db_loader_new(struct db *db, enum db_purge purge,
				struct err *e);

/*
 * The highest id table has used (0 after a truncating purge): new rows
 * without an id of their own take the ids after it.
 */
int64_t db_loader_last_id(const struct db_loader *l, int table);

/*
 * Queue one row of table with the given id and one value per column (in
 * db_table(table)->columns order); values are copied. replace updates a
 * row already loaded with that id instead of inserting. tag is kept with
 * the row: when SQLite refuses it, db_loader_failed_tag returns it and e
 * holds ERR_DATA, reported by this call, a later one or the commit.
 * Returns 0 or -1.
 */
int db_loader_row(struct db_loader *l, int table, int64_t id,
		  const struct db_value *values, bool replace, uint64_t tag,
		  struct err *e) WS_MUST_USE;

/* The tag of the row SQLite refused, after db_loader_row or _commit. */
uint64_t db_loader_failed_tag(const struct db_loader *l);

/* Rows of table loaded so far (replacements not counted). */
uint64_t db_loader_rows(const struct db_loader *l, int table);

/* Send the queued rows, check foreign keys and commit. */
int db_loader_commit(struct db_loader *l, struct err *e) WS_MUST_USE;

/* Roll back if not committed and free; NULL is a no-op. */
void db_loader_free(struct db_loader *l);

/*
 * A reader over one table in id order. db_cursor_next returns 1 with the
 * row's id and values (borrowed until the next call), 0 at the end, or -1.
 */
struct db_cursor;

struct db_cursor *db_cursor_new(struct db *db, int table, struct err *e);
int db_cursor_next(struct db_cursor *c, int64_t *id, struct db_value *values,
		   struct err *e) WS_MUST_USE;
void db_cursor_free(struct db_cursor *c);

#endif

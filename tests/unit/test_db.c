/* Unit tests for db: URLs, the schema and its versions, loading, reading. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory per test, removed afterwards. */
static int make_dir(void **state)
{
	char *dir = strdup("/tmp/test_db.XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int remove_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_in(void **state, const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", (char *)*state, name);
	return path;
}

static void sql(const char *path, const char *stmt)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, stmt, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", stmt, sqlite3_errmsg(h));
	sqlite3_close(h);
}

static int64_t sql_int(const char *path, const char *query)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, query, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static const char *resolve(const char *url)
{
	static char text[512];
	struct buf out = BUF_INIT(4096);
	struct err e;

	err_init(&e);
	if (db_resolve_path(url, &out, &e) < 0)
		snprintf(text, sizeof(text), "%s", e.msg);
	else
		snprintf(text, sizeof(text), "%s", buf_cstr(&out));
	buf_release(&out);
	return text;
}

static void database_urls_resolve_as_doctrine_reads_them(void **state)
{
	(void)state;
	assert_string_equal(resolve("var/data.db"), "var/data.db");
	assert_string_equal(resolve("/srv/data.db"), "/srv/data.db");
	assert_string_equal(resolve("sqlite:///var/data.db"), "var/data.db");
	assert_string_equal(resolve("sqlite:////srv/data.db"), "/srv/data.db");
	assert_string_equal(
		resolve("sqlite:///%kernel.project_dir%/var/data.db"),
		"./var/data.db");
	assert_string_equal(resolve("sqlite:///:memory:"), ":memory:");
	assert_string_equal(resolve("sqlite:///my%20wines.db?charset=utf8"),
			    "my wines.db");
	assert_string_equal(resolve("sqlite://localhost/var/x.db"), "var/x.db");
	assert_string_equal(
		resolve("postgresql://app:pw@db/app"),
		"unsupported database URL 'postgresql://...' (only sqlite:/// is supported)");
	assert_string_equal(resolve("sqlite:///"),
			    "database URL 'sqlite:///' has no path");
	assert_string_equal(resolve(""), "empty database path");
}

static void a_missing_file_is_no_input_unless_created(void **state)
{
	struct err e;
	struct db *db;
	struct stat st;

	err_init(&e);
	assert_null(db_open(path_in(state, "none.db"), 0, &e));
	assert_int_equal(e.cls, ERR_NOINPUT);
	assert_non_null(strstr(e.msg, "No such file"));
	db = db_open(path_in(state, "sub/new.db"), DB_OPEN_CREATE, &e);
	assert_non_null(db);
	assert_int_equal(stat(path_in(state, "sub/new.db"), &st), 0);
	db_free(db);
	db_free(NULL);
}

static void schema_create_makes_the_doctrine_tables_in_wal_mode(void **state)
{
	const char *p = path_in(state, "w.db");
	struct db_status st;
	struct err e;
	struct db *db;

	err_init(&e);
	db = db_open(p, DB_OPEN_CREATE, &e);
	assert_non_null(db);
	assert_int_equal(db_status(db, &st, &e), 0);
	assert_int_equal(st.version, 0);
	assert_false(st.has_tables);
	assert_int_equal(db_require_current(db, &e), -1);
	assert_non_null(strstr(e.msg, "has no schema"));
	assert_int_equal(db_schema_create(db, &e), 0);
	assert_int_equal(db_status(db, &st, &e), 0);
	assert_int_equal(st.version, db_schema_latest());
	assert_true(st.has_tables);
	assert_int_equal(db_require_current(db, &e), 0);
	/* A second create refuses. */
	assert_int_equal(db_schema_create(db, &e), -1);
	assert_non_null(strstr(e.msg, "already has a schema"));
	db_free(db);
	assert_int_equal(
		sql_int(p,
			"SELECT count(*) FROM sqlite_master WHERE name IN ('IDX_560C64683DA5256D', 'IDX_9474526C28A2BD76')"),
		2);
	assert_int_equal(
		sql_int(p,
			"SELECT count(*) FROM pragma_table_info('comment') WHERE name = 'created_at'"),
		1);
	{
		sqlite3 *h;
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode",
						    -1, &s, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0),
				    "wal");
		sqlite3_finalize(s);
		sqlite3_close(h);
	}
}

static void drop_removes_the_tables_and_resets_the_version(void **state)
{
	const char *p = path_in(state, "d.db");
	struct db_status st;
	struct err e;
	struct db *db;

	err_init(&e);
	db = db_open(p, DB_OPEN_CREATE, &e);
	assert_int_equal(db_schema_create(db, &e), 0);
	assert_int_equal(db_schema_drop(db, &e), 0);
	assert_int_equal(db_status(db, &st, &e), 0);
	assert_int_equal(st.version, 0);
	assert_false(st.has_tables);
	assert_int_equal(db_schema_drop(db, &e), 0); /* again: fine */
	db_free(db);
}

static void update_adopts_a_database_made_by_doctrine(void **state)
{
	const char *p = path_in(state, "doctrine.db");
	struct buf text = BUF_INIT(64 * 1024);
	struct err e;
	struct db *db;
	int from, to;

	err_init(&e);
	/* What doctrine:schema:create wrote: our DDL, user_version 0. */
	db = db_open(p, DB_OPEN_CREATE, &e);
	assert_int_equal(db_schema_sql(NULL, "create", &text, &e), 0);
	db_free(db);
	*strstr(text.data, "PRAGMA user_version") = '\0';
	sql(p, buf_cstr(&text));
	buf_release(&text);
	db = db_open(p, 0, &e);
	assert_int_equal(db_require_current(db, &e), -1);
	assert_non_null(strstr(e.msg, "run 'wine-db schema update'"));
	assert_int_equal(db_schema_update(db, &from, &to, &e), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, db_schema_latest());
	assert_int_equal(db_require_current(db, &e), 0);
	assert_int_equal(db_schema_update(db, &from, &to, &e), 0);
	assert_int_equal(from, to);
	db_free(db);
}

static void update_refuses_foreign_tables_and_newer_files(void **state)
{
	const char *p = path_in(state, "other.db"),
		   *q = path_in(state, "new.db");
	struct err e;
	struct db *db;
	int from, to;

	err_init(&e);
	sql(p, "CREATE TABLE wine (id INTEGER PRIMARY KEY, colour TEXT)");
	db = db_open(p, 0, &e);
	assert_int_equal(db_schema_update(db, &from, &to, &e), -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "cannot adopt"));
	db_free(db);
	sql(q, "PRAGMA user_version = 99");
	db = db_open(q, 0, &e);
	assert_int_equal(db_require_current(db, &e), -1);
	assert_non_null(strstr(e.msg, "newer than this wine-db knows"));
	assert_int_equal(db_schema_update(db, &from, &to, &e), -1);
	db_free(db);
}

static void schema_sql_lists_the_statements(void **state)
{
	struct buf text = BUF_INIT(64 * 1024);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(db_schema_sql(NULL, "create", &text, &e), 0);
	assert_non_null(strstr(
		text.data,
		"CREATE TABLE wine (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, image_id INTEGER DEFAULT NULL"));
	assert_non_null(strstr(text.data, "ON DELETE CASCADE"));
	assert_non_null(strstr(text.data, "PRAGMA user_version = 1;\n"));
	buf_reset(&text);
	assert_int_equal(db_schema_sql(NULL, "drop", &text, &e), 0);
	assert_non_null(strstr(text.data, "DROP TABLE IF EXISTS comment;\n"));
	assert_int_equal(db_schema_sql(NULL, "explode", &text, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	buf_release(&text);
}

static struct db *fresh(void **state, const char *name)
{
	struct err e;
	struct db *db;

	err_init(&e);
	db = db_open(path_in(state, name), DB_OPEN_CREATE, &e);
	assert_non_null(db);
	assert_int_equal(db_schema_create(db, &e), 0);
	return db;
}

static void set_text(struct db_value *v, const char *s)
{
	memset(v, 0, sizeof(*v));
	v->type = DBV_TEXT;
	v->s = s;
	v->len = strlen(s);
}

static void set_int(struct db_value *v, int64_t i)
{
	memset(v, 0, sizeof(*v));
	v->type = DBV_INT;
	v->i = i;
}

/* n wines and one media object through a loader. */
static int load_wines(struct db *db, enum db_purge purge, int n, struct err *e)
{
	struct db_loader *l = db_loader_new(db, purge, e);
	struct db_value media[1], wine[5];
	int64_t base;
	int i, rc = 0;

	if (!l)
		return -1;
	set_text(&media[0], "x.png");
	base = db_loader_last_id(l, DB_MEDIA_OBJECT);
	rc = db_loader_row(l, DB_MEDIA_OBJECT, base + 1, media, false, 7, e);
	for (i = 0; rc == 0 && i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "wine %d", i);
		set_int(&wine[0], base + 1);
		set_text(&wine[1], name);
		set_text(&wine[2], "d");
		set_int(&wine[3], i);
		memset(&wine[4], 0, sizeof(wine[4]));
		wine[4].type = DBV_FLOAT;
		wine[4].d = 1.5;
		rc = db_loader_row(l, DB_WINE,
				   db_loader_last_id(l, DB_WINE) + 1, wine,
				   false, (uint64_t)i, e);
	}
	if (rc == 0)
		rc = db_loader_commit(l, e);
	db_loader_free(l);
	return rc;
}

static void a_loader_writes_batches_and_commits_once(void **state)
{
	struct db *db = fresh(state, "load.db");
	struct err e;
	int64_t n;

	err_init(&e);
	/* 100 rows: three full batches of 32 and a tail. */
	assert_int_equal(load_wines(db, DB_PURGE_DELETE, 100, &e), 0);
	assert_int_equal(db_count(db, DB_WINE, &n, &e), 0);
	assert_int_equal(n, 100);
	assert_int_equal(
		sql_int(path_in(state, "load.db"), "SELECT max(id) FROM wine"),
		100);
	assert_int_equal(sql_int(path_in(state, "load.db"),
				 "SELECT sum(stock) FROM wine"),
			 4950);
	db_free(db);
}

static void purges_keep_or_restart_the_ids(void **state)
{
	struct db *db = fresh(state, "ids.db");
	const char *p = path_in(state, "ids.db");
	struct err e;

	err_init(&e);
	assert_int_equal(load_wines(db, DB_PURGE_DELETE, 3, &e), 0);
	/* Doctrine's delete purge: ids keep counting. */
	assert_int_equal(load_wines(db, DB_PURGE_DELETE, 3, &e), 0);
	assert_int_equal(sql_int(p, "SELECT min(id) FROM wine"), 4);
	assert_int_equal(load_wines(db, DB_PURGE_TRUNCATE, 3, &e), 0);
	assert_int_equal(sql_int(p, "SELECT min(id) FROM wine"), 1);
	assert_int_equal(load_wines(db, DB_PURGE_NONE, 2, &e), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM wine"), 5);
	assert_int_equal(db_purge(db, DB_PURGE_TRUNCATE, &e), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM wine"), 0);
	assert_int_equal(
		sql_int(p,
			"SELECT count(*) FROM sqlite_sequence WHERE name = 'wine'"),
		0);
	db_free(db);
}

static void a_refused_row_rolls_everything_back_and_names_its_tag(void **state)
{
	struct db *db = fresh(state, "rb.db");
	const char *p = path_in(state, "rb.db");
	struct db_value wine[5];
	struct db_loader *l;
	struct err e;
	int i, rc = 0;

	err_init(&e);
	assert_int_equal(load_wines(db, DB_PURGE_DELETE, 5, &e), 0);
	l = db_loader_new(db, DB_PURGE_TRUNCATE, &e);
	assert_non_null(l);
	for (i = 0; i < 40 && rc == 0; i++) {
		set_int(&wine[0], 1);
		set_text(&wine[1], "n");
		set_text(&wine[2], "d");
		set_int(&wine[3], 1);
		set_int(&wine[4], 1);
		/* Row 33 takes id 1 again: the second batch fails. */
		rc = db_loader_row(l, DB_WINE, i == 33 ? 1 : i + 1, wine, false,
				   1000 + (uint64_t)i, &e);
	}
	if (rc == 0)
		rc = db_loader_commit(l, &e);
	assert_int_equal(rc, -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(e.msg, "id 1 is used twice in table 'wine'");
	assert_true(db_loader_failed_tag(l) == 1033);
	db_loader_free(l);
	/* Exactly as before: five wines and their media object. */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM wine"), 5);
	assert_int_equal(sql_int(p, "SELECT max(id) FROM wine"), 5);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM media_object"), 1);
	db_free(db);
}

static void foreign_keys_are_checked_at_commit(void **state)
{
	struct db *db = fresh(state, "fk.db");
	const char *p = path_in(state, "fk.db");
	struct db_value c[3];
	struct db_loader *l;
	struct err e;

	err_init(&e);
	l = db_loader_new(db, DB_PURGE_DELETE, &e);
	set_int(&c[0], 42); /* no such wine */
	set_text(&c[1], "t");
	set_text(&c[2], "2020-01-01 00:00:00");
	assert_int_equal(db_loader_row(l, DB_COMMENT, 1, c, false, 0, &e), 0);
	assert_int_equal(db_loader_commit(l, &e), -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "FOREIGN KEY"));
	db_loader_free(l);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM comment"), 0);
	db_free(db);
}

static void replace_updates_a_row_already_loaded(void **state)
{
	struct db *db = fresh(state, "up.db");
	const char *p = path_in(state, "up.db");
	struct db_value m[1];
	struct db_loader *l;
	struct err e;

	err_init(&e);
	l = db_loader_new(db, DB_PURGE_DELETE, &e);
	set_text(&m[0], "first.png");
	assert_int_equal(db_loader_row(l, DB_MEDIA_OBJECT, 1, m, false, 0, &e),
			 0);
	set_text(&m[0], "second.png");
	assert_int_equal(db_loader_row(l, DB_MEDIA_OBJECT, 1, m, true, 0, &e),
			 0);
	assert_int_equal(db_loader_commit(l, &e), 0);
	assert_int_equal(db_loader_rows(l, DB_MEDIA_OBJECT), 1);
	db_loader_free(l);
	assert_int_equal(
		sql_int(p,
			"SELECT count(*) FROM media_object WHERE file_path = 'second.png'"),
		1);
	/* The journal mode is WAL again after the load. */
	assert_int_equal(
		sql_int(p,
			"SELECT journal_mode = 'wal' FROM pragma_journal_mode"),
		1);
	db_free(db);
}

static void a_load_creates_the_schema_of_an_empty_database(void **state)
{
	struct err e;
	struct db *db;

	err_init(&e);
	db = db_open(path_in(state, "empty.db"), DB_OPEN_CREATE, &e);
	assert_int_equal(load_wines(db, DB_PURGE_DELETE, 1, &e), 0);
	assert_int_equal(db_require_current(db, &e), 0);
	db_free(db);
}

static void a_cursor_reads_rows_in_id_order(void **state)
{
	struct db *db = fresh(state, "cur.db");
	struct db_value v[5];
	struct db_cursor *c;
	struct err e;
	int64_t id, last = 0;
	int n = 0, rc;

	err_init(&e);
	assert_int_equal(load_wines(db, DB_PURGE_DELETE, 10, &e), 0);
	c = db_cursor_new(db, DB_WINE, &e);
	assert_non_null(c);
	while ((rc = db_cursor_next(c, &id, v, &e)) > 0) {
		assert_true(id > last);
		last = id;
		assert_int_equal(v[0].type, DBV_INT);
		assert_int_equal(v[1].type, DBV_TEXT);
		assert_int_equal(v[4].type, DBV_FLOAT);
		n++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 10);
	db_cursor_free(c);
	db_cursor_free(NULL);
	db_free(db);
}

static void metadata_names_tables_and_columns_as_doctrine_does(void **state)
{
	(void)state;
	assert_string_equal(db_table(DB_WINE)->entity, "App\\Entity\\Wine");
	assert_string_equal(db_table(DB_WINE)->columns[0].name, "image_id");
	assert_string_equal(db_table(DB_WINE)->columns[0].property, "image");
	assert_int_equal(db_table(DB_WINE)->columns[0].ref, DB_MEDIA_OBJECT);
	assert_string_equal(db_table(DB_COMMENT)->columns[2].name,
			    "created_at");
	assert_string_equal(db_table(DB_MEDIA_OBJECT)->columns[0].name,
			    "file_path");
	assert_null(db_table(DB_NTABLES));
	assert_null(db_table(-1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(database_urls_resolve_as_doctrine_reads_them),
		cmocka_unit_test_setup_teardown(
			a_missing_file_is_no_input_unless_created, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			schema_create_makes_the_doctrine_tables_in_wal_mode,
			make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(
			drop_removes_the_tables_and_resets_the_version,
			make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(
			update_adopts_a_database_made_by_doctrine, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			update_refuses_foreign_tables_and_newer_files, make_dir,
			remove_dir),
		cmocka_unit_test(schema_sql_lists_the_statements),
		cmocka_unit_test_setup_teardown(
			a_loader_writes_batches_and_commits_once, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(purges_keep_or_restart_the_ids,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(
			a_refused_row_rolls_everything_back_and_names_its_tag,
			make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(
			foreign_keys_are_checked_at_commit, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			replace_updates_a_row_already_loaded, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			a_load_creates_the_schema_of_an_empty_database,
			make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(a_cursor_reads_rows_in_id_order,
						make_dir, remove_dir),
		cmocka_unit_test(
			metadata_names_tables_and_columns_as_doctrine_does),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}

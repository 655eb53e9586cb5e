/* Unit tests for lib/store: queries on a real SQLite file, and the outbox. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

static const char schema[] =
	"CREATE TABLE media_object (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, file_path VARCHAR(255) DEFAULT NULL);"
	"CREATE TABLE wine (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, image_id INTEGER DEFAULT NULL, name VARCHAR(255) NOT NULL, description VARCHAR(255) NOT NULL, stock INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL, FOREIGN KEY (image_id) REFERENCES media_object (id));"
	"CREATE TABLE comment (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, wine_id INTEGER NOT NULL, text VARCHAR(255) NOT NULL, created_at DATETIME NOT NULL, FOREIGN KEY (wine_id) REFERENCES wine (id) ON DELETE CASCADE);"
	"INSERT INTO media_object (file_path) VALUES ('wine1.png'), (NULL);"
	"INSERT INTO wine (image_id, name, description, stock, price) VALUES"
	" (1, 'Alpha Ratke', 'a', 10, 5.5), (NULL, 'Beta', 'b', 0, 12),"
	" (2, 'Gamma Ratke', 'c', 30, 2.25);"
	"INSERT INTO comment (wine_id, text, created_at) VALUES"
	" (1, 'one', '2020-01-01 00:00:00'), (3, 'two', '2020-01-02 00:00:00'),"
	" (1, 'three', '2020-01-03 00:00:00');"
	"PRAGMA user_version = 1;";

struct fixture {
	char path[64];
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	sqlite3 *db;
	struct err e;

	snprintf(f->path, sizeof(f->path), "/tmp/test_store.%d.db", getpid());
	unlink(f->path);
	if (sqlite3_open(f->path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_close(db);
	f->s = store_open(f->path, &e);
	*state = f;
	return f->s ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];

	store_free(f->s);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

static void test_database_urls_resolve_as_doctrine_writes_them(void **state)
{
	static const struct {
		const char *url, *path;
	} cases[] = {
		{ "sqlite:///var/data.db", "var/data.db" },
		{ "sqlite:////srv/data.db", "/srv/data.db" },
		{ "sqlite:///%kernel.project_dir%/var/data.db",
		  "./var/data.db" },
		{ "sqlite:///x.db?charset=utf8", "x.db" },
		{ "plain.db", "plain.db" },
	};
	struct buf b = BUF_INIT(256);
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(cases); i++) {
		buf_reset(&b);
		assert_int_equal(store_resolve_url(cases[i].url, &b, &e), 0);
		assert_string_equal(buf_cstr(&b), cases[i].path);
	}
	assert_int_equal(store_resolve_url("mysql://u@h/db", &b, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	buf_release(&b);
}

static void test_a_missing_file_or_schema_is_refused(void **state)
{
	struct err e;
	FILE *fp = fopen("/tmp/test_store.empty.db", "w");

	(void)state;
	assert_null(store_open("/tmp/does/not/exist.db", &e));
	assert_int_equal(e.cls, ERR_NOINPUT);
	fclose(fp);
	assert_null(store_open("/tmp/test_store.empty.db", &e));
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "wine-db schema"));
	unlink("/tmp/test_store.empty.db");
}

static void test_a_wine_comes_with_its_comments_and_image(void **state)
{
	struct fixture *f = *state;
	struct store_wine w;
	struct err e;

	assert_int_equal(store_wine_get(f->s, 1, &w, &e), 1);
	assert_string_equal(w.name, "Alpha Ratke");
	assert_int_equal(w.image_id, 1);
	assert_string_equal(w.image_path, "wine1.png");
	assert_int_equal(w.ncomments, 2);
	assert_string_equal(w.comments[0].text, "one");
	assert_string_equal(w.comments[1].text, "three");
	store_wine_release(&w);
	assert_int_equal(store_wine_get(f->s, 3, &w, &e), 1);
	assert_int_equal(w.image_id, 2);
	assert_null(w.image_path);
	store_wine_release(&w);
	assert_int_equal(store_wine_get(f->s, 99, &w, &e), 0);
}

static int64_t ids(struct store *s, const struct store_query *q, char *out)
{
	struct store_wine *w;
	size_t n, i;
	int64_t total;
	struct err e;

	assert_int_equal(store_wine_list(s, q, &w, &n, &total, &e), 0);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), 64 - strlen(out), "%s%lld",
			 i ? "," : "", (long long)w[i].id);
	store_wine_list_free(w, n);
	return total;
}

static void test_collections_filter_order_and_page(void **state)
{
	struct fixture *f = *state;
	struct store_query q = { 0 };
	char got[64];

	q.limit = 30;
	assert_int_equal(ids(f->s, &q, got), 3);
	assert_string_equal(got, "1,2,3");
	q.name_partial[q.nname_partial++] = "Ratke";
	assert_int_equal(ids(f->s, &q, got), 2);
	assert_string_equal(got, "1,3");
	q.nname_partial = 0;
	q.name_partial[q.nname_partial++] = "ratke"; /* case matters */
	assert_int_equal(ids(f->s, &q, got), 0);
	q.nname_partial = 0;
	q.name_exact[q.nname_exact++] = "Beta";
	q.name_exact[q.nname_exact++] = "Gamma Ratke";
	assert_int_equal(ids(f->s, &q, got), 2);
	assert_string_equal(got, "2,3");
	q.nname_exact = 0;
	q.stock.has_gte = true;
	q.stock.gte = 10;
	q.order[q.norder].field = STORE_F_PRICE;
	q.order[q.norder++].desc = false;
	assert_int_equal(ids(f->s, &q, got), 2);
	assert_string_equal(got, "3,1");
	q.limit = 1;
	q.offset = 1;
	assert_int_equal(ids(f->s, &q, got), 2);
	assert_string_equal(got, "1");
}

static void test_writes_insert_update_and_delete_with_comments(void **state)
{
	struct fixture *f = *state;
	struct store_wine w = { 0 };
	struct store_comment c;
	struct err e;
	char name[] = "New", description[] = "d";

	w.name = name;
	w.description = description;
	w.stock = 3;
	w.price = 1.5;
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_wine_save(f->s, &w, &e), 0);
	assert_int_equal(w.id, 4);
	w.stock = 4;
	assert_int_equal(store_wine_save(f->s, &w, &e), 0);
	w.image_id = 77; /* no such media object */
	assert_int_equal(store_wine_save(f->s, &w, &e), -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(store_delete(f->s, STORE_WINE, 1, &e), 1);
	assert_int_equal(store_delete(f->s, STORE_WINE, 1, &e), 0);
	assert_int_equal(store_comment_get(f->s, 1, &c, &e), 0);
	assert_int_equal(store_comment_get(f->s, 2, &c, &e), 1);
	store_comment_release(&c);
	assert_int_equal(store_exists(f->s, STORE_WINE, 4, &e), 1);
}

static void
test_the_outbox_keeps_order_and_rolls_back_with_the_write(void **state)
{
	struct fixture *f = *state;
	struct store_outbox_row rows[4];
	struct store_wine w;
	struct err e;
	int n;

	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_outbox_add(f->s, "t1", "d1", 2, "id1", &e), 0);
	assert_int_equal(store_outbox_add(f->s, "t2", "d2", 2, "id2", &e), 0);
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(store_begin(f->s, &e), 0);
	assert_int_equal(store_wine_get(f->s, 2, &w, &e), 1);
	w.stock = 99;
	assert_int_equal(store_wine_save(f->s, &w, &e), 0);
	assert_int_equal(store_outbox_add(f->s, "t3", "d3", 2, "id3", &e), 0);
	store_rollback(f->s);
	store_wine_release(&w);
	assert_int_equal(store_outbox_pending(f->s, &e), 2);
	assert_int_equal(store_wine_get(f->s, 2, &w, &e), 1);
	assert_int_equal(w.stock, 0);
	store_wine_release(&w);
	n = store_outbox_fetch(f->s, 0, rows, 4, &e);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].topic, "t1");
	assert_string_equal(rows[1].event_id, "id2");
	assert_int_equal(store_outbox_done(f->s, rows[0].seq, &e), 0);
	store_outbox_row_release(&rows[0]);
	store_outbox_row_release(&rows[1]);
	/* what is left survives a new connection */
	store_free(f->s);
	f->s = store_open(f->path, &e);
	assert_non_null(f->s);
	n = store_outbox_fetch(f->s, 0, rows, 4, &e);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].data, "d2");
	store_outbox_row_release(&rows[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_database_urls_resolve_as_doctrine_writes_them),
		cmocka_unit_test(test_a_missing_file_or_schema_is_refused),
		cmocka_unit_test_setup_teardown(
			test_a_wine_comes_with_its_comments_and_image, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_collections_filter_order_and_page, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_writes_insert_update_and_delete_with_comments,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_the_outbox_keeps_order_and_rolls_back_with_the_write,
			setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}

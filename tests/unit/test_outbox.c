/* Unit tests for lib/outbox: delivery to the embedded hub, and rows that
 * wait when an external hub cannot be reached. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "jsonld.h"
#include "outbox.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];

static int setup(void **state)
{
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test_outbox.%d.db", getpid());
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(
		db,
		"CREATE TABLE media_object (id INTEGER PRIMARY KEY, file_path VARCHAR(255));"
		"CREATE TABLE wine (id INTEGER PRIMARY KEY, image_id INTEGER, name VARCHAR(255) NOT NULL, description VARCHAR(255) NOT NULL, stock INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL);"
		"CREATE TABLE comment (id INTEGER PRIMARY KEY, wine_id INTEGER NOT NULL, text VARCHAR(255) NOT NULL, created_at DATETIME NOT NULL);"
		"PRAGMA user_version = 1;",
		NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}

static int teardown(void **state)
{
	char side[80];

	(void)state;
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

static void add(struct store *s, const char *topic, const char *data)
{
	struct err e;

	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_outbox_add(s, topic, data, strlen(data),
					  "urn:uuid:x", &e),
			 0);
	assert_int_equal(store_commit(s, &e), 0);
}

static void test_the_embedded_hub_takes_every_row_in_order(void **state)
{
	struct hub_config hc = { 0 };
	struct outbox_config oc = { 0 };
	struct store *s;
	struct hub *hub;
	struct outbox *o;
	struct err e;

	(void)state;
	s = store_open(path, &e);
	assert_non_null(s);
	hc.allow_anonymous = true;
	hub = hub_new(&hc, &e);
	assert_non_null(hub);
	/* rows a previous process left are delivered at the first drain */
	add(s, "https://w.example/api/wines/1", "{\"stock\":1}");
	oc.hub = hub;
	o = outbox_new(&oc, s, &e);
	assert_non_null(o);
	add(s, "https://w.example/api/wines/2", "{\"stock\":2}");
	outbox_kick(o);
	outbox_drain(o);
	assert_int_equal(outbox_delivered(o), 2);
	assert_int_equal(store_outbox_pending(s, &e), 0);
	/* nothing new: a drain does nothing */
	outbox_drain(o);
	assert_int_equal(outbox_delivered(o), 2);
	assert_int_equal(outbox_finish(o, 0), 0);
	outbox_free(o);
	hub_free(hub);
	store_free(s);
}

static void test_an_unreachable_hub_leaves_the_rows_for_later(void **state)
{
	struct outbox_config oc = { 0 };
	struct store *s;
	struct outbox *o;
	struct err e;

	(void)state;
	s = store_open(path, &e);
	assert_non_null(s);
	add(s, "https://w.example/api/wines/1", "{}");
	add(s, "https://w.example/api/wines/2", "{}");
	oc.publish_url = "http://127.0.0.1:1/.well-known/mercure";
	oc.token = "a.b.c";
	oc.db_url = path;
	o = outbox_new(&oc, s, &e);
	assert_non_null(o);
	outbox_kick(o);
	assert_int_equal(outbox_finish(o, 300), 2);
	assert_int_equal(outbox_delivered(o), 0);
	outbox_free(o);
	assert_int_equal(store_outbox_pending(s, &e), 2);
	store_free(s);
}

static void test_an_external_hub_needs_a_url_and_a_database(void **state)
{
	struct outbox_config oc = { 0 };
	struct err e;

	(void)state;
	assert_null(outbox_new(&oc, NULL, &e));
	assert_int_equal(e.cls, ERR_USAGE);
}

static void test_a_deleted_items_payload_is_its_iri_alone(void **state)
{
	struct buf b = BUF_INIT(128);

	(void)state;
	assert_int_equal(jsonld_deleted(&b, "/api/wines/1"), 0);
	assert_string_equal(buf_cstr(&b), "{\"@id\":\"\\/api\\/wines\\/1\"}");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_the_embedded_hub_takes_every_row_in_order, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_an_unreachable_hub_leaves_the_rows_for_later,
			setup, teardown),
		cmocka_unit_test(
			test_an_external_hub_needs_a_url_and_a_database),
		cmocka_unit_test(test_a_deleted_items_payload_is_its_iri_alone),
	};

	return cmocka_run_group_tests_name("outbox", tests, NULL, NULL);
}

/* Unit tests for lib/payload: dates, IRIs, and the checks of a write. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "payload.h"

static void test_dates_in_iso_8601_forms_become_utc(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "2020-03-28T14:21:09+00:00", "2020-03-28 14:21:09" },
		{ "2020-03-28T14:21:09Z", "2020-03-28 14:21:09" },
		{ "2020-03-28T14:21:09.123456+02:00", "2020-03-28 12:21:09" },
		{ "2020-03-28 14:21", "2020-03-28 14:21:00" },
		{ "2020-03-28", "2020-03-28 00:00:00" },
		{ "2020-12-31T23:30:00-01:00", "2021-01-01 00:30:00" },
		{ "2024-02-29T00:00:00+0100", "2024-02-28 23:00:00" },
	};
	static const char *const bad[] = {
		"",
		"yesterday",
		"2020-13-01",
		"2021-02-29",
		"2020-03-28T25:00",
		"2020-03-28T14:21:09+24:00",
		"2020-03-28x",
		"20-03-28",
		"2020-03-28T14:21:09 +00:00",
	};
	char out[20];
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(ok); i++) {
		assert_int_equal(payload_datetime(ok[i].in, out), 0);
		assert_string_equal(out, ok[i].out);
	}
	for (i = 0; i < WS_ARRAY_LEN(bad); i++)
		assert_int_equal(payload_datetime(bad[i], out), -1);
}

static void test_iris_name_an_item_of_one_collection(void **state)
{
	(void)state;
	assert_int_equal(payload_iri_id("/api/wines/3", "wines"), 3);
	assert_int_equal(
		payload_iri_id("https://x.example/api/wines/12", "wines"), 12);
	assert_int_equal(payload_iri_id("/api/wines/3", "media_objects"), 0);
	assert_int_equal(payload_iri_id("/api/wines/03", "wines"), 0);
	assert_int_equal(payload_iri_id("/api/wines/3x", "wines"), 0);
	assert_int_equal(payload_iri_id("/api/wines/", "wines"), 0);
	assert_int_equal(payload_iri_id("/api/wines/-1", "wines"), 0);
	assert_int_equal(payload_iri_id("/api/winesx/1", "wines"), 0);
	assert_int_equal(payload_iri_id("http://no-path", "wines"), 0);
	assert_int_equal(
		payload_iri_id("/api/wines/99999999999999999999", "wines"), 0);
}

static void test_a_partial_update_keeps_what_it_does_not_name(void **state)
{
	struct store_wine w = { 0 };
	struct payload p;
	struct err e;
	const char body[] = "{\"stock\":0}";

	(void)state;
	w.name = strdup("Kept");
	w.description = strdup("Kept too.");
	w.stock = 9;
	w.price = 3;
	assert_int_equal(
		payload_parse(&p, PAYLOAD_WINE, body, strlen(body), &e), 0);
	payload_apply_wine(&p, &w, false);
	assert_int_equal(p.nviolations, 0);
	assert_string_equal(w.name, "Kept");
	assert_int_equal(w.stock, 0);
	payload_release(&p);
	store_wine_release(&w);
}

static void test_violations_stop_at_the_limit(void **state)
{
	struct payload p = { 0 };
	int i;

	(void)state;
	for (i = 0; i < PAYLOAD_MAX_VIOLATIONS + 5; i++)
		payload_violation(&p, "x", "y");
	assert_int_equal(p.nviolations, PAYLOAD_MAX_VIOLATIONS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_in_iso_8601_forms_become_utc),
		cmocka_unit_test(test_iris_name_an_item_of_one_collection),
		cmocka_unit_test(
			test_a_partial_update_keeps_what_it_does_not_name),
		cmocka_unit_test(test_violations_stop_at_the_limit),
	};

	return cmocka_run_group_tests_name("payload", tests, NULL, NULL);
}

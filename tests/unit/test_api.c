/* Unit tests for lib/api: negotiation, CORS origins, media names. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api.h"

static const char *const offers[] = { "application/ld+json", "application/json",
				      "text/html" };

static int pick(const char *accept)
{
	return api_negotiate(accept, offers, 3);
}

static void test_no_accept_or_any_type_gets_json_ld(void **state)
{
	(void)state;
	assert_int_equal(pick(NULL), 0);
	assert_int_equal(pick(""), 0);
	assert_int_equal(pick("*/*"), 0);
	assert_int_equal(pick("application/*"), 0);
}

static void test_angulars_accept_gets_json_ld_by_server_order(void **state)
{
	(void)state;
	assert_int_equal(pick("application/json, text/plain, */*"), 0);
}

static void test_the_highest_q_wins_then_server_order(void **state)
{
	(void)state;
	assert_int_equal(pick("application/json"), 1);
	assert_int_equal(pick("application/ld+json;q=0.5, */*"), 1);
	assert_int_equal(
		pick("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
		2);
	assert_int_equal(
		pick("application/json;q=0.4, application/ld+json;q=0.3"), 1);
	assert_int_equal(pick("APPLICATION/JSON"), 1);
}

static void test_the_most_specific_range_sets_the_q(void **state)
{
	(void)state;
	/* the any-type range would take JSON-LD; its own range refuses it */
	assert_int_equal(pick("application/ld+json;q=0, */*"), 1);
	assert_int_equal(pick("text/*;q=0.9, application/json;q=0.1"), 2);
}

static void test_nothing_acceptable_is_minus_one(void **state)
{
	(void)state;
	assert_int_equal(pick("application/xml"), -1);
	assert_int_equal(pick("*/*;q=0"), -1);
	assert_int_equal(pick("image/png, text/plain"), -1);
}

static void test_local_origins_are_allowed_by_default(void **state)
{
	(void)state;
	assert_true(api_origin_allowed(NULL, "http://localhost"));
	assert_true(api_origin_allowed(NULL, "http://localhost:4200"));
	assert_true(api_origin_allowed(NULL, "https://127.0.0.1:8443"));
	assert_true(api_origin_allowed(NULL, "http://[::1]:3000"));
	assert_false(api_origin_allowed(NULL, "http://localhost.evil.example"));
	assert_false(api_origin_allowed(NULL, "http://localhost:42x"));
	assert_false(api_origin_allowed(NULL, "http://localhost:"));
	assert_false(api_origin_allowed(NULL, "ftp://localhost"));
	assert_false(api_origin_allowed(NULL, "null"));
	assert_false(api_origin_allowed(NULL, NULL));
}

static void test_a_list_matches_whole_origins_only(void **state)
{
	const char *list = "https://shop.example, http://localhost:8000";

	(void)state;
	assert_true(api_origin_allowed(list, "https://shop.example"));
	assert_true(api_origin_allowed(list, "HTTP://LOCALHOST:8000"));
	assert_false(api_origin_allowed(list, "https://shop.example.evil"));
	assert_false(api_origin_allowed(list, "https://shop.exampl"));
	assert_false(api_origin_allowed(list, "http://localhost:4200"));
	assert_true(api_origin_allowed("*", "https://anyone.example"));
	assert_false(api_origin_allowed("", "http://localhost"));
}

static void test_media_names_cannot_leave_the_folder(void **state)
{
	static const char *const bad[] = { "..",  "../x", ".hidden",
					   "a/b", "a\\b", "a%2fb",
					   "x\n", "",	  "a b" };
	size_t i;

	(void)state;
	assert_true(api_media_name_ok("wine1.png", 9));
	assert_true(api_media_name_ok("0a1b-c_d.e", 10));
	for (i = 0; i < WS_ARRAY_LEN(bad); i++)
		assert_false(api_media_name_ok(bad[i], strlen(bad[i])));
	assert_false(api_media_name_ok("a\0b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_accept_or_any_type_gets_json_ld),
		cmocka_unit_test(
			test_angulars_accept_gets_json_ld_by_server_order),
		cmocka_unit_test(test_the_highest_q_wins_then_server_order),
		cmocka_unit_test(test_the_most_specific_range_sets_the_q),
		cmocka_unit_test(test_nothing_acceptable_is_minus_one),
		cmocka_unit_test(test_local_origins_are_allowed_by_default),
		cmocka_unit_test(test_a_list_matches_whole_origins_only),
		cmocka_unit_test(test_media_names_cannot_leave_the_folder),
	};

	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}

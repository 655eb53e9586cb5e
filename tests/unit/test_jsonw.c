/* Unit tests for lib/jsonw: PHP json_encode's escaping and floats. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "jsonw.h"

static void assert_str_mode(const char *in, enum jsonw_mode m, const char *want)
{
	struct buf b = BUF_INIT(4096);

	assert_int_equal(jsonw_str(&b, in, strlen(in), m), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void assert_double(double v, const char *want)
{
	struct buf b = BUF_INIT(64);

	assert_int_equal(jsonw_double(&b, v), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void test_json_ld_escapes_as_api_platform_does(void **state)
{
	(void)state;
	assert_str_mode("/api/wines/1", JSONW_LD, "\"\\/api\\/wines\\/1\"");
	assert_str_mode(
		"a \"b\" <c> & 'd'", JSONW_LD,
		"\"a \\u0022b\\u0022 \\u003Cc\\u003E \\u0026 \\u0027d\\u0027\"");
	assert_str_mode("Château", JSONW_LD, "\"Château\"");
	assert_str_mode("tab\tnl\nnul\x01", JSONW_LD,
			"\"tab\\tnl\\nnul\\u0001\"");
	assert_str_mode("back\\slash", JSONW_LD, "\"back\\\\slash\"");
}

static void test_plain_json_escapes_unicode_and_keeps_html(void **state)
{
	(void)state;
	assert_str_mode("Château <b>", JSONW_PLAIN, "\"Ch\\u00e2teau <b>\"");
	assert_str_mode("say \"hi\"/", JSONW_PLAIN, "\"say \\\"hi\\\"\\/\"");
	/* a character outside the BMP becomes a surrogate pair */
	assert_str_mode("\xF0\x9F\x8D\xB7", JSONW_PLAIN, "\"\\ud83c\\udf77\"");
}

static void test_invalid_utf8_becomes_the_replacement_character(void **state)
{
	(void)state;
	assert_str_mode("a\xffz", JSONW_LD, "\"a\xEF\xBF\xBDz\"");
	assert_str_mode("a\xC0\x80z", JSONW_PLAIN, "\"a\\ufffd\\ufffdz\"");
	assert_str_mode("\xED\xA0\x80", JSONW_PLAIN,
			"\"\\ufffd\\ufffd\\ufffd\"");
}

static void test_floats_take_the_shortest_round_trip_form(void **state)
{
	(void)state;
	assert_double(14.63, "14.63");
	assert_double(12.0, "12");
	assert_double(0.1 + 0.2, "0.30000000000000004");
	assert_double(2.5, "2.5");
	assert_double(1e25, "1.0e+25");
	assert_double(1.5e-7, "1.5e-7");
	assert_double(-0.0, "-0");
	assert_double(0.0 / 0.0, "0");
}

static void test_keys_take_a_comma_after_the_first(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addch(&b, '{'), 0);
	assert_int_equal(jsonw_key(&b, "a", JSONW_LD), 0);
	assert_int_equal(jsonw_int(&b, 1), 0);
	assert_int_equal(jsonw_key(&b, "b/c", JSONW_LD), 0);
	assert_int_equal(jsonw_cstr(&b, NULL, JSONW_LD), 0);
	assert_int_equal(buf_addch(&b, '}'), 0);
	assert_string_equal(buf_cstr(&b), "{\"a\":1,\"b\\/c\":null}");
	buf_release(&b);
}

static void test_a_full_buffer_is_reported(void **state)
{
	struct buf b = BUF_INIT(4);

	(void)state;
	assert_int_not_equal(jsonw_str(&b, "abcdef", 6, JSONW_LD), 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_ld_escapes_as_api_platform_does),
		cmocka_unit_test(
			test_plain_json_escapes_unicode_and_keeps_html),
		cmocka_unit_test(
			test_invalid_utf8_becomes_the_replacement_character),
		cmocka_unit_test(test_floats_take_the_shortest_round_trip_form),
		cmocka_unit_test(test_keys_take_a_comma_after_the_first),
		cmocka_unit_test(test_a_full_buffer_is_reported),
	};

	return cmocka_run_group_tests_name("jsonw", tests, NULL, NULL);
}

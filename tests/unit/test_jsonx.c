/* test_jsonx: jansson helpers, parsing with positions and bounded dumps. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "buf.h"
#include "jsonx.h"

#include <string.h>

static void test_any_json_value_parses(void **state)
{
	static const char *const texts[] = { "{}", "[1,2]", "\"s\"",
					     "42", "null",  " true \n" };
	struct err e;
	json_t *v;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(texts); i++) {
		err_init(&e);
		v = jsonx_parse(texts[i], strlen(texts[i]), &e);
		assert_non_null(v);
		assert_int_equal(e.cls, ERR_NONE);
		json_decref(v);
	}
}

static void test_parsing_is_bounded_by_the_length(void **state)
{
	json_t *v;

	(void)state;
	v = jsonx_parse("[1]garbage", 3, NULL);
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 1);
	json_decref(v);
}

static void test_a_syntax_error_gives_its_line_and_column(void **state)
{
	const char *text = "{\n  \"a\": tru\n}";
	struct err e;

	(void)state;
	err_init(&e);
	assert_null(jsonx_parse(text, strlen(text), &e));
	assert_int_equal(e.cls, ERR_DATA);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 10);
	assert_string_equal(e.msg, "invalid JSON at line 2, column 10: "
				   "invalid token near 'tru'");
}

static void test_trailing_content_is_an_error(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	assert_null(jsonx_parse("{} {}", 5, &e));
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "end of file expected"));
	err_init(&e);
	assert_null(jsonx_parse("", 0, &e));
	assert_int_equal(e.cls, ERR_DATA);
}

static void test_an_object_is_required_where_asked(void **state)
{
	struct err e;
	json_t *v;

	(void)state;
	err_init(&e);
	v = jsonx_parse_object("{\"a\":1}", 7, "claims", &e);
	assert_true(json_is_object(v));
	json_decref(v);
	assert_null(jsonx_parse_object("[1]", 3, "claims", &e));
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(e.msg, "claims must be a JSON object");
	err_init(&e);
	assert_null(jsonx_parse_object("{", 1, "payload", &e));
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.msg, "payload: invalid JSON at line 1"));
}

static void test_nul_bytes_inside_strings_are_kept(void **state)
{
	const char text[] = "\"a\\u0000b\"";
	json_t *v;

	(void)state;
	v = jsonx_parse(text, sizeof(text) - 1, NULL);
	assert_non_null(v);
	assert_int_equal(json_string_length(v), 3);
	json_decref(v);
}

static void test_dump_is_compact_and_keeps_key_order(void **state)
{
	struct buf out = BUF_INIT(256);
	json_t *v = json_loads("{\"z\": 1, \"a\": [true, null], \"m\": \"x\"}",
			       0, NULL);

	(void)state;
	assert_int_equal(jsonx_dump(&out, v), BUF_OK);
	assert_string_equal(buf_cstr(&out),
			    "{\"z\":1,\"a\":[true,null],\"m\":\"x\"}");
	json_decref(v);
	buf_reset(&out);
	v = json_integer(7);
	assert_int_equal(jsonx_dump(&out, v), BUF_OK);
	assert_string_equal(buf_cstr(&out), "7");
	json_decref(v);
	buf_release(&out);
}

static void test_dump_over_the_ceiling_fails(void **state)
{
	struct buf out = BUF_INIT(8);
	json_t *v = json_string("longer than eight");

	(void)state;
	assert_int_not_equal(jsonx_dump(&out, v), BUF_OK);
	assert_true(out.len <= 8);
	json_decref(v);
	buf_release(&out);
}

static void test_the_version_names_jansson(void **state)
{
	(void)state;
	assert_non_null(strstr(jsonx_version(), "jansson 2."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_json_value_parses),
		cmocka_unit_test(test_parsing_is_bounded_by_the_length),
		cmocka_unit_test(test_a_syntax_error_gives_its_line_and_column),
		cmocka_unit_test(test_trailing_content_is_an_error),
		cmocka_unit_test(test_an_object_is_required_where_asked),
		cmocka_unit_test(test_nul_bytes_inside_strings_are_kept),
		cmocka_unit_test(test_dump_is_compact_and_keeps_key_order),
		cmocka_unit_test(test_dump_over_the_ceiling_fails),
		cmocka_unit_test(test_the_version_names_jansson),
	};

	return cmocka_run_group_tests_name("jsonx", tests, NULL, NULL);
}

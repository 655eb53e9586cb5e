/* Unit tests for yamlread: events, positions, JSON, threads, errors. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "yamlread.h"

#include <stdio.h>
#include <string.h>

/* Every event as "kind[:value][/plain][&anchor][!tag]@line:col" lines. */
static int trace(const char *data, size_t len, bool threaded, struct buf *out,
		 struct err *e)
{
	static const char *const kinds[] = { "end",  "doc",    "/doc",
					     "map",  "/map",   "seq",
					     "/seq", "scalar", "alias" };
	struct yamlread *r = yamlread_open_buffer(data, len, threaded, e);
	struct yamlread_event ev;
	int rc = 0;

	assert_non_null(r);
	do {
		rc = yamlread_next(r, &ev, e);
		if (rc < 0)
			break;
		assert_int_equal(buf_printf(out, "%s", kinds[ev.kind]), 0);
		if (ev.value)
			assert_int_equal(buf_printf(out, ":%s", ev.value), 0);
		if (ev.kind == YR_SCALAR && ev.plain)
			assert_int_equal(buf_addstr(out, "/plain"), 0);
		if (ev.anchor)
			assert_int_equal(buf_printf(out, "&%s", ev.anchor), 0);
		if (ev.tag)
			assert_int_equal(buf_printf(out, "!%s", ev.tag), 0);
		assert_int_equal(
			buf_printf(out, "@%ld:%ld\n", ev.line, ev.column), 0);
	} while (ev.kind != YR_STREAM_END);
	yamlread_free(r);
	return rc;
}

static void yaml_events_carry_values_styles_and_positions(void **state)
{
	const char *doc = "a: 1\n"
			  "b: 'two'\n"
			  "c: [x, &k y, *k]\n"
			  "d: !!str 3\n";
	struct buf out = BUF_INIT(1 << 16);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(trace(doc, strlen(doc), false, &out, &e), 0);
	assert_string_equal(buf_cstr(&out),
			    "doc@1:1\n"
			    "map@1:1\n"
			    "scalar:a/plain@1:1\n"
			    "scalar:1/plain@1:4\n"
			    "scalar:b/plain@2:1\n"
			    "scalar:two@2:4\n"
			    "scalar:c/plain@3:1\n"
			    "seq@3:4\n"
			    "scalar:x/plain@3:5\n"
			    "scalar:y/plain&k@3:8\n"
			    "alias:k@3:14\n"
			    "/seq@3:16\n"
			    "scalar:d/plain@4:1\n"
			    "scalar:3/plain!tag:yaml.org,2002:str@4:4\n"
			    "/map@5:1\n"
			    "/doc@5:1\n"
			    "end@5:1\n");
	buf_release(&out);
}

static void json_gives_the_events_yaml_would(void **state)
{
	const char *json =
		"{\"a\": 1, \"b\": \"two\",\n \"c\": [\"x\", true, null]}";
	struct buf out = BUF_INIT(1 << 16);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(trace(json, strlen(json), false, &out, &e), 0);
	assert_string_equal(buf_cstr(&out), "doc@1:1\n"
					    "map@1:1\n"
					    "scalar:a@1:2\n"
					    "scalar:1/plain@1:7\n"
					    "scalar:b@1:10\n"
					    "scalar:two@1:15\n"
					    "scalar:c@2:2\n"
					    "seq@2:7\n"
					    "scalar:x@2:8\n"
					    "scalar:true/plain@2:13\n"
					    "scalar:null/plain@2:19\n"
					    "/seq@2:23\n"
					    "/map@2:24\n"
					    "/doc@2:25\n"
					    "end@2:25\n");
	buf_release(&out);
}

static void json_strings_are_unescaped_to_utf8(void **state)
{
	const char *json =
		"{\"k\": \"caf\\u00e9 \\ud83c\\udf77 \\\"q\\\" \\\\ \\/ \\t\"}";
	struct buf out = BUF_INIT(1 << 16);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(trace(json, strlen(json), false, &out, &e), 0);
	assert_non_null(
		strstr(buf_cstr(&out),
		       "scalar:caf\xc3\xa9 \xf0\x9f\x8d\xb7 \"q\" \\ / \t@"));
	buf_release(&out);
}

static void json_mistakes_say_what_was_expected_and_where(void **state)
{
	static const struct {
		const char *json, *msg;
		long line, column;
	} cases[] = {
		{ "{\"a\" 1}", "invalid JSON: expected ':', found '1'", 1, 6 },
		{ "{\"a\": [1,]}", "invalid JSON: expected a value, found ']'",
		  1, 10 },
		{ "{\"a\": 01}",
		  "invalid JSON: '01' is not a number, true, false or null", 1,
		  7 },
		{ "{\"a\": \"x\ny\"}",
		  "invalid JSON: expected the rest of a string and its '\"', found byte 0x0a",
		  1, 9 },
		{ "{}\n{}",
		  "invalid JSON: expected nothing after the value, found '{'",
		  2, 1 },
		{ "{\"a\": tru}",
		  "invalid JSON: 'tru' is not a number, true, false or null", 1,
		  7 },
		{ "{\"a\": \"\\x\"}",
		  "invalid JSON: expected an escape (\\n, \\\", \\u00e9...), found 'x'",
		  1, 9 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(cases); i++) {
		struct buf out = BUF_INIT(1 << 16);
		struct err e;

		err_init(&e);
		assert_int_equal(trace(cases[i].json, strlen(cases[i].json),
				       i % 2, &out, &e),
				 -1);
		assert_int_equal(e.cls, ERR_DATA);
		assert_string_equal(e.msg, cases[i].msg);
		assert_int_equal(e.line, cases[i].line);
		assert_int_equal(e.column, cases[i].column);
		buf_release(&out);
	}
}

static void yaml_errors_have_positions_and_repeat(void **state)
{
	const char *doc = "a:\n  b: @c\n";
	struct yamlread *r;
	struct yamlread_event ev;
	struct err e;
	int i, rc = 0;

	(void)state;
	err_init(&e);
	r = yamlread_open_buffer(doc, strlen(doc), false, &e);
	assert_non_null(r);
	for (i = 0; i < 10 && rc == 0; i++)
		rc = yamlread_next(r, &ev, &e);
	assert_int_equal(rc, -1);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 6);
	assert_non_null(strstr(e.msg, "quote values that start with '@'"));
	err_init(&e);
	assert_int_equal(yamlread_next(r, &ev, &e), -1);
	assert_int_equal(e.line, 2);
	yamlread_free(r);
	yamlread_free(NULL);
}

static void threaded_reading_gives_the_same_events_across_batches(void **state)
{
	struct buf doc = BUF_INIT(8 << 20), a = BUF_INIT(64 << 20),
		   b = BUF_INIT(64 << 20);
	struct err e;
	int i;

	(void)state;
	err_init(&e);
	/* Far more events than one batch holds. */
	for (i = 0; i < 20000; i++)
		assert_int_equal(
			buf_printf(&doc, "k%d: [v%d, 'w%d']\n", i, i, i), 0);
	assert_int_equal(trace(doc.data, doc.len, false, &a, &e), 0);
	assert_int_equal(trace(doc.data, doc.len, true, &b, &e), 0);
	assert_true(a.len > 1000000);
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	buf_release(&doc);
	buf_release(&a);
	buf_release(&b);
}

static void an_empty_input_is_just_the_end(void **state)
{
	struct buf out = BUF_INIT(1024);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(trace("", 0, false, &out, &e), 0);
	assert_string_equal(buf_cstr(&out), "end@1:1\n");
	buf_release(&out);
}

static void a_missing_file_is_no_input(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	assert_null(yamlread_open_file("/nonexistent/x.yaml", true, &e));
	assert_int_equal(e.cls, ERR_NOINPUT);
	assert_non_null(strstr(yamlread_version(), "libyaml "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yaml_events_carry_values_styles_and_positions),
		cmocka_unit_test(json_gives_the_events_yaml_would),
		cmocka_unit_test(json_strings_are_unescaped_to_utf8),
		cmocka_unit_test(json_mistakes_say_what_was_expected_and_where),
		cmocka_unit_test(yaml_errors_have_positions_and_repeat),
		cmocka_unit_test(
			threaded_reading_gives_the_same_events_across_batches),
		cmocka_unit_test(an_empty_input_is_just_the_end),
		cmocka_unit_test(a_missing_file_is_no_input),
	};

	return cmocka_run_group_tests_name("yamlread", tests, NULL, NULL);
}

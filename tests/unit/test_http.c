/* Unit tests for lib/http: the request-head parser. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "http.h"

#include <stdio.h>
#include <string.h>

/*
 * Each input is parsed in a heap copy of exactly its length, so that the
 * sanitizers catch a read past the end; the copy lives until the next
 * parse (the request points into it).
 */
static char *copy;

static int parse_n(const char *s, size_t len, struct http_request *r)
{
	free(copy);
	copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, s, len);
	return http_parse_request(copy, len, r);
}

static int parse(const char *s, struct http_request *r)
{
	return parse_n(s, strlen(s), r);
}

static int teardown(void **state)
{
	(void)state;
	free(copy);
	copy = NULL;
	return 0;
}

static void test_a_request_is_parsed_in_place(void **state)
{
	const char in[] = "GET /.well-known/mercure?topic=a&b HTTP/1.1\r\n"
			  "Host:  hub \t\r\nX-Empty:\r\n\r\n";
	struct http_request r;

	(void)state;
	assert_int_equal(parse(in, &r), (int)strlen(in));
	assert_string_equal(r.method, "GET");
	assert_string_equal(r.target, "/.well-known/mercure?topic=a&b");
	assert_int_equal(r.path_len, strlen("/.well-known/mercure"));
	assert_memory_equal(r.path, "/.well-known/mercure", r.path_len);
	assert_string_equal(r.query, "topic=a&b");
	assert_int_equal(r.version, 11);
	assert_int_equal(r.nheaders, 2);
	assert_string_equal(r.headers[0].name, "Host");
	assert_string_equal(r.headers[0].value, "hub");
	assert_string_equal(r.headers[1].name, "X-Empty");
	assert_string_equal(r.headers[1].value, "");
	assert_int_equal(r.content_length, 0);
	assert_false(r.chunked);
	assert_true(r.keep_alive);
	assert_false(r.expect_continue);
	/* Every string points into the parsed buffer. */
	assert_true(r.method >= copy && r.method < copy + sizeof(in));
	assert_true(r.headers[0].value > copy &&
		    r.headers[0].value < copy + sizeof(in));
}

static void test_every_prefix_of_a_head_is_incomplete(void **state)
{
	const char in[] = "POST /p?q HTTP/1.1\r\nHost: hub\r\n"
			  "Content-Length: 5\r\n\r\nhello";
	size_t head = strlen(in) - 5, i;
	struct http_request r;

	(void)state;
	for (i = 0; i < head; i++)
		assert_int_equal(parse_n(in, i, &r), 0);
	/* Complete from its last byte on, whatever follows. */
	for (i = head; i <= strlen(in); i++)
		assert_int_equal(parse_n(in, i, &r), (int)head);
	assert_int_equal(r.content_length, 5);
}

static void test_bare_line_feeds_end_lines_too(void **state)
{
	struct http_request r;

	(void)state;
	assert_int_equal(parse("GET / HTTP/1.1\nHost: a\n\n", &r), 24);
	assert_string_equal(r.headers[0].value, "a");
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\n\r\n", &r), 26);
	assert_int_equal(parse("GET / HTTP/1.1\nHost: a\r\n\n", &r), 25);
}

static void test_pipelined_requests_are_parsed_one_at_a_time(void **state)
{
	const char in[] =
		"POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n"
		"abc"
		"GET /b HTTP/1.1\r\nHost: h\r\n\r\n"
		"GET /c HTTP/1.0\r\n\r\n"
		"GET /d HT";
	const char *want[] = { "/a", "/b", "/c" };
	struct http_request r;
	size_t off = 0;
	int i, n;

	(void)state;
	for (i = 0; i < 3; i++) {
		n = parse_n(in + off, strlen(in) - off, &r);
		assert_true(n > 0);
		assert_string_equal(r.target, want[i]);
		off += (size_t)n + r.content_length;
	}
	assert_string_equal(in + off, "GET /d HT");
	assert_int_equal(parse_n(in + off, strlen(in) - off, &r), 0);
}

static void test_a_leading_blank_line_is_left_to_the_server(void **state)
{
	struct http_request r;

	(void)state;
	assert_int_equal(parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", &r),
			 -400);
	assert_int_equal(parse("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", &r),
			 -400);
}

static void test_malformed_request_lines_are_400(void **state)
{
	static const char *const bad[] = {
		"GET  / HTTP/1.1",
		" GET / HTTP/1.1",
		"GET / HTTP/1.1 ",
		"GET /",
		"GET",
		"G(T / HTTP/1.1",
		"GET index HTTP/1.1",
		"GET /a\tb HTTP/1.1",
		"GET /a\x7f HTTP/1.1",
		"GET /#f HTTP/1.1",
		"GET / http/1.1",
		"GET / HTTP/1.1x",
		"GET / HTTP/1.1\r",
		"GET / HTTP/11",
		"GET / HTTP/1.",
		"GET / HTTP/a.b",
		"GET * HTTP/1.1",
		"GET http:/// HTTP/1.1",
		"GET ftp://h/ HTTP/1.1",
		"GET http:// HTTP/1.1",
	};
	char line[256];
	struct http_request r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(line, sizeof(line), "%s\r\nHost: h\r\n\r\n", bad[i]);
		if (parse(line, &r) != -400)
			fail_msg("'%s' was not refused with 400", bad[i]);
	}
}

static void test_other_versions_are_505(void **state)
{
	static const char *const versions[] = { "HTTP/2.0", "HTTP/0.9",
						"HTTP/1.2", "HTTP/3.1" };
	char line[128];
	struct http_request r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(versions) / sizeof(*versions); i++) {
		snprintf(line, sizeof(line), "GET / %s\r\nHost: h\r\n\r\n",
			 versions[i]);
		assert_int_equal(parse(line, &r), -505);
	}
	assert_true(parse("GET / HTTP/1.0\r\n\r\n", &r) > 0);
	assert_int_equal(r.version, 10);
}

static void test_malformed_fields_are_400(void **state)
{
	static const char *const bad[] = {
		"Host : h\r\n",
		"Host: h\r\n folded\r\n",
		"Host: h\r\nnocolon\r\n",
		"Host: h\r\n: v\r\n",
		"Host: h\r\nX: a\x01z\r\n",
		"Host: h\r\nX: a\rb\r\n",
		"Host: h\r\nX: a\x7f\r\n",
		"Host: h\r\nX(y): 1\r\n",
		"Host: h\r\nX y: 1\r\n",
		" Host: h\r\n",
	};
	char head[256];
	struct http_request r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(head, sizeof(head), "GET / HTTP/1.1\r\n%s\r\n",
			 bad[i]);
		if (parse(head, &r) != -400)
			fail_msg("field '%s' was not refused with 400", bad[i]);
	}
	/* obs-text (bytes of UTF-8) and tabs are fine in values. */
	assert_true(parse("GET / HTTP/1.1\r\nHost: h\r\nX: \xc3\xa2\ta\r\n\r\n",
			  &r) > 0);
	assert_string_equal(r.headers[1].value, "\xc3\xa2\ta");
}

static void test_a_nul_in_the_head_is_400(void **state)
{
	const char in[] = "GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n";
	struct http_request r;

	(void)state;
	assert_int_equal(parse_n(in, sizeof(in) - 1, &r), -400);
}

static void test_http11_needs_one_host(void **state)
{
	struct http_request r;

	(void)state;
	assert_int_equal(parse("GET / HTTP/1.1\r\n\r\n", &r), -400);
	assert_int_equal(
		parse("GET / HTTP/1.1\r\nHost: a\r\nHOST: a\r\n\r\n", &r),
		-400);
	assert_int_equal(
		parse("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", &r),
		-400);
	assert_true(parse("GET / HTTP/1.0\r\n\r\n", &r) > 0);
	assert_true(parse("GET / HTTP/1.1\r\nhOsT: a\r\n\r\n", &r) > 0);
}

struct length_case {
	const char *fields;
	int ok;
	size_t length;
};

static void test_content_length_must_be_one_decimal_number(void **state)
{
	static const struct length_case cases[] = {
		{ "Content-Length: 0\r\n", 1, 0 },
		{ "Content-Length: 42\r\n", 1, 42 },
		{ "content-length: 007\r\n", 1, 7 },
		{ "Content-Length: 5\r\nContent-Length: 5\r\n", 1, 5 },
		{ "Content-Length: 5\r\nContent-Length: 05\r\n", 1, 5 },
		{ "Content-Length: 1000000000000\r\n", 1, 1000000000000ULL },
		{ "Content-Length: 5\r\nContent-Length: 6\r\n", 0, 0 },
		{ "Content-Length: -1\r\n", 0, 0 },
		{ "Content-Length: +1\r\n", 0, 0 },
		{ "Content-Length: 0x10\r\n", 0, 0 },
		{ "Content-Length: 1 2\r\n", 0, 0 },
		{ "Content-Length: 5, 5\r\n", 0, 0 },
		{ "Content-Length:\r\n", 0, 0 },
		{ "Content-Length: 99999999999999999999\r\n", 0, 0 },
		{ "Content-Length: 18446744073709551616\r\n", 0, 0 },
	};
	char head[256];
	struct http_request r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int n;

		snprintf(head, sizeof(head),
			 "POST / HTTP/1.1\r\nHost: h\r\n%s\r\n",
			 cases[i].fields);
		n = parse(head, &r);
		if (cases[i].ok && n <= 0)
			fail_msg("'%s' was refused", cases[i].fields);
		if (!cases[i].ok && n != -400)
			fail_msg("'%s' was not refused with 400",
				 cases[i].fields);
		if (cases[i].ok)
			assert_int_equal(r.content_length, cases[i].length);
	}
}

static void test_transfer_encoding_is_reported_or_refused(void **state)
{
	struct http_request r;

	(void)state;
	assert_true(parse("POST / HTTP/1.1\r\nHost: h\r\n"
			  "Transfer-Encoding: chunked\r\n\r\n",
			  &r) > 0);
	assert_true(r.chunked);
	assert_true(parse("POST / HTTP/1.1\r\nHost: h\r\n"
			  "Transfer-Encoding: gzip, CHUNKED\r\n\r\n",
			  &r) > 0);
	assert_true(r.chunked);
	assert_int_equal(parse("POST / HTTP/1.1\r\nHost: h\r\n"
			       "Transfer-Encoding: gzip\r\n\r\n",
			       &r),
			 -501);
	assert_int_equal(parse("POST / HTTP/1.1\r\nHost: h\r\n"
			       "Transfer-Encoding:\r\n\r\n",
			       &r),
			 -501);
	/* Both framings at once is how requests are smuggled. */
	assert_int_equal(
		parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
		      "Transfer-Encoding: chunked\r\n\r\n",
		      &r),
		-400);
}

/* A head of exactly total bytes with nfields fields after Host. */
static void make_head(struct buf *b, int nfields, size_t total)
{
	int i;

	buf_reset(b);
	assert_int_equal(buf_addstr(b, "GET / HTTP/1.1\r\nHost: h\r\n"), 0);
	for (i = 0; i < nfields; i++)
		assert_int_equal(buf_printf(b, "X-%d: %d\r\n", i, i), 0);
	if (total) {
		assert_true(total >= b->len + 7);
		assert_int_equal(buf_addstr(b, "Pad: "), 0);
		while (b->len < total - 4)
			assert_int_equal(buf_addch(b, 'p'), 0);
		assert_int_equal(buf_addstr(b, "\r\n"), 0);
	}
	assert_int_equal(buf_addstr(b, "\r\n"), 0);
}

static void test_the_field_count_limit_is_exact(void **state)
{
	struct buf b = BUF_INIT(LIMIT_HTTP_HEAD_BYTES * 2);
	struct http_request r;

	(void)state;
	make_head(&b, LIMIT_HTTP_HEADERS - 1, 0);
	assert_int_equal(parse_n(b.data, b.len, &r), (int)b.len);
	assert_int_equal(r.nheaders, LIMIT_HTTP_HEADERS);
	make_head(&b, LIMIT_HTTP_HEADERS, 0);
	assert_int_equal(parse_n(b.data, b.len, &r), -431);
	buf_release(&b);
}

static void test_the_head_size_limit_is_exact(void **state)
{
	struct buf b = BUF_INIT(LIMIT_HTTP_HEAD_BYTES * 2);
	struct http_request r;

	(void)state;
	make_head(&b, 0, LIMIT_HTTP_HEAD_BYTES);
	assert_int_equal(b.len, LIMIT_HTTP_HEAD_BYTES);
	assert_int_equal(parse_n(b.data, b.len, &r), LIMIT_HTTP_HEAD_BYTES);
	make_head(&b, 0, LIMIT_HTTP_HEAD_BYTES + 1);
	assert_int_equal(parse_n(b.data, b.len, &r), -431);
	/* A head that has not ended within the limit is refused at once. */
	assert_int_equal(parse_n(b.data, LIMIT_HTTP_HEAD_BYTES - 1, &r), 0);
	assert_int_equal(parse_n(b.data, LIMIT_HTTP_HEAD_BYTES, &r), -431);
	buf_release(&b);
}

static void test_keep_alive_follows_version_and_connection(void **state)
{
	static const struct {
		const char *head;
		bool keep;
	} cases[] = {
		{ "GET / HTTP/1.1\r\nHost: h\r\n\r\n", true },
		{ "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
		  false },
		{ "GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, Close\r\n\r\n",
		  false },
		{ "GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n",
		  true },
		{ "GET / HTTP/1.0\r\n\r\n", false },
		{ "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true },
		{ "GET / HTTP/1.0\r\nConnection: upgrade,keep-alive\r\n\r\n",
		  true },
	};
	struct http_request r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assert_true(parse(cases[i].head, &r) > 0);
		if (r.keep_alive != cases[i].keep)
			fail_msg("keep-alive wrong for '%s'", cases[i].head);
	}
}

static void test_expect_continue_is_noticed(void **state)
{
	struct http_request r;

	(void)state;
	assert_true(
		parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
		      "Content-Length: 1\r\n\r\n",
		      &r) > 0);
	assert_true(r.expect_continue);
	assert_true(
		parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n",
		      &r) > 0);
	assert_false(r.expect_continue);
}

static void test_absolute_form_targets_give_path_and_query(void **state)
{
	struct http_request r;

	(void)state;
	assert_true(
		parse("GET http://h:3000/.well-known/mercure?topic=a HTTP/1.1"
		      "\r\nHost: h\r\n\r\n",
		      &r) > 0);
	assert_string_equal(r.target,
			    "http://h:3000/.well-known/mercure?topic=a");
	assert_int_equal(r.path_len, strlen("/.well-known/mercure"));
	assert_memory_equal(r.path, "/.well-known/mercure", r.path_len);
	assert_string_equal(r.query, "topic=a");
	assert_true(parse("GET HTTPS://h?x HTTP/1.1\r\nHost: h\r\n\r\n", &r) >
		    0);
	assert_int_equal(r.path_len, 1);
	assert_memory_equal(r.path, "/", 1);
	assert_string_equal(r.query, "x");
}

static void test_the_asterisk_form_is_for_options_only(void **state)
{
	struct http_request r;

	(void)state;
	assert_true(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", &r) > 0);
	assert_int_equal(r.path_len, 1);
	assert_string_equal(r.query, "");
	assert_int_equal(parse("POST * HTTP/1.1\r\nHost: h\r\n\r\n", &r), -400);
}

static void test_header_lookup_ignores_case_and_takes_the_first(void **state)
{
	struct http_request r;

	(void)state;
	assert_true(
		parse("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\n\r\n",
		      &r) > 0);
	assert_string_equal(http_header(&r, "X-A"), "1");
	assert_string_equal(http_header(&r, "HOST"), "h");
	assert_null(http_header(&r, "X-B"));
}

static void test_if_none_match_lists_are_compared_weakly(void **state)
{
	const char *t = "\"abc\"";

	(void)state;
	assert_true(http_etag_listed("\"abc\"", t));
	assert_true(http_etag_listed("*", t));
	assert_true(http_etag_listed("W/\"abc\"", t));
	assert_true(http_etag_listed("\"x\", \"abc\"", t));
	assert_true(http_etag_listed(" ,\t\"x\",W/\"abc\" ", t));
	assert_false(http_etag_listed("", t));
	assert_false(http_etag_listed("\"ab\"", t));
	assert_false(http_etag_listed("\"abcd\"", t));
	assert_false(http_etag_listed("abc", t));
	assert_false(http_etag_listed("\"abc", t));
	assert_false(http_etag_listed("w/\"abc\"", t));
	/* A malformed member ends the list. */
	assert_false(http_etag_listed("\"x\", junk, \"abc\"", t));
}

static void test_reason_phrases_name_the_statuses(void **state)
{
	(void)state;
	assert_string_equal(http_reason(200), "OK");
	assert_string_equal(http_reason(400), "Bad Request");
	assert_string_equal(http_reason(413), "Content Too Large");
	assert_string_equal(http_reason(431),
			    "Request Header Fields Too Large");
	assert_string_equal(http_reason(505), "HTTP Version Not Supported");
	assert_string_equal(http_reason(299), "Unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_a_request_is_parsed_in_place,
					  teardown),
		cmocka_unit_test_teardown(
			test_every_prefix_of_a_head_is_incomplete, teardown),
		cmocka_unit_test_teardown(test_bare_line_feeds_end_lines_too,
					  teardown),
		cmocka_unit_test_teardown(
			test_pipelined_requests_are_parsed_one_at_a_time,
			teardown),
		cmocka_unit_test_teardown(
			test_a_leading_blank_line_is_left_to_the_server,
			teardown),
		cmocka_unit_test_teardown(test_malformed_request_lines_are_400,
					  teardown),
		cmocka_unit_test_teardown(test_other_versions_are_505,
					  teardown),
		cmocka_unit_test_teardown(test_malformed_fields_are_400,
					  teardown),
		cmocka_unit_test_teardown(test_a_nul_in_the_head_is_400,
					  teardown),
		cmocka_unit_test_teardown(test_http11_needs_one_host, teardown),
		cmocka_unit_test_teardown(
			test_content_length_must_be_one_decimal_number,
			teardown),
		cmocka_unit_test_teardown(
			test_transfer_encoding_is_reported_or_refused,
			teardown),
		cmocka_unit_test_teardown(test_the_field_count_limit_is_exact,
					  teardown),
		cmocka_unit_test_teardown(test_the_head_size_limit_is_exact,
					  teardown),
		cmocka_unit_test_teardown(
			test_keep_alive_follows_version_and_connection,
			teardown),
		cmocka_unit_test_teardown(test_expect_continue_is_noticed,
					  teardown),
		cmocka_unit_test_teardown(
			test_absolute_form_targets_give_path_and_query,
			teardown),
		cmocka_unit_test_teardown(
			test_the_asterisk_form_is_for_options_only, teardown),
		cmocka_unit_test_teardown(
			test_header_lookup_ignores_case_and_takes_the_first,
			teardown),
		cmocka_unit_test_teardown(
			test_if_none_match_lists_are_compared_weakly, teardown),
		cmocka_unit_test_teardown(test_reason_phrases_name_the_statuses,
					  teardown),
	};

	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}

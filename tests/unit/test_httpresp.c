/* Unit tests for lib/httpresp: what the golden files cannot show. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "httpresp.h"

#include <stdlib.h>
#include <string.h>

static int feed(struct httpresp *p, const char *s, size_t *used)
{
	struct err e;

	err_init(&e);
	return httpresp_feed(p, s, strlen(s), used, &e);
}

/* Each test gets a reader keeping 64 bytes of body, ready for a response
 * to a request other than HEAD. */
static int reader_new(void **state)
{
	struct httpresp *p = malloc(sizeof(*p));

	if (!p)
		return -1;
	httpresp_init(p, 64);
	httpresp_reset(p, false);
	*state = p;
	return 0;
}

static int reader_free(void **state)
{
	httpresp_release(*state);
	free(*state);
	return 0;
}

static void test_a_response_stops_where_the_next_begins(void **state)
{
	const char in[] =
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nidHTTP/1.1";
	struct httpresp *p = *state;
	size_t used;

	assert_int_equal(feed(p, in, &used), 1);
	assert_int_equal(used, strlen(in) - strlen("HTTP/1.1"));
	assert_int_equal(p->seen, used);
	assert_string_equal(p->body.data, "id");
	httpresp_reset(p, false);
	assert_int_equal(p->seen, 0);
	assert_int_equal(p->body.len, 0);
	assert_int_equal(feed(p, in + used, &used), 0);
	assert_int_equal(used, strlen("HTTP/1.1"));
	assert_int_equal(p->seen, used);
}

static void test_an_answer_to_head_has_no_body(void **state)
{
	const char in[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
			  "HTTP/1.1 204 No Content\r\n\r\n";
	struct httpresp *p = *state;
	size_t used;

	httpresp_reset(p, true);
	assert_int_equal(feed(p, in, &used), 1);
	assert_int_equal(p->head.status, 200);
	assert_int_equal(p->head.content_length, 5);
	assert_int_equal(p->body.len, 0);
	httpresp_reset(p, false);
	assert_int_equal(feed(p, in + used, &used), 1);
	assert_int_equal(p->head.status, 204);
}

static void test_a_body_until_the_end_completes_at_eof(void **state)
{
	struct httpresp *p = *state;
	struct err e;
	size_t used;

	err_init(&e);
	assert_int_equal(feed(p, "HTTP/1.0 200 OK\r\n\r\nurn:", &used), 0);
	assert_int_equal(feed(p, "x", &used), 0);
	assert_int_equal(httpresp_eof(p, &e), 1);
	assert_string_equal(p->body.data, "urn:x");
	assert_false(p->head.keep_alive);
}

static void test_the_end_between_responses_is_clean(void **state)
{
	struct httpresp *p = *state;
	struct err e;
	size_t used;

	err_init(&e);
	assert_int_equal(httpresp_eof(p, &e), 0);
	/* Only blank lines have come: still nothing of a response. */
	assert_int_equal(feed(p, "\r\n", &used), 0);
	assert_int_equal(httpresp_eof(p, &e), 0);
	/* An interim response alone is part of the next one. */
	assert_int_equal(feed(p, "HTTP/1.1 100 Continue\r\n\r\n", &used), 0);
	assert_int_equal(httpresp_eof(p, &e), -1);
	assert_int_equal(e.cls, ERR_UNAVAIL);
}

static void test_a_failed_reader_refuses_until_reset(void **state)
{
	struct httpresp *p = *state;
	size_t used;

	assert_int_equal(feed(p, "HTTP/9.9 200 OK\r\n\r\n", &used), -1);
	assert_int_equal(feed(p, "HTTP/1.1 204 No Content\r\n\r\n", &used), -1);
	assert_int_equal(used, 0);
	httpresp_reset(p, false);
	assert_int_equal(feed(p, "HTTP/1.1 204 No Content\r\n\r\n", &used), 1);
}

static void test_a_zero_ceiling_keeps_no_body(void **state)
{
	struct httpresp p;
	size_t used;

	(void)state;
	httpresp_init(&p, 0);
	httpresp_reset(&p, false);
	assert_int_equal(feed(&p,
			      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
			      &used),
			 1);
	assert_int_equal(p.body.len, 0);
	assert_true(p.truncated);
	httpresp_release(&p);
}

static void test_a_head_split_at_every_byte_parses_the_same(void **state)
{
	const char in[] = "HTTP/1.1 201 Created\r\nX-A: 1\r\n"
			  "Transfer-Encoding: chunked\r\n\r\n"
			  "2\r\nab\r\n0\r\n\r\n";
	struct httpresp *p = *state;
	struct err e;
	size_t i, used;

	err_init(&e);
	for (i = 1; i < sizeof(in) - 1; i++) {
		int rc;

		httpresp_reset(p, false);
		rc = httpresp_feed(p, in, i, &used, &e);
		assert_int_equal(rc, 0);
		assert_int_equal(used, i);
		rc = httpresp_feed(p, in + i, sizeof(in) - 1 - i, &used, &e);
		assert_int_equal(rc, 1);
		assert_int_equal(used, sizeof(in) - 1 - i);
		assert_int_equal(p->head.status, 201);
		assert_string_equal(http_response_header(&p->head, "x-a"), "1");
		assert_string_equal(p->body.data, "ab");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_a_response_stops_where_the_next_begins, reader_new,
			reader_free),
		cmocka_unit_test_setup_teardown(
			test_an_answer_to_head_has_no_body, reader_new,
			reader_free),
		cmocka_unit_test_setup_teardown(
			test_a_body_until_the_end_completes_at_eof, reader_new,
			reader_free),
		cmocka_unit_test_setup_teardown(
			test_the_end_between_responses_is_clean, reader_new,
			reader_free),
		cmocka_unit_test_setup_teardown(
			test_a_failed_reader_refuses_until_reset, reader_new,
			reader_free),
		cmocka_unit_test(test_a_zero_ceiling_keeps_no_body),
		cmocka_unit_test_setup_teardown(
			test_a_head_split_at_every_byte_parses_the_same,
			reader_new, reader_free),
	};

	return cmocka_run_group_tests_name("httpresp", tests, NULL, NULL);
}

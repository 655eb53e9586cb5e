/* Unit tests for lib/pubreq: the pieces both ways of --lines share. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pubreq.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A descriptor reading s[0..len), from a temporary file. */
static int input_of(const char *s, size_t len, FILE **f)
{
	*f = tmpfile();
	assert_non_null(*f);
	assert_int_equal(fwrite(s, 1, len, *f), len);
	assert_int_equal(fflush(*f), 0);
	rewind(*f);
	return fileno(*f);
}

/* The next line, reading as needed: 1, 0 at the end, or -1. */
static int next(struct pubreq_input *in, char *out, size_t size, struct err *e)
{
	const char *line;
	size_t len;
	int rc;

	for (;;) {
		rc = pubreq_input_next(in, &line, &len, e);
		if (rc != 0 || in->eof)
			break;
		assert_int_equal(pubreq_input_read(in, e), 0);
	}
	if (rc == 1) {
		assert_true(len < size);
		memcpy(out, line, len);
		out[len] = '\0';
	}
	return rc;
}

static void expect_line(struct pubreq_input *in, const char *want)
{
	struct err e;
	char got[64];

	err_init(&e);
	assert_int_equal(next(in, got, sizeof(got), &e), 1);
	assert_string_equal(got, want);
}

static void test_lines_lose_their_cr_and_the_last_needs_no_lf(void **state)
{
	const char in[] = "a\r\nb\n\n\r\nc\rd\nlast";
	struct pubreq_input lines;
	struct err e;
	char got[16];
	FILE *f;

	(void)state;
	err_init(&e);
	pubreq_input_init(&lines, input_of(in, sizeof(in) - 1, &f));
	expect_line(&lines, "a");
	expect_line(&lines, "b");
	expect_line(&lines, "");
	expect_line(&lines, "");
	expect_line(&lines, "c\rd");
	expect_line(&lines, "last");
	assert_int_equal(next(&lines, got, sizeof(got), &e), 0);
	assert_true(lines.eof);
	pubreq_input_release(&lines);
	fclose(f);
}

static void test_empty_input_has_no_lines(void **state)
{
	struct pubreq_input lines;
	struct err e;
	char got[4];
	FILE *f;

	(void)state;
	err_init(&e);
	pubreq_input_init(&lines, input_of("", 0, &f));
	assert_int_equal(next(&lines, got, sizeof(got), &e), 0);
	pubreq_input_release(&lines);
	fclose(f);
}

static void test_a_line_over_the_limit_is_refused(void **state)
{
	size_t n = LIMIT_PUB_DATA_BYTES + 2;
	char *big = malloc(n), got[4];
	struct pubreq_input lines;
	struct err e;
	FILE *f;

	(void)state;
	assert_non_null(big);
	memset(big, 'x', n);
	big[0] = '\n';
	err_init(&e);
	pubreq_input_init(&lines, input_of(big, n, &f));
	expect_line(&lines, "");
	assert_int_equal(next(&lines, got, sizeof(got), &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	pubreq_input_release(&lines);
	fclose(f);
	free(big);
}

static void test_the_body_holds_every_field_in_order(void **state)
{
	const char *const topics[] = { "https://e.com/a b", "t2" };
	struct pubreq r = { 0 };
	struct buf body = BUF_INIT(PUBREQ_BODY_MAX);
	struct err e;

	(void)state;
	err_init(&e);
	r.topics = topics;
	r.ntopics = 2;
	r.private = true;
	r.type = "up";
	r.retry = "10";
	assert_int_equal(pubreq_body(&r, "x&y", 3, &body, &e), 0);
	assert_string_equal(body.data, "topic=https%3A%2F%2Fe.com%2Fa%20b&"
				       "topic=t2&data=x%26y&private=on&"
				       "type=up&retry=10");
	/* Reset for each update, and no data field without data. */
	assert_int_equal(pubreq_body(&r, NULL, 0, &body, &e), 0);
	assert_null(strstr(body.data, "data="));
	buf_release(&body);
}

static void test_an_id_loses_trailing_whitespace(void **state)
{
	char out[64] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");

	(void)state;
	assert_non_null(f);
	pubreq_put_id(f, "urn:uuid:1 \r\n", 13);
	pubreq_put_id(f, "", 0);
	fclose(f);
	assert_string_equal(out, "urn:uuid:1\n\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_lines_lose_their_cr_and_the_last_needs_no_lf),
		cmocka_unit_test(test_empty_input_has_no_lines),
		cmocka_unit_test(test_a_line_over_the_limit_is_refused),
		cmocka_unit_test(test_the_body_holds_every_field_in_order),
		cmocka_unit_test(test_an_id_loses_trailing_whitespace),
	};

	return cmocka_run_group_tests_name("pubreq", tests, NULL, NULL);
}

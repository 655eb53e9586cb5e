/* test_err: error values carried from the library to the tools. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "err.h"

#include <errno.h>
#include <string.h>

static void test_init_means_no_error(void **state)
{
	struct err e;

	(void)state;
	memset(&e, 0x5a, sizeof(e));
	err_init(&e);
	assert_int_equal(e.cls, ERR_NONE);
	assert_int_equal(e.line, 0);
	assert_int_equal(e.column, 0);
	assert_string_equal(e.msg, "");
}

static void
test_set_records_class_and_message_and_returns_minus_one(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(err_set(&e, ERR_DATA, "invalid claim '%s'", "exp"),
			 -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(e.msg, "invalid claim 'exp'");
	assert_int_equal(e.line, 0);
}

static void test_set_clears_an_earlier_position(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	err_set_at(&e, ERR_DATA, 3, 7, "bad");
	err_set(&e, ERR_USAGE, "other");
	assert_int_equal(e.cls, ERR_USAGE);
	assert_int_equal(e.line, 0);
	assert_int_equal(e.column, 0);
}

static void test_set_at_keeps_the_position(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(
		err_set_at(&e, ERR_DATA, 2, 14, "unexpected '%c'", '}'), -1);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 14);
	assert_string_equal(e.msg, "unexpected '}'");
}

static void test_set_errno_appends_the_system_error(void **state)
{
	struct err e;
	char want[LIMIT_ERR_MESSAGE];

	(void)state;
	err_init(&e);
	assert_int_equal(err_set_errno(&e, ERR_NOINPUT, ENOENT,
				       "cannot read '%s'", "key.pem"),
			 -1);
	snprintf(want, sizeof(want), "cannot read 'key.pem': %s",
		 strerror(ENOENT));
	assert_int_equal(e.cls, ERR_NOINPUT);
	assert_string_equal(e.msg, want);
}

static void test_prefix_keeps_class_and_position(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	err_set_at(&e, ERR_DATA, 1, 5, "invalid JSON");
	assert_int_equal(err_prefix(&e, "--%s", "claims"), -1);
	assert_string_equal(e.msg, "--claims: invalid JSON");
	assert_int_equal(e.cls, ERR_DATA);
	assert_int_equal(e.line, 1);
	assert_int_equal(e.column, 5);
	err_prefix(&e, "outer");
	assert_string_equal(e.msg, "outer: --claims: invalid JSON");
}

static void test_a_null_err_is_allowed_everywhere(void **state)
{
	(void)state;
	assert_int_equal(err_set(NULL, ERR_DATA, "x"), -1);
	assert_int_equal(err_set_at(NULL, ERR_DATA, 1, 1, "x"), -1);
	assert_int_equal(err_set_errno(NULL, ERR_NOINPUT, EIO, "x"), -1);
	assert_int_equal(err_prefix(NULL, "x"), -1);
}

static void test_a_long_message_is_cut_and_terminated(void **state)
{
	char longer[LIMIT_ERR_MESSAGE * 2];
	struct err e;

	(void)state;
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	err_init(&e);
	err_set(&e, ERR_DATA, "%s", longer);
	assert_int_equal(strlen(e.msg), LIMIT_ERR_MESSAGE - 1);
	err_set_errno(&e, ERR_NOINPUT, ENOENT, "%s", longer);
	assert_int_equal(strlen(e.msg), LIMIT_ERR_MESSAGE - 1);
	err_prefix(&e, "%s", longer);
	assert_int_equal(strlen(e.msg), LIMIT_ERR_MESSAGE - 1);
	assert_int_equal(e.cls, ERR_NOINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_means_no_error),
		cmocka_unit_test(
			test_set_records_class_and_message_and_returns_minus_one),
		cmocka_unit_test(test_set_clears_an_earlier_position),
		cmocka_unit_test(test_set_at_keeps_the_position),
		cmocka_unit_test(test_set_errno_appends_the_system_error),
		cmocka_unit_test(test_prefix_keeps_class_and_position),
		cmocka_unit_test(test_a_null_err_is_allowed_everywhere),
		cmocka_unit_test(test_a_long_message_is_cut_and_terminated),
	};

	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}

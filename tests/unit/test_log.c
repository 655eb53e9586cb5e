/* test_log: diagnostics on stderr and the exit code of each error class. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "log.h"
#include "opt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_spec opts[] = { { 0 } };

static const struct opt_tool tool = {
	.name = "test-tool",
	.usage = "[options] FILE\ncheck FILE",
	.summary = "A tool.",
	.opts = opts,
};

static char captured[1024];
static int saved_fd = -1, capture_fd = -1;

/* Send stderr to a temporary file until captured_text is called. */
static void capture(void)
{
	char path[] = "/tmp/test_log.XXXXXX";

	fflush(stderr);
	capture_fd = mkstemp(path);
	assert_true(capture_fd >= 0);
	unlink(path);
	saved_fd = dup(STDERR_FILENO);
	dup2(capture_fd, STDERR_FILENO);
}

static const char *captured_text(void)
{
	ssize_t n;

	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	n = pread(capture_fd, captured, sizeof(captured) - 1, 0);
	close(capture_fd);
	captured[n > 0 ? n : 0] = '\0';
	return captured;
}

static void test_the_program_is_named_after_argv0s_last_part(void **state)
{
	(void)state;
	log_init("/usr/local/bin/jwt-mint");
	assert_string_equal(log_program(), "jwt-mint");
	log_init(NULL);
	assert_string_equal(log_program(), "jwt-mint");
	log_init("");
	assert_string_equal(log_program(), "jwt-mint");
	log_init("mercure-hub");
	assert_string_equal(log_program(), "mercure-hub");
}

static void test_each_error_class_has_its_exit_code(void **state)
{
	(void)state;
	assert_int_equal(log_exit_code(ERR_NONE), 0);
	assert_int_equal(log_exit_code(ERR_RUNTIME), 1);
	assert_int_equal(log_exit_code(ERR_USAGE), 2);
	assert_int_equal(log_exit_code(ERR_DATA), 65);
	assert_int_equal(log_exit_code(ERR_LIMIT), 65);
	assert_int_equal(log_exit_code(ERR_NOINPUT), 66);
	assert_int_equal(log_exit_code(ERR_UNAVAIL), 69);
	assert_int_equal(log_exit_code(ERR_PROTOCOL), 76);
	assert_int_equal(log_exit_code(ERR_DENIED), 77);
}

static void test_a_warning_is_one_line_after_the_program_name(void **state)
{
	(void)state;
	log_init("tool");
	capture();
	log_warn("cannot use '%s'", "x");
	assert_string_equal(captured_text(), "tool: cannot use 'x'\n");
}

static void test_a_warning_ending_in_a_colon_gets_the_system_error(void **state)
{
	char want[256];

	(void)state;
	log_init("tool");
	snprintf(want, sizeof(want), "tool: cannot write: %s\n",
		 strerror(ENOSPC));
	capture();
	errno = ENOSPC;
	log_warn("cannot write:");
	assert_string_equal(captured_text(), want);
}

static void test_an_error_is_reported_with_where_and_position(void **state)
{
	struct err e;

	(void)state;
	log_init("tool");
	err_init(&e);
	err_set_at(&e, ERR_DATA, 3, 7, "unexpected '}'");
	capture();
	assert_int_equal(log_err(&e, "claims.json"), 65);
	assert_string_equal(captured_text(),
			    "tool: claims.json:3:7: unexpected '}'\n");

	e.column = 0;
	capture();
	log_err(&e, "claims.json");
	assert_string_equal(captured_text(),
			    "tool: claims.json:3: unexpected '}'\n");

	e.line = 0;
	capture();
	log_err(&e, "claims.json");
	assert_string_equal(captured_text(),
			    "tool: claims.json: unexpected '}'\n");

	capture();
	log_err(&e, NULL);
	assert_string_equal(captured_text(), "tool: unexpected '}'\n");
}

static void test_an_error_without_a_message_still_says_something(void **state)
{
	struct err e;

	(void)state;
	log_init("tool");
	err_init(&e);
	e.cls = ERR_RUNTIME;
	capture();
	assert_int_equal(log_err(&e, NULL), 1);
	assert_string_equal(captured_text(), "tool: unknown error\n");
}

static void test_a_usage_error_shows_the_usage_and_a_hint(void **state)
{
	struct err e;

	(void)state;
	log_init("test-tool");
	err_init(&e);
	err_set(&e, ERR_USAGE, "unknown option '--x'");
	capture();
	assert_int_equal(log_usage(&tool, &e), 2);
	assert_string_equal(captured_text(),
			    "test-tool: unknown option '--x'\n"
			    "usage: test-tool [options] FILE\n"
			    "       test-tool check FILE\n"
			    "Try 'test-tool --help' for more information.\n");
	capture();
	assert_int_equal(log_usage(&tool, NULL), 2);
	assert_string_equal(captured_text(),
			    "usage: test-tool [options] FILE\n"
			    "       test-tool check FILE\n"
			    "Try 'test-tool --help' for more information.\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_the_program_is_named_after_argv0s_last_part),
		cmocka_unit_test(test_each_error_class_has_its_exit_code),
		cmocka_unit_test(
			test_a_warning_is_one_line_after_the_program_name),
		cmocka_unit_test(
			test_a_warning_ending_in_a_colon_gets_the_system_error),
		cmocka_unit_test(
			test_an_error_is_reported_with_where_and_position),
		cmocka_unit_test(
			test_an_error_without_a_message_still_says_something),
		cmocka_unit_test(test_a_usage_error_shows_the_usage_and_a_hint),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}

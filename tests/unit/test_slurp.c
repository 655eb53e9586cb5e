/* test_slurp: whole files and @file arguments into bounded buffers. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "buf.h"
#include "slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/test_slurp.XXXXXX";

/* The path of name inside the test directory (a static buffer). */
static const char *path_of(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(path_of(name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Make standard input read the file name. */
static void stdin_from(const char *name)
{
	assert_non_null(freopen(path_of(name), "rb", stdin));
}

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	static const char *const names[] = { "plain", "secret", "crlf",
					     "two",   "big",	"binary" };
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(names); i++)
		unlink(path_of(names[i]));
	return rmdir(dir);
}

static void test_a_whole_file_is_read_byte_for_byte(void **state)
{
	static const char bytes[] = { 'k', '\0', 'e', '\n', 'y' };
	struct buf out = BUF_INIT(64);
	struct err e;

	(void)state;
	err_init(&e);
	write_file("binary", bytes, sizeof(bytes));
	assert_int_equal(slurp_file(&out, path_of("binary"), &e), 0);
	assert_int_equal(out.len, sizeof(bytes));
	assert_memory_equal(out.data, bytes, sizeof(bytes));
	assert_int_equal(e.cls, ERR_NONE);
	buf_release(&out);
}

static void test_a_missing_file_is_named_with_the_system_error(void **state)
{
	struct buf out = BUF_INIT(64);
	char want[LIMIT_ERR_MESSAGE];
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(slurp_file(&out, path_of("absent"), &e), -1);
	assert_int_equal(e.cls, ERR_NOINPUT);
	snprintf(want, sizeof(want), "cannot read '%s': %s", path_of("absent"),
		 strerror(ENOENT));
	assert_string_equal(e.msg, want);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_a_directory_cannot_be_read(void **state)
{
	struct buf out = BUF_INIT(64);
	char want[LIMIT_ERR_MESSAGE];
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(slurp_file(&out, dir, &e), -1);
	assert_int_equal(e.cls, ERR_NOINPUT);
	snprintf(want, sizeof(want), "cannot read '%s': %s", dir,
		 strerror(EISDIR));
	assert_string_equal(e.msg, want);
	buf_release(&out);
}

static void test_a_file_over_the_ceiling_is_a_limit_error(void **state)
{
	struct buf out = BUF_INIT(10000);
	char big[20000];
	char want[LIMIT_ERR_MESSAGE];
	struct err e;

	(void)state;
	memset(big, 'x', sizeof(big));
	write_file("big", big, sizeof(big));
	err_init(&e);
	assert_int_equal(slurp_file(&out, path_of("big"), &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	snprintf(want, sizeof(want), "'%s' is larger than 10000 bytes",
		 path_of("big"));
	assert_string_equal(e.msg, want);
	assert_true(out.len <= 10000);
	buf_release(&out);
}

static void test_a_file_exactly_at_the_ceiling_fits(void **state)
{
	struct buf out = BUF_INIT(5);
	struct err e;

	(void)state;
	write_file("plain", "12345", 5);
	err_init(&e);
	assert_int_equal(slurp_file(&out, path_of("plain"), &e), 0);
	assert_string_equal(buf_cstr(&out), "12345");
	buf_release(&out);
}

static void test_a_dash_reads_standard_input(void **state)
{
	struct buf out = BUF_INIT(64);
	struct err e;

	(void)state;
	write_file("plain", "from stdin\n", 11);
	stdin_from("plain");
	err_init(&e);
	assert_int_equal(slurp_file(&out, "-", &e), 0);
	assert_string_equal(buf_cstr(&out), "from stdin\n");
	buf_release(&out);
}

static void test_standard_input_over_the_ceiling_is_called_stdin(void **state)
{
	struct buf out = BUF_INIT(4);
	struct err e;

	(void)state;
	write_file("plain", "too long", 8);
	stdin_from("plain");
	err_init(&e);
	assert_int_equal(slurp_file(&out, "-", &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_string_equal(e.msg, "'<stdin>' is larger than 4 bytes");
	buf_release(&out);
}

static void test_a_plain_value_is_taken_literally(void **state)
{
	struct buf out = BUF_INIT(64);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(slurp_arg(&out, "!ChangeMe!\n", true, &e), 0);
	assert_string_equal(buf_cstr(&out), "!ChangeMe!\n");
	buf_reset(&out);
	assert_int_equal(slurp_arg(&out, "-", true, &e), 0);
	assert_string_equal(buf_cstr(&out), "-");
	buf_reset(&out);
	assert_int_equal(slurp_arg(&out, "", true, &e), 0);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_a_plain_value_over_the_ceiling_is_a_limit_error(void **state)
{
	struct buf out = BUF_INIT(3);
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(slurp_arg(&out, "abcd", false, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_string_equal(e.msg, "value is larger than 3 bytes");
	buf_release(&out);
}

static void test_an_at_value_reads_the_file_and_trims_one_newline(void **state)
{
	struct buf out = BUF_INIT(64);
	char arg[300];
	struct err e;

	(void)state;
	err_init(&e);
	write_file("secret", "s3cret\n", 7);
	snprintf(arg, sizeof(arg), "@%s", path_of("secret"));
	assert_int_equal(slurp_arg(&out, arg, true, &e), 0);
	assert_string_equal(buf_cstr(&out), "s3cret");
	assert_int_equal(out.len, 6);

	/* "\r\n" goes too, but only one of each. */
	buf_reset(&out);
	write_file("crlf", "s3cret\r\n", 8);
	snprintf(arg, sizeof(arg), "@%s", path_of("crlf"));
	assert_int_equal(slurp_arg(&out, arg, true, &e), 0);
	assert_string_equal(buf_cstr(&out), "s3cret");

	buf_reset(&out);
	write_file("two", "s3cret\n\n", 8);
	snprintf(arg, sizeof(arg), "@%s", path_of("two"));
	assert_int_equal(slurp_arg(&out, arg, true, &e), 0);
	assert_string_equal(buf_cstr(&out), "s3cret\n");
	buf_release(&out);
}

static void test_without_trim_an_at_value_is_read_whole(void **state)
{
	struct buf out = BUF_INIT(64);
	char arg[300];
	struct err e;

	(void)state;
	err_init(&e);
	write_file("secret", "{\"a\":1}\r\n", 9);
	snprintf(arg, sizeof(arg), "@%s", path_of("secret"));
	assert_int_equal(slurp_arg(&out, arg, false, &e), 0);
	assert_string_equal(buf_cstr(&out), "{\"a\":1}\r\n");
	buf_release(&out);
}

static void test_at_dash_reads_standard_input(void **state)
{
	struct buf out = BUF_INIT(64);
	struct err e;

	(void)state;
	write_file("plain", "piped\n", 6);
	stdin_from("plain");
	err_init(&e);
	assert_int_equal(slurp_arg(&out, "@-", true, &e), 0);
	assert_string_equal(buf_cstr(&out), "piped");
	buf_release(&out);
}

static void test_an_at_value_naming_no_file_fails(void **state)
{
	struct buf out = BUF_INIT(64);
	char arg[300];
	struct err e;

	(void)state;
	err_init(&e);
	snprintf(arg, sizeof(arg), "@%s", path_of("absent"));
	assert_int_equal(slurp_arg(&out, arg, true, &e), -1);
	assert_int_equal(e.cls, ERR_NOINPUT);
	assert_non_null(strstr(e.msg, path_of("absent")));
	err_init(&e);
	assert_int_equal(slurp_arg(&out, "@", true, &e), -1);
	assert_int_equal(e.cls, ERR_NOINPUT);
	buf_release(&out);
}

static void test_reading_appends_to_what_the_buffer_holds(void **state)
{
	struct buf out = BUF_INIT(64);
	struct err e;

	(void)state;
	err_init(&e);
	write_file("plain", "tail", 4);
	assert_int_equal(buf_addstr(&out, "head-"), BUF_OK);
	assert_int_equal(slurp_file(&out, path_of("plain"), &e), 0);
	assert_string_equal(buf_cstr(&out), "head-tail");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_whole_file_is_read_byte_for_byte),
		cmocka_unit_test(
			test_a_missing_file_is_named_with_the_system_error),
		cmocka_unit_test(test_a_directory_cannot_be_read),
		cmocka_unit_test(test_a_file_over_the_ceiling_is_a_limit_error),
		cmocka_unit_test(test_a_file_exactly_at_the_ceiling_fits),
		cmocka_unit_test(test_a_dash_reads_standard_input),
		cmocka_unit_test(
			test_standard_input_over_the_ceiling_is_called_stdin),
		cmocka_unit_test(test_a_plain_value_is_taken_literally),
		cmocka_unit_test(
			test_a_plain_value_over_the_ceiling_is_a_limit_error),
		cmocka_unit_test(
			test_an_at_value_reads_the_file_and_trims_one_newline),
		cmocka_unit_test(test_without_trim_an_at_value_is_read_whole),
		cmocka_unit_test(test_at_dash_reads_standard_input),
		cmocka_unit_test(test_an_at_value_naming_no_file_fails),
		cmocka_unit_test(test_reading_appends_to_what_the_buffer_holds),
	};

	return cmocka_run_group_tests_name("slurp", tests, make_dir,
					   remove_dir);
}

/* test_opt: one option table drives getopt_long, --help, --version and
 * --dump-options; the environment fills what the command line left. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "opt.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_spec opts[] = {
	{ "key", 'k', "KEY", "TEST_OPT_KEY", 0, "the secret" },
	{ "topic", 't', "TOPIC", "TEST_OPT_TOPIC", OPT_MULTI,
	  "a topic, again and again" },
	{ "verbose", 'v', NULL, "TEST_OPT_VERBOSE", 0, "say more" },
	{ "iat", 0, "TIME", NULL, OPT_OPTIONAL_ARG, "issued at" },
	{ "ttl", 0, "DURATION", NULL, 0, "time to live" },
	{ "quiet", 'q', NULL, NULL, 0, "say less" },
	{ "secret-knob", 0, NULL, NULL, OPT_HIDDEN, "not for users" },
	{ 0 }
};

static const struct opt_command commands[] = {
	{ "decode", "print a token" },
	{ 0 },
};

static const char *versions(void)
{
	return "libtest 1.0";
}

static const struct opt_tool tool = {
	.name = "test-tool",
	.usage = "[options] TOKEN\ndecode [TOKEN]",
	.summary = "Exercise the option parser.",
	.opts = opts,
	.commands = commands,
	.versions = versions,
};

/* A writable argv, as getopt_long permutes it. */
struct args {
	int argc;
	char *argv[16];
};

static struct opt_values values;
static struct args args;
static struct err e;

static void free_args(void)
{
	int i;

	for (i = 0; i < args.argc; i++)
		free(args.argv[i]);
	args.argc = 0;
}

static int parse(const char *first, ...)
{
	const char *arg;
	va_list ap;

	free_args();
	args.argv[args.argc++] = strdup("test-tool");
	va_start(ap, first);
	for (arg = first; arg; arg = va_arg(ap, const char *))
		args.argv[args.argc++] = strdup(arg);
	va_end(ap);
	args.argv[args.argc] = NULL;
	opt_values_release(&values);
	err_init(&e);
	return opt_parse(&values, &tool, args.argc, args.argv, &e);
}

static int setup(void **state)
{
	(void)state;
	unsetenv("TEST_OPT_KEY");
	unsetenv("TEST_OPT_TOPIC");
	unsetenv("TEST_OPT_VERBOSE");
	memset(&values, 0, sizeof(values));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	opt_values_release(&values);
	free_args();
	return 0;
}

/* Run parse with stdout going to a file; returns what it printed. */
static char *capture_parse(int *rc, const char *first, ...)
{
	static char text[8192];
	const char *list[8];
	char path[] = "/tmp/test_opt.XXXXXX";
	int fd = mkstemp(path), saved, n = 0;
	va_list ap;
	ssize_t got;

	assert_true(fd >= 0);
	va_start(ap, first);
	for (list[n] = first; list[n] && n < 7;
	     list[++n] = va_arg(ap, const char *))
		;
	va_end(ap);
	list[n] = NULL;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	*rc = parse(list[0], list[1], list[2], list[3], list[4], list[5],
		    list[6], NULL);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	got = pread(fd, text, sizeof(text) - 1, 0);
	close(fd);
	unlink(path);
	text[got > 0 ? got : 0] = '\0';
	return text;
}

static void test_short_and_long_forms_are_parsed(void **state)
{
	(void)state;
	assert_int_equal(parse("-k", "one", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "one");
	assert_int_equal(parse("-ktwo", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "two");
	assert_int_equal(parse("--key", "three", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "three");
	assert_int_equal(parse("--key=four", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "four");
	assert_int_equal(parse("--key=", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "");
	assert_int_equal(opt_count(&values, "key"), 1);
	assert_false(values.values[0].from_env);
}

static void test_absent_options_have_no_value(void **state)
{
	int n = -1;

	(void)state;
	assert_int_equal(parse(NULL), OPT_CONTINUE);
	assert_null(opt_str(&values, "key"));
	assert_int_equal(opt_count(&values, "topic"), 0);
	opt_list(&values, "topic", &n);
	assert_int_equal(n, 0);
	assert_int_equal(values.argc, 0);
}

static void test_operands_are_left_in_order_wherever_they_stand(void **state)
{
	(void)state;
	assert_int_equal(parse("decode", "-v", "tok", "--key", "k", NULL),
			 OPT_CONTINUE);
	assert_int_equal(values.argc, 2);
	assert_string_equal(values.argv[0], "decode");
	assert_string_equal(values.argv[1], "tok");
	assert_int_equal(opt_count(&values, "verbose"), 1);
	assert_string_equal(opt_str(&values, "key"), "k");
}

static void test_a_double_dash_ends_the_options(void **state)
{
	(void)state;
	assert_int_equal(parse("-v", "--", "-k", "--key", NULL), OPT_CONTINUE);
	assert_int_equal(values.argc, 2);
	assert_string_equal(values.argv[0], "-k");
	assert_string_equal(values.argv[1], "--key");
	assert_null(opt_str(&values, "key"));
}

static void test_a_multi_option_keeps_every_value_in_order(void **state)
{
	const char *const *list;
	int n = 0;

	(void)state;
	assert_int_equal(
		parse("-t", "a", "--topic", "b", "-tc", "--topic=d", NULL),
		OPT_CONTINUE);
	list = opt_list(&values, "topic", &n);
	assert_int_equal(n, 4);
	assert_string_equal(list[0], "a");
	assert_string_equal(list[1], "b");
	assert_string_equal(list[2], "c");
	assert_string_equal(list[3], "d");
	assert_int_equal(opt_count(&values, "topic"), 4);
	assert_string_equal(opt_str(&values, "topic"), "d");
}

static void test_a_repeated_single_option_keeps_the_last_value(void **state)
{
	(void)state;
	assert_int_equal(parse("-k", "first", "--key", "last", NULL),
			 OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "last");
}

static void test_a_repeated_flag_is_still_just_on(void **state)
{
	(void)state;
	assert_int_equal(parse("-v", "--verbose", "-vv", NULL), OPT_CONTINUE);
	assert_int_equal(opt_count(&values, "verbose"), 1);
	assert_int_equal(opt_count(&values, "quiet"), 0);
}

static void test_short_flags_cluster(void **state)
{
	(void)state;
	assert_int_equal(parse("-vqkvalue", NULL), OPT_CONTINUE);
	assert_int_equal(opt_count(&values, "verbose"), 1);
	assert_int_equal(opt_count(&values, "quiet"), 1);
	assert_string_equal(opt_str(&values, "key"), "value");
}

static void test_an_optional_argument_needs_an_equals_sign(void **state)
{
	(void)state;
	assert_int_equal(parse("--iat", NULL), OPT_CONTINUE);
	assert_int_equal(opt_count(&values, "iat"), 1);
	assert_string_equal(opt_str(&values, "iat"), "");
	assert_int_equal(parse("--iat=1700000000", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "iat"), "1700000000");
	assert_int_equal(parse("--iat", "1700000000", NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "iat"), "");
	assert_int_equal(values.argc, 1);
	assert_string_equal(values.argv[0], "1700000000");
}

static void test_a_unique_prefix_names_a_long_option(void **state)
{
	(void)state;
	assert_int_equal(parse("--verb", "--ke=x", NULL), OPT_CONTINUE);
	assert_int_equal(opt_count(&values, "verbose"), 1);
	assert_string_equal(opt_str(&values, "key"), "x");
}

static void test_the_environment_fills_an_absent_option(void **state)
{
	(void)state;
	setenv("TEST_OPT_KEY", "from-env", 1);
	assert_int_equal(parse(NULL), OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "from-env");
	assert_int_equal(opt_count(&values, "key"), 1);
	assert_true(values.values[0].from_env);
}

static void test_the_command_line_wins_over_the_environment(void **state)
{
	(void)state;
	setenv("TEST_OPT_KEY", "from-env", 1);
	setenv("TEST_OPT_TOPIC", "env-topic", 1);
	assert_int_equal(parse("--key", "from-flag", "-t", "a", NULL),
			 OPT_CONTINUE);
	assert_string_equal(opt_str(&values, "key"), "from-flag");
	assert_int_equal(opt_count(&values, "key"), 1);
	assert_false(values.values[0].from_env);
	assert_int_equal(opt_count(&values, "topic"), 1);
	assert_string_equal(opt_str(&values, "topic"), "a");
}

static void test_an_empty_environment_variable_is_ignored(void **state)
{
	(void)state;
	setenv("TEST_OPT_KEY", "", 1);
	setenv("TEST_OPT_VERBOSE", "", 1);
	assert_int_equal(parse(NULL), OPT_CONTINUE);
	assert_null(opt_str(&values, "key"));
	assert_int_equal(opt_count(&values, "verbose"), 0);
}

static void
test_a_multi_option_takes_one_value_from_the_environment(void **state)
{
	int n = 0;

	(void)state;
	setenv("TEST_OPT_TOPIC", "a b,c", 1);
	assert_int_equal(parse(NULL), OPT_CONTINUE);
	assert_string_equal(opt_list(&values, "topic", &n)[0], "a b,c");
	assert_int_equal(n, 1);
}

static void test_boolean_environment_values_turn_a_flag_on(void **state)
{
	static const char *const yes[] = { "1",	  "true", "TRUE", "yes",
					   "Yes", "on",	  "ON" };
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(yes); i++) {
		setenv("TEST_OPT_VERBOSE", yes[i], 1);
		assert_int_equal(parse(NULL), OPT_CONTINUE);
		assert_int_equal(opt_count(&values, "verbose"), 1);
		assert_true(values.values[2].from_env);
	}
}

static void test_boolean_environment_values_leave_a_flag_off(void **state)
{
	static const char *const no[] = { "0",	"false", "False", "no",
					  "NO", "off",	 "Off" };
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(no); i++) {
		setenv("TEST_OPT_VERBOSE", no[i], 1);
		assert_int_equal(parse(NULL), OPT_CONTINUE);
		assert_int_equal(opt_count(&values, "verbose"), 0);
		assert_false(values.values[2].from_env);
	}
}

static void
test_another_environment_value_for_a_flag_is_a_usage_error(void **state)
{
	(void)state;
	setenv("TEST_OPT_VERBOSE", "maybe", 1);
	assert_int_equal(parse(NULL), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_string_equal(e.msg, "invalid value 'maybe' for TEST_OPT_VERBOSE "
				   "(want 1 or 0, true or false)");
	/* On the command line the flag needs no environment. */
	assert_int_equal(parse("-v", NULL), OPT_CONTINUE);
}

static void test_a_missing_argument_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(parse("--key", NULL), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_string_equal(e.msg, "option '--key' requires an argument");
	assert_int_equal(parse("-v", "-k", NULL), -1);
	assert_string_equal(e.msg, "option '-k' requires an argument");
	assert_int_equal(parse("-vk", NULL), -1);
	assert_string_equal(e.msg, "option '-k' requires an argument");
	assert_int_equal(parse("--ttl", NULL), -1);
	assert_string_equal(e.msg, "option '--ttl' requires an argument");
}

static void test_an_unknown_option_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(parse("--nope", NULL), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_string_equal(e.msg, "unknown option '--nope'");
	assert_int_equal(parse("--nope=1", NULL), -1);
	assert_string_equal(e.msg, "unknown option '--nope'");
	assert_int_equal(parse("-x", NULL), -1);
	assert_string_equal(e.msg, "unknown option '-x'");
}

static void test_an_unknown_letter_inside_a_cluster_is_named(void **state)
{
	(void)state;
	/* getopt_long leaves optind on "-xv": argv[optind - 1] is not it. */
	assert_int_equal(parse("-xv", NULL), -1);
	assert_string_equal(e.msg, "unknown option '-x'");
	assert_int_equal(parse("--key", "k", "-vxq", NULL), -1);
	assert_string_equal(e.msg, "unknown option '-x'");
}

static void test_an_ambiguous_prefix_is_not_guessed(void **state)
{
	(void)state;
	/* --ver could be --verbose or --version. */
	assert_int_equal(parse("--ver", NULL), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_string_equal(e.msg, "unknown option '--ver'");
}

static void test_a_value_for_a_flag_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(parse("--verbose=yes", NULL), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_string_equal(e.msg, "option '--verbose' takes no argument");
	assert_int_equal(parse("--secret-knob=1", NULL), -1);
	assert_string_equal(e.msg, "option '--secret-knob' takes no argument");
}

static void test_help_answers_and_says_done(void **state)
{
	const char *out;
	int rc;

	(void)state;
	out = capture_parse(&rc, "--help", NULL);
	assert_int_equal(rc, OPT_DONE);
	assert_non_null(strstr(out, "usage: test-tool [options] TOKEN\n"
				    "       test-tool decode [TOKEN]\n"));
	assert_non_null(strstr(out, "Exercise the option parser."));
	assert_non_null(strstr(out, "  decode "));
	assert_non_null(strstr(out, "  -k, --key KEY "));
	assert_non_null(strstr(out, "the secret [$TEST_OPT_KEY]\n"));
	assert_non_null(strstr(out, "      --iat[=TIME] "));
	assert_non_null(strstr(out, "  -h, --help "));
	assert_non_null(strstr(out, "  -V, --version "));
	assert_null(strstr(out, "secret-knob"));
	assert_null(strstr(out, "dump-options"));
	out = capture_parse(&rc, "-v", "-h", "--nope", NULL);
	assert_int_equal(rc, OPT_DONE);
	assert_non_null(strstr(out, "usage: test-tool"));
}

static void test_help_is_answered_whatever_the_environment_holds(void **state)
{
	int rc;

	(void)state;
	setenv("TEST_OPT_VERBOSE", "maybe", 1);
	capture_parse(&rc, "--help", NULL);
	assert_int_equal(rc, OPT_DONE);
}

static void test_an_error_before_help_wins(void **state)
{
	int rc;

	(void)state;
	capture_parse(&rc, "--nope", "--help", NULL);
	assert_int_equal(rc, -1);
	assert_string_equal(e.msg, "unknown option '--nope'");
}

static void test_version_prints_name_version_and_libraries(void **state)
{
	char want[128];
	const char *out;
	int rc;

	(void)state;
	out = capture_parse(&rc, "-V", NULL);
	assert_int_equal(rc, OPT_DONE);
	snprintf(want, sizeof(want), "test-tool %s\nlibtest 1.0\n", WS_VERSION);
	assert_string_equal(out, want);
	out = capture_parse(&rc, "--version", NULL);
	assert_string_equal(out, want);
}

static void test_dump_options_prints_the_table_as_tsv(void **state)
{
	const char *out;
	int rc;

	(void)state;
	out = capture_parse(&rc, "--dump-options", NULL);
	assert_int_equal(rc, OPT_DONE);
	assert_string_equal(
		out, "option\tkey\tk\tKEY\tTEST_OPT_KEY\t\tthe secret\n"
		     "option\ttopic\tt\tTOPIC\tTEST_OPT_TOPIC\tmulti\t"
		     "a topic, again and again\n"
		     "option\tverbose\tv\t\tTEST_OPT_VERBOSE\t\tsay more\n"
		     "option\tiat\t\tTIME\t\toptional\tissued at\n"
		     "option\tttl\t\tDURATION\t\t\ttime to live\n"
		     "option\tquiet\tq\t\t\t\tsay less\n"
		     "option\thelp\th\t\t\t\tshow this help and exit\n"
		     "option\tversion\tV\t\t\t\tshow the version and exit\n"
		     "command\tdecode\tprint a token\n");
}

static void test_a_second_parse_starts_afresh(void **state)
{
	(void)state;
	assert_int_equal(parse("-xv", NULL), -1);
	assert_int_equal(parse("-v", "tok", NULL), OPT_CONTINUE);
	assert_int_equal(opt_count(&values, "verbose"), 1);
	assert_int_equal(values.argc, 1);
	assert_string_equal(values.argv[0], "tok");
}

static void test_release_is_safe_twice_and_before_any_parse(void **state)
{
	struct opt_values v = { 0 };

	(void)state;
	opt_values_release(&v);
	opt_values_release(&v);
	assert_int_equal(parse("-v", NULL), OPT_CONTINUE);
	opt_values_release(&values);
	opt_values_release(&values);
	assert_null(values.values);
}

static void test_the_usage_lines_go_where_they_are_asked(void **state)
{
	char path[] = "/tmp/test_opt.XXXXXX";
	char text[256];
	int fd = mkstemp(path);
	FILE *f;
	size_t n;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w+");
	assert_non_null(f);
	opt_print_usage(&tool, f);
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(path);
	assert_string_equal(text, "usage: test-tool [options] TOKEN\n"
				  "       test-tool decode [TOKEN]\n");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_short_and_long_forms_are_parsed),
		T(test_absent_options_have_no_value),
		T(test_operands_are_left_in_order_wherever_they_stand),
		T(test_a_double_dash_ends_the_options),
		T(test_a_multi_option_keeps_every_value_in_order),
		T(test_a_repeated_single_option_keeps_the_last_value),
		T(test_a_repeated_flag_is_still_just_on),
		T(test_short_flags_cluster),
		T(test_an_optional_argument_needs_an_equals_sign),
		T(test_a_unique_prefix_names_a_long_option),
		T(test_the_environment_fills_an_absent_option),
		T(test_the_command_line_wins_over_the_environment),
		T(test_an_empty_environment_variable_is_ignored),
		T(test_a_multi_option_takes_one_value_from_the_environment),
		T(test_boolean_environment_values_turn_a_flag_on),
		T(test_boolean_environment_values_leave_a_flag_off),
		T(test_another_environment_value_for_a_flag_is_a_usage_error),
		T(test_a_missing_argument_is_a_usage_error),
		T(test_an_unknown_option_is_a_usage_error),
		T(test_an_unknown_letter_inside_a_cluster_is_named),
		T(test_an_ambiguous_prefix_is_not_guessed),
		T(test_a_value_for_a_flag_is_a_usage_error),
		T(test_help_answers_and_says_done),
		T(test_help_is_answered_whatever_the_environment_holds),
		T(test_an_error_before_help_wins),
		T(test_version_prints_name_version_and_libraries),
		T(test_dump_options_prints_the_table_as_tsv),
		T(test_a_second_parse_starts_afresh),
		T(test_release_is_safe_twice_and_before_any_parse),
		T(test_the_usage_lines_go_where_they_are_asked),
	};

	return cmocka_run_group_tests_name("opt", tests, NULL, NULL);
}

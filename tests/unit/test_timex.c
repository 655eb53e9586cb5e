/* test_timex: durations and points in time as users write them. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "timex.h"

#include <string.h>

static int64_t duration(const char *s)
{
	struct err e;
	int64_t ms = -1;

	err_init(&e);
	assert_int_equal(timex_parse_duration(s, &ms, &e), 0);
	assert_int_equal(e.cls, ERR_NONE);
	return ms;
}

static void bad_duration(const char *s)
{
	struct err e;
	int64_t ms = 12345;

	err_init(&e);
	if (timex_parse_duration(s, &ms, &e) != -1)
		fail_msg("duration '%s' was accepted as %lld ms", s,
			 (long long)ms);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_int_equal(ms, 12345);
	assert_non_null(strstr(e.msg, "duration"));
}

static time_t parse_time(const char *s)
{
	struct err e;
	time_t t = -1;

	err_init(&e);
	assert_int_equal(timex_parse_time(s, &t, &e), 0);
	return t;
}

static void bad_time(const char *s)
{
	struct err e;
	time_t t = 12345;

	err_init(&e);
	if (timex_parse_time(s, &t, &e) != -1)
		fail_msg("time '%s' was accepted as %lld", s, (long long)t);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_int_equal(t, 12345);
	assert_non_null(strstr(e.msg, s));
}

static void test_each_duration_unit_is_understood(void **state)
{
	(void)state;
	assert_int_equal(duration("500ms"), 500);
	assert_int_equal(duration("90s"), 90000);
	assert_int_equal(duration("30m"), 30 * 60000);
	assert_int_equal(duration("12h"), 12 * 3600000LL);
	assert_int_equal(duration("7d"), 7 * 86400000LL);
	assert_int_equal(duration("2w"), 14 * 86400000LL);
}

static void test_a_bare_number_is_seconds(void **state)
{
	(void)state;
	assert_int_equal(duration("45"), 45000);
	assert_int_equal(duration("0"), 0);
}

static void test_units_combine_go_style(void **state)
{
	(void)state;
	assert_int_equal(duration("1h30m"), 5400000);
	assert_int_equal(duration("1m30s500ms"), 90500);
	assert_int_equal(duration("0s"), 0);
}

static void test_malformed_durations_are_usage_errors(void **state)
{
	(void)state;
	bad_duration("");
	bad_duration("s");
	bad_duration("h1");
	bad_duration("1.5h");
	bad_duration("-5s");
	bad_duration("5x");
	bad_duration("5 s");
	bad_duration("5S");
	bad_duration("1h30");
	bad_duration("1hh");
}

static void test_durations_start_with_a_digit(void **state)
{
	(void)state;
	/* strtoll alone would take these. */
	bad_duration(" 5s");
	bad_duration("+5s");
	bad_duration("1h+5m");
	bad_duration("1h 5m");
	bad_duration("-0s");
}

static void test_an_overlong_duration_is_refused(void **state)
{
	struct err e;
	int64_t ms = 0;

	(void)state;
	err_init(&e);
	assert_int_equal(timex_parse_duration("9223372036854775807d", &ms, &e),
			 -1);
	assert_string_equal(e.msg,
			    "duration '9223372036854775807d' is too long");
	bad_duration("99999999999999999999s");
	err_init(&e);
	assert_int_equal(timex_parse_duration(
				 "9223372036854775s9223372036854775s", &ms, &e),
			 -1);
	assert_int_equal(e.cls, ERR_USAGE);
}

static void test_unix_seconds_are_a_time(void **state)
{
	(void)state;
	assert_int_equal(parse_time("1700000000"), 1700000000);
	assert_int_equal(parse_time("0"), 0);
	assert_int_equal(parse_time("999999999999"), 999999999999LL);
}

static void test_iso_8601_utc_forms_are_a_time(void **state)
{
	(void)state;
	assert_int_equal(parse_time("2026-11-28T12:00:00Z"), 1795867200);
	assert_int_equal(parse_time("2026-11-28T12:00:00"), 1795867200);
	assert_int_equal(parse_time("2026-11-28 12:00:00"), 1795867200);
	assert_int_equal(parse_time("2026-11-28"), 1795824000);
	assert_int_equal(parse_time("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parse_time("2024-02-29T23:59:59Z"), 1709251199);
}

static void test_malformed_times_are_usage_errors(void **state)
{
	(void)state;
	bad_time("");
	bad_time("yesterday");
	bad_time("-5");
	bad_time("1700000000.5");
	bad_time("1700000000000");
	bad_time("2026-13-01");
	bad_time("2026-00-10");
	bad_time("2026-11-00");
	bad_time("2026-11-28T24:00:00Z");
	bad_time("2026-11-28T12:60:00Z");
	bad_time("2026-11-28T12:00");
	bad_time("2026-11-28T12:00:00+01:00");
	bad_time("2026-11-28Z");
	bad_time("2026-11-28T12:00:00ZZ");
}

static void test_times_are_written_digit_for_digit(void **state)
{
	(void)state;
	/* sscanf alone would take these. */
	bad_time(" 1700000000");
	bad_time("2026-1-5");
	bad_time("2026-11-28T1:2:3Z");
	bad_time(" 2026-11-28");
	bad_time("+2026-11-28");
	bad_time("2026-11- 8");
	bad_time("20261-11-28");
}

static void test_days_that_do_not_exist_are_refused(void **state)
{
	(void)state;
	/* timegm would quietly move these into the next month. */
	bad_time("2026-02-30");
	bad_time("2026-02-29");
	bad_time("2026-04-31T00:00:00Z");
	assert_int_equal(parse_time("2028-02-29"), 1835395200);
}

static void test_iso_format_is_utc_with_a_z(void **state)
{
	char out[32];

	(void)state;
	timex_format_iso(0, out, sizeof(out));
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	timex_format_iso(1795867200, out, sizeof(out));
	assert_string_equal(out, "2026-11-28T12:00:00Z");
	timex_format_iso(parse_time(out), out, sizeof(out));
	assert_string_equal(out, "2026-11-28T12:00:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_duration_unit_is_understood),
		cmocka_unit_test(test_a_bare_number_is_seconds),
		cmocka_unit_test(test_units_combine_go_style),
		cmocka_unit_test(test_malformed_durations_are_usage_errors),
		cmocka_unit_test(test_durations_start_with_a_digit),
		cmocka_unit_test(test_an_overlong_duration_is_refused),
		cmocka_unit_test(test_unix_seconds_are_a_time),
		cmocka_unit_test(test_iso_8601_utc_forms_are_a_time),
		cmocka_unit_test(test_malformed_times_are_usage_errors),
		cmocka_unit_test(test_times_are_written_digit_for_digit),
		cmocka_unit_test(test_days_that_do_not_exist_are_refused),
		cmocka_unit_test(test_iso_format_is_utc_with_a_z),
	};

	return cmocka_run_group_tests_name("timex", tests, NULL, NULL);
}

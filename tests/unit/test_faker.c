/* Unit tests for faker: streams, strtotime, date formatting, formatters. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "faker.h"

#include <ctype.h>
#include <string.h>

#define NOW 1781524800 /* 2026-06-15 12:00:00 UTC, a Monday */

static void splitmix_seeding_matches_the_reference_stream(void **state)
{
	struct faker_rng r;

	(void)state;
	/* splitmix64 started at 0 yields 0xe220a8397b1dcdaf first (Vigna). */
	faker_rng_seed(&r, 0);
	assert_true(r.s[0] == 0xe220a8397b1dcdafULL);
	assert_true(r.s[1] == 0x6e789e6aa1b965f4ULL);
}

static void the_same_seed_gives_the_same_stream(void **state)
{
	struct faker_rng a, b;
	int i;

	(void)state;
	faker_rng_seed(&a, 42);
	faker_rng_seed(&b, 42);
	for (i = 0; i < 1000; i++)
		assert_true(faker_rng_next(&a) == faker_rng_next(&b));
	faker_rng_seed(&b, 43);
	assert_false(faker_rng_next(&a) == faker_rng_next(&b));
}

static void keyed_streams_differ_by_fixture_property_and_seed(void **state)
{
	struct faker_rng a, b, c, d;

	(void)state;
	faker_rng_key(&a, 1, "wine_1", 6, "name", 4);
	faker_rng_key(&b, 1, "wine_2", 6, "name", 4);
	faker_rng_key(&c, 1, "wine_1", 6, "stock", 5);
	faker_rng_key(&d, 2, "wine_1", 6, "name", 4);
	assert_false(a.s[0] == b.s[0]);
	assert_false(a.s[0] == c.s[0]);
	assert_false(a.s[0] == d.s[0]);
	/* The split between the two keys matters: "ab"+"c" is not "a"+"bc". */
	faker_rng_key(&a, 1, "ab", 2, "c", 1);
	faker_rng_key(&b, 1, "a", 1, "bc", 2);
	assert_false(a.s[0] == b.s[0]);
	faker_rng_key(&c, 1, "wine_1", 6, "name", 4);
	faker_rng_key(&d, 1, "wine_1", 6, "name", 4);
	assert_true(c.s[0] == d.s[0] && c.s[3] == d.s[3]);
}

static void between_is_inclusive_and_takes_bounds_in_either_order(void **state)
{
	struct faker_rng r;
	bool seen[5] = { false };
	int i;

	(void)state;
	faker_rng_seed(&r, 7);
	for (i = 0; i < 2000; i++) {
		int64_t v = faker_rng_between(&r, 5, 1);

		assert_true(v >= 1 && v <= 5);
		seen[v - 1] = true;
	}
	for (i = 0; i < 5; i++)
		assert_true(seen[i]);
	assert_true(faker_rng_between(&r, 3, 3) == 3);
	(void)faker_rng_between(&r, INT64_MIN, INT64_MAX);
	assert_true(faker_rng_below(&r, 0) == 0);
}

static void unit_floats_stay_in_the_half_open_interval(void **state)
{
	struct faker_rng r;
	int i;

	(void)state;
	faker_rng_seed(&r, 9);
	for (i = 0; i < 10000; i++) {
		double u = faker_rng_unit(&r);

		assert_true(u >= 0.0 && u < 1.0);
	}
}

/* "2026-06-15 12:00:00" for a strtotime string, relative to NOW. */
static const char *when(const char *s)
{
	static char out[32];
	int64_t t = -1;
	struct err e;

	err_init(&e);
	if (faker_strtotime(s, strlen(s), NOW, &t, &e) < 0)
		fail_msg("'%s': %s", s, e.msg);
	faker_format_datetime(t, out, sizeof(out));
	return out;
}

static void strtotime_reads_words_and_relative_terms(void **state)
{
	(void)state;
	assert_string_equal(when("now"), "2026-06-15 12:00:00");
	assert_string_equal(when("  NOW "), "2026-06-15 12:00:00");
	assert_string_equal(when("today"), "2026-06-15 00:00:00");
	assert_string_equal(when("midnight"), "2026-06-15 00:00:00");
	assert_string_equal(when("tomorrow"), "2026-06-16 00:00:00");
	assert_string_equal(when("yesterday noon"), "2026-06-14 12:00:00");
	assert_string_equal(when("+1 day"), "2026-06-16 12:00:00");
	assert_string_equal(when("-2 hours"), "2026-06-15 10:00:00");
	assert_string_equal(when("3 weeks ago"), "2026-05-25 12:00:00");
	assert_string_equal(when("-30 years"), "1996-06-15 12:00:00");
	assert_string_equal(when("-20years"), "2006-06-15 12:00:00");
	assert_string_equal(when("+1 year -1 month"), "2027-05-15 12:00:00");
	assert_string_equal(when("next month"), "2026-07-15 12:00:00");
	assert_string_equal(when("last year"), "2025-06-15 12:00:00");
	assert_string_equal(when("+90 min"), "2026-06-15 13:30:00");
	assert_string_equal(when("1 fortnight ago"), "2026-06-01 12:00:00");
	assert_string_equal(when("-1 decade"), "2016-06-15 12:00:00");
}

static void strtotime_reads_dates_and_day_of_phrases(void **state)
{
	(void)state;
	assert_string_equal(when("2020-01-31"), "2020-01-31 00:00:00");
	assert_string_equal(when("2020-01-31 08:30"), "2020-01-31 08:30:00");
	assert_string_equal(when("2020-01-31T08:30:15Z"),
			    "2020-01-31 08:30:15");
	assert_string_equal(when("2020-01-31T08:30:15+02:00"),
			    "2020-01-31 06:30:15");
	assert_string_equal(when("2020-01-31 12:00:00.250"),
			    "2020-01-31 12:00:00");
	/* PHP's overflow: January 31st plus a month is March 2nd in 2020. */
	assert_string_equal(when("2020-01-31 +1 month"), "2020-03-02 00:00:00");
	assert_string_equal(when("@86400"), "1970-01-02 00:00:00");
	assert_string_equal(when("first day of january this year midnight"),
			    "2026-01-01 00:00:00");
	assert_string_equal(when("first day of next month"),
			    "2026-07-01 12:00:00");
	assert_string_equal(when("last day of this month"),
			    "2026-06-30 12:00:00");
	assert_string_equal(when("last day of february 2024"),
			    "2024-02-29 12:00:00");
	assert_string_equal(when("2020-02-01 14:00 -1 day"),
			    "2020-01-31 14:00:00");
}

static void strtotime_refuses_what_it_does_not_know(void **state)
{
	static const char *const bad[] = { "",		 "whenever",
					   "+ days",	 "2020-13-01",
					   "3 apples",	 "1 day ago ago",
					   "2020-02-30", "+1" };
	struct err e;
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(bad); i++) {
		err_init(&e);
		if (faker_strtotime(bad[i], strlen(bad[i]), NOW, &t, &e) == 0)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(e.cls, ERR_DATA);
		assert_non_null(strstr(e.msg, "as a date"));
	}
}

static void php_date_formats_the_common_letters(void **state)
{
	struct arena a = ARENA_INIT(4096);

	(void)state;
	assert_string_equal(faker_format_date(&a, "Y-m-d H:i:s", NOW),
			    "2026-06-15 12:00:00");
	assert_string_equal(faker_format_date(&a, "D, d M y", NOW),
			    "Mon, 15 Jun 26");
	assert_string_equal(faker_format_date(&a, "l jS F, N w z t L", NOW),
			    "Monday 15th June, 1 1 165 30 0");
	assert_string_equal(faker_format_date(&a, "g:i a, G A h", NOW + 3600),
			    "1:00 pm, 13 PM 01");
	assert_string_equal(faker_format_date(&a, "c", NOW),
			    "2026-06-15T12:00:00+00:00");
	assert_string_equal(faker_format_date(&a, "\\Y\\e\\a\\r: Y", NOW),
			    "Year: 2026");
	/* ISO week: 2027-01-01 is a Friday, in week 53 of 2026. */
	assert_string_equal(faker_format_date(&a, "o-\\WW", 1798761600),
			    "2026-W53");
	assert_string_equal(faker_format_date(&a, "o-\\WW", 1609632000),
			    "2020-W53");
	assert_string_equal(faker_format_date(&a, "o-\\WW", 1735516800),
			    "2025-W01");
	assert_string_equal(faker_format_date(&a, "o-\\WW", NOW), "2026-W25");
	assert_string_equal(faker_format_date(&a, "U", 0), "0");
	arena_release(&a);
}

static void
formatter_lookup_ignores_case_and_suggests_a_close_name(void **state)
{
	const struct faker_formatter *fn;

	(void)state;
	fn = faker_lookup("numberbetween", 13);
	assert_non_null(fn);
	assert_string_equal(faker_formatter_name(fn), "numberBetween");
	assert_non_null(faker_lookup("DateTime", 8));
	assert_null(faker_lookup("nmae", 4));
	assert_string_equal(faker_suggest("nmae", 4), "name");
	assert_string_equal(faker_suggest("numberBetwen", 12), "numberBetween");
	assert_string_equal(faker_suggest("RANDOMFLOT", 10), "randomFloat");
	assert_null(faker_suggest("xyzzy", 5));
	assert_true(faker_formatter_count() >= 40);
	assert_null(faker_formatter_at(faker_formatter_count()));
}

/* Call name(args) with a fresh stream; the result lives in a. */
static struct faker_value call(struct arena *a, uint64_t seed, const char *name,
			       const struct faker_value *args, size_t n)
{
	struct faker f = { .arena = a, .now = NOW };
	const struct faker_formatter *fn = faker_lookup(name, strlen(name));
	struct faker_value out;
	struct err e;

	err_init(&e);
	assert_non_null(fn);
	faker_rng_seed(&f.rng, seed);
	if (faker_call(&f, fn, args, n, &out, &e) < 0)
		fail_msg("%s(): %s", name, e.msg);
	return out;
}

static struct faker_value ival(int64_t i)
{
	struct faker_value v = { .kind = FAKER_INT, .u.i = i };

	return v;
}

static struct faker_value sval(const char *s)
{
	struct faker_value v = { .kind = FAKER_STRING,
				 .u.s = { s, strlen(s) } };

	return v;
}

static void every_formatter_runs_with_its_defaults(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	size_t i;

	(void)state;
	for (i = 0; i < faker_formatter_count(); i++) {
		const char *name = faker_formatter_at(i);
		const struct faker_formatter *fn =
			faker_lookup(name, strlen(name));
		struct faker_value arg = sval("Some Text 12");
		struct faker f = { .arena = &a, .now = NOW };
		struct faker_value out;
		struct err e;

		err_init(&e);
		faker_rng_seed(&f.rng, i);
		/* The PHP functions need one argument. */
		if (faker_call(&f, fn, &arg,
			       faker_check_arity(fn, 0, NULL) < 0 ? 1 : 0, &out,
			       &e) < 0 &&
		    strcmp(name, "randomDigitNot") != 0)
			fail_msg("%s(): %s", name, e.msg);
		arena_reset(&a);
	}
	arena_release(&a);
}

static bool matches(const char *s, const char *shape)
{
	/* A shape: '9' digit, 'a' lower, 'A' upper, 'x' hex, other literal. */
	for (; *shape; s++, shape++) {
		if (!*s)
			return false;
		if ((*shape == '9' && !isdigit((unsigned char)*s)) ||
		    (*shape == 'a' && !islower((unsigned char)*s)) ||
		    (*shape == 'A' && !isupper((unsigned char)*s)) ||
		    (*shape == 'x' && !isxdigit((unsigned char)*s)) ||
		    (!strchr("9aAx", *shape) && *s != *shape))
			return false;
	}
	return *s == '\0';
}

static void codes_have_their_shapes_and_check_digits(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	uint64_t seed;

	(void)state;
	for (seed = 1; seed < 200; seed++) {
		struct faker_value v;
		int i, sum = 0;

		v = call(&a, seed, "uuid", NULL, 0);
		assert_true(matches(v.u.s.p,
				    "xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx"));
		assert_non_null(strchr("89ab", v.u.s.p[19]));
		v = call(&a, seed, "isbn13", NULL, 0);
		assert_true(matches(v.u.s.p, "9999999999999"));
		assert_true(strncmp(v.u.s.p, "978", 3) == 0 ||
			    strncmp(v.u.s.p, "979", 3) == 0);
		for (i = 0; i < 13; i++)
			sum += (v.u.s.p[i] - '0') * (i % 2 ? 3 : 1);
		assert_int_equal(sum % 10, 0);
		v = call(&a, seed, "ean8", NULL, 0);
		for (sum = 0, i = 0; i < 8; i++)
			sum += (v.u.s.p[i] - '0') * (i % 2 ? 1 : 3);
		assert_int_equal(sum % 10, 0);
		v = call(&a, seed, "isbn10", NULL, 0);
		for (sum = 0, i = 0; i < 10; i++)
			sum += (v.u.s.p[i] == 'X' ? 10 : v.u.s.p[i] - '0') *
			       (10 - i);
		assert_int_equal(sum % 11, 0);
		v = call(&a, seed, "hexColor", NULL, 0);
		assert_true(matches(v.u.s.p, "#xxxxxx"));
		v = call(&a, seed, "e164PhoneNumber", NULL, 0);
		assert_true(matches(v.u.s.p, "+19999999999"));
		v = call(&a, seed, "safeEmail", NULL, 0);
		assert_non_null(strstr(v.u.s.p, "@example."));
		v = call(&a, seed, "ipv4", NULL, 0);
		assert_int_equal(strspn(v.u.s.p, "0123456789."), v.u.s.len);
		arena_reset(&a);
	}
	arena_release(&a);
}

static void text_formatters_respect_their_lengths(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	static const int64_t maxes[] = {
		5, 10, 24, 25, 60, 99, 100, 200, 1000
	};
	uint64_t seed;
	size_t i;

	(void)state;
	for (seed = 1; seed < 100; seed++) {
		for (i = 0; i < WS_ARRAY_LEN(maxes); i++) {
			struct faker_value max = ival(maxes[i]);
			struct faker_value v = call(&a, seed, "text", &max, 1);

			assert_true(v.u.s.len <= (size_t)maxes[i]);
			assert_true(v.u.s.len > 0);
			assert_true(isupper((unsigned char)v.u.s.p[0]));
		}
		{
			struct faker_value six = ival(6);
			struct faker_value v =
				call(&a, seed, "sentence", &six, 1);
			size_t words = 1, k;

			for (k = 0; k < v.u.s.len; k++)
				words += v.u.s.p[k] == ' ';
			/* int(6 * 60..140 / 100) + 1 */
			assert_true(words >= 4 && words <= 9);
			assert_int_equal(v.u.s.p[v.u.s.len - 1], '.');
		}
		arena_reset(&a);
	}
	arena_release(&a);
}

static void numbers_stay_within_their_bounds(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	uint64_t seed;

	(void)state;
	for (seed = 1; seed < 500; seed++) {
		struct faker_value args[3] = { ival(2), ival(2), ival(20) };
		struct faker_value v = call(&a, seed, "randomFloat", args, 3);
		char text[40];

		assert_int_equal(v.kind, FAKER_FLOAT);
		assert_true(v.u.d >= 2 && v.u.d <= 20);
		faker_format_float(v.u.d, text, sizeof(text));
		assert_true(!strchr(text, '.') ||
			    strlen(strchr(text, '.')) <= 3);
		args[0] = ival(100);
		args[1] = ival(1);
		v = call(&a, seed, "numberBetween", args, 2);
		assert_true(v.u.i >= 1 && v.u.i <= 100);
		args[0] = ival(3);
		args[1].kind = FAKER_BOOL;
		args[1].u.b = true;
		v = call(&a, seed, "randomNumber", args, 2);
		assert_true(v.u.i >= 100 && v.u.i <= 999);
		args[0] = ival(0);
		v = call(&a, seed, "boolean", args, 1);
		assert_false(v.u.b);
		args[0] = ival(100);
		v = call(&a, seed, "boolean", args, 1);
		assert_true(v.u.b);
		arena_reset(&a);
	}
	arena_release(&a);
}

static void dates_fall_between_their_bounds(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	uint64_t seed;

	(void)state;
	for (seed = 1; seed < 300; seed++) {
		struct faker_value args[2] = { sval("-1 week"), sval("now") };
		struct faker_value v =
			call(&a, seed, "dateTimeBetween", args, 2);

		assert_int_equal(v.kind, FAKER_TIME);
		assert_true(v.u.i >= NOW - 7 * 86400 && v.u.i <= NOW);
		v = call(&a, seed, "dateTime", NULL, 0);
		assert_true(v.u.i >= 0 && v.u.i <= NOW);
		v = call(&a, seed, "dateTimeThisYear", NULL, 0);
		assert_true(v.u.i >= 1767225600 && v.u.i <= NOW);
		v = call(&a, seed, "unixTime", NULL, 0);
		assert_int_equal(v.kind, FAKER_INT);
		arena_reset(&a);
	}
	arena_release(&a);
}

static void bad_arguments_are_data_errors_naming_the_formatter(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	struct faker f = { .arena = &a, .now = NOW };
	struct faker_value args[2] = { sval("many"), ival(3) }, out;
	struct err e;

	(void)state;
	err_init(&e);
	faker_rng_seed(&f.rng, 1);
	assert_int_equal(faker_call(&f, faker_lookup("numberBetween", 13), args,
				    2, &out, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(
		e.msg,
		"numberBetween() expects a whole number as argument 1, got 'many'");
	err_init(&e);
	assert_int_equal(
		faker_call(&f, faker_lookup("word", 4), args, 1, &out, &e), -1);
	assert_string_equal(e.msg, "word() takes 0 arguments, not 1");
	err_init(&e);
	args[0] = sval("now");
	args[1] = sval("-1 day");
	assert_int_equal(faker_call(&f, faker_lookup("dateTimeBetween", 15),
				    args, 2, &out, &e),
			 -1);
	assert_non_null(strstr(e.msg, "start date is after the end date"));
	arena_release(&a);
}

static void values_convert_to_text_as_php_casts_them(void **state)
{
	struct arena a = ARENA_INIT(4096);
	struct faker_value v;
	size_t len;

	(void)state;
	v.kind = FAKER_FLOAT;
	v.u.d = 12.0;
	assert_string_equal(faker_to_text(&a, &v, &len), "12");
	v.u.d = 0.1;
	assert_string_equal(faker_to_text(&a, &v, &len), "0.1");
	v.kind = FAKER_BOOL;
	v.u.b = true;
	assert_string_equal(faker_to_text(&a, &v, &len), "1");
	v.u.b = false;
	assert_string_equal(faker_to_text(&a, &v, &len), "");
	v.kind = FAKER_TIME;
	v.u.i = NOW;
	assert_string_equal(faker_to_text(&a, &v, &len), "2026-06-15 12:00:00");
	v.kind = FAKER_ARRAY;
	assert_null(faker_to_text(&a, &v, &len));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splitmix_seeding_matches_the_reference_stream),
		cmocka_unit_test(the_same_seed_gives_the_same_stream),
		cmocka_unit_test(
			keyed_streams_differ_by_fixture_property_and_seed),
		cmocka_unit_test(
			between_is_inclusive_and_takes_bounds_in_either_order),
		cmocka_unit_test(unit_floats_stay_in_the_half_open_interval),
		cmocka_unit_test(strtotime_reads_words_and_relative_terms),
		cmocka_unit_test(strtotime_reads_dates_and_day_of_phrases),
		cmocka_unit_test(strtotime_refuses_what_it_does_not_know),
		cmocka_unit_test(php_date_formats_the_common_letters),
		cmocka_unit_test(
			formatter_lookup_ignores_case_and_suggests_a_close_name),
		cmocka_unit_test(every_formatter_runs_with_its_defaults),
		cmocka_unit_test(codes_have_their_shapes_and_check_digits),
		cmocka_unit_test(text_formatters_respect_their_lengths),
		cmocka_unit_test(numbers_stay_within_their_bounds),
		cmocka_unit_test(dates_fall_between_their_bounds),
		cmocka_unit_test(
			bad_arguments_are_data_errors_naming_the_formatter),
		cmocka_unit_test(values_convert_to_text_as_php_casts_them),
	};

	return cmocka_run_group_tests_name("faker", tests, NULL, NULL);
}

/* test_suggest: edit distances for "did you mean" (lib/suggest.c). */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "suggest.h"

#include <string.h>

static size_t dist(const char *a, const char *b)
{
	return suggest_distance(a, strlen(a), b, strlen(b));
}

static void test_each_edit_costs_one(void **state)
{
	(void)state;
	assert_int_equal(dist("name", "name"), 0);
	assert_int_equal(dist("name", "names"), 1); /* insertion */
	assert_int_equal(dist("names", "name"), 1); /* deletion */
	assert_int_equal(dist("name", "nome"), 1);  /* substitution */
	assert_int_equal(dist("nmae", "name"), 1);  /* neighbours swapped */
	assert_int_equal(dist("", "text"), 4);
	assert_int_equal(dist("kitten", "sitting"), 3);
}

static void test_case_is_ignored(void **state)
{
	(void)state;
	assert_int_equal(dist("NumberBetween", "numberbetween"), 0);
	assert_int_equal(dist("WINE", "wine"), 0);
}

static void test_names_past_the_cap_are_never_close(void **state)
{
	char lng[SUGGEST_MAX_LEN + 2];

	(void)state;
	memset(lng, 'a', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	assert_int_equal(dist(lng, "a"), (size_t)-1);
	lng[SUGGEST_MAX_LEN] = '\0';
	assert_int_equal(dist(lng, lng), 0);
	assert_false(suggest_close(10, (size_t)-1));
}

static void test_short_names_allow_two_edits_longer_a_third(void **state)
{
	(void)state;
	assert_true(suggest_close(3, 2));
	assert_false(suggest_close(3, 3));
	assert_true(suggest_close(12, 5));
	assert_false(suggest_close(12, 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_edit_costs_one),
		cmocka_unit_test(test_case_is_ignored),
		cmocka_unit_test(test_names_past_the_cap_are_never_close),
		cmocka_unit_test(
			test_short_names_allow_two_edits_longer_a_third),
	};

	return cmocka_run_group_tests_name("suggest", tests, NULL, NULL);
}

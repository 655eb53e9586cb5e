/* test_arena: the bump allocator with a ceiling (lib/arena.c). */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "arena.h"

#include <stdalign.h>
#include <string.h>

static void test_every_allocation_is_aligned_for_any_type(void **state)
{
	struct arena a = ARENA_INIT(1 << 20);
	unsigned char *p;
	int i;

	(void)state;
	for (i = 1; i < 200; i++) {
		/* Odd-sized strings in between leave the bump unaligned. */
		assert_non_null(arena_strndup(&a, "abcdefg", (size_t)i % 7));
		p = arena_alloc(&a, (size_t)i);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xa5, (size_t)i);
	}
	arena_release(&a);
}

static void test_strings_are_copied_and_terminated(void **state)
{
	struct arena a = ARENA_INIT(1024);
	const char src[] = "wine_42 and more";
	char *s;

	(void)state;
	s = arena_strndup(&a, src, 7);
	assert_string_equal(s, "wine_42");
	assert_ptr_not_equal(s, src);
	assert_string_equal(arena_strndup(&a, NULL, 0), "");
	arena_release(&a);
}

static void test_the_ceiling_refuses_what_would_pass_it(void **state)
{
	struct arena a = ARENA_INIT(100);

	(void)state;
	assert_non_null(arena_strndup(&a, "0123456789", 10));
	assert_null(arena_alloc(&a, 100));
	assert_non_null(arena_alloc(&a, 64));
	assert_null(arena_strndup(&a, "0123456789012345678901234567", 28));
	arena_release(&a);
}

static void test_an_allocation_larger_than_a_chunk_gets_its_own(void **state)
{
	struct arena a = ARENA_INIT(1 << 24);
	unsigned char *small = arena_alloc(&a, 16);
	unsigned char *big = arena_alloc(&a, 200 * 1024);
	unsigned char *after = arena_alloc(&a, 16);

	(void)state;
	assert_non_null(small);
	assert_non_null(big);
	assert_non_null(after);
	memset(big, 1, 200 * 1024);
	memset(small, 2, 16);
	memset(after, 3, 16);
	assert_int_equal(big[0], 1);
	assert_int_equal(big[200 * 1024 - 1], 1);
	arena_release(&a);
}

static void test_reset_reuses_the_first_chunk_and_the_ceiling(void **state)
{
	struct arena a = ARENA_INIT(200 * 1024);
	unsigned char *first, *again;
	int i;

	(void)state;
	first = arena_alloc(&a, 32);
	for (i = 0; i < 3; i++)
		assert_non_null(arena_alloc(&a, 60 * 1024));
	assert_null(arena_alloc(&a, 64 * 1024));
	arena_reset(&a);
	assert_int_equal(a.used, 0);
	again = arena_alloc(&a, 32);
	assert_ptr_equal(again, first);
	for (i = 0; i < 3; i++)
		assert_non_null(arena_alloc(&a, 60 * 1024));
	arena_release(&a);
	arena_reset(&a); /* a released arena resets to nothing */
	assert_null(a.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_is_aligned_for_any_type),
		cmocka_unit_test(test_strings_are_copied_and_terminated),
		cmocka_unit_test(test_the_ceiling_refuses_what_would_pass_it),
		cmocka_unit_test(
			test_an_allocation_larger_than_a_chunk_gets_its_own),
		cmocka_unit_test(
			test_reset_reuses_the_first_chunk_and_the_ceiling),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}

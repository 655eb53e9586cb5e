/* test_buf: bounded growable buffers (lib/buf.c). */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "buf.h"

#include <string.h>

static void test_a_new_buffer_is_empty_and_allocates_nothing(void **state)
{
	struct buf b = BUF_INIT(16);
	struct buf c;

	(void)state;
	buf_init(&c, 8);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 16);
	assert_null(c.data);
	assert_int_equal(c.max, 8);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
	buf_release(&c);
}

static void test_appends_keep_a_trailing_nul(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addstr(&b, "mer"), BUF_OK);
	assert_int_equal(buf_addch(&b, 'c'), BUF_OK);
	assert_int_equal(buf_add(&b, "ure!", 3), BUF_OK);
	assert_int_equal(b.len, 7);
	assert_string_equal(buf_cstr(&b), "mercure");
	assert_int_equal(b.data[b.len], '\0');
	buf_release(&b);
}

static void test_binary_data_with_nuls_is_kept_whole(void **state)
{
	struct buf b = BUF_INIT(64);
	static const char bytes[] = { 'a', '\0', 'b', '\0' };

	(void)state;
	assert_int_equal(buf_add(&b, bytes, sizeof(bytes)), BUF_OK);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, bytes, sizeof(bytes));
	buf_release(&b);
}

static void
test_appending_nothing_succeeds_and_gives_an_empty_string(void **state)
{
	struct buf b = BUF_INIT(4);

	(void)state;
	assert_int_equal(buf_add(&b, NULL, 0), BUF_OK);
	assert_int_equal(b.len, 0);
	assert_non_null(b.data);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

static void test_the_ceiling_is_reachable_but_not_passable(void **state)
{
	struct buf b = BUF_INIT(5);

	(void)state;
	assert_int_equal(buf_addstr(&b, "abcde"), BUF_OK);
	assert_int_equal(buf_addch(&b, 'f'), BUF_ELIMIT);
	assert_int_equal(buf_addstr(&b, ""), BUF_OK);
	assert_int_equal(b.len, 5);
	assert_string_equal(buf_cstr(&b), "abcde");
	assert_true(b.cap <= b.max + 1);
	buf_release(&b);
}

static void test_a_refused_append_leaves_the_buffer_unchanged(void **state)
{
	struct buf b = BUF_INIT(8);

	(void)state;
	assert_int_equal(buf_addstr(&b, "abc"), BUF_OK);
	assert_int_equal(buf_addstr(&b, "defghi"), BUF_ELIMIT);
	assert_int_equal(buf_printf(&b, "%s", "0123456"), BUF_ELIMIT);
	assert_int_equal(b.len, 3);
	assert_string_equal(buf_cstr(&b), "abc");
	buf_release(&b);
}

static void test_a_zero_ceiling_refuses_any_byte(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	assert_int_equal(buf_addch(&b, 'x'), BUF_ELIMIT);
	assert_int_equal(buf_add(&b, "", 0), BUF_OK);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

static void test_growth_past_the_first_block_keeps_the_contents(void **state)
{
	struct buf b = BUF_INIT(100000);
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++)
		assert_int_equal(buf_addch(&b, (char)('a' + i % 26)), BUF_OK);
	assert_int_equal(b.len, 10000);
	for (i = 0; i < 10000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_int_equal(b.data[10000], '\0');
	buf_release(&b);
}

static void test_no_allocation_passes_the_ceiling_plus_its_nul(void **state)
{
	struct buf b = BUF_INIT(100);
	char block[100];

	(void)state;
	memset(block, 'x', sizeof(block));
	assert_int_equal(buf_add(&b, block, 70), BUF_OK);
	assert_int_equal(buf_add(&b, block, 30), BUF_OK);
	assert_int_equal(b.cap, 101);
	buf_release(&b);
}

static void test_an_unlimited_ceiling_still_allocates_room(void **state)
{
	struct buf b = BUF_INIT(SIZE_MAX);

	(void)state;
	assert_int_equal(buf_addstr(&b, "no ceiling at all"), BUF_OK);
	assert_string_equal(buf_cstr(&b), "no ceiling at all");
	assert_true(b.cap > b.len);
	buf_release(&b);
}

static int add_formatted(struct buf *b, const char *fmt, ...) WS_PRINTF(2, 3);

static int add_formatted(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

static void test_printf_appends_formatted_text(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_printf(&b, "%s=%d", "ttl", 90), BUF_OK);
	assert_int_equal(add_formatted(&b, ";%c%03d", 'x', 7), BUF_OK);
	assert_int_equal(buf_printf(&b, "%s", ""), BUF_OK);
	assert_string_equal(buf_cstr(&b), "ttl=90;x007");
	assert_int_equal(b.len, strlen("ttl=90;x007"));
	buf_release(&b);
}

static void test_reserve_makes_room_without_changing_the_length(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_reserve(&b, 40), BUF_OK);
	assert_int_equal(b.len, 0);
	assert_true(b.cap >= 41);
	/* Memory that was only reserved still reads as "". */
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_reserve(&b, 65), BUF_ELIMIT);
	buf_release(&b);
}

static void test_consume_drops_bytes_from_the_front(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addstr(&b, "data: x\n\n"), BUF_OK);
	buf_consume(&b, 6);
	assert_string_equal(buf_cstr(&b), "x\n\n");
	assert_int_equal(b.len, 3);
	buf_consume(&b, 3);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

static void test_reset_forgets_contents_but_keeps_memory(void **state)
{
	struct buf b = BUF_INIT(64);
	size_t cap;

	(void)state;
	buf_reset(&b); /* nothing allocated yet */
	assert_int_equal(buf_addstr(&b, "hello"), BUF_OK);
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_addstr(&b, "again"), BUF_OK);
	assert_string_equal(buf_cstr(&b), "again");
	buf_release(&b);
}

static void test_detach_hands_over_the_contents(void **state)
{
	struct buf b = BUF_INIT(64);
	size_t len = 0;
	char *p;

	(void)state;
	assert_int_equal(buf_addstr(&b, "token"), BUF_OK);
	p = buf_detach(&b, &len);
	assert_string_equal(p, "token");
	assert_int_equal(len, 5);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 64);
	free(p);
	/* An empty buffer gives "", not NULL; len may be NULL. */
	p = buf_detach(&b, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
}

static void test_release_can_be_called_twice(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addstr(&b, "x"), BUF_OK);
	buf_release(&b);
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.max, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_a_new_buffer_is_empty_and_allocates_nothing),
		cmocka_unit_test(test_appends_keep_a_trailing_nul),
		cmocka_unit_test(test_binary_data_with_nuls_is_kept_whole),
		cmocka_unit_test(
			test_appending_nothing_succeeds_and_gives_an_empty_string),
		cmocka_unit_test(
			test_the_ceiling_is_reachable_but_not_passable),
		cmocka_unit_test(
			test_a_refused_append_leaves_the_buffer_unchanged),
		cmocka_unit_test(test_a_zero_ceiling_refuses_any_byte),
		cmocka_unit_test(
			test_growth_past_the_first_block_keeps_the_contents),
		cmocka_unit_test(
			test_no_allocation_passes_the_ceiling_plus_its_nul),
		cmocka_unit_test(
			test_an_unlimited_ceiling_still_allocates_room),
		cmocka_unit_test(test_printf_appends_formatted_text),
		cmocka_unit_test(
			test_reserve_makes_room_without_changing_the_length),
		cmocka_unit_test(test_consume_drops_bytes_from_the_front),
		cmocka_unit_test(test_reset_forgets_contents_but_keeps_memory),
		cmocka_unit_test(test_detach_hands_over_the_contents),
		cmocka_unit_test(test_release_can_be_called_twice),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}

/* Unit tests for lib/uuid: RFC 9562 versions 7 and 4. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "uuid.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void assert_shape(const char *u, char version)
{
	int i;

	assert_int_equal(strlen(u), UUID_LEN);
	for (i = 0; i < UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(u[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", u[i]));
	}
	assert_int_equal(u[14], version);
	assert_non_null(strchr("89ab", u[19]));
}

static uint64_t ms_of(const char *u)
{
	char hex[13];

	memcpy(hex, u, 8);
	memcpy(hex + 8, u + 9, 4);
	hex[12] = '\0';
	return strtoull(hex, NULL, 16);
}

static void test_v7_ids_carry_the_time_and_increase(void **state)
{
	char prev[UUID_LEN + 1], cur[UUID_LEN + 1];
	struct timespec ts;
	uint64_t now;
	int i;

	(void)state;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	assert_int_equal(uuid_v7(prev), 0);
	assert_shape(prev, '7');
	assert_true(ms_of(prev) + 1000 > now && ms_of(prev) < now + 1000);
	/* Far more than one per millisecond. */
	for (i = 0; i < 100000; i++) {
		assert_int_equal(uuid_v7(cur), 0);
		if (strcmp(prev, cur) >= 0)
			fail_msg("'%s' after '%s'", cur, prev);
		memcpy(prev, cur, sizeof(cur));
	}
	assert_shape(cur, '7');
}

static void test_v7_counts_on_within_a_millisecond(void **state)
{
	struct uuid_v7_state st = { 0, 0 };
	unsigned char rnd[10] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4
	};
	char a[UUID_LEN + 1], b[UUID_LEN + 1];

	(void)state;
	uuid_v7_next(&st, 0x0123456789ab, rnd, a);
	assert_shape(a, '7');
	assert_int_equal(ms_of(a), 0x0123456789ab);
	/* The fresh counter keeps its top bit clear. */
	assert_int_equal(st.counter, (1ULL << 41) - 1);
	assert_string_equal(a + 24, "ffff01020304");
	uuid_v7_next(&st, 0x0123456789ab, rnd, b);
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(st.counter, 1ULL << 41);
	assert_int_equal(ms_of(b), 0x0123456789ab);
}

static void test_v7_survives_the_clock_going_back(void **state)
{
	struct uuid_v7_state st = { 0, 0 };
	unsigned char rnd[10] = { 0 };
	char a[UUID_LEN + 1], b[UUID_LEN + 1];

	(void)state;
	uuid_v7_next(&st, 5000, rnd, a);
	uuid_v7_next(&st, 4000, rnd, b);
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(ms_of(b), 5000);
}

static void test_v7_borrows_a_millisecond_when_the_counter_is_full(void **state)
{
	struct uuid_v7_state st = { 7000, (1ULL << 42) - 1 };
	unsigned char rnd[10] = { 0 };
	char a[UUID_LEN + 1], b[UUID_LEN + 1];

	(void)state;
	st.counter--;
	uuid_v7_next(&st, 7000, rnd, a);
	assert_int_equal(st.counter, (1ULL << 42) - 1);
	assert_string_equal(a + 14, "7fff-bfff-ffff00000000");
	uuid_v7_next(&st, 7000, rnd, b);
	assert_int_equal(ms_of(b), 7001);
	assert_true(strcmp(a, b) < 0);
}

static void test_v4_ids_are_random(void **state)
{
	char ids[64][UUID_LEN + 1];
	int i, j;

	(void)state;
	for (i = 0; i < 64; i++) {
		assert_int_equal(uuid_v4(ids[i]), 0);
		assert_shape(ids[i], '4');
		for (j = 0; j < i; j++)
			assert_string_not_equal(ids[i], ids[j]);
	}
}

#define THREADS 4
#define PER	5000

static void *make_ids(void *arg)
{
	char(*ids)[UUID_LEN + 1] = arg;
	int i;

	for (i = 0; i < PER; i++)
		if (uuid_v7(ids[i]))
			return arg;
	return NULL;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_v7_ids_from_threads_are_distinct(void **state)
{
	char(*ids)[UUID_LEN + 1] = calloc(THREADS * PER, UUID_LEN + 1);
	pthread_t t[THREADS];
	void *rc;
	int i;

	(void)state;
	assert_non_null(ids);
	for (i = 0; i < THREADS; i++)
		assert_int_equal(
			pthread_create(&t[i], NULL, make_ids, ids + i * PER),
			0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
	}
	for (i = 0; i < THREADS * PER; i++)
		if (i % PER && strcmp(ids[i - 1], ids[i]) >= 0)
			fail_msg("thread order broken at %d", i);
	qsort(ids, THREADS * PER, UUID_LEN + 1, cmp_id);
	for (i = 1; i < THREADS * PER; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);
	free(ids);
}

/*
 * v7 ids draw on a pool of random bytes: a child after fork must not
 * hand out the parent's next bytes, or both would make the same ids.
 */
static void test_v7_ids_differ_between_a_parent_and_its_child(void **state)
{
	char mine[UUID_LEN + 1], theirs[UUID_LEN + 1] = "";
	int fds[2], status, i;
	pid_t pid;

	(void)state;
	assert_int_equal(uuid_v7(mine), 0); /* the pool is filled */
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char id[UUID_LEN + 1];

		close(fds[0]);
		_exit(uuid_v7(id) != 0 ||
		      write(fds[1], id, UUID_LEN) != UUID_LEN);
	}
	close(fds[1]);
	assert_int_equal(uuid_v7(mine), 0);
	assert_int_equal(read(fds[0], theirs, UUID_LEN), UUID_LEN);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* the last 32 bits are the random ones after the counter */
	assert_string_not_equal(mine + UUID_LEN - 8, theirs + UUID_LEN - 8);
	for (i = 0; i < 1000; i++)
		assert_int_equal(uuid_v7(mine), 0); /* refills work */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v7_ids_carry_the_time_and_increase),
		cmocka_unit_test(test_v7_counts_on_within_a_millisecond),
		cmocka_unit_test(test_v7_survives_the_clock_going_back),
		cmocka_unit_test(
			test_v7_borrows_a_millisecond_when_the_counter_is_full),
		cmocka_unit_test(test_v4_ids_are_random),
		cmocka_unit_test(test_v7_ids_from_threads_are_distinct),
		cmocka_unit_test(
			test_v7_ids_differ_between_a_parent_and_its_child),
	};

	return cmocka_run_group_tests_name("uuid", tests, NULL, NULL);
}

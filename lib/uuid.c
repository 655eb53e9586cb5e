/* uuid: RFC 9562 version 7 (time-ordered) and version 4 (random) UUIDs. */
#include "compat.h"

#include "uuid.h"

#include <openssl/rand.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#define COUNTER_BITS 42
#define COUNTER_MAX  ((1ULL << COUNTER_BITS) - 1)

static void to_text(const unsigned char b[16], char out[UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	int i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

void uuid_v7_next(struct uuid_v7_state *st, uint64_t now_ms,
		  const unsigned char rnd[10], char out[UUID_LEN + 1])
{
	unsigned char b[16];
	uint64_t c;
	int i;

	if (now_ms > st->ms) {
		/*
		 * A new millisecond: a random counter whose top bit is clear,
		 * so at least 2^41 more ids fit before it rolls over.
		 */
		st->ms = now_ms;
		c = 0;
		for (i = 0; i < 6; i++)
			c = c << 8 | rnd[i];
		st->counter = c & (COUNTER_MAX >> 1);
	} else if (st->counter < COUNTER_MAX) {
		/* The same millisecond, or the clock went back: count on. */
		st->counter++;
	} else {
		/* Counter exhausted: borrow the next millisecond. */
		st->ms++;
		st->counter = 0;
	}
	c = st->counter;
	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(st->ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | ((c >> 38) & 0x0f));
	b[7] = (unsigned char)(c >> 30);
	b[8] = (unsigned char)(0x80 | ((c >> 24) & 0x3f));
	b[9] = (unsigned char)(c >> 16);
	b[10] = (unsigned char)(c >> 8);
	b[11] = (unsigned char)c;
	memcpy(b + 12, rnd + 6, 4);
	to_text(b, out);
}

static pthread_mutex_t v7_lock = PTHREAD_MUTEX_INITIALIZER;
static struct uuid_v7_state v7_state;

/*
 * One RAND_bytes call costs more than the rest of making an id (the hub
 * makes one per publish), so v7 ids take their 10 random bytes from a
 * pool filled 400 ids at a time, under v7_lock. A child after fork must
 * not hand out its parent's bytes again: the fork handlers empty it.
 */
static unsigned char pool[4000];
static size_t pool_left;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static void fork_prepare(void)
{
	pthread_mutex_lock(&v7_lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&v7_lock);
}

static void fork_child(void)
{
	memset(pool, 0, sizeof(pool));
	pool_left = 0;
	pthread_mutex_unlock(&v7_lock);
}

static void pool_setup(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

int uuid_v7(char out[UUID_LEN + 1])
{
	unsigned char *rnd;
	struct timespec ts;
	uint64_t ms;
	int rc = 0;

	out[0] = '\0';
	pthread_once(&pool_once, pool_setup);
	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	pthread_mutex_lock(&v7_lock);
	if (pool_left < 10 && RAND_bytes(pool, sizeof(pool)) == 1)
		pool_left = sizeof(pool);
	if (pool_left >= 10) {
		rnd = pool + sizeof(pool) - pool_left;
		uuid_v7_next(&v7_state, ms, rnd, out);
		memset(rnd, 0, 10); /* used once */
		pool_left -= 10;
	} else {
		rc = -1;
	}
	pthread_mutex_unlock(&v7_lock);
	return rc;
}

int uuid_v4(char out[UUID_LEN + 1])
{
	unsigned char b[16];

	out[0] = '\0';
	if (RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	b[6] = (unsigned char)(0x40 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	to_text(b, out);
	return 0;
}

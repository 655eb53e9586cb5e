/* uuid: RFC 9562 version 7 and version 4 URNs. */
#define _DEFAULT_SOURCE /* getrandom */
#include "compat.h"

#include "uuid.h"

#include <stdint.h>
#include <sys/random.h>
#include <time.h>

static void random_bytes(unsigned char *p, size_t n)
{
	ssize_t got = getrandom(p, n, 0);

	/* getrandom only fails before the pool is seeded or on EINTR; fall
	 * back to the clock so an id is still unique in practice. */
	if (got != (ssize_t)n) {
		struct timespec ts;
		size_t i;

		clock_gettime(CLOCK_REALTIME, &ts);
		for (i = 0; i < n; i++)
			p[i] = (unsigned char)(ts.tv_nsec >> (i % 4 * 8)) ^
			       (unsigned char)(i * 131);
	}
}

static void format(const unsigned char b[16], char out[UUID_URN_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out + snprintf(out, UUID_URN_SIZE, "urn:uuid:");
	int i;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

void uuid_v7(char out[UUID_URN_SIZE])
{
	static uint64_t last_ms;
	static unsigned counter;
	unsigned char b[16];
	struct timespec ts;
	uint64_t ms;
	int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	random_bytes(b, sizeof(b));
	/* Monotonic: the same (or an earlier) millisecond counts up. */
	if (ms <= last_ms && counter < 0xfff) {
		ms = last_ms;
		counter++;
	} else {
		if (ms <= last_ms)
			ms = last_ms + 1;
		counter = b[6] & 0x3; /* a small random start leaves room */
	}
	last_ms = ms;
	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (counter >> 8));
	b[7] = (unsigned char)counter;
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	format(b, out);
}

void uuid_v4(char out[UUID_URN_SIZE])
{
	unsigned char b[16];

	random_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	format(b, out);
}

char *uuid_v7_urn(void)
{
	char *p = malloc(UUID_URN_SIZE);

	if (p)
		uuid_v7(p);
	return p;
}

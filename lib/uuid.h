/*
 * uuid: RFC 9562 UUIDs in their 36-character text form, lowercase.
 *
 * Version 7 ids sort by creation time, and those made by one process are
 * strictly increasing (as strings too), even within one millisecond and
 * when the clock steps back: RFC 9562 section 6.2, method 1, with a
 * 42-bit counter in rand_a and the top of rand_b, reseeded at random
 * each new millisecond, and 32 random bits after it. Version 4 ids are
 * 122 random bits. Randomness comes from OpenSSL's RAND_bytes (for v7
 * ids, drawn ahead into a small pool that a forked child discards).
 */
#ifndef WS_UUID_H
#define WS_UUID_H

#include "compat.h"

#include <stdint.h>

#define UUID_LEN 36 /* text form, without the NUL */

/* Generator state: the last timestamp and counter used. */
struct uuid_v7_state {
	uint64_t ms;
	uint64_t counter;
};

/*
 * Write a new v7 UUID and its NUL to out. Thread-safe. Returns 0, or -1
 * when no randomness could be had (out then holds "").
 */
int uuid_v7(char out[UUID_LEN + 1]) WS_MUST_USE;

/* Write a new v4 UUID and its NUL to out. Returns 0 or -1 as uuid_v7. */
int uuid_v4(char out[UUID_LEN + 1]) WS_MUST_USE;

/*
 * The v7 step without clock or randomness, for callers that bring their
 * own (and for tests): make the id that follows st at time now_ms using
 * the 10 random bytes rnd, and advance st. Never fails.
 */
void uuid_v7_next(struct uuid_v7_state *st, uint64_t now_ms,
		  const unsigned char rnd[10], char out[UUID_LEN + 1]);

#endif

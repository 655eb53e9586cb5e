/* hash: FNV-1a for tables, XXH3-128 for entity tags (see hash.h). */
#include "compat.h"

#include "hash.h"

#include <inttypes.h>
#include <stdio.h>
#include <xxhash.h>

uint64_t hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void hash_etag(const void *p, size_t len, char out[HASH_ETAG_SIZE])
{
	XXH128_hash_t h = XXH3_128bits(p, len);

	snprintf(out, HASH_ETAG_SIZE, "\"%016" PRIx64 "%016" PRIx64 "\"",
		 (uint64_t)h.high64, (uint64_t)h.low64);
}

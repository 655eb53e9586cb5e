/*
 * hash: FNV-1a over bytes, the one hash the hash tables of the toolkit
 * share (topic sets, the hub's routes and grants, caches). Cheap and
 * good enough for tables whose keys are compared in full on a hit.
 * Entity tags come from XXH3-128 (libxxhash) instead: a body of tens of
 * kilobytes hashes in about a microsecond, where FNV-1a or MD5 would
 * cost more than the rest of the request.
 */
#ifndef WS_HASH_H
#define WS_HASH_H

#include "compat.h"

#include <stddef.h>
#include <stdint.h>

/* The 64-bit FNV-1a hash of p[0..len). */
uint64_t hash_bytes(const void *p, size_t len);

/* A quoted strong entity tag: '"' + 32 hex digits + '"' and a NUL. */
#define HASH_ETAG_SIZE 35

/* The entity tag of the content p[0..len) into out. */
void hash_etag(const void *p, size_t len, char out[HASH_ETAG_SIZE]);

#endif

/*
 * hash: FNV-1a over bytes, the one hash the hash tables of the toolkit
 * share (topic sets, the hub's routes and grants, caches). Cheap and
 * good enough for tables whose keys are compared in full on a hit.
 */
#ifndef WS_HASH_H
#define WS_HASH_H

#include "compat.h"

#include <stddef.h>
#include <stdint.h>

/* The 64-bit FNV-1a hash of p[0..len). */
uint64_t hash_bytes(const void *p, size_t len);

#endif

/*
 * uuid: RFC 9562 identifiers as Mercure uses them, "urn:uuid:<uuid>".
 *
 * Version 7 (time-ordered) names updates, as the reference hub does;
 * within one millisecond the 12-bit rand_a field counts up, so ids made
 * by one process sort in the order they were made. Version 4 (random)
 * names subscribers. Randomness comes from getrandom(2).
 */
#ifndef WS_UUID_H
#define WS_UUID_H

#include "compat.h"

/* "urn:uuid:" + 36 characters + NUL */
#define UUID_URN_SIZE 46

/* Write a new version 7 URN into out. */
void uuid_v7(char out[UUID_URN_SIZE]);

/* Write a new version 4 URN into out. */
void uuid_v4(char out[UUID_URN_SIZE]);

/* New: a version 7 URN on the heap (free with free()), NULL without
 * memory. */
char *uuid_v7_urn(void);

#endif

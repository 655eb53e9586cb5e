/*
 * suggest: "did you mean" for names a user typed (fixture classes and
 * fields, Faker formatters): an edit distance and how far a suggestion
 * may be, so every tool suggests alike.
 */
#ifndef WS_SUGGEST_H
#define WS_SUGGEST_H

#include "compat.h"

#include <stdbool.h>
#include <stddef.h>

/* Names longer than this are never suggested nor suggested for. */
#define SUGGEST_MAX_LEN 63

/*
 * The optimal string alignment distance between a[0..n) and b[0..m),
 * ignoring ASCII case: insertions, deletions, substitutions and swaps
 * of two neighbours cost one each. (size_t)-1 when either is longer
 * than SUGGEST_MAX_LEN.
 */
size_t suggest_distance(const char *a, size_t n, const char *b, size_t m);

/* Whether a name of len bytes at distance from a candidate is close
 * enough to suggest it: 2 edits for short names, a third of longer. */
bool suggest_close(size_t len, size_t distance);

#endif

/*
 * timex: durations and points in time as users write them.
 *
 * Durations are Go-style ("90s", "30m", "12h", "7d", "1h30m", "500ms");
 * a bare number means seconds. Times are Unix seconds ("1700000000") or
 * ISO 8601 in UTC ("2026-11-28T12:00:00Z", "2026-11-28 12:00:00",
 * "2026-11-28"), with every digit written and no day that does not
 * exist. Neither takes blanks or signs.
 */
#ifndef WS_TIMEX_H
#define WS_TIMEX_H

#include "compat.h"
#include "err.h"

#include <stdint.h>
#include <time.h>

/* Parse a duration into milliseconds (>= 0). ERR_USAGE on bad input. */
int timex_parse_duration(const char *s, int64_t *ms, struct err *e) WS_MUST_USE;

/* Parse a point in time into Unix seconds. ERR_USAGE on bad input. */
int timex_parse_time(const char *s, time_t *t, struct err *e) WS_MUST_USE;

/* Write t as "2026-11-28T12:00:00Z" into out (at least 21 bytes). */
void timex_format_iso(time_t t, char *out, size_t size);

#endif

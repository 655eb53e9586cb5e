/*
 * phpdate: PHP's notion of dates for fixtures, in UTC on 64-bit seconds.
 *
 * A subset of strtotime() (absolute dates, "now", relative terms, "first
 * day of ...") and of date()'s format letters, as alice fixtures and
 * Faker's date formatters use them. Times are Unix seconds; there are no
 * time zones but UTC and no locale, so the same input gives the same
 * output on every machine.
 */
#ifndef WS_PHPDATE_H
#define WS_PHPDATE_H

#include "compat.h"

#include "arena.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Parse the strtotime() subset relative to now into Unix seconds:
 * "now", "today", "midnight", "noon", "tomorrow", "yesterday", "@1700000000",
 * "2020-01-31", "2020-01-31 12:30[:45]", ISO 8601 with T and Z or an offset,
 * relative terms "+1 day", "-30 years", "3 weeks ago", "next month",
 * "last year", and "first|last day of [this|next|last] month|year" or
 * "first|last day of january [this year]". Words are case-insensitive and
 * terms combine ("2020-01-01 +2 weeks"). Returns 0, or -1 with ERR_DATA.
 */
int phpdate_strtotime(const char *s, size_t len, int64_t now, int64_t *out,
		      struct err *e) WS_MUST_USE;

/* Write t as "2020-03-28 14:21:09" (UTC) into out (at least 20 bytes). */
void phpdate_format_datetime(int64_t t, char *out, size_t size);

/*
 * Format t like PHP's date(format, t) in UTC for the common letters
 * (d D j l N S w z W F m M n t L o Y y a A g G h H i s u v e T P O p c r U
 * and backslash escapes). Returns the string in arena a, or NULL when the
 * arena is full.
 */
const char *phpdate_format(struct arena *a, const char *format, int64_t t);

/* The year (UTC) of t. */
int64_t phpdate_year(int64_t t);

#endif

#define _DEFAULT_SOURCE /* timegm */
/* timex: durations and points in time as users write them. */
#include "compat.h"

#include "timex.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const char *name;
	int64_t ms;
};

/* Longest names first, so "ms" is not read as "m" followed by "s". */
static const struct unit units[] = {
	{ "ms", 1 },	  { "s", 1000 },     { "m", 60000 },
	{ "h", 3600000 }, { "d", 86400000 }, { "w", 604800000 },
};

static const struct unit *match_unit(const char *p, size_t *len)
{
	size_t i, n = 0;

	while (isalpha((unsigned char)p[n]))
		n++;
	for (i = 0; i < WS_ARRAY_LEN(units); i++) {
		if (strlen(units[i].name) == n &&
		    strncmp(p, units[i].name, n) == 0) {
			*len = n;
			return &units[i];
		}
	}
	return NULL;
}

int timex_parse_duration(const char *s, int64_t *ms, struct err *e)
{
	const char *p = s;
	int64_t total = 0;

	if (!*s)
		return err_set(e, ERR_USAGE, "empty duration");
	while (*p) {
		const struct unit *u;
		char *end;
		size_t ulen = 0;
		long long n;

		/* strtoll would also take leading blanks and a sign. */
		if (!isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		n = strtoll(p, &end, 10);
		if (end == p || n < 0 || errno)
			goto bad;
		if (!*end && p == s) {
			/* A bare number is seconds. */
			u = &units[1];
		} else {
			u = match_unit(end, &ulen);
			if (!u)
				goto bad;
		}
		if (n > (INT64_MAX - total) / u->ms)
			return err_set(e, ERR_USAGE,
				       "duration '%s' is too long", s);
		total += n * u->ms;
		p = end + ulen;
	}
	*ms = total;
	return 0;
bad:
	return err_set(e, ERR_USAGE,
		       "invalid duration '%s' (want e.g. 90s, 30m, 12h, 7d)",
		       s);
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Whether s matches pat exactly, where 'd' in pat stands for a digit. */
static int has_shape(const char *s, const char *pat)
{
	for (; *pat; s++, pat++)
		if (*pat == 'd' ? !isdigit((unsigned char)*s) : *s != *pat)
			return 0;
	return *s == '\0';
}

/*
 * The ISO 8601 forms accepted, digit for digit: sscanf alone would also
 * take blanks, signs and single digits ("2026-1-5").
 */
static int is_iso_shape(const char *s)
{
	static const char *const shapes[] = {
		"dddd-dd-dd",		"dddd-dd-ddTdd:dd:dd",
		"dddd-dd-ddTdd:dd:ddZ", "dddd-dd-dd dd:dd:dd",
		"dddd-dd-dd dd:dd:ddZ",
	};
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(shapes); i++)
		if (has_shape(s, shapes[i]))
			return 1;
	return 0;
}

int timex_parse_time(const char *s, time_t *t, struct err *e)
{
	struct tm tm, back;
	int n = 0, len = (int)strlen(s);
	time_t when;

	if (all_digits(s) && len <= 12) {
		*t = (time_t)strtoll(s, NULL, 10);
		return 0;
	}
	if (!is_iso_shape(s))
		goto bad;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &n) != 3)
		goto bad;
	if (s[n] == 'T' || s[n] == ' ') {
		int m = 0;

		if (sscanf(s + n + 1, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min,
			   &tm.tm_sec, &m) != 3)
			goto bad;
		n += 1 + m;
		if (s[n] == 'Z')
			n++;
	}
	if (n != len || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59)
		goto bad;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	back = tm;
	when = timegm(&back);
	/* timegm moves 30 February into March; such a day does not exist. */
	if (back.tm_mday != tm.tm_mday || back.tm_mon != tm.tm_mon)
		goto bad;
	*t = when;
	return 0;
bad:
	return err_set(
		e, ERR_USAGE,
		"invalid time '%s' (want Unix seconds or 2026-11-28T12:00:00Z)",
		s);
}

void timex_format_iso(time_t t, char *out, size_t size)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, size, "%lld", (long long)t);
		return;
	}
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

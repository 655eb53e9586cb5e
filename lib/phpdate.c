/*
 * phpdate: the strtotime() subset and date() formatting, in UTC.
 *
 * Calendar arithmetic follows Howard Hinnant's public-domain civil-date
 * algorithms, exact for any year a 64-bit count of seconds can hold. It
 * is a module of its own because nothing here is fake data: the faker
 * formatters, the fixture loader and wine-db's --now all need the same
 * reading of PHP dates.
 */
#include "compat.h"

#include "phpdate.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Calendar arithmetic in UTC on 64-bit seconds (Hinnant's algorithms). */

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Broken-down UTC time; month 1-12, weekday 0 = Sunday. */
struct civil {
	int64_t year;
	int month, day, hour, min, sec, wday, yday;
};

static void civil_of(int64_t t, struct civil *c)
{
	int64_t days = floor_div(t, 86400), rem = t - days * 86400;

	civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(rem / 3600);
	c->min = (int)(rem % 3600 / 60);
	c->sec = (int)(rem % 60);
	c->wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	c->yday = (int)(days - days_from_civil(c->year, 1, 1));
}

static int64_t time_of(int64_t y, int64_t m, int64_t d, int64_t hh, int64_t mm,
		       int64_t ss)
{
	/* Months outside 1-12 and days past the month's end carry over. */
	y += floor_div(m - 1, 12);
	m = m - 1 - floor_div(m - 1, 12) * 12 + 1;
	return (days_from_civil(y, m, 1) + d - 1) * 86400 + hh * 3600 +
	       mm * 60 + ss;
}

void phpdate_format_datetime(int64_t t, char *out, size_t size)
{
	struct civil c;

	civil_of(t, &c);
	snprintf(out, size, "%04lld-%02d-%02d %02d:%02d:%02d",
		 (long long)c.year, c.month, c.day, c.hour, c.min, c.sec);
}

int64_t phpdate_year(int64_t t)
{
	struct civil c;

	civil_of(t, &c);
	return c.year;
}

/* ------------------------------------------------------------------ */
/* strtotime subset */

static const char *const month_names[] = { "january", "february", "march",
					   "april",   "may",	  "june",
					   "july",    "august",	  "september",
					   "october", "november", "december" };
static const char *const day_names[] = { "Sunday",    "Monday",	  "Tuesday",
					 "Wednesday", "Thursday", "Friday",
					 "Saturday" };

struct rel {
	int64_t y, m, d, h, mi, s;
};

enum unit {
	U_NONE,
	U_SEC,
	U_MIN,
	U_HOUR,
	U_DAY,
	U_WEEK,
	U_FORTNIGHT,
	U_MONTH,
	U_YEAR,
	U_DECADE
};

static enum unit parse_unit(const char *w, size_t n)
{
	static const struct {
		const char *name;
		enum unit u;
	} units[] = {
		{ "sec", U_SEC },
		{ "secs", U_SEC },
		{ "second", U_SEC },
		{ "seconds", U_SEC },
		{ "min", U_MIN },
		{ "mins", U_MIN },
		{ "minute", U_MIN },
		{ "minutes", U_MIN },
		{ "hour", U_HOUR },
		{ "hours", U_HOUR },
		{ "day", U_DAY },
		{ "days", U_DAY },
		{ "week", U_WEEK },
		{ "weeks", U_WEEK },
		{ "fortnight", U_FORTNIGHT },
		{ "fortnights", U_FORTNIGHT },
		{ "month", U_MONTH },
		{ "months", U_MONTH },
		{ "year", U_YEAR },
		{ "years", U_YEAR },
		{ "decade", U_DECADE },
		{ "decades", U_DECADE },
	};
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(units); i++)
		if (strlen(units[i].name) == n &&
		    strncmp(units[i].name, w, n) == 0)
			return units[i].u;
	return U_NONE;
}

static void rel_add(struct rel *r, enum unit u, int64_t n)
{
	switch (u) {
	case U_SEC:
		r->s += n;
		break;
	case U_MIN:
		r->mi += n;
		break;
	case U_HOUR:
		r->h += n;
		break;
	case U_DAY:
		r->d += n;
		break;
	case U_WEEK:
		r->d += 7 * n;
		break;
	case U_FORTNIGHT:
		r->d += 14 * n;
		break;
	case U_MONTH:
		r->m += n;
		break;
	case U_YEAR:
		r->y += n;
		break;
	case U_DECADE:
		r->y += 10 * n;
		break;
	case U_NONE:
		break;
	}
}

static int month_index(const char *w, size_t n)
{
	int i;

	for (i = 0; i < 12; i++)
		if ((n == strlen(month_names[i]) || n == 3) &&
		    strncmp(month_names[i], w, n) == 0)
			return i + 1;
	return 0;
}

struct when {
	struct civil c;
	struct rel rel;
	int day_of;    /* 0, or 1 for "first day of", 2 for "last day of" */
	int set_month; /* 0, or the month a month name asked for */
};

/* "2020-01-31", "2020-01-31 12:30", "2020-01-31T12:30:45.5+02:00" */
static int parse_absolute(const char *s, size_t len, size_t *used, int64_t *t)
{
	int y, mo, d, hh = 0, mi = 0, ss = 0, n = 0, k = 0;
	char tail[16];
	int64_t off = 0;

	if (len < 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
	    n != 10 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if ((size_t)n < len && (s[n] == ' ' || s[n] == 't') &&
	    isdigit((unsigned char)s[n + 1]) &&
	    sscanf(s + n + 1, "%2d:%2d%n", &hh, &mi, &k) == 2 && k == 5) {
		n += 1 + k;
		if (s[n] == ':' && isdigit((unsigned char)s[n + 1]) &&
		    sscanf(s + n + 1, "%2d%n", &ss, &k) == 1 && k == 2)
			n += 3;
		if (s[n] == '.') /* fractions of a second are dropped */
			for (n++; isdigit((unsigned char)s[n]); n++)
				;
		if (hh > 23 || mi > 59 || ss > 60)
			return -1;
	}
	if (s[n] == 'z') {
		n++;
	} else if ((s[n] == '+' || s[n] == '-') && (size_t)n + 3 <= len &&
		   isdigit((unsigned char)s[n + 1])) {
		int oh = 0, om = 0;

		k = 0;
		snprintf(tail, sizeof(tail), "%.6s", s + n + 1);
		if (sscanf(tail, "%2d:%2d%n", &oh, &om, &k) == 2 && k == 5)
			;
		else if (sscanf(tail, "%2d%2d%n", &oh, &om, &k) == 2 && k == 4)
			;
		else
			return -1;
		off = (oh * 3600 + om * 60) * (s[n] == '-' ? -1 : 1);
		n += 1 + k;
	}
	*used = (size_t)n;
	*t = time_of(y, mo, d, hh, mi, ss) - off;
	return 0;
}

static size_t next_word(const char *s, size_t len, size_t i, size_t *start)
{
	while (i < len && s[i] == ' ')
		i++;
	*start = i;
	while (i < len && s[i] != ' ')
		i++;
	return i;
}

static bool word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && strncmp(w, lit, n) == 0;
}

/*
 * After "first" or "last": "day of", then a month name or nothing (the
 * relative term that follows, "this month", is read by the caller).
 */
static int parse_day_of(const char *s, size_t len, size_t *i, struct when *w)
{
	size_t a, b, ea, eb;

	ea = next_word(s, len, *i, &a);
	eb = next_word(s, len, ea, &b);
	if (!word_is(s + a, ea - a, "day") || !word_is(s + b, eb - b, "of"))
		return -1;
	*i = eb;
	ea = next_word(s, len, *i, &a);
	if (ea > a && month_index(s + a, ea - a)) {
		w->set_month = month_index(s + a, ea - a);
		*i = ea;
	}
	return 0;
}

int phpdate_strtotime(const char *str, size_t len, int64_t now, int64_t *out,
		      struct err *e)
{
	char s[128];
	size_t i, a, end;
	struct when w;
	int64_t t = now;
	bool ago_seen = false;

	memset(&w, 0, sizeof(w));
	if (len >= sizeof(s))
		goto bad;
	for (i = 0; i < len; i++)
		s[i] = (char)tolower((unsigned char)str[i]);
	s[len] = '\0';
	/* Trim; tabs become spaces. */
	for (i = 0; i < len; i++)
		if (s[i] == '\t')
			s[i] = ' ';
	while (len && s[len - 1] == ' ')
		s[--len] = '\0';
	i = 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i == len)
		goto bad;
	if (s[i] == '@') {
		char *num_end;
		long long v;

		errno = 0;
		v = strtoll(s + i + 1, &num_end, 10);
		if (errno || num_end == s + i + 1 || *num_end)
			goto bad;
		*out = v;
		return 0;
	}
	{
		size_t used;
		int64_t abs_t;

		if (parse_absolute(s + i, len - i, &used, &abs_t) == 0) {
			t = abs_t;
			i += used;
		}
	}
	civil_of(t, &w.c);
	while (i < len) {
		const char *word;
		size_t n;

		end = next_word(s, len, i, &a);
		if (end == a)
			break;
		word = s + a;
		n = end - a;
		i = end;
		if (word_is(word, n, "now")) {
			continue;
		} else if (word_is(word, n, "today") ||
			   word_is(word, n, "midnight")) {
			w.c.hour = w.c.min = w.c.sec = 0;
		} else if (word_is(word, n, "noon")) {
			w.c.hour = 12;
			w.c.min = w.c.sec = 0;
		} else if (word_is(word, n, "tomorrow") ||
			   word_is(word, n, "yesterday")) {
			w.c.hour = w.c.min = w.c.sec = 0;
			w.rel.d += word[0] == 't' ? 1 : -1;
		} else if (word_is(word, n, "ago")) {
			if (ago_seen)
				goto bad;
			ago_seen = true;
			w.rel.y = -w.rel.y;
			w.rel.m = -w.rel.m;
			w.rel.d = -w.rel.d;
			w.rel.h = -w.rel.h;
			w.rel.mi = -w.rel.mi;
			w.rel.s = -w.rel.s;
		} else if (word_is(word, n, "first") ||
			   word_is(word, n, "last")) {
			size_t save = i;

			if (parse_day_of(s, len, &i, &w) == 0) {
				w.day_of = word[0] == 'f' ? 1 : 2;
				continue;
			}
			i = save;
			if (word[0] == 'f')
				goto bad;
			/* "last month" */
			end = next_word(s, len, i, &a);
			if (parse_unit(s + a, end - a) == U_NONE)
				goto bad;
			rel_add(&w.rel, parse_unit(s + a, end - a), -1);
			i = end;
		} else if (word_is(word, n, "next") ||
			   word_is(word, n, "previous") ||
			   word_is(word, n, "this")) {
			end = next_word(s, len, i, &a);
			if (parse_unit(s + a, end - a) == U_NONE)
				goto bad;
			rel_add(&w.rel, parse_unit(s + a, end - a),
				word[0] == 'n'	 ? 1
				: word[0] == 'p' ? -1
						 : 0);
			i = end;
		} else if (month_index(word, n)) {
			w.set_month = month_index(word, n);
		} else if (isdigit((unsigned char)word[0]) && n == 4 &&
			   w.set_month && strspn(word, "0123456789") == 4) {
			w.c.year = strtol(word, NULL, 10); /* "january 2020" */
		} else if (isdigit((unsigned char)word[0]) &&
			   strchr(word, ':') && strchr(word, ':') < word + n) {
			int hh = 0, mi = 0, ss = 0, k = 0;

			if (sscanf(word, "%2d:%2d%n", &hh, &mi, &k) != 2)
				goto bad;
			if (word[k] == ':' &&
			    sscanf(word + k + 1, "%2d", &ss) != 1)
				goto bad;
			if (hh > 23 || mi > 59 || ss > 60)
				goto bad;
			w.c.hour = hh;
			w.c.min = mi;
			w.c.sec = ss;
		} else if (word[0] == '+' || word[0] == '-' ||
			   isdigit((unsigned char)word[0])) {
			char *num_end;
			long long v;
			enum unit u;

			errno = 0;
			v = strtoll(word, &num_end, 10);
			if (errno || num_end == word ||
			    (word[0] == '+' && num_end == word + 1) ||
			    v > 100000000 || v < -100000000)
				goto bad;
			if (num_end < word + n) { /* "-20years" */
				u = parse_unit(num_end,
					       (size_t)(word + n - num_end));
			} else {
				end = next_word(s, len, i, &a);
				u = parse_unit(s + a, end - a);
				i = end;
			}
			if (u == U_NONE)
				goto bad;
			rel_add(&w.rel, u, v);
		} else {
			goto bad;
		}
	}
	{
		int64_t y = w.c.year + w.rel.y, m, d = w.c.day;

		m = (w.set_month ? w.set_month : w.c.month) + w.rel.m;
		if (w.day_of) {
			int64_t ny = y + floor_div(m - 1, 12);
			int nm = (int)(m - 1 - floor_div(m - 1, 12) * 12 + 1);

			y = ny;
			m = nm;
			d = w.day_of == 1 ? 1 : days_in_month(ny, nm);
		}
		t = time_of(y, m, d + w.rel.d, w.c.hour + w.rel.h,
			    w.c.min + w.rel.mi, w.c.sec + w.rel.s);
	}
	*out = t;
	return 0;
bad:
	return err_set(
		e, ERR_DATA,
		"cannot read '%.*s' as a date (want e.g. 'now', '-30 years', '2020-01-31 12:00:00')",
		(int)(len > 80 ? 80 : len), str);
}

/* ------------------------------------------------------------------ */
/* PHP date() formatting */

static const char *const month_title[] = { "January", "February", "March",
					   "April",   "May",	  "June",
					   "July",    "August",	  "September",
					   "October", "November", "December" };

static int iso_week(const struct civil *c, int64_t *iso_year)
{
	int wday = c->wday == 0 ? 7 : c->wday;	  /* 1 = Monday */
	int week = (c->yday + 1 - wday + 10) / 7; /* ordinal day */

	*iso_year = c->year;
	if (week < 1) {
		struct civil prev = *c;
		int64_t dec31 = days_from_civil(c->year - 1, 12, 31);

		civil_of(dec31 * 86400, &prev);
		return iso_week(&prev, iso_year);
	}
	if (week == 53) {
		int jan1 = (c->wday - c->yday % 7 + 7) % 7; /* weekday of 1/1 */
		bool long_year = jan1 == 4 || (jan1 == 3 && is_leap(c->year));

		if (!long_year) {
			*iso_year = c->year + 1;
			return 1;
		}
	}
	return week;
}

const char *phpdate_format(struct arena *a, const char *format, int64_t t)
{
	size_t cap = strlen(format) * 40 + 48, n = 0;
	char *out = arena_alloc(a, cap);
	struct civil c;
	const char *f;

	if (!out)
		return NULL;
	civil_of(t, &c);
	for (f = format; *f && n + 40 < cap; f++) {
		int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
		int64_t iy;
		size_t room = cap - n;
		int w = 0;

		switch (*f) {
		case 'd':
			w = snprintf(out + n, room, "%02d", c.day);
			break;
		case 'D':
			w = snprintf(out + n, room, "%.3s", day_names[c.wday]);
			break;
		case 'j':
			w = snprintf(out + n, room, "%d", c.day);
			break;
		case 'l':
			w = snprintf(out + n, room, "%s", day_names[c.wday]);
			break;
		case 'N':
			w = snprintf(out + n, room, "%d",
				     c.wday == 0 ? 7 : c.wday);
			break;
		case 'S':
			w = snprintf(out + n, room, "%s",
				     c.day % 10 == 1 && c.day != 11   ? "st"
				     : c.day % 10 == 2 && c.day != 12 ? "nd"
				     : c.day % 10 == 3 && c.day != 13 ? "rd"
								      : "th");
			break;
		case 'w':
			w = snprintf(out + n, room, "%d", c.wday);
			break;
		case 'z':
			w = snprintf(out + n, room, "%d", c.yday);
			break;
		case 'W':
			w = snprintf(out + n, room, "%02d", iso_week(&c, &iy));
			break;
		case 'o':
			iso_week(&c, &iy);
			w = snprintf(out + n, room, "%lld", (long long)iy);
			break;
		case 'F':
			w = snprintf(out + n, room, "%s",
				     month_title[c.month - 1]);
			break;
		case 'M':
			w = snprintf(out + n, room, "%.3s",
				     month_title[c.month - 1]);
			break;
		case 'm':
			w = snprintf(out + n, room, "%02d", c.month);
			break;
		case 'n':
			w = snprintf(out + n, room, "%d", c.month);
			break;
		case 't':
			w = snprintf(out + n, room, "%d",
				     days_in_month(c.year, c.month));
			break;
		case 'L':
			w = snprintf(out + n, room, "%d", is_leap(c.year));
			break;
		case 'Y':
			w = snprintf(out + n, room, "%04lld",
				     (long long)c.year);
			break;
		case 'y':
			w = snprintf(out + n, room, "%02d",
				     (int)((c.year % 100 + 100) % 100));
			break;
		case 'a':
		case 'A':
			w = snprintf(out + n, room, "%s",
				     c.hour < 12 ? (*f == 'a' ? "am" : "AM")
						 : (*f == 'a' ? "pm" : "PM"));
			break;
		case 'g':
			w = snprintf(out + n, room, "%d", h12);
			break;
		case 'G':
			w = snprintf(out + n, room, "%d", c.hour);
			break;
		case 'h':
			w = snprintf(out + n, room, "%02d", h12);
			break;
		case 'H':
			w = snprintf(out + n, room, "%02d", c.hour);
			break;
		case 'i':
			w = snprintf(out + n, room, "%02d", c.min);
			break;
		case 's':
			w = snprintf(out + n, room, "%02d", c.sec);
			break;
		case 'u':
			w = snprintf(out + n, room, "000000");
			break;
		case 'v':
			w = snprintf(out + n, room, "000");
			break;
		case 'e':
		case 'T':
			w = snprintf(out + n, room, "UTC");
			break;
		case 'P':
			w = snprintf(out + n, room, "+00:00");
			break;
		case 'O':
			w = snprintf(out + n, room, "+0000");
			break;
		case 'p':
			w = snprintf(out + n, room, "Z");
			break;
		case 'I':
		case 'Z':
			w = snprintf(out + n, room, "0");
			break;
		case 'c':
			w = snprintf(out + n, room,
				     "%04lld-%02d-%02dT%02d:%02d:%02d+00:00",
				     (long long)c.year, c.month, c.day, c.hour,
				     c.min, c.sec);
			break;
		case 'r':
			w = snprintf(
				out + n, room,
				"%.3s, %02d %.3s %04lld %02d:%02d:%02d +0000",
				day_names[c.wday], c.day,
				month_title[c.month - 1], (long long)c.year,
				c.hour, c.min, c.sec);
			break;
		case 'U':
			w = snprintf(out + n, room, "%lld", (long long)t);
			break;
		case '\\':
			if (f[1])
				f++; /* the next letter is literal */
			out[n] = *f;
			w = 1;
			break;
		default:
			out[n] = *f;
			w = 1;
			break;
		}
		if (w > 0)
			n += (size_t)w;
	}
	out[n] = '\0';
	return out;
}

/*
 * faker_dates: dates and times (dateTime, dateTimeBetween, date, year,
 * timezone, ...) between Faker's default bounds and the fixed "now".
 *
 * Times are drawn uniformly in seconds between two bounds read by
 * phpdate's strtotime, then kept as times or formatted with its date();
 * a family of its own, like the others.
 */
#include "compat.h"

#include "err.h"
#include "faker.h"
#include "faker_int.h"
#include "faker_words.h"
#include "phpdate.h"

#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Dates */

static int time_between(struct call *c, int64_t from, int64_t to,
			struct faker_value *out)
{
	if (from > to)
		return err_set(c->e, ERR_DATA,
			       "%s(): the start date is after the end date",
			       c->fn->name);
	set_time(out, faker_rng_between(&c->f->rng, from, to));
	return 0;
}

int faker_dates_date_time(struct call *c, struct faker_value *out)
{
	int64_t max;

	if (faker_arg_time(c, 0, "now", &max) < 0)
		return -1;
	return time_between(c, max < 0 ? max : 0, max, out);
}

int faker_dates_date_time_ad(struct call *c, struct faker_value *out)
{
	int64_t max;

	if (faker_arg_time(c, 0, "now", &max) < 0)
		return -1;
	return time_between(c, -62135596800LL, max, out);
}

int faker_dates_date_time_between(struct call *c, struct faker_value *out)
{
	int64_t from, to;

	if (faker_arg_time(c, 0, "-30 years", &from) < 0 ||
	    faker_arg_time(c, 1, "now", &to) < 0)
		return -1;
	return time_between(c, from, to, out);
}

int faker_dates_date_time_in_interval(struct call *c, struct faker_value *out)
{
	int64_t from, to;
	const char *interval;
	size_t len;

	if (faker_arg_time(c, 0, "-30 years", &from) < 0 ||
	    faker_arg_str(c, 1, "+5 days", &interval, &len) < 0)
		return -1;
	if (phpdate_strtotime(interval, len, from, &to, c->e) < 0)
		return err_prefix(c->e, "%s()", c->fn->name);
	return from <= to ? time_between(c, from, to, out)
			  : time_between(c, to, from, out);
}

static int date_time_this(struct call *c, const char *since,
			  struct faker_value *out)
{
	int64_t from, to;

	if (faker_arg_time(c, 0, "now", &to) < 0 ||
	    phpdate_strtotime(since, strlen(since), c->f->now, &from, c->e) < 0)
		return -1;
	return time_between(c, from < to ? from : to, to, out);
}

int faker_dates_this_century(struct call *c, struct faker_value *out)
{
	return date_time_this(c, "-100 years", out);
}

int faker_dates_this_decade(struct call *c, struct faker_value *out)
{
	return date_time_this(c, "-10 years", out);
}

int faker_dates_this_year(struct call *c, struct faker_value *out)
{
	return date_time_this(c, "first day of january this year midnight",
			      out);
}

int faker_dates_this_month(struct call *c, struct faker_value *out)
{
	return date_time_this(c, "first day of this month midnight", out);
}

int faker_dates_unix_time(struct call *c, struct faker_value *out)
{
	if (faker_dates_date_time(c, out) < 0)
		return -1;
	out->kind = FAKER_INT;
	return 0;
}

/* A random moment up to max, formatted with format (argument 0). */
static int formatted(struct call *c, const char *def_format, size_t max_arg,
		     struct faker_value *out)
{
	const char *format = def_format, *s;
	int64_t max, t;
	size_t len;

	if (max_arg == 1 && faker_arg_str(c, 0, def_format, &format, &len) < 0)
		return -1;
	if (faker_arg_time(c, max_arg, "now", &max) < 0)
		return -1;
	t = faker_rng_between(&c->f->rng, max < 0 ? max : 0, max);
	s = phpdate_format(c->f->arena, format, t);
	if (!s)
		return err_set(c->e, ERR_LIMIT, "generated value is too large");
	set_string(out, s, strlen(s));
	return 0;
}

int faker_dates_date(struct call *c, struct faker_value *out)
{
	return formatted(c, "Y-m-d", 1, out);
}

int faker_dates_time(struct call *c, struct faker_value *out)
{
	return formatted(c, "H:i:s", 1, out);
}

int faker_dates_iso8601(struct call *c, struct faker_value *out)
{
	return formatted(c, "Y-m-d\\TH:i:sO", 0, out);
}

int faker_dates_am_pm(struct call *c, struct faker_value *out)
{
	return formatted(c, "a", 0, out);
}

int faker_dates_day_of_month(struct call *c, struct faker_value *out)
{
	return formatted(c, "d", 0, out);
}

int faker_dates_day_of_week(struct call *c, struct faker_value *out)
{
	return formatted(c, "l", 0, out);
}

int faker_dates_month(struct call *c, struct faker_value *out)
{
	return formatted(c, "m", 0, out);
}

int faker_dates_month_name(struct call *c, struct faker_value *out)
{
	return formatted(c, "F", 0, out);
}

int faker_dates_year(struct call *c, struct faker_value *out)
{
	return formatted(c, "Y", 0, out);
}

int faker_dates_century(struct call *c, struct faker_value *out)
{
	static const char *const roman[] = {
		"I",	"II",  "III",  "IV",	"V",   "VI",   "VII",
		"VIII", "IX",  "X",    "XI",	"XII", "XIII", "XIV",
		"XV",	"XVI", "XVII", "XVIII", "XIX", "XX",   "XXI"
	};
	const char *s = roman[faker_rng_below(&c->f->rng, WS_ARRAY_LEN(roman))];

	set_string(out, s, strlen(s));
	return 0;
}

int faker_dates_timezone(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_timezone);
}

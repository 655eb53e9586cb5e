/*
 * faker: deterministic fake data shaped like PHP Faker's en_US formatters.
 *
 * The streams are splitmix64 + xoshiro256** (Vigna's public-domain
 * reference algorithms). The formatters follow the shapes documented by
 * FakerPHP (argument defaults, lengths, formats) but draw from our own
 * word lists in faker_words.c; byte-identical output with PHP is neither
 * possible nor wanted.
 *
 * This file holds the streams, the argument readers, and the table of
 * formatters behind the public entry points. The formatters are defined
 * by family, each family a file:
 *
 *   faker_numbers.c  numbers and random choices
 *   faker_text.c     words, sentences, paragraphs, text
 *   faker_people.c   names, the internet, companies
 *   faker_places.c   addresses, phone numbers, codes, colours, images
 *   faker_dates.c    dates and times
 *   faker_wine.c     our own: wine names, grapes, regions, vintages
 *   faker_php.c      the PHP functions alice resolves before Faker
 *
 * faker_int.h declares what they share; phpdate.c reads and formats
 * PHP's dates.
 */
#include "compat.h"

#include "faker.h"
#include "faker_int.h"
#include "phpdate.h"
#include "suggest.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

__extension__ typedef unsigned __int128 faker_u128;

/* ------------------------------------------------------------------ */
/* Streams */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void faker_rng_seed(struct faker_rng *r, uint64_t seed)
{
	uint64_t x = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void faker_rng_key(struct faker_rng *r, uint64_t seed, const char *a,
		   size_t alen, const char *b, size_t blen)
{
	unsigned char le[8], sep = 0xff;
	uint64_t h = 0xcbf29ce484222325ULL;
	int i;

	for (i = 0; i < 8; i++)
		le[i] = (unsigned char)(seed >> (8 * i));
	h = fnv1a(h, le, sizeof(le));
	h = fnv1a(h, a, alen);
	h = fnv1a(h, &sep, 1); /* "ab"+"c" and "a"+"bc" differ */
	h = fnv1a(h, b, blen);
	faker_rng_seed(r, h ^ seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t faker_rng_next(struct faker_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t faker_rng_below(struct faker_rng *r, uint64_t n)
{
	faker_u128 m;
	uint64_t low, threshold;

	if (n == 0)
		return 0;
	m = (faker_u128)faker_rng_next(r) * n;
	low = (uint64_t)m;
	if (low < n) {
		threshold = -n % n;
		while (low < threshold) {
			m = (faker_u128)faker_rng_next(r) * n;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

int64_t faker_rng_between(struct faker_rng *r, int64_t a, int64_t b)
{
	uint64_t span;

	if (a > b) {
		int64_t t = a;

		a = b;
		b = t;
	}
	span = (uint64_t)b - (uint64_t)a + 1;
	if (span == 0) /* the whole 64-bit range */
		return (int64_t)faker_rng_next(r);
	return (int64_t)((uint64_t)a + faker_rng_below(r, span));
}

double faker_rng_unit(struct faker_rng *r)
{
	return (double)(faker_rng_next(r) >> 11) * 0x1.0p-53;
}

/* ------------------------------------------------------------------ */
/* Dates, under the names faker.h gives them (phpdate.c does the work) */

int faker_strtotime(const char *s, size_t len, int64_t now, int64_t *out,
		    struct err *e)
{
	return phpdate_strtotime(s, len, now, out, e);
}

void faker_format_datetime(int64_t t, char *out, size_t size)
{
	phpdate_format_datetime(t, out, size);
}

const char *faker_format_date(struct arena *a, const char *format, int64_t t)
{
	return phpdate_format(a, format, t);
}

/* ------------------------------------------------------------------ */
/* Values as text */

void faker_format_float(double d, char *out, size_t size)
{
	int prec;

	if (isnan(d)) {
		snprintf(out, size, "NAN");
		return;
	}
	if (isinf(d)) {
		snprintf(out, size, d > 0 ? "INF" : "-INF");
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(out, size, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
}

const char *faker_to_text(struct arena *a, const struct faker_value *v,
			  size_t *len)
{
	char tmp[40];
	const char *s = tmp;

	switch (v->kind) {
	case FAKER_STRING:
		*len = v->u.s.len;
		return v->u.s.p;
	case FAKER_NULL:
		*len = 0;
		return "";
	case FAKER_BOOL:
		*len = v->u.b ? 1 : 0;
		return v->u.b ? "1" : "";
	case FAKER_INT:
		snprintf(tmp, sizeof(tmp), "%lld", (long long)v->u.i);
		break;
	case FAKER_FLOAT:
		faker_format_float(v->u.d, tmp, sizeof(tmp));
		break;
	case FAKER_TIME:
		phpdate_format_datetime(v->u.i, tmp, sizeof(tmp));
		break;
	case FAKER_ARRAY:
	case FAKER_REF:
		return NULL;
	}
	*len = strlen(s);
	return arena_strndup(a, s, *len);
}

/* ------------------------------------------------------------------ */
/* Arguments */

int faker_bad_arg(struct call *c, size_t i, const char *want)
{
	const struct faker_value *v = &c->args[i];
	char shown[64];
	size_t len;
	struct arena tmp = ARENA_INIT(256);
	const char *text = faker_to_text(&tmp, v, &len);

	if (v->kind == FAKER_ARRAY)
		snprintf(shown, sizeof(shown), "an array");
	else if (v->kind == FAKER_REF)
		snprintf(shown, sizeof(shown), "a reference");
	else
		snprintf(shown, sizeof(shown), "'%.40s'", text ? text : "");
	arena_release(&tmp);
	return err_set(c->e, ERR_DATA,
		       "%s() expects %s as argument %zu, got %s", c->fn->name,
		       want, i + 1, shown);
}

/* Integers: ints, integral floats, numeric strings, booleans. */
int faker_arg_int(struct call *c, size_t i, int64_t def, int64_t *out)
{
	const struct faker_value *v;
	char *end;

	if (!given(c, i)) {
		*out = def;
		return 0;
	}
	v = &c->args[i];
	switch (v->kind) {
	case FAKER_INT:
	case FAKER_TIME:
		*out = v->u.i;
		return 0;
	case FAKER_BOOL:
		*out = v->u.b;
		return 0;
	case FAKER_FLOAT:
		if (v->u.d >= -9.2e18 && v->u.d <= 9.2e18) {
			*out = (int64_t)v->u.d;
			return 0;
		}
		break;
	case FAKER_STRING:
		errno = 0;
		*out = strtoll(v->u.s.p, &end, 10);
		if (!errno && end != v->u.s.p && !*end)
			return 0;
		break;
	default:
		break;
	}
	return faker_bad_arg(c, i, "a whole number");
}

int faker_arg_float(struct call *c, size_t i, double def, double *out)
{
	const struct faker_value *v;
	char *end;

	if (!given(c, i)) {
		*out = def;
		return 0;
	}
	v = &c->args[i];
	switch (v->kind) {
	case FAKER_INT:
		*out = (double)v->u.i;
		return 0;
	case FAKER_FLOAT:
		*out = v->u.d;
		return 0;
	case FAKER_STRING:
		*out = strtod(v->u.s.p, &end);
		if (end != v->u.s.p && !*end && isfinite(*out))
			return 0;
		break;
	default:
		break;
	}
	return faker_bad_arg(c, i, "a number");
}

int faker_arg_bool(struct call *c, size_t i, bool def, bool *out)
{
	const struct faker_value *v;

	if (!given(c, i)) {
		*out = def;
		return 0;
	}
	v = &c->args[i];
	switch (v->kind) {
	case FAKER_BOOL:
		*out = v->u.b;
		return 0;
	case FAKER_INT:
		*out = v->u.i != 0;
		return 0;
	case FAKER_STRING:
		*out = v->u.s.len && strcmp(v->u.s.p, "0") != 0;
		return 0;
	default:
		return faker_bad_arg(c, i, "true or false");
	}
}

/* Strings: anything with a text form. */
int faker_arg_str(struct call *c, size_t i, const char *def, const char **out,
		  size_t *len)
{
	if (!given(c, i)) {
		*out = def;
		*len = def ? strlen(def) : 0;
		return 0;
	}
	*out = faker_to_text(c->f->arena, &c->args[i], len);
	if (!*out)
		return faker_bad_arg(c, i, "a string");
	return 0;
}

/* A point in time: a time value, Unix seconds, or a strtotime string. */
int faker_arg_time(struct call *c, size_t i, const char *def, int64_t *out)
{
	const struct faker_value *v;
	const char *s = def;

	if (given(c, i)) {
		v = &c->args[i];
		if (v->kind == FAKER_TIME || v->kind == FAKER_INT) {
			*out = v->u.i;
			return 0;
		}
		if (v->kind != FAKER_STRING)
			return faker_bad_arg(c, i, "a date");
		s = v->u.s.p;
	}
	if (phpdate_strtotime(s, strlen(s), c->f->now, out, c->e) < 0)
		return err_prefix(c->e, "%s()", c->fn->name);
	return 0;
}

/* "male", "female" or null; anything else is a data error. */
int faker_arg_gender(struct call *c, size_t i, int *female)
{
	const char *s;
	size_t len;

	if (!given(c, i)) {
		*female = (int)faker_rng_below(&c->f->rng, 2);
		return 0;
	}
	if (faker_arg_str(c, i, NULL, &s, &len) < 0)
		return -1;
	if (strcasecmp(s, "male") == 0 || strcasecmp(s, "m") == 0)
		*female = 0;
	else if (strcasecmp(s, "female") == 0 || strcasecmp(s, "f") == 0)
		*female = 1;
	else
		return faker_bad_arg(c, i, "'male' or 'female'");
	return 0;
}

/* ------------------------------------------------------------------ */
/* The table */

static const struct faker_formatter formatters[] = {
	/* numbers and choices */
	{ "numberBetween", 0, 2, faker_numbers_number_between },
	{ "randomNumber", 0, 2, faker_numbers_random_number },
	{ "randomFloat", 0, 3, faker_numbers_random_float },
	{ "randomDigit", 0, 0, faker_numbers_random_digit },
	{ "randomDigitNotNull", 0, 0, faker_numbers_random_digit_not_null },
	{ "randomDigitNotZero", 0, 0, faker_numbers_random_digit_not_null },
	{ "randomDigitNot", 1, 1, faker_numbers_random_digit_not },
	{ "randomElement", 0, 1, faker_numbers_random_element },
	{ "randomElements", 0, 3, faker_numbers_random_elements },
	{ "randomKey", 0, 1, faker_numbers_random_key },
	{ "shuffle", 0, 1, faker_numbers_shuffle },
	{ "boolean", 0, 1, faker_numbers_boolean },
	{ "randomLetter", 0, 0, faker_numbers_random_letter },
	{ "randomAscii", 0, 0, faker_numbers_random_ascii },
	{ "numerify", 0, 1, faker_numbers_numerify },
	{ "lexify", 0, 1, faker_numbers_lexify },
	{ "bothify", 0, 1, faker_numbers_bothify },
	{ "asciify", 0, 1, faker_numbers_asciify },
	/* text */
	{ "word", 0, 0, faker_text_word },
	{ "words", 0, 2, faker_text_words },
	{ "sentence", 0, 2, faker_text_sentence },
	{ "sentences", 0, 2, faker_text_sentences },
	{ "paragraph", 0, 2, faker_text_paragraph },
	{ "paragraphs", 0, 2, faker_text_paragraphs },
	{ "text", 0, 1, faker_text_text },
	{ "realText", 0, 2, faker_text_text },
	{ "slug", 0, 2, faker_text_slug },
	{ "password", 0, 2, faker_text_password },
	/* people */
	{ "name", 0, 1, faker_people_name },
	{ "firstName", 0, 1, faker_people_first_name },
	{ "firstNameMale", 0, 0, faker_people_first_name_male },
	{ "firstNameFemale", 0, 0, faker_people_first_name_female },
	{ "lastName", 0, 1, faker_people_last_name },
	{ "title", 0, 1, faker_people_title },
	{ "titleMale", 0, 0, faker_people_title_male },
	{ "titleFemale", 0, 0, faker_people_title_female },
	{ "suffix", 0, 0, faker_people_suffix },
	{ "userName", 0, 0, faker_people_user_name },
	{ "email", 0, 0, faker_people_email },
	{ "safeEmail", 0, 0, faker_people_safe_email },
	{ "freeEmail", 0, 0, faker_people_free_email },
	{ "companyEmail", 0, 0, faker_people_company_email },
	{ "freeEmailDomain", 0, 0, faker_people_free_email_domain },
	{ "safeEmailDomain", 0, 0, faker_people_safe_email_domain },
	{ "domainName", 0, 0, faker_people_domain_name },
	{ "domainWord", 0, 0, faker_people_domain_word },
	{ "tld", 0, 0, faker_people_tld },
	{ "url", 0, 0, faker_people_url },
	{ "ipv4", 0, 0, faker_people_ipv4 },
	{ "localIpv4", 0, 0, faker_people_local_ipv4 },
	{ "ipv6", 0, 0, faker_people_ipv6 },
	{ "macAddress", 0, 0, faker_people_mac_address },
	{ "company", 0, 0, faker_people_company },
	{ "companySuffix", 0, 0, faker_people_company_suffix },
	{ "jobTitle", 0, 0, faker_people_job_title },
	{ "catchPhrase", 0, 0, faker_people_catch_phrase },
	/* places */
	{ "city", 0, 0, faker_places_city },
	{ "streetName", 0, 0, faker_places_street_name },
	{ "streetAddress", 0, 0, faker_places_street_address },
	{ "secondaryAddress", 0, 0, faker_places_secondary_address },
	{ "buildingNumber", 0, 0, faker_places_building_number },
	{ "postcode", 0, 0, faker_places_postcode },
	{ "address", 0, 0, faker_places_address },
	{ "state", 0, 0, faker_places_state },
	{ "stateAbbr", 0, 0, faker_places_state_abbr },
	{ "country", 0, 0, faker_places_country },
	{ "countryCode", 0, 1, faker_places_country_code },
	{ "currencyCode", 0, 0, faker_places_currency_code },
	{ "latitude", 0, 2, faker_places_latitude },
	{ "longitude", 0, 2, faker_places_longitude },
	{ "phoneNumber", 0, 0, faker_places_phone_number },
	{ "e164PhoneNumber", 0, 0, faker_places_e164 },
	/* codes and colours */
	{ "isbn13", 0, 0, faker_places_isbn13 },
	{ "isbn10", 0, 0, faker_places_isbn10 },
	{ "ean13", 0, 0, faker_places_ean13 },
	{ "ean8", 0, 0, faker_places_ean8 },
	{ "uuid", 0, 0, faker_people_uuid },
	{ "md5", 0, 0, faker_people_md5 },
	{ "sha1", 0, 0, faker_people_sha1 },
	{ "sha256", 0, 0, faker_people_sha256 },
	{ "hexColor", 0, 0, faker_places_hex_color },
	{ "safeHexColor", 0, 0, faker_places_safe_hex_color },
	{ "rgbColor", 0, 0, faker_places_rgb_color },
	{ "rgbCssColor", 0, 0, faker_places_rgb_css_color },
	{ "colorName", 0, 0, faker_places_color_name },
	{ "safeColorName", 0, 0, faker_places_safe_color_name },
	{ "imageUrl", 0, 7, faker_places_image_url },
	/* dates */
	{ "dateTime", 0, 2, faker_dates_date_time },
	{ "dateTimeAD", 0, 2, faker_dates_date_time_ad },
	{ "dateTimeBetween", 0, 3, faker_dates_date_time_between },
	{ "dateTimeInInterval", 0, 3, faker_dates_date_time_in_interval },
	{ "dateTimeThisCentury", 0, 2, faker_dates_this_century },
	{ "dateTimeThisDecade", 0, 2, faker_dates_this_decade },
	{ "dateTimeThisYear", 0, 2, faker_dates_this_year },
	{ "dateTimeThisMonth", 0, 2, faker_dates_this_month },
	{ "unixTime", 0, 1, faker_dates_unix_time },
	{ "date", 0, 2, faker_dates_date },
	{ "time", 0, 2, faker_dates_time },
	{ "iso8601", 0, 1, faker_dates_iso8601 },
	{ "amPm", 0, 1, faker_dates_am_pm },
	{ "dayOfMonth", 0, 1, faker_dates_day_of_month },
	{ "dayOfWeek", 0, 1, faker_dates_day_of_week },
	{ "month", 0, 1, faker_dates_month },
	{ "monthName", 0, 1, faker_dates_month_name },
	{ "year", 0, 1, faker_dates_year },
	{ "century", 0, 0, faker_dates_century },
	{ "timezone", 0, 0, faker_dates_timezone },
	/* wine */
	{ "wineName", 0, 0, faker_wine_wine_name },
	{ "grape", 0, 0, faker_wine_grape },
	{ "region", 0, 0, faker_wine_region },
	{ "wineType", 0, 0, faker_wine_wine_type },
	{ "vintage", 0, 0, faker_wine_vintage },
	/* PHP functions */
	{ "date_create", 0, 1, faker_php_date_create },
	{ "strtolower", 1, 1, faker_php_strtolower },
	{ "strtoupper", 1, 1, faker_php_strtoupper },
	{ "ucfirst", 1, 1, faker_php_ucfirst },
	{ "ucwords", 1, 1, faker_php_ucwords },
	{ "intval", 1, 2, faker_php_intval },
	{ "floatval", 1, 1, faker_php_floatval },
	{ "boolval", 1, 1, faker_php_boolval },
	{ "strval", 1, 1, faker_php_strval },
};

const struct faker_formatter *faker_lookup(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(formatters); i++)
		if (strlen(formatters[i].name) == len &&
		    strncasecmp(formatters[i].name, name, len) == 0)
			return &formatters[i];
	return NULL;
}

const char *faker_suggest(const char *name, size_t len)
{
	const char *best = NULL;
	size_t i, best_d = (size_t)-1;

	for (i = 0; i < WS_ARRAY_LEN(formatters); i++) {
		const char *cand = formatters[i].name;
		size_t d = suggest_distance(name, len, cand, strlen(cand));

		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	return suggest_close(len, best_d) ? best : NULL;
}

const char *faker_formatter_name(const struct faker_formatter *fn)
{
	return fn->name;
}

int faker_check_arity(const struct faker_formatter *fn, size_t nargs,
		      struct err *e)
{
	if (nargs < fn->min || nargs > fn->max) {
		if (fn->min == fn->max)
			return err_set(e, ERR_DATA,
				       "%s() takes %u argument%s, not %zu",
				       fn->name, fn->min,
				       fn->min == 1 ? "" : "s", nargs);
		return err_set(e, ERR_DATA,
			       "%s() takes %u to %u arguments, not %zu",
			       fn->name, fn->min, fn->max, nargs);
	}
	return 0;
}

int faker_call(struct faker *f, const struct faker_formatter *fn,
	       const struct faker_value *args, size_t nargs,
	       struct faker_value *out, struct err *e)
{
	static const struct faker_value none[1] = { { .kind = FAKER_NULL } };
	struct call c = { f, fn, nargs ? args : none, nargs, e };

	if (faker_check_arity(fn, nargs, e) < 0)
		return -1;
	out->kind = FAKER_NULL;
	return fn->run(&c, out);
}

size_t faker_formatter_count(void)
{
	return WS_ARRAY_LEN(formatters);
}

const char *faker_formatter_at(size_t i)
{
	return i < WS_ARRAY_LEN(formatters) ? formatters[i].name : NULL;
}

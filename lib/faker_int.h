/*
 * faker_int: what the faker modules share.
 *
 * Private to lib/faker.c and the formatter families in lib/faker_*.c
 * (faker_words.c aside, a module of its own): this is not an API, and
 * nothing else includes it (faker.h is the interface). A formatter is a
 * function of one call (its stream, arena and arguments) that fills one
 * value; the families define them by kind, and faker.c holds the table
 * that names them, the streams and the argument readers.
 */
#ifndef WS_FAKER_INT_H
#define WS_FAKER_INT_H

#include "compat.h"

#include "arena.h"
#include "err.h"
#include "faker.h"
#include "faker_words.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Calls (faker.c) */

/* One call: its faker, the formatter (for messages), the arguments. */
struct call {
	struct faker *f;
	const struct faker_formatter *fn;
	const struct faker_value *args;
	size_t n;
	struct err *e;
};

/* A row of the table: the name, how many arguments, the function. */
struct faker_formatter {
	const char *name;
	unsigned char min, max;
	int (*run)(struct call *c, struct faker_value *out);
};

/* ------------------------------------------------------------------ */
/* Building results, in the call's arena (inline: every formatter uses them) */

/* A string under construction in the arena, with a fixed capacity. */
struct sb {
	char *p;
	size_t len, cap;
};

static inline int sb_new(struct faker *f, struct sb *b, size_t cap,
			 struct err *e)
{
	b->p = arena_alloc(f->arena, cap + 1);
	b->len = 0;
	b->cap = cap;
	if (!b->p)
		return err_set(e, ERR_LIMIT, "generated value is too large");
	b->p[0] = '\0';
	return 0;
}

static inline void sb_add(struct sb *b, const char *s, size_t n)
{
	if (n > b->cap - b->len)
		n = b->cap - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void sb_adds(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static inline void sb_addc(struct sb *b, char c)
{
	sb_add(b, &c, 1);
}

static inline void set_string(struct faker_value *out, const char *p,
			      size_t len)
{
	out->kind = FAKER_STRING;
	out->u.s.p = p;
	out->u.s.len = len;
}

static inline void set_sb(struct faker_value *out, const struct sb *b)
{
	set_string(out, b->p, b->len);
}

static inline void set_int(struct faker_value *out, int64_t i)
{
	out->kind = FAKER_INT;
	out->u.i = i;
}

static inline void set_float(struct faker_value *out, double d)
{
	out->kind = FAKER_FLOAT;
	out->u.d = d;
}

static inline void set_time(struct faker_value *out, int64_t t)
{
	out->kind = FAKER_TIME;
	out->u.i = t;
}

static inline const char *pick(struct faker *f,
			       const struct faker_words_list *l)
{
	return l->items[faker_rng_below(&f->rng, l->n)];
}

static inline char digit(struct faker *f, int from)
{
	return (char)('0' + faker_rng_between(&f->rng, from, 9));
}

static inline int copy_string(struct faker *f, struct faker_value *out,
			      const char *s, struct err *e)
{
	size_t n = strlen(s);
	char *p = arena_strndup(f->arena, s, n);

	if (!p)
		return err_set(e, ERR_LIMIT, "generated value is too large");
	set_string(out, p, n);
	return 0;
}

/* An array of n values, left for the caller to fill, one spare slot at
 * the end as every array has. */
static inline int set_array(struct faker *f, struct faker_value *out, size_t n,
			    struct err *e)
{
	out->kind = FAKER_ARRAY;
	out->u.a.n = n;
	out->u.a.items =
		arena_alloc(f->arena, sizeof(*out->u.a.items) * (n + 1));
	if (!out->u.a.items)
		return err_set(e, ERR_LIMIT, "generated value is too large");
	return 0;
}

static inline int set_pick(struct faker *f, struct faker_value *out,
			   const struct faker_words_list *l)
{
	/* The lists are static, so the pick is borrowed without a copy. */
	const char *s = pick(f, l);

	set_string(out, s, strlen(s));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Arguments (faker.c): argument i of c, or def when it is absent or null */

static inline bool given(const struct call *c, size_t i)
{
	return i < c->n && c->args[i].kind != FAKER_NULL;
}

/* ERR_DATA: argument i of c is not what the formatter wants; -1. */
int faker_bad_arg(struct call *c, size_t i, const char *want);

/* Integers: ints, integral floats, numeric strings, booleans. */
int faker_arg_int(struct call *c, size_t i, int64_t def, int64_t *out);

/* Numbers: ints, floats, numeric strings. */
int faker_arg_float(struct call *c, size_t i, double def, double *out);

/* Booleans: also ints, and strings as PHP casts them. */
int faker_arg_bool(struct call *c, size_t i, bool def, bool *out);

/* Strings: anything with a text form (borrowed or in the call's arena). */
int faker_arg_str(struct call *c, size_t i, const char *def, const char **out,
		  size_t *len);

/* A point in time: a time value, Unix seconds, or a strtotime string. */
int faker_arg_time(struct call *c, size_t i, const char *def, int64_t *out);

/* "male", "female" or null (a random one); anything else is an error. */
int faker_arg_gender(struct call *c, size_t i, int *female);

/* ------------------------------------------------------------------ */
/* Helpers that more than one family uses */

/* v rounded to decimals places (faker_numbers.c, faker_places.c). */
static inline double round_to(double v, int64_t decimals)
{
	double scale = pow(10.0, (double)decimals);

	return round(v * scale) / scale; /* half away from zero, like PHP */
}

/* About n, as Faker varies counts of words and sentences (text, url). */
static inline size_t vary(struct faker *f, int64_t n)
{
	/* Faker: int(n * mt_rand(60, 140) / 100) + 1 */
	return (size_t)(n * faker_rng_between(&f->rng, 60, 140) / 100) + 1;
}

/* The longest word in the lorem list, plus one for a space. */
#define WORD_MAX 16

/* A first name, female or not (faker_people.c, faker_places.c). */
static inline const char *first_name(struct faker *f, int female)
{
	return pick(f, female ? &faker_words_first_female
			      : &faker_words_first_male);
}

/* ------------------------------------------------------------------ */
/* The formatters, by family: each fills out from c; 0, or -1 with c->e set */

/* Numbers (faker_numbers.c) */
int faker_numbers_number_between(struct call *c, struct faker_value *out);
int faker_numbers_random_digit(struct call *c, struct faker_value *out);
int faker_numbers_random_digit_not_null(struct call *c,
					struct faker_value *out);
int faker_numbers_random_digit_not(struct call *c, struct faker_value *out);
int faker_numbers_random_number(struct call *c, struct faker_value *out);
int faker_numbers_random_float(struct call *c, struct faker_value *out);
int faker_numbers_boolean(struct call *c, struct faker_value *out);
int faker_numbers_random_element(struct call *c, struct faker_value *out);
int faker_numbers_random_key(struct call *c, struct faker_value *out);
int faker_numbers_random_elements(struct call *c, struct faker_value *out);
int faker_numbers_shuffle(struct call *c, struct faker_value *out);
int faker_numbers_random_letter(struct call *c, struct faker_value *out);
int faker_numbers_random_ascii(struct call *c, struct faker_value *out);
int faker_numbers_numerify(struct call *c, struct faker_value *out);
int faker_numbers_lexify(struct call *c, struct faker_value *out);
int faker_numbers_bothify(struct call *c, struct faker_value *out);
int faker_numbers_asciify(struct call *c, struct faker_value *out);

/* Text (faker_text.c) */
int faker_text_word(struct call *c, struct faker_value *out);
int faker_text_words(struct call *c, struct faker_value *out);
int faker_text_sentence(struct call *c, struct faker_value *out);
int faker_text_sentences(struct call *c, struct faker_value *out);
int faker_text_paragraph(struct call *c, struct faker_value *out);
int faker_text_paragraphs(struct call *c, struct faker_value *out);
int faker_text_text(struct call *c, struct faker_value *out);
int faker_text_slug(struct call *c, struct faker_value *out);
int faker_text_password(struct call *c, struct faker_value *out);

/* People and companies (faker_people.c) */
int faker_people_first_name(struct call *c, struct faker_value *out);
int faker_people_first_name_male(struct call *c, struct faker_value *out);
int faker_people_first_name_female(struct call *c, struct faker_value *out);
int faker_people_last_name(struct call *c, struct faker_value *out);
int faker_people_title(struct call *c, struct faker_value *out);
int faker_people_title_male(struct call *c, struct faker_value *out);
int faker_people_title_female(struct call *c, struct faker_value *out);
int faker_people_suffix(struct call *c, struct faker_value *out);
int faker_people_name(struct call *c, struct faker_value *out);
int faker_people_user_name(struct call *c, struct faker_value *out);
int faker_people_domain_word(struct call *c, struct faker_value *out);
int faker_people_domain_name(struct call *c, struct faker_value *out);
int faker_people_tld(struct call *c, struct faker_value *out);
int faker_people_free_email_domain(struct call *c, struct faker_value *out);
int faker_people_safe_email_domain(struct call *c, struct faker_value *out);
int faker_people_email(struct call *c, struct faker_value *out);
int faker_people_safe_email(struct call *c, struct faker_value *out);
int faker_people_free_email(struct call *c, struct faker_value *out);
int faker_people_company_email(struct call *c, struct faker_value *out);
int faker_people_url(struct call *c, struct faker_value *out);
int faker_people_ipv4(struct call *c, struct faker_value *out);
int faker_people_local_ipv4(struct call *c, struct faker_value *out);
int faker_people_ipv6(struct call *c, struct faker_value *out);
int faker_people_mac_address(struct call *c, struct faker_value *out);
int faker_people_md5(struct call *c, struct faker_value *out);
int faker_people_sha1(struct call *c, struct faker_value *out);
int faker_people_sha256(struct call *c, struct faker_value *out);
int faker_people_uuid(struct call *c, struct faker_value *out);
int faker_people_company(struct call *c, struct faker_value *out);
int faker_people_company_suffix(struct call *c, struct faker_value *out);
int faker_people_job_title(struct call *c, struct faker_value *out);
int faker_people_catch_phrase(struct call *c, struct faker_value *out);

/* Places and numbers people write (faker_places.c) */
int faker_places_city(struct call *c, struct faker_value *out);
int faker_places_street_name(struct call *c, struct faker_value *out);
int faker_places_street_address(struct call *c, struct faker_value *out);
int faker_places_secondary_address(struct call *c, struct faker_value *out);
int faker_places_building_number(struct call *c, struct faker_value *out);
int faker_places_postcode(struct call *c, struct faker_value *out);
int faker_places_address(struct call *c, struct faker_value *out);
int faker_places_state(struct call *c, struct faker_value *out);
int faker_places_state_abbr(struct call *c, struct faker_value *out);
int faker_places_country(struct call *c, struct faker_value *out);
int faker_places_country_code(struct call *c, struct faker_value *out);
int faker_places_currency_code(struct call *c, struct faker_value *out);
int faker_places_latitude(struct call *c, struct faker_value *out);
int faker_places_longitude(struct call *c, struct faker_value *out);
int faker_places_phone_number(struct call *c, struct faker_value *out);
int faker_places_e164(struct call *c, struct faker_value *out);
int faker_places_isbn13(struct call *c, struct faker_value *out);
int faker_places_ean13(struct call *c, struct faker_value *out);
int faker_places_ean8(struct call *c, struct faker_value *out);
int faker_places_isbn10(struct call *c, struct faker_value *out);
int faker_places_hex_color(struct call *c, struct faker_value *out);
int faker_places_safe_hex_color(struct call *c, struct faker_value *out);
int faker_places_rgb_color(struct call *c, struct faker_value *out);
int faker_places_rgb_css_color(struct call *c, struct faker_value *out);
int faker_places_color_name(struct call *c, struct faker_value *out);
int faker_places_safe_color_name(struct call *c, struct faker_value *out);
int faker_places_image_url(struct call *c, struct faker_value *out);

/* Dates (faker_dates.c) */
int faker_dates_date_time(struct call *c, struct faker_value *out);
int faker_dates_date_time_ad(struct call *c, struct faker_value *out);
int faker_dates_date_time_between(struct call *c, struct faker_value *out);
int faker_dates_date_time_in_interval(struct call *c, struct faker_value *out);
int faker_dates_this_century(struct call *c, struct faker_value *out);
int faker_dates_this_decade(struct call *c, struct faker_value *out);
int faker_dates_this_year(struct call *c, struct faker_value *out);
int faker_dates_this_month(struct call *c, struct faker_value *out);
int faker_dates_unix_time(struct call *c, struct faker_value *out);
int faker_dates_date(struct call *c, struct faker_value *out);
int faker_dates_time(struct call *c, struct faker_value *out);
int faker_dates_iso8601(struct call *c, struct faker_value *out);
int faker_dates_am_pm(struct call *c, struct faker_value *out);
int faker_dates_day_of_month(struct call *c, struct faker_value *out);
int faker_dates_day_of_week(struct call *c, struct faker_value *out);
int faker_dates_month(struct call *c, struct faker_value *out);
int faker_dates_month_name(struct call *c, struct faker_value *out);
int faker_dates_year(struct call *c, struct faker_value *out);
int faker_dates_century(struct call *c, struct faker_value *out);
int faker_dates_timezone(struct call *c, struct faker_value *out);

/* Wine (faker_wine.c) */
int faker_wine_grape(struct call *c, struct faker_value *out);
int faker_wine_region(struct call *c, struct faker_value *out);
int faker_wine_wine_type(struct call *c, struct faker_value *out);
int faker_wine_vintage(struct call *c, struct faker_value *out);
int faker_wine_wine_name(struct call *c, struct faker_value *out);

/* The PHP functions (faker_php.c) */
int faker_php_date_create(struct call *c, struct faker_value *out);
int faker_php_strtolower(struct call *c, struct faker_value *out);
int faker_php_strtoupper(struct call *c, struct faker_value *out);
int faker_php_ucfirst(struct call *c, struct faker_value *out);
int faker_php_ucwords(struct call *c, struct faker_value *out);
int faker_php_intval(struct call *c, struct faker_value *out);
int faker_php_floatval(struct call *c, struct faker_value *out);
int faker_php_boolval(struct call *c, struct faker_value *out);
int faker_php_strval(struct call *c, struct faker_value *out);

#endif

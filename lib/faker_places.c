/*
 * faker_places: places and the numbers people write (city, address,
 * postcode, phoneNumber, isbn13, ean8, hexColor, imageUrl, ...).
 *
 * US-shaped addresses from our own lists, phone numbers in Faker's four
 * formats, codes with their check digits, colours, and placeholder image
 * urls that are never fetched. A family of its own, like the others.
 */
#include "compat.h"

#include "arena.h"
#include "err.h"
#include "faker.h"
#include "faker_int.h"
#include "faker_words.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Places and numbers people write */

static void add_city(struct faker *f, struct sb *b)
{
	uint64_t format = faker_rng_below(&f->rng, 3);

	if (format == 2) {
		sb_adds(b, first_name(f, (int)faker_rng_below(&f->rng, 2)));
		sb_adds(b, pick(f, &faker_words_city_suffix));
		return;
	}
	if (format == 0) {
		sb_adds(b, pick(f, &faker_words_city_prefix));
		sb_addc(b, ' ');
	}
	sb_adds(b, pick(f, &faker_words_city_root));
	sb_adds(b, pick(f, &faker_words_city_suffix));
}

static void add_digits(struct faker *f, struct sb *b, int n, bool first_nz)
{
	int i;

	for (i = 0; i < n; i++)
		sb_addc(b, digit(f, i == 0 && first_nz ? 1 : 0));
}

static void add_street_name(struct faker *f, struct sb *b)
{
	if (faker_rng_below(&f->rng, 2))
		sb_adds(b, pick(f, &faker_words_last));
	else
		sb_adds(b, first_name(f, (int)faker_rng_below(&f->rng, 2)));
	sb_addc(b, ' ');
	sb_adds(b, pick(f, &faker_words_street_suffix));
}

static void add_secondary(struct faker *f, struct sb *b)
{
	sb_adds(b, faker_rng_below(&f->rng, 2) ? "Apt. " : "Suite ");
	add_digits(f, b, 3, false);
}

static void add_street_address(struct faker *f, struct sb *b)
{
	add_digits(f, b, 3 + (int)faker_rng_below(&f->rng, 3), true);
	sb_addc(b, ' ');
	add_street_name(f, b);
	if (faker_rng_below(&f->rng, 2)) {
		sb_addc(b, ' ');
		add_secondary(f, b);
	}
}

static void add_postcode(struct faker *f, struct sb *b)
{
	add_digits(f, b, 5, false);
	if (faker_rng_below(&f->rng, 2)) {
		sb_addc(b, '-');
		add_digits(f, b, 4, false);
	}
}

enum place {
	P_CITY,
	P_STREET_NAME,
	P_STREET_ADDRESS,
	P_SECONDARY,
	P_BUILDING,
	P_POSTCODE,
	P_ADDRESS
};

static int place(struct call *c, enum place what, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 192, c->e) < 0)
		return -1;
	switch (what) {
	case P_CITY:
		add_city(c->f, &b);
		break;
	case P_STREET_NAME:
		add_street_name(c->f, &b);
		break;
	case P_STREET_ADDRESS:
		add_street_address(c->f, &b);
		break;
	case P_SECONDARY:
		add_secondary(c->f, &b);
		break;
	case P_BUILDING:
		add_digits(c->f, &b, 3 + (int)faker_rng_below(&c->f->rng, 3),
			   true);
		break;
	case P_POSTCODE:
		add_postcode(c->f, &b);
		break;
	case P_ADDRESS:
		add_street_address(c->f, &b);
		sb_addc(&b, '\n');
		add_city(c->f, &b);
		sb_adds(&b, ", ");
		sb_adds(&b, pick(c->f, &faker_words_state_abbr));
		sb_addc(&b, ' ');
		add_postcode(c->f, &b);
		break;
	}
	set_sb(out, &b);
	return 0;
}

int faker_places_city(struct call *c, struct faker_value *out)
{
	return place(c, P_CITY, out);
}

int faker_places_street_name(struct call *c, struct faker_value *out)
{
	return place(c, P_STREET_NAME, out);
}

int faker_places_street_address(struct call *c, struct faker_value *out)
{
	return place(c, P_STREET_ADDRESS, out);
}

int faker_places_secondary_address(struct call *c, struct faker_value *out)
{
	return place(c, P_SECONDARY, out);
}

int faker_places_building_number(struct call *c, struct faker_value *out)
{
	return place(c, P_BUILDING, out);
}

int faker_places_postcode(struct call *c, struct faker_value *out)
{
	return place(c, P_POSTCODE, out);
}

int faker_places_address(struct call *c, struct faker_value *out)
{
	return place(c, P_ADDRESS, out);
}

int faker_places_state(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_state);
}

int faker_places_state_abbr(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_state_abbr);
}

int faker_places_country(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_country);
}

int faker_places_country_code(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_country_code);
}

int faker_places_currency_code(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_currency);
}

static int coordinate(struct call *c, double lo, double hi,
		      struct faker_value *out)
{
	double min, max;

	if (faker_arg_float(c, 0, lo, &min) < 0 ||
	    faker_arg_float(c, 1, hi, &max) < 0)
		return -1;
	set_float(out,
		  round_to(min + faker_rng_unit(&c->f->rng) * (max - min), 6));
	return 0;
}

int faker_places_latitude(struct call *c, struct faker_value *out)
{
	return coordinate(c, -90, 90, out);
}

int faker_places_longitude(struct call *c, struct faker_value *out)
{
	return coordinate(c, -180, 180, out);
}

int faker_places_phone_number(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 32, c->e) < 0)
		return -1;
	switch (faker_rng_below(&c->f->rng, 4)) {
	case 0:
		sb_adds(&b, "+1-");
		add_digits(c->f, &b, 3, true);
		sb_addc(&b, '-');
		add_digits(c->f, &b, 3, false);
		sb_addc(&b, '-');
		add_digits(c->f, &b, 4, false);
		break;
	case 1:
		sb_addc(&b, '(');
		add_digits(c->f, &b, 3, true);
		sb_adds(&b, ") ");
		add_digits(c->f, &b, 3, false);
		sb_addc(&b, '-');
		add_digits(c->f, &b, 4, false);
		break;
	case 2:
		add_digits(c->f, &b, 3, true);
		sb_addc(&b, '.');
		add_digits(c->f, &b, 3, false);
		sb_addc(&b, '.');
		add_digits(c->f, &b, 4, false);
		break;
	default:
		add_digits(c->f, &b, 3, true);
		sb_addc(&b, '-');
		add_digits(c->f, &b, 3, false);
		sb_addc(&b, '-');
		add_digits(c->f, &b, 4, false);
		sb_adds(&b, " x");
		add_digits(c->f, &b, 3, true);
		break;
	}
	set_sb(out, &b);
	return 0;
}

int faker_places_e164(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 16, c->e) < 0)
		return -1;
	sb_adds(&b, "+1");
	add_digits(c->f, &b, 10, true);
	set_sb(out, &b);
	return 0;
}

/* EAN/ISBN-13 check digit over the first n digits. */
static char ean_check(const char *d, int n)
{
	int i, sum = 0;

	for (i = 0; i < n; i++)
		sum += (d[i] - '0') * ((n - i) % 2 ? 3 : 1);
	return (char)('0' + (10 - sum % 10) % 10);
}

static int ean(struct call *c, const char *prefix, int len,
	       struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, (size_t)len, c->e) < 0)
		return -1;
	sb_adds(&b, prefix);
	add_digits(c->f, &b, len - 1 - (int)b.len, false);
	sb_addc(&b, ean_check(b.p, (int)b.len));
	set_sb(out, &b);
	return 0;
}

int faker_places_isbn13(struct call *c, struct faker_value *out)
{
	return ean(c, faker_rng_below(&c->f->rng, 2) ? "979" : "978", 13, out);
}

int faker_places_ean13(struct call *c, struct faker_value *out)
{
	return ean(c, "", 13, out);
}

int faker_places_ean8(struct call *c, struct faker_value *out)
{
	return ean(c, "", 8, out);
}

int faker_places_isbn10(struct call *c, struct faker_value *out)
{
	struct sb b;
	int i, sum = 0, check;

	if (sb_new(c->f, &b, 10, c->e) < 0)
		return -1;
	add_digits(c->f, &b, 9, false);
	for (i = 0; i < 9; i++)
		sum += (b.p[i] - '0') * (10 - i);
	check = (11 - sum % 11) % 11;
	sb_addc(&b, check == 10 ? 'X' : (char)('0' + check));
	set_sb(out, &b);
	return 0;
}

int faker_places_hex_color(struct call *c, struct faker_value *out)
{
	struct sb b;
	char tmp[8];

	if (sb_new(c->f, &b, 7, c->e) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "#%06x",
		 (unsigned)faker_rng_below(&c->f->rng, 0x1000000));
	sb_adds(&b, tmp);
	set_sb(out, &b);
	return 0;
}

int faker_places_safe_hex_color(struct call *c, struct faker_value *out)
{
	static const char hex[] = "0123456789abcdef";
	struct sb b;
	int i;

	if (sb_new(c->f, &b, 7, c->e) < 0)
		return -1;
	sb_addc(&b, '#');
	for (i = 0; i < 3; i++) {
		char h = hex[faker_rng_below(&c->f->rng, 16)];

		sb_addc(&b, h);
		sb_addc(&b, h);
	}
	set_sb(out, &b);
	return 0;
}

static int rgb(struct call *c, bool css, struct faker_value *out)
{
	struct sb b;
	char tmp[24];

	if (sb_new(c->f, &b, 20, c->e) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), css ? "rgb(%u,%u,%u)" : "%u,%u,%u",
		 (unsigned)faker_rng_below(&c->f->rng, 256),
		 (unsigned)faker_rng_below(&c->f->rng, 256),
		 (unsigned)faker_rng_below(&c->f->rng, 256));
	sb_adds(&b, tmp);
	set_sb(out, &b);
	return 0;
}

int faker_places_rgb_color(struct call *c, struct faker_value *out)
{
	return rgb(c, false, out);
}

int faker_places_rgb_css_color(struct call *c, struct faker_value *out)
{
	return rgb(c, true, out);
}

int faker_places_color_name(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_color);
}

int faker_places_safe_color_name(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_safe_color);
}

/* "https://via.placeholder.com/640x480.png/00cc55?text=oak"; never
 * fetched. */
int faker_places_image_url(struct call *c, struct faker_value *out)
{
	int64_t w, h;
	bool randomize, gray;
	const char *category, *word, *fmt;
	size_t clen, wlen, flen;
	struct sb b;
	char tmp[64];

	if (faker_arg_int(c, 0, 640, &w) < 0 ||
	    faker_arg_int(c, 1, 480, &h) < 0 ||
	    faker_arg_str(c, 2, NULL, &category, &clen) < 0 ||
	    faker_arg_bool(c, 3, true, &randomize) < 0 ||
	    faker_arg_str(c, 4, NULL, &word, &wlen) < 0 ||
	    faker_arg_bool(c, 5, false, &gray) < 0 ||
	    faker_arg_str(c, 6, "png", &fmt, &flen) < 0)
		return -1;
	if (sb_new(c->f, &b, 96 + clen + wlen + flen, c->e) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "https://via.placeholder.com/%lldx%lld.",
		 (long long)w, (long long)h);
	sb_adds(&b, tmp);
	sb_add(&b, fmt, flen);
	snprintf(tmp, sizeof(tmp), "/%s", gray ? "cccccc" : "");
	sb_adds(&b, tmp);
	if (!gray) {
		snprintf(tmp, sizeof(tmp), "%06x",
			 (unsigned)faker_rng_below(&c->f->rng, 0x1000000));
		sb_adds(&b, tmp);
	}
	if (category || word || randomize) {
		sb_adds(&b, "?text=");
		if (category)
			sb_add(&b, category, clen);
		if (category && (word || randomize))
			sb_addc(&b, '+');
		if (word)
			sb_add(&b, word, wlen);
		else if (randomize)
			sb_adds(&b, pick(c->f, &faker_words_lorem));
	}
	set_sb(out, &b);
	return 0;
}

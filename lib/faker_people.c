/*
 * faker_people: people, their names and addresses on the internet, and
 * companies (name, email, url, ipv4, uuid, company, jobTitle, ...).
 *
 * Names come from our own lists in faker_words.c, in Faker's formats (14
 * name formats, 4 user name formats); the internet identifiers are made
 * of random hex or digits. A family of its own, like the others, so that
 * faker.c keeps only the table and the machinery.
 */
#include "compat.h"

#include "arena.h"
#include "err.h"
#include "faker.h"
#include "faker_int.h"
#include "faker_words.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* People and companies */

int faker_people_first_name(struct call *c, struct faker_value *out)
{
	int female;

	if (faker_arg_gender(c, 0, &female) < 0)
		return -1;
	return copy_string(c->f, out, first_name(c->f, female), c->e);
}

int faker_people_first_name_male(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_first_male);
}

int faker_people_first_name_female(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_first_female);
}

int faker_people_last_name(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_last);
}

int faker_people_title(struct call *c, struct faker_value *out)
{
	int female;

	if (faker_arg_gender(c, 0, &female) < 0)
		return -1;
	return set_pick(c->f, out,
			female ? &faker_words_title_female
			       : &faker_words_title_male);
}

int faker_people_title_male(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_title_male);
}

int faker_people_title_female(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_title_female);
}

int faker_people_suffix(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_suffix);
}

/* Faker's 14 name formats: 8 plain, 3 titled, 2 suffixed, 1 both. */
int faker_people_name(struct call *c, struct faker_value *out)
{
	int female;
	uint64_t format;
	struct sb b;

	if (faker_arg_gender(c, 0, &female) < 0 ||
	    sb_new(c->f, &b, 96, c->e) < 0)
		return -1;
	format = faker_rng_below(&c->f->rng, 14);
	if (format >= 8 && format != 11 && format != 12) {
		sb_adds(&b, pick(c->f, female ? &faker_words_title_female
					      : &faker_words_title_male));
		sb_addc(&b, ' ');
	}
	sb_adds(&b, first_name(c->f, female));
	sb_addc(&b, ' ');
	sb_adds(&b, pick(c->f, &faker_words_last));
	if (format >= 11) {
		sb_addc(&b, ' ');
		sb_adds(&b, pick(c->f, &faker_words_suffix));
	}
	set_sb(out, &b);
	return 0;
}

static void add_lower(struct sb *b, const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s))
			sb_addc(b, (char)tolower((unsigned char)*s));
}

static void add_user_name(struct faker *f, struct sb *b)
{
	int female = (int)faker_rng_below(&f->rng, 2);

	switch (faker_rng_below(&f->rng, 4)) {
	case 0:
		add_lower(b, pick(f, &faker_words_last));
		sb_addc(b, '.');
		add_lower(b, first_name(f, female));
		break;
	case 1:
		add_lower(b, first_name(f, female));
		sb_addc(b, '.');
		add_lower(b, pick(f, &faker_words_last));
		break;
	case 2:
		add_lower(b, first_name(f, female));
		sb_addc(b, digit(f, 0));
		sb_addc(b, digit(f, 0));
		break;
	default:
		sb_addc(b, (char)('a' + faker_rng_below(&f->rng, 26)));
		add_lower(b, pick(f, &faker_words_last));
		break;
	}
}

static void add_domain(struct faker *f, struct sb *b)
{
	add_lower(b, pick(f, &faker_words_last));
	sb_addc(b, '.');
	sb_adds(b, pick(f, &faker_words_tld));
}

int faker_people_user_name(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 64, c->e) < 0)
		return -1;
	add_user_name(c->f, &b);
	set_sb(out, &b);
	return 0;
}

int faker_people_domain_word(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 32, c->e) < 0)
		return -1;
	add_lower(&b, pick(c->f, &faker_words_last));
	set_sb(out, &b);
	return 0;
}

int faker_people_domain_name(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 48, c->e) < 0)
		return -1;
	add_domain(c->f, &b);
	set_sb(out, &b);
	return 0;
}

int faker_people_tld(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_tld);
}

int faker_people_free_email_domain(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_free_email);
}

int faker_people_safe_email_domain(struct call *c, struct faker_value *out)
{
	static const char *const d[] = { "example.com", "example.org",
					 "example.net" };
	const char *s = d[faker_rng_below(&c->f->rng, 3)];

	set_string(out, s, strlen(s));
	return 0;
}

/* kind: 0 email, 1 safe, 2 free, 3 company */
static int email(struct call *c, int kind, struct faker_value *out)
{
	static const char *const safe[] = { "example.com", "example.org",
					    "example.net" };
	struct sb b;

	if (sb_new(c->f, &b, 112, c->e) < 0)
		return -1;
	add_user_name(c->f, &b);
	sb_addc(&b, '@');
	if (kind == 0)
		kind = faker_rng_below(&c->f->rng, 2) ? 2 : 3;
	if (kind == 1)
		sb_adds(&b, safe[faker_rng_below(&c->f->rng, 3)]);
	else if (kind == 2)
		sb_adds(&b, pick(c->f, &faker_words_free_email));
	else
		add_domain(c->f, &b);
	set_sb(out, &b);
	return 0;
}

int faker_people_email(struct call *c, struct faker_value *out)
{
	return email(c, 0, out);
}

int faker_people_safe_email(struct call *c, struct faker_value *out)
{
	return email(c, 1, out);
}

int faker_people_free_email(struct call *c, struct faker_value *out)
{
	return email(c, 2, out);
}

int faker_people_company_email(struct call *c, struct faker_value *out)
{
	return email(c, 3, out);
}

int faker_people_url(struct call *c, struct faker_value *out)
{
	struct sb b;
	uint64_t format = faker_rng_below(&c->f->rng, 4);
	size_t i, words;

	if (sb_new(c->f, &b, 64 + 10 * WORD_MAX, c->e) < 0)
		return -1;
	sb_adds(&b, format % 2 ? "https://" : "https://www.");
	add_domain(c->f, &b);
	sb_addc(&b, '/');
	if (format >= 2) {
		words = vary(c->f, 3);
		for (i = 0; i < words; i++) {
			if (i)
				sb_addc(&b, '-');
			sb_adds(&b, pick(c->f, &faker_words_lorem));
		}
	}
	set_sb(out, &b);
	return 0;
}

int faker_people_ipv4(struct call *c, struct faker_value *out)
{
	struct sb b;
	char tmp[20];
	uint64_t v = faker_rng_below(&c->f->rng, 1ULL << 32);

	if (sb_new(c->f, &b, 16, c->e) < 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", (unsigned)(v >> 24) & 255,
		 (unsigned)(v >> 16) & 255, (unsigned)(v >> 8) & 255,
		 (unsigned)v & 255);
	sb_adds(&b, tmp);
	set_sb(out, &b);
	return 0;
}

int faker_people_local_ipv4(struct call *c, struct faker_value *out)
{
	struct sb b;
	char tmp[20];
	uint64_t v = faker_rng_next(&c->f->rng);

	if (sb_new(c->f, &b, 16, c->e) < 0)
		return -1;
	if (v & 1)
		snprintf(tmp, sizeof(tmp), "10.%u.%u.%u",
			 (unsigned)(v >> 8) & 255, (unsigned)(v >> 16) & 255,
			 (unsigned)(v >> 24) & 255);
	else
		snprintf(tmp, sizeof(tmp), "192.168.%u.%u",
			 (unsigned)(v >> 8) & 255, (unsigned)(v >> 16) & 255);
	sb_adds(&b, tmp);
	set_sb(out, &b);
	return 0;
}

static int hex_groups(struct call *c, int groups, int digits, char sep,
		      bool upper, struct faker_value *out)
{
	static const char lower_hex[] = "0123456789abcdef";
	static const char upper_hex[] = "0123456789ABCDEF";
	const char *hex = upper ? upper_hex : lower_hex;
	struct sb b;
	int g, d;

	if (sb_new(c->f, &b, (size_t)groups * (size_t)(digits + 1), c->e) < 0)
		return -1;
	for (g = 0; g < groups; g++) {
		if (g && sep)
			sb_addc(&b, sep);
		for (d = 0; d < digits; d++)
			sb_addc(&b, hex[faker_rng_below(&c->f->rng, 16)]);
	}
	set_sb(out, &b);
	return 0;
}

int faker_people_ipv6(struct call *c, struct faker_value *out)
{
	return hex_groups(c, 8, 4, ':', false, out);
}

int faker_people_mac_address(struct call *c, struct faker_value *out)
{
	return hex_groups(c, 6, 2, ':', true, out);
}

int faker_people_md5(struct call *c, struct faker_value *out)
{
	return hex_groups(c, 1, 32, 0, false, out);
}

int faker_people_sha1(struct call *c, struct faker_value *out)
{
	return hex_groups(c, 1, 40, 0, false, out);
}

int faker_people_sha256(struct call *c, struct faker_value *out)
{
	return hex_groups(c, 1, 64, 0, false, out);
}

int faker_people_uuid(struct call *c, struct faker_value *out)
{
	static const char hex[] = "0123456789abcdef";
	struct sb b;
	int i;

	if (sb_new(c->f, &b, 36, c->e) < 0)
		return -1;
	for (i = 0; i < 32; i++) {
		unsigned v = (unsigned)faker_rng_below(&c->f->rng, 16);

		if (i == 8 || i == 12 || i == 16 || i == 20)
			sb_addc(&b, '-');
		if (i == 12)
			v = 4; /* version 4 */
		else if (i == 16)
			v = 8 | (v & 3); /* RFC 4122 variant */
		sb_addc(&b, hex[v]);
	}
	set_sb(out, &b);
	return 0;
}

int faker_people_company(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 96, c->e) < 0)
		return -1;
	switch (faker_rng_below(&c->f->rng, 3)) {
	case 0:
		sb_adds(&b, pick(c->f, &faker_words_last));
		sb_addc(&b, ' ');
		sb_adds(&b, pick(c->f, &faker_words_company_suffix));
		break;
	case 1:
		sb_adds(&b, pick(c->f, &faker_words_last));
		sb_addc(&b, '-');
		sb_adds(&b, pick(c->f, &faker_words_last));
		break;
	default:
		sb_adds(&b, pick(c->f, &faker_words_last));
		sb_adds(&b, ", ");
		sb_adds(&b, pick(c->f, &faker_words_last));
		sb_adds(&b, " and ");
		sb_adds(&b, pick(c->f, &faker_words_last));
		break;
	}
	set_sb(out, &b);
	return 0;
}

int faker_people_company_suffix(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_company_suffix);
}

int faker_people_job_title(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_job);
}

int faker_people_catch_phrase(struct call *c, struct faker_value *out)
{
	struct sb b;

	if (sb_new(c->f, &b, 64, c->e) < 0)
		return -1;
	sb_adds(&b, pick(c->f, &faker_words_catch_adjective));
	sb_addc(&b, ' ');
	sb_adds(&b, pick(c->f, &faker_words_catch_noun));
	sb_adds(&b, " for every ");
	sb_adds(&b, pick(c->f, &faker_words_catch_noun));
	set_sb(out, &b);
	return 0;
}

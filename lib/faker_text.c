/*
 * faker_text: words, sentences, paragraphs and text() from our lorem
 * list (tasting notes), slugs and passwords.
 *
 * Lengths follow Faker's: a sentence varies its word count by 60% to
 * 140%, text() adds words, sentences or paragraphs while shorter than
 * its maximum and drops the last one. The text formatters are the
 * costliest per value, so they read best on their own.
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
#include <string.h>

/* ------------------------------------------------------------------ */
/* Text */

static void add_sentence(struct faker *f, struct sb *b, size_t words)
{
	size_t i, start = b->len;

	for (i = 0; i < words; i++) {
		if (i)
			sb_addc(b, ' ');
		sb_adds(b, pick(f, &faker_words_lorem));
	}
	if (b->len > start)
		b->p[start] = (char)toupper((unsigned char)b->p[start]);
	sb_addc(b, '.');
}

static int check_count(struct call *c, size_t i, int64_t n, int64_t limit)
{
	if (n < 0 || n > limit)
		return err_set(c->e, ERR_DATA,
			       "%s() argument %zu must be from 0 to %lld",
			       c->fn->name, i + 1, (long long)limit);
	return 0;
}

int faker_text_word(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_lorem);
}

static int words_value(struct call *c, int64_t n, bool as_text,
		       struct faker_value *out)
{
	size_t i;

	if (as_text) {
		struct sb b;

		if (sb_new(c->f, &b, (size_t)n * WORD_MAX, c->e) < 0)
			return -1;
		for (i = 0; i < (size_t)n; i++) {
			if (i)
				sb_addc(&b, ' ');
			sb_adds(&b, pick(c->f, &faker_words_lorem));
		}
		set_sb(out, &b);
		return 0;
	}
	if (set_array(c->f, out, (size_t)n, c->e) < 0)
		return -1;
	for (i = 0; i < (size_t)n; i++)
		set_pick(c->f, &out->u.a.items[i], &faker_words_lorem);
	return 0;
}

int faker_text_words(struct call *c, struct faker_value *out)
{
	int64_t n;
	bool as_text;

	if (faker_arg_int(c, 0, 3, &n) < 0 ||
	    faker_arg_bool(c, 1, false, &as_text) < 0 ||
	    check_count(c, 0, n, 10000) < 0)
		return -1;
	return words_value(c, n, as_text, out);
}

int faker_text_sentence(struct call *c, struct faker_value *out)
{
	int64_t n;
	bool variable;
	size_t words;
	struct sb b;

	if (faker_arg_int(c, 0, 6, &n) < 0 ||
	    faker_arg_bool(c, 1, true, &variable) < 0 ||
	    check_count(c, 0, n, 10000) < 0)
		return -1;
	if (n == 0) {
		set_string(out, "", 0);
		return 0;
	}
	words = variable ? vary(c->f, n) : (size_t)n;
	if (sb_new(c->f, &b, words * WORD_MAX + 1, c->e) < 0)
		return -1;
	add_sentence(c->f, &b, words);
	set_sb(out, &b);
	return 0;
}

static void add_paragraph(struct faker *f, struct sb *b, size_t sentences)
{
	size_t i;

	for (i = 0; i < sentences; i++) {
		if (i)
			sb_addc(b, ' ');
		add_sentence(f, b, vary(f, 6));
	}
}

#define SENTENCE_MAX (9 * WORD_MAX + 2)

int faker_text_sentences(struct call *c, struct faker_value *out)
{
	int64_t n;
	bool as_text;
	size_t i;
	struct sb b;

	if (faker_arg_int(c, 0, 3, &n) < 0 ||
	    faker_arg_bool(c, 1, false, &as_text) < 0 ||
	    check_count(c, 0, n, 1000) < 0)
		return -1;
	if (as_text) {
		if (sb_new(c->f, &b, (size_t)n * SENTENCE_MAX, c->e) < 0)
			return -1;
		add_paragraph(c->f, &b, (size_t)n);
		set_sb(out, &b);
		return 0;
	}
	if (set_array(c->f, out, (size_t)n, c->e) < 0)
		return -1;
	for (i = 0; i < (size_t)n; i++) {
		if (sb_new(c->f, &b, SENTENCE_MAX, c->e) < 0)
			return -1;
		add_sentence(c->f, &b, vary(c->f, 6));
		set_sb(&out->u.a.items[i], &b);
	}
	return 0;
}

int faker_text_paragraph(struct call *c, struct faker_value *out)
{
	int64_t n;
	bool variable;
	size_t count;
	struct sb b;

	if (faker_arg_int(c, 0, 3, &n) < 0 ||
	    faker_arg_bool(c, 1, true, &variable) < 0 ||
	    check_count(c, 0, n, 1000) < 0)
		return -1;
	if (n == 0) {
		set_string(out, "", 0);
		return 0;
	}
	count = variable ? vary(c->f, n) : (size_t)n;
	if (sb_new(c->f, &b, count * SENTENCE_MAX, c->e) < 0)
		return -1;
	add_paragraph(c->f, &b, count);
	set_sb(out, &b);
	return 0;
}

#define PARAGRAPH_MAX (5 * SENTENCE_MAX)

int faker_text_paragraphs(struct call *c, struct faker_value *out)
{
	int64_t n;
	bool as_text;
	size_t i;
	struct sb b;

	if (faker_arg_int(c, 0, 3, &n) < 0 ||
	    faker_arg_bool(c, 1, false, &as_text) < 0 ||
	    check_count(c, 0, n, 1000) < 0)
		return -1;
	if (as_text) {
		if (sb_new(c->f, &b, (size_t)n * (PARAGRAPH_MAX + 2), c->e) < 0)
			return -1;
		for (i = 0; i < (size_t)n; i++) {
			if (i)
				sb_adds(&b, "\n\n");
			add_paragraph(c->f, &b, vary(c->f, 3));
		}
		set_sb(out, &b);
		return 0;
	}
	if (set_array(c->f, out, (size_t)n, c->e) < 0)
		return -1;
	for (i = 0; i < (size_t)n; i++) {
		if (sb_new(c->f, &b, PARAGRAPH_MAX, c->e) < 0)
			return -1;
		add_paragraph(c->f, &b, vary(c->f, 3));
		set_sb(&out->u.a.items[i], &b);
	}
	return 0;
}

/*
 * Faker's text(): pieces (words under 25 characters, sentences under 100,
 * paragraphs beyond) are added while the text is shorter than max, then
 * the last one is dropped, so the result never exceeds max.
 */
int faker_text_text(struct call *c, struct faker_value *out)
{
	int64_t max;
	struct sb b, piece;
	size_t kept = 0, tries;
	int kind;

	if (faker_arg_int(c, 0, 200, &max) < 0)
		return -1;
	if (max < 5 || max > 65535)
		return err_set(
			c->e, ERR_DATA,
			"%s() takes a maximum from 5 to 65535 characters",
			c->fn->name);
	kind = max < 25 ? 0 : max < 100 ? 1 : 2;
	if (sb_new(c->f, &b, (size_t)max + PARAGRAPH_MAX + 2, c->e) < 0 ||
	    sb_new(c->f, &piece, PARAGRAPH_MAX, c->e) < 0)
		return -1;
	for (tries = 0; tries < 1000 && kept == 0; tries++) {
		b.len = 0;
		while (b.len < (size_t)max) {
			const char *sep = kind == 2 ? "\n" : " ";

			kept = b.len;
			piece.len = 0;
			if (kind == 0)
				sb_adds(&piece, pick(c->f, &faker_words_lorem));
			else if (kind == 1)
				add_sentence(c->f, &piece, vary(c->f, 6));
			else
				add_paragraph(c->f, &piece, vary(c->f, 3));
			if (b.len)
				sb_adds(&b, sep);
			sb_add(&b, piece.p, piece.len);
		}
	}
	b.len = kept;
	if (kind == 0 && kept) {
		b.p[0] = (char)toupper((unsigned char)b.p[0]);
		if (b.len < (size_t)max)
			b.p[b.len++] = '.';
	}
	b.p[b.len] = '\0';
	set_sb(out, &b);
	return 0;
}

int faker_text_slug(struct call *c, struct faker_value *out)
{
	int64_t n;
	bool variable;
	size_t i, words;
	struct sb b;

	if (faker_arg_int(c, 0, 6, &n) < 0 ||
	    faker_arg_bool(c, 1, true, &variable) < 0 ||
	    check_count(c, 0, n, 1000) < 0)
		return -1;
	if (n == 0) {
		set_string(out, "", 0);
		return 0;
	}
	words = variable ? vary(c->f, n) : (size_t)n;
	if (sb_new(c->f, &b, words * WORD_MAX, c->e) < 0)
		return -1;
	for (i = 0; i < words; i++) {
		if (i)
			sb_addc(&b, '-');
		sb_adds(&b, pick(c->f, &faker_words_lorem));
	}
	set_sb(out, &b);
	return 0;
}

int faker_text_password(struct call *c, struct faker_value *out)
{
	int64_t min, max, len, i;
	struct sb b;

	if (faker_arg_int(c, 0, 6, &min) < 0 ||
	    faker_arg_int(c, 1, 20, &max) < 0)
		return -1;
	if (check_count(c, 0, min, 4096) < 0 ||
	    check_count(c, 1, max, 4096) < 0)
		return -1;
	len = faker_rng_between(&c->f->rng, min, max);
	if (sb_new(c->f, &b, (size_t)len, c->e) < 0)
		return -1;
	for (i = 0; i < len; i++)
		sb_addc(&b, (char)faker_rng_between(&c->f->rng, 33, 126));
	set_sb(out, &b);
	return 0;
}

/*
 * faker_numbers: numbers and random choices (numberBetween, randomFloat,
 * randomElement, shuffle, numerify, ...), as FakerPHP's Base provider
 * shapes them.
 *
 * The formatters that need no word list, kept apart from faker.c so that
 * the table and the streams read on their own.
 */
#include "compat.h"

#include "arena.h"
#include "err.h"
#include "faker.h"
#include "faker_int.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Numbers */

int faker_numbers_number_between(struct call *c, struct faker_value *out)
{
	int64_t a, b;

	if (faker_arg_int(c, 0, 0, &a) < 0 ||
	    faker_arg_int(c, 1, 2147483647, &b) < 0)
		return -1;
	set_int(out, faker_rng_between(&c->f->rng, a, b));
	return 0;
}

int faker_numbers_random_digit(struct call *c, struct faker_value *out)
{
	set_int(out, faker_rng_between(&c->f->rng, 0, 9));
	return 0;
}

int faker_numbers_random_digit_not_null(struct call *c, struct faker_value *out)
{
	set_int(out, faker_rng_between(&c->f->rng, 1, 9));
	return 0;
}

int faker_numbers_random_digit_not(struct call *c, struct faker_value *out)
{
	int64_t except, d;

	if (faker_arg_int(c, 0, 0, &except) < 0)
		return -1;
	d = faker_rng_between(&c->f->rng, 0, 8);
	set_int(out, d >= except ? d + 1 : d);
	return 0;
}

static int random_number(struct call *c, int64_t digits, bool strict,
			 int64_t *out)
{
	int64_t max = 1, i;

	if (digits < 0 || digits > 18)
		return err_set(c->e, ERR_DATA,
			       "%s() can make numbers of at most 18 digits",
			       c->fn->name);
	for (i = 0; i < digits; i++)
		max *= 10;
	if (digits == 0) {
		*out = 0;
		return 0;
	}
	*out = faker_rng_between(&c->f->rng, strict ? max / 10 : 0, max - 1);
	return 0;
}

int faker_numbers_random_number(struct call *c, struct faker_value *out)
{
	int64_t digits, v;
	bool strict;

	if (faker_arg_bool(c, 1, false, &strict) < 0)
		return -1;
	if (!given(c, 0))
		digits = faker_rng_between(&c->f->rng, 1, 9);
	else if (faker_arg_int(c, 0, 0, &digits) < 0)
		return -1;
	if (random_number(c, digits, strict, &v) < 0)
		return -1;
	set_int(out, v);
	return 0;
}

int faker_numbers_random_float(struct call *c, struct faker_value *out)
{
	int64_t decimals, maxint;
	double min, max, v;

	if (!given(c, 0))
		decimals = faker_rng_between(&c->f->rng, 0, 9);
	else if (faker_arg_int(c, 0, 0, &decimals) < 0)
		return -1;
	if (faker_arg_float(c, 1, 0, &min) < 0)
		return -1;
	if (given(c, 2)) {
		if (faker_arg_float(c, 2, 0, &max) < 0)
			return -1;
	} else {
		if (random_number(c, faker_rng_between(&c->f->rng, 1, 9), false,
				  &maxint) < 0)
			return -1;
		max = (double)maxint;
	}
	if (decimals < 0 || decimals > 15)
		return faker_bad_arg(c, 0, "a number of decimals from 0 to 15");
	if (min > max) {
		double t = min;

		min = max;
		max = t;
	}
	v = min + faker_rng_unit(&c->f->rng) * (max - min);
	v = round_to(v, decimals);
	if (v > max) /* rounding must not leave the interval */
		v = round_to(max - 0.5 * pow(10.0, (double)-decimals),
			     decimals);
	set_float(out, v);
	return 0;
}

int faker_numbers_boolean(struct call *c, struct faker_value *out)
{
	int64_t chance;

	if (faker_arg_int(c, 0, 50, &chance) < 0)
		return -1;
	out->kind = FAKER_BOOL;
	out->u.b = faker_rng_between(&c->f->rng, 1, 100) <= chance;
	return 0;
}

static int arg_array(struct call *c, size_t i, const struct faker_value **a,
		     size_t *n)
{
	static const struct faker_value abc[] = {
		{ .kind = FAKER_STRING, .u.s = { "a", 1 } },
		{ .kind = FAKER_STRING, .u.s = { "b", 1 } },
		{ .kind = FAKER_STRING, .u.s = { "c", 1 } },
	};

	if (!given(c, i)) {
		*a = abc;
		*n = 3;
		return 0;
	}
	if (c->args[i].kind != FAKER_ARRAY)
		return faker_bad_arg(c, i, "an array ('[a, b, c]')");
	*a = c->args[i].u.a.items;
	*n = c->args[i].u.a.n;
	return 0;
}

int faker_numbers_random_element(struct call *c, struct faker_value *out)
{
	const struct faker_value *items = NULL;
	size_t n = 0;

	if (arg_array(c, 0, &items, &n) < 0)
		return -1;
	if (n == 0)
		out->kind = FAKER_NULL;
	else
		*out = items[faker_rng_below(&c->f->rng, n)];
	return 0;
}

int faker_numbers_random_key(struct call *c, struct faker_value *out)
{
	const struct faker_value *items = NULL;
	size_t n = 0;

	if (arg_array(c, 0, &items, &n) < 0)
		return -1;
	if (n == 0)
		out->kind = FAKER_NULL;
	else
		set_int(out, (int64_t)faker_rng_below(&c->f->rng, n));
	return 0;
}

int faker_numbers_random_elements(struct call *c, struct faker_value *out)
{
	const struct faker_value *items = NULL;
	struct faker_value *res;
	size_t n = 0, i, *idx;
	int64_t count;
	bool dups;

	if (arg_array(c, 0, &items, &n) < 0 ||
	    faker_arg_int(c, 1, 1, &count) < 0 ||
	    faker_arg_bool(c, 2, false, &dups) < 0)
		return -1;
	if (count < 0 || (!dups && (uint64_t)count > n))
		return err_set(c->e, ERR_DATA,
			       "%s() cannot pick %lld elements from %zu",
			       c->fn->name, (long long)count, n);
	if (count > 100000)
		return err_set(c->e, ERR_LIMIT, "%s() count is too large",
			       c->fn->name);
	if (set_array(c->f, out, (size_t)count, c->e) < 0)
		return -1;
	res = out->u.a.items;
	idx = arena_alloc(c->f->arena, sizeof(*idx) * (n + 1));
	if (!idx)
		return err_set(c->e, ERR_LIMIT, "generated value is too large");
	for (i = 0; i < n; i++)
		idx[i] = i;
	/* A partial Fisher-Yates keeps the picks in draw order. */
	for (i = 0; i < (size_t)count; i++) {
		if (dups) {
			res[i] = items[faker_rng_below(&c->f->rng, n)];
		} else {
			size_t j = i + faker_rng_below(&c->f->rng, n - i);
			size_t t = idx[i];

			idx[i] = idx[j];
			idx[j] = t;
			res[i] = items[idx[i]];
		}
	}
	return 0;
}

int faker_numbers_shuffle(struct call *c, struct faker_value *out)
{
	size_t i, n;

	if (given(c, 0) && c->args[0].kind == FAKER_ARRAY) {
		struct faker_value *res;

		n = c->args[0].u.a.n;
		if (set_array(c->f, out, n, c->e) < 0)
			return -1;
		res = out->u.a.items;
		memcpy(res, c->args[0].u.a.items, sizeof(*res) * n);
		for (i = n; i > 1; i--) {
			size_t j = faker_rng_below(&c->f->rng, i);
			struct faker_value t = res[i - 1];

			res[i - 1] = res[j];
			res[j] = t;
		}
	} else {
		const char *s;
		char *p;

		if (faker_arg_str(c, 0, "", &s, &n) < 0)
			return -1;
		p = arena_strndup(c->f->arena, s, n);
		if (!p)
			return err_set(c->e, ERR_LIMIT,
				       "generated value is too large");
		for (i = n; i > 1; i--) {
			size_t j = faker_rng_below(&c->f->rng, i);
			char t = p[i - 1];

			p[i - 1] = p[j];
			p[j] = t;
		}
		set_string(out, p, n);
	}
	return 0;
}

int faker_numbers_random_letter(struct call *c, struct faker_value *out)
{
	char *p = arena_alloc(c->f->arena, 2);

	if (!p)
		return err_set(c->e, ERR_LIMIT, "generated value is too large");
	p[0] = (char)('a' + faker_rng_below(&c->f->rng, 26));
	p[1] = '\0';
	set_string(out, p, 1);
	return 0;
}

int faker_numbers_random_ascii(struct call *c, struct faker_value *out)
{
	char *p = arena_alloc(c->f->arena, 2);

	if (!p)
		return err_set(c->e, ERR_LIMIT, "generated value is too large");
	p[0] = (char)faker_rng_between(&c->f->rng, 33, 126);
	p[1] = '\0';
	set_string(out, p, 1);
	return 0;
}

/* "#" digit, "%" non-zero digit, "?" letter, "*" ASCII 33-126. */
static int replace_marks(struct call *c, const char *def, const char *marks,
			 struct faker_value *out)
{
	const char *s;
	size_t n, i;
	char *p;

	if (faker_arg_str(c, 0, def, &s, &n) < 0)
		return -1;
	p = arena_strndup(c->f->arena, s, n);
	if (!p)
		return err_set(c->e, ERR_LIMIT, "generated value is too large");
	for (i = 0; i < n; i++) {
		if (!strchr(marks, p[i]))
			continue;
		if (p[i] == '#')
			p[i] = digit(c->f, 0);
		else if (p[i] == '%')
			p[i] = digit(c->f, 1);
		else if (p[i] == '?')
			p[i] = (char)('a' + faker_rng_below(&c->f->rng, 26));
		else if (p[i] == '*')
			p[i] = (char)faker_rng_between(&c->f->rng, 33, 126);
	}
	set_string(out, p, n);
	return 0;
}

int faker_numbers_numerify(struct call *c, struct faker_value *out)
{
	return replace_marks(c, "###", "#%", out);
}

int faker_numbers_lexify(struct call *c, struct faker_value *out)
{
	return replace_marks(c, "????", "?", out);
}

int faker_numbers_bothify(struct call *c, struct faker_value *out)
{
	return replace_marks(c, "## ??", "#%?", out);
}

int faker_numbers_asciify(struct call *c, struct faker_value *out)
{
	return replace_marks(c, "****", "*", out);
}

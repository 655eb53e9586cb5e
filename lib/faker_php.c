/*
 * faker_php: the PHP functions alice resolves before Faker, as fixtures
 * use them (date_create, strtolower, ucfirst, intval, boolval, ...).
 *
 * They are casts and case changes, not fake data, and draw nothing from
 * the stream; they follow PHP's rules (intval reads a leading number,
 * boolval("0") is false), which is why they are kept apart.
 */
#include "compat.h"

#include "arena.h"
#include "err.h"
#include "faker.h"
#include "faker_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* The PHP functions alice resolves before Faker, as seen in fixtures */

int faker_php_date_create(struct call *c, struct faker_value *out)
{
	int64_t t;

	if (faker_arg_time(c, 0, "now", &t) < 0)
		return -1;
	set_time(out, t);
	return 0;
}

enum casing { C_LOWER, C_UPPER, C_UCFIRST, C_UCWORDS };

static int recase(struct call *c, enum casing how, struct faker_value *out)
{
	const char *s;
	size_t n, i;
	char *p;

	if (faker_arg_str(c, 0, "", &s, &n) < 0)
		return -1;
	p = arena_strndup(c->f->arena, s, n);
	if (!p)
		return err_set(c->e, ERR_LIMIT, "generated value is too large");
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		bool start = i == 0 || p[i - 1] == ' ' || p[i - 1] == '\t' ||
			     p[i - 1] == '\n';

		if (how == C_LOWER)
			p[i] = (char)tolower(ch);
		else if (how == C_UPPER)
			p[i] = (char)toupper(ch);
		else if ((how == C_UCFIRST && i == 0) ||
			 (how == C_UCWORDS && start))
			p[i] = (char)toupper(ch);
	}
	set_string(out, p, n);
	return 0;
}

int faker_php_strtolower(struct call *c, struct faker_value *out)
{
	return recase(c, C_LOWER, out);
}

int faker_php_strtoupper(struct call *c, struct faker_value *out)
{
	return recase(c, C_UPPER, out);
}

int faker_php_ucfirst(struct call *c, struct faker_value *out)
{
	return recase(c, C_UCFIRST, out);
}

int faker_php_ucwords(struct call *c, struct faker_value *out)
{
	return recase(c, C_UCWORDS, out);
}

int faker_php_intval(struct call *c, struct faker_value *out)
{
	const struct faker_value *v = &c->args[0];
	int64_t base, i;

	if (faker_arg_int(c, 1, 10, &base) < 0)
		return -1;
	if (v->kind == FAKER_STRING) {
		/* PHP reads the leading number and ignores the rest. */
		char *end;

		if (base != 0 && (base < 2 || base > 36))
			return faker_bad_arg(c, 1, "a base from 2 to 36");
		errno = 0;
		i = strtoll(v->u.s.p, &end, (int)base);
		set_int(out, errno ? 0 : i);
		return 0;
	}
	if (v->kind == FAKER_NULL) {
		set_int(out, 0);
		return 0;
	}
	if (faker_arg_int(c, 0, 0, &i) < 0)
		return -1;
	set_int(out, i);
	return 0;
}

int faker_php_floatval(struct call *c, struct faker_value *out)
{
	const struct faker_value *v = &c->args[0];
	double d;

	if (v->kind == FAKER_STRING) {
		set_float(out, strtod(v->u.s.p, NULL));
		return 0;
	}
	if (v->kind == FAKER_NULL) {
		set_float(out, 0);
		return 0;
	}
	if (faker_arg_float(c, 0, 0, &d) < 0)
		return -1;
	set_float(out, d);
	return 0;
}

int faker_php_boolval(struct call *c, struct faker_value *out)
{
	const struct faker_value *v = &c->args[0];

	out->kind = FAKER_BOOL;
	switch (v->kind) {
	case FAKER_NULL:
		out->u.b = false;
		break;
	case FAKER_BOOL:
		out->u.b = v->u.b;
		break;
	case FAKER_INT:
		out->u.b = v->u.i != 0;
		break;
	case FAKER_FLOAT:
		out->u.b = v->u.d != 0;
		break;
	case FAKER_STRING:
		out->u.b = v->u.s.len && strcmp(v->u.s.p, "0") != 0;
		break;
	case FAKER_ARRAY:
		out->u.b = v->u.a.n > 0;
		break;
	default:
		out->u.b = true;
		break;
	}
	return 0;
}

int faker_php_strval(struct call *c, struct faker_value *out)
{
	const char *s;
	size_t n;

	if (faker_arg_str(c, 0, "", &s, &n) < 0)
		return -1;
	set_string(out, s, n);
	return 0;
}

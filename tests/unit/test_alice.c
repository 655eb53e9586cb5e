/* Unit tests for alice: the value language's tokens, errors and escapes. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "alice.h"
#include "buf.h"

#include <stdio.h>
#include <string.h>

/* A fake loader: fixtures "wine_1".."wine_3" of table 1, params, vars. */
static int ref(void *ctx, const char *name, size_t len, struct faker_value *out,
	       struct err *e)
{
	(void)ctx;
	if (len != 6 || strncmp(name, "wine_", 5) != 0 || name[5] < '1' ||
	    name[5] > '3')
		return err_set(e, ERR_DATA, "no fixture '%.*s'", (int)len,
			       name);
	out->kind = FAKER_REF;
	out->u.ref.table = 1;
	out->u.ref.id = name[5] - '0';
	out->u.ref.name = "wine";
	return 0;
}

static int wildcard(void *ctx, const char *prefix, size_t len,
		    struct faker_rng *rng, struct faker_value *out,
		    struct err *e)
{
	char name[8] = "wine_1";

	(void)prefix;
	(void)len;
	name[5] = (char)('1' + faker_rng_below(rng, 3));
	return ref(ctx, name, 6, out, e);
}

static int self(void *ctx, struct faker_value *out, struct err *e)
{
	return ref(ctx, "wine_2", 6, out, e);
}

static int param(void *ctx, const char *name, size_t len,
		 struct faker_value *out, struct err *e)
{
	(void)ctx;
	if (len == 5 && strncmp(name, "brand", 5) == 0) {
		out->kind = FAKER_STRING;
		out->u.s.p = "Cellar";
		out->u.s.len = 6;
		return 0;
	}
	if (len == 3 && strncmp(name, "max", 3) == 0) {
		out->kind = FAKER_INT;
		out->u.i = 7;
		return 0;
	}
	return err_set(e, ERR_DATA, "unknown parameter '%.*s'", (int)len, name);
}

static int var(void *ctx, const char *name, size_t len, struct faker_value *out,
	       struct err *e)
{
	(void)ctx;
	if (len == 4 && strncmp(name, "name", 4) == 0) {
		out->kind = FAKER_STRING;
		out->u.s.p = "Syrah";
		out->u.s.len = 5;
		return 0;
	}
	return err_set(e, ERR_DATA, "no property '%.*s'", (int)len, name);
}

struct run {
	struct arena code, values;
	struct faker_value out;
	struct err e;
	int rc;
};

/* Compile and evaluate text; current is the int 5 when with_current. */
static struct run *eval(const char *text, bool with_current)
{
	static struct run r;
	struct faker f;
	struct faker_value current = { .kind = FAKER_INT, .u.i = 5 };
	struct alice_env env = { &f,	   with_current ? &current : NULL,
				 NULL,	   ref,
				 wildcard, self,
				 param,	   var };
	struct alice_node *n;

	arena_release(&r.code);
	arena_release(&r.values);
	arena_init(&r.code, 1 << 20);
	arena_init(&r.values, 1 << 20);
	err_init(&r.e);
	f.arena = &r.values;
	f.now = 1781524800;
	faker_rng_key(&f.rng, 1, "wine_1", 6, "p", 1);
	n = alice_compile(&r.code, text, strlen(text), 3, 10, false, &r.e);
	r.rc = n ? alice_eval(n, &env, &r.out, &r.e) : -1;
	return &r;
}

static const char *text_of(const char *text)
{
	struct run *r = eval(text, true);

	if (r->rc < 0)
		return r->e.msg;
	if (r->out.kind != FAKER_STRING)
		return "(not a string)";
	return r->out.u.s.p;
}

static void plain_text_stays_as_it_is(void **state)
{
	(void)state;
	assert_string_equal(text_of("Chateau Margaux"), "Chateau Margaux");
	assert_string_equal(text_of("mail: cellar@example.com"),
			    "mail: cellar@example.com");
	assert_string_equal(text_of("a < b > c, 50% off"),
			    "a < b > c, 50% off");
	assert_string_equal(text_of("costs $$10"), "costs $10");
	assert_string_equal(text_of("10x"), "10x");
	assert_string_equal(text_of(""), "");
}

static void escapes_give_the_characters_themselves(void **state)
{
	(void)state;
	assert_string_equal(
		text_of("\\@home \\<b\\> \\$5 \\% \\\\ \\[1\\] \\{x\\}"),
		"@home <b> $5 % \\ [1] {x}");
	assert_string_equal(text_of("2x\\ Magnum"), "2x Magnum");
	/* An unknown escape keeps its backslash. */
	assert_string_equal(text_of("C:\\wine"), "C:\\wine");
}

static void one_token_keeps_its_type(void **state)
{
	struct run *r;

	(void)state;
	r = eval("<numberBetween(1, 1)>", false);
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->out.kind, FAKER_INT);
	assert_int_equal(r->out.u.i, 1);
	r = eval("<current()>", true);
	assert_int_equal(r->out.kind, FAKER_INT);
	assert_int_equal(r->out.u.i, 5);
	r = eval("$current", true);
	assert_int_equal(r->out.u.i, 5);
	r = eval("@wine_3", false);
	assert_int_equal(r->out.kind, FAKER_REF);
	assert_int_equal(r->out.u.ref.id, 3);
	r = eval("<{max}>", false);
	assert_int_equal(r->out.kind, FAKER_INT);
	r = eval("@self", false);
	assert_int_equal(r->out.u.ref.id, 2);
	r = eval("<boolean(100)>", false);
	assert_int_equal(r->out.kind, FAKER_BOOL);
}

static void several_tokens_join_into_a_string(void **state)
{
	(void)state;
	assert_string_equal(text_of("user<current()>@example.com"),
			    "user5@example.com");
	assert_string_equal(text_of("<{brand}> no. <current()>"),
			    "Cellar no. 5");
	assert_string_equal(text_of("A $name wine"), "A Syrah wine");
	assert_string_equal(
		text_of("<numberBetween(2, 2)>-<numberBetween(3, 3)>"), "2-3");
	assert_string_equal(text_of("<{brand}>"), "Cellar");
	{
		char first[256];

		/* Evaluated twice, the same stream gives the same text. */
		snprintf(first, sizeof(first), "%s",
			 text_of("n=<numberBetween(1, <{max}>)>"));
		assert_string_equal(first,
				    text_of("n=<numberBetween(1, <{max}>)>"));
		assert_true(first[2] >= '1' && first[2] <= '7');
	}
}

static void references_resolve_through_the_loader(void **state)
{
	struct run *r;

	(void)state;
	r = eval("@wine_*", false);
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->out.kind, FAKER_REF);
	r = eval("@wine_<numberBetween(3, 3)>", false);
	assert_int_equal(r->rc, 0);
	assert_int_equal(r->out.u.ref.id, 3);
	r = eval("@wine_{1..3}", false);
	assert_int_equal(r->out.kind, FAKER_ARRAY);
	assert_int_equal(r->out.u.a.n, 3);
	assert_int_equal(r->out.u.a.items[2].u.ref.id, 3);
	r = eval("@wine_{2, 3}", false);
	assert_int_equal(r->out.u.a.n, 2);
	assert_int_equal(r->out.u.a.items[0].u.ref.id, 2);
	r = eval("@wine_9", false);
	assert_int_equal(r->rc, -1);
	assert_string_equal(r->e.msg, "no fixture 'wine_9'");
	assert_int_equal(r->e.line, 3);
	assert_int_equal(r->e.column, 10);
	r = eval("see @wine_1", false);
	assert_int_equal(r->rc, -1);
	assert_string_equal(r->e.msg,
			    "a reference cannot be part of a longer string");
}

static void optional_values_and_arrays(void **state)
{
	struct run *r;

	(void)state;
	assert_string_equal(text_of("100%? yes : no"), "yes");
	assert_string_equal(text_of("0%? yes : no"), "no");
	r = eval("0%? yes", false);
	assert_int_equal(r->out.kind, FAKER_NULL);
	r = eval("[a, 2, @wine_1]", false);
	assert_int_equal(r->out.kind, FAKER_ARRAY);
	assert_int_equal(r->out.u.a.n, 3);
	assert_int_equal(r->out.u.a.items[1].kind, FAKER_INT);
	assert_int_equal(r->out.u.a.items[2].kind, FAKER_REF);
	r = eval("3x @wine_*", false);
	assert_int_equal(r->out.kind, FAKER_ARRAY);
	assert_int_equal(r->out.u.a.n, 3);
	r = eval("<randomElement([red, white])>", false);
	assert_int_equal(r->out.kind, FAKER_STRING);
	r = eval("<numberBetween(2, 2)>x <word()>", false);
	assert_int_equal(r->out.u.a.n, 2);
}

static void arguments_split_on_commas_and_spaces_as_alice_does(void **state)
{
	(void)state;
	assert_string_equal(text_of("<strtoupper('a, b c')>"), "A, B C");
	{
		char first[256];

		snprintf(first, sizeof(first), "%s",
			 text_of("<date('Y', '2001-02-03')>"));
		assert_string_equal(first,
				    text_of("<date(\"Y\" '2001-02-03')>"));
	}
	/* Unquoted "-1 week" is two arguments (-1 and week), as in alice. */
	assert_string_equal(
		text_of("<dateTimeBetween(-1 week)>"),
		"dateTimeBetween(): cannot read 'week' as a date (want e.g. 'now', '-30 years', '2020-01-31 12:00:00')");
	assert_string_equal(text_of("<intval(010)>"), "(not a string)");
	{
		struct run *r = eval("<intval(010)>", false);

		/* A leading 0 is octal. */
		assert_int_equal(r->out.u.i, 8);
	}
}

static void mistakes_name_what_was_expected_and_where(void **state)
{
	struct run *r;

	(void)state;
	r = eval("<nmae()>", false);
	assert_string_equal(r->e.msg,
			    "unknown formatter 'nmae' (did you mean 'name'?)");
	assert_int_equal(r->e.column, 11); /* the name, after '<' */
	r = eval("x <name>", false);
	assert_string_equal(
		r->e.msg,
		"'<name>' is not a call (write '<name()>', or '\\<' for a literal '<')");
	assert_int_equal(r->e.column, 12);
	r = eval("<(1 + 1)>", false);
	assert_non_null(strstr(r->e.msg, "PHP expressions"));
	r = eval("@wine_1->name", false);
	assert_non_null(strstr(r->e.msg, "property access"));
	r = eval("<word(>", false);
	assert_non_null(strstr(r->e.msg, "unclosed call"));
	r = eval("<{brand>", false);
	assert_non_null(strstr(r->e.msg, "unclosed parameter"));
	r = eval("<current()>", false);
	assert_non_null(strstr(r->e.msg, "only allowed in a range"));
	r = eval("<word(1)>", false);
	assert_string_equal(r->e.msg, "word() takes 0 arguments, not 1");
	r = eval("$nope", false);
	assert_string_equal(r->e.msg, "no property 'nope'");
}

struct seen {
	char names[8][32];
	int deps[8];
	int n;
};

static int record(void *ctx, enum alice_dep dep, const char *name, size_t len,
		  long line, long column)
{
	struct seen *s = ctx;

	(void)line;
	(void)column;
	if (s->n < 8) {
		s->deps[s->n] = (int)dep;
		snprintf(s->names[s->n], sizeof(s->names[0]), "%.*s", (int)len,
			 name ? name : "");
		s->n++;
	}
	return 0;
}

static void dependencies_are_listed_in_order(void **state)
{
	struct arena a = ARENA_INIT(1 << 16);
	struct seen s = { .n = 0 };
	struct err e;
	const char *text = "@wine_1 <{brand}> @x* $name <current()> @y<word()>";
	struct alice_node *n;

	(void)state;
	err_init(&e);
	n = alice_compile(&a, text, strlen(text), 1, 1, false, &e);
	assert_non_null(n);
	assert_int_equal(alice_deps(n, record, &s), 0);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.deps[0], ALICE_DEP_REF);
	assert_string_equal(s.names[0], "wine_1");
	assert_int_equal(s.deps[1], ALICE_DEP_PARAM);
	assert_string_equal(s.names[1], "brand");
	assert_int_equal(s.deps[2], ALICE_DEP_WILDCARD);
	assert_string_equal(s.names[2], "x");
	assert_int_equal(s.deps[3], ALICE_DEP_VAR);
	assert_int_equal(s.deps[4], ALICE_DEP_CURRENT);
	assert_int_equal(s.deps[5], ALICE_DEP_DYNAMIC);
	assert_true(alice_is_random(n));
	n = alice_compile(&a, "plain", 5, 1, 1, false, &e);
	assert_false(alice_is_random(n));
	arena_release(&a);
}

static void escaping_round_trips_any_text(void **state)
{
	static const char *const samples[] = {
		"plain",       "@home",	    "<name()>",	  "$var and $$",
		"50%? a : b",  "2x Magnum", "10.5x Big",  "[1, 2]",
		"back\\slash", "{curly}",   "mail a@b.c", "100% <b>",
		"@wine_1",     "<{param}>", "x @y* z",	  "\\@",
	};
	struct buf b = BUF_INIT(4096);
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(samples); i++) {
		buf_reset(&b);
		assert_int_equal(
			alice_escape(&b, samples[i], strlen(samples[i])), 0);
		assert_string_equal(text_of(buf_cstr(&b)), samples[i]);
	}
	buf_release(&b);
	eval("", false); /* release the last run's arenas below */
}

static int teardown(void **state)
{
	struct run *r = eval("", false);

	(void)state;
	arena_release(&r->code);
	arena_release(&r->values);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_stays_as_it_is),
		cmocka_unit_test(escapes_give_the_characters_themselves),
		cmocka_unit_test(one_token_keeps_its_type),
		cmocka_unit_test(several_tokens_join_into_a_string),
		cmocka_unit_test(references_resolve_through_the_loader),
		cmocka_unit_test(optional_values_and_arrays),
		cmocka_unit_test(
			arguments_split_on_commas_and_spaces_as_alice_does),
		cmocka_unit_test(mistakes_name_what_was_expected_and_where),
		cmocka_unit_test(dependencies_are_listed_in_order),
		cmocka_unit_test(escaping_round_trips_any_text),
	};

	return cmocka_run_group_tests_name("alice", tests, NULL, teardown);
}

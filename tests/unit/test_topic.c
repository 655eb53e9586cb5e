/* Unit tests for lib/topic: selectors, templates and sets. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "topic.h"

#include <regex.h>
#include <stdio.h>
#include <string.h>

static bool matches(const char *selector, const char *topic)
{
	struct topic_selector *sel;
	struct err e;
	bool r;

	sel = topic_selector_new(selector, strlen(selector), &e);
	assert_non_null(sel);
	r = topic_selector_match(sel, topic, strlen(topic));
	topic_selector_free(sel);
	return r;
}

static enum topic_kind kind_of(const char *selector)
{
	struct topic_selector *sel;
	enum topic_kind k;
	struct err e;

	sel = topic_selector_new(selector, strlen(selector), &e);
	assert_non_null(sel);
	k = topic_selector_kind(sel);
	topic_selector_free(sel);
	return k;
}

static void test_star_matches_every_topic(void **state)
{
	(void)state;
	assert_int_equal(kind_of("*"), TOPIC_ANY);
	assert_true(matches("*", "https://example.com/wines/1"));
	assert_true(matches("*", ""));
	assert_true(matches("*", "*"));
	/* Only the lone star is the wildcard. */
	assert_int_equal(kind_of("**"), TOPIC_EXACT);
	assert_false(matches("**", "x"));
	assert_false(matches("https://example.com/*", "https://example.com/1"));
}

static void test_exact_selector_matches_only_the_identical_topic(void **state)
{
	(void)state;
	assert_int_equal(kind_of("https://example.com/wines/1"), TOPIC_EXACT);
	assert_true(matches("https://example.com/wines/1",
			    "https://example.com/wines/1"));
	assert_false(matches("https://example.com/wines/1",
			     "https://example.com/wines/10"));
	assert_false(matches("https://example.com/wines/1",
			     "https://example.com/wines/"));
	assert_false(matches("https://example.com/wines/1",
			     "HTTPS://example.com/wines/1"));
	assert_true(matches("", ""));
	assert_false(matches("", "a"));
}

static void test_a_template_matches_its_own_text(void **state)
{
	(void)state;
	/* Authorizing a subscription to a template needs this. */
	assert_true(matches("https://example.com/wines/{id}",
			    "https://example.com/wines/{id}"));
	assert_true(matches("{/a*}", "{/a*}"));
}

static void test_simple_variable_stops_at_reserved_characters(void **state)
{
	const char *sel = "https://example.com/wines/{id}";

	(void)state;
	assert_int_equal(kind_of(sel), TOPIC_TEMPLATE);
	assert_true(matches(sel, "https://example.com/wines/7"));
	assert_true(matches(sel, "https://example.com/wines/a-b.c_d~e,f"));
	assert_false(matches(sel, "https://example.com/wines/7/x"));
	assert_false(matches(sel, "https://example.com/wines/7?x"));
	assert_false(matches(sel, "https://example.com/wines/7#x"));
	assert_false(matches(sel, "https://example.com/wines/a:b"));
	assert_false(matches(sel, "https://example.com/wines/a@b"));
	assert_false(matches(sel, "https://example.com/wines/a=b"));
	assert_false(matches(sel, "https://example.com/wines/a b"));
	assert_false(matches(sel, "https://example.com/wines/caf\xc3\xa9"));
	assert_false(matches(sel, "https://example.com/beers/7"));
	/* A variable may be undefined, so the empty value matches. */
	assert_true(matches(sel, "https://example.com/wines/"));
	assert_false(matches(sel, "https://example.com/wines"));
}

static void test_percent_escapes_count_as_one_character(void **state)
{
	const char *sel = "https://example.com/wines/{id}";

	(void)state;
	assert_true(matches(sel, "https://example.com/wines/a%2Fb"));
	assert_true(matches(sel, "https://example.com/wines/%C3%A9"));
	assert_false(matches(sel, "https://example.com/wines/%2"));
	assert_false(matches(sel, "https://example.com/wines/%zz"));
	assert_false(matches(sel, "https://example.com/wines/100%"));
	/* In literals escapes compare byte for byte, case included. */
	assert_true(matches("/a%2Fb/{x}", "/a%2Fb/1"));
	assert_false(matches("/a%2Fb/{x}", "/a%2fb/1"));
	assert_false(matches("/a%2Fb/{x}", "/a/b/1"));
}

static void test_reserved_expansion_crosses_slashes(void **state)
{
	(void)state;
	assert_true(matches("https://example.com/{+path}",
			    "https://example.com/a/b/c?d=e&f#g"));
	assert_true(matches("https://example.com/{+path}/edit",
			    "https://example.com/a/b/edit"));
	assert_false(matches("https://example.com/{+path}",
			     "https://example.com/a b"));
	assert_false(matches("https://example.com/{+path}",
			     "https://example.com/a\"b"));
	assert_true(matches("{+a}", "!$&'()*+,;=:@[]/?#"));
	/* "%" alone is no reserved character. */
	assert_false(matches("{+a}", "%"));
}

static void test_fragment_expansion_starts_with_a_hash(void **state)
{
	(void)state;
	assert_true(matches("/doc{#section}", "/doc#intro/a?b"));
	assert_true(matches("/doc{#section}", "/doc"));
	assert_false(matches("/doc{#section}", "/docintro"));
	assert_true(matches("/doc{#a,b}", "/doc#x,y"));
}

static void
test_label_and_path_expressions_start_with_their_operator(void **state)
{
	(void)state;
	assert_true(matches("/wines{.format}", "/wines.json"));
	assert_true(matches("/wines{.format}", "/wines"));
	assert_false(matches("/wines{.format}", "/winesjson"));
	assert_false(matches("/wines{.format}", "/wines.a/b"));
	/* The label separator is itself unreserved, so dots repeat. */
	assert_true(matches("/wines{.format}", "/wines.tar.gz"));
	assert_true(matches("/api{/collection}", "/api/wines"));
	assert_true(matches("/api{/collection}", "/api"));
	assert_false(matches("/api{/collection}", "/api/wines/1"));
	assert_false(matches("/api{/collection}", "/apiwines"));
}

static void test_lists_allow_one_separator_fewer_than_variables(void **state)
{
	(void)state;
	assert_true(matches("/api{/a,b}", "/api/wines"));
	assert_true(matches("/api{/a,b}", "/api/wines/1"));
	assert_false(matches("/api{/a,b}", "/api/wines/1/x"));
	assert_true(matches("/api{/a,b,c}", "/api/wines/1/x"));
	assert_true(matches("/api{/a,b,c}", "/api//"));
	assert_false(matches("/api{/a,b,c}", "/api////"));
	/* With "," as separator the count does not matter. */
	assert_true(matches("{a,b}", "1,2,3,4"));
	assert_true(matches("{+a,b}", "1,2,3/4"));
}

static void test_exploded_variables_allow_any_number_of_values(void **state)
{
	(void)state;
	assert_true(matches("/api{/path*}", "/api/a/b/c/d"));
	assert_true(matches("/api{/path*}", "/api"));
	assert_false(matches("/api{/path*}", "/api/a?b"));
	assert_true(matches("/api{/a,path*}", "/api/a/b/c"));
	/* An exploded map writes key=value pairs. */
	assert_true(matches("{x*}", "a=1,b=2"));
	assert_false(matches("{x}", "a=1"));
	assert_true(matches("{.x*}", ".a=1.b=2"));
	/* "=" is allowed after the first value only when a later variable
	 * explodes, as the reference regular expression has it. */
	assert_false(matches("{x,y*}", "a=1,b"));
	assert_true(matches("{x,y*}", "a,b=1"));
}

static void test_named_expressions_match_name_value_pairs(void **state)
{
	(void)state;
	assert_true(matches("/wines{?page}", "/wines?page=2"));
	assert_true(matches("/wines{?page}", "/wines"));
	assert_true(matches("/wines{?page,order}", "/wines?page=2&order=asc"));
	assert_false(
		matches("/wines{?page,order}", "/wines?page=2&order=asc&x=1"));
	assert_true(matches("/wines{?page*}", "/wines?a=1&b=2&c=3"));
	assert_false(matches("/wines{?page}", "/wines?page=2&x=1"));
	assert_true(matches("/wines?fixed=1{&page}", "/wines?fixed=1&page=2"));
	assert_true(matches("/wines{;id}", "/wines;id=2"));
	assert_true(matches("/wines{;id,v}", "/wines;id=2;v=3"));
	assert_false(matches("/wines{;id}", "/wines;id=2/x"));
	/* Names are not checked, as in the reference hub. */
	assert_true(matches("/wines{?page}", "/wines?other=1"));
	/* The per-user alternate topic pattern from the Mercure docs. */
	assert_true(
		matches("https://example.com/users/foo/{?topic}",
			"https://example.com/users/foo/?topic=https%3A%2F%2F"
			"example.com%2Fbooks%2F1"));
	assert_false(matches("https://example.com/users/foo/{?topic}",
			     "https://example.com/users/bar/?topic=x"));
}

static void test_prefix_modifiers_parse_but_do_not_shorten(void **state)
{
	(void)state;
	assert_int_equal(kind_of("/{id:3}"), TOPIC_TEMPLATE);
	assert_true(matches("/{id:3}", "/12345"));
	assert_int_equal(kind_of("/{id:9999}"), TOPIC_TEMPLATE);
	assert_int_equal(kind_of("/{id:10000}"), TOPIC_EXACT);
	assert_int_equal(kind_of("/{id:0}"), TOPIC_EXACT);
	assert_int_equal(kind_of("/{id:}"), TOPIC_EXACT);
	assert_int_equal(kind_of("/{id*:3}"), TOPIC_EXACT);
}

static void test_expressions_next_to_each_other_share_the_text(void **state)
{
	(void)state;
	assert_true(matches("{a}{b}", "xy"));
	assert_true(matches("{a}{/b}", "x/y"));
	assert_false(matches("{a}{/b}", "x/y/z"));
	assert_true(matches("/books/{id}.json", "/books/a.b.json"));
	assert_true(matches("/books/{id}.json", "/books/.json"));
	assert_false(matches("/books/{id}.json", "/books/a.jso"));
	assert_true(matches("/{a}/{b}/{c}", "/1/2/3"));
	assert_false(matches("/{a}/{b}/{c}", "/1/2"));
	assert_true(matches("{a}-{b}-{c}", "--"));
	assert_true(matches("{a}-{b}-{c}", "a-b-c-d"));
}

static void test_invalid_templates_are_plain_strings(void **state)
{
	static const char *const invalid[] = {
		"/a{",
		"/a{b",
		"/a}",
		"/{}",
		"/{,}",
		"/{a,}",
		"/{a b}",
		"/{a-b}",
		"/{=a}",
		"/{!a}",
		"/{@a}",
		"/{|a}",
		"/{,a}",
		"/{a..b}",
		"/{a.}",
		"/{.a.}",
		"/a b/{x}",
		"/a\"/{x}",
		"/it's/{x}",
		"/a<b>/{x}",
		"/a^/{x}",
		"/a`/{x}",
		"/a|/{x}",
		"/a\\/{x}",
		"/%zz/{x}",
		"/%2/{x}",
		"/{a%2}",
		"/{x}}",
		"/{{x}}",
		"/\x01/{x}",
		"/\xff/{x}",
		"/\xc3/{x}",
		"/\xef\xbf\xbe/{x}",
		"/\xed\xa0\x80/{x}",
	};
	size_t i;
	struct err e;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(invalid); i++) {
		err_init(&e);
		if (kind_of(invalid[i]) != TOPIC_EXACT)
			fail_msg("'%s' compiled as a template", invalid[i]);
		assert_int_equal(topic_template_check(invalid[i],
						      strlen(invalid[i]), &e),
				 -1);
		assert_int_equal(e.cls, ERR_DATA);
		assert_true(e.column >= 1);
		assert_true(matches(invalid[i], invalid[i]));
	}
	assert_false(matches("/a{", "/ab"));
	assert_false(matches("/it's/{x}", "/it's/1"));
}

static void test_valid_templates_pass_the_check(void **state)
{
	static const char *const valid[] = {
		"/{a}",
		"/{a.b}",
		"/{a_b9}",
		"/{%41b}",
		"/{a,b,c}",
		"/{+a}",
		"/{#a}",
		"/{.a}",
		"/{/a}",
		"/{;a}",
		"/{?a}",
		"/{&a}",
		"/{a*}",
		"/{a:1}",
		"/{a:12,b*}",
		"/caf\xc3\xa9/{x}",
		"/\xee\x80\x80/{x}",
		"{x}",
		"/\xf0\x9f\x8d\xb7/{x}",
		"!#$&()*+,-./:;=?@[]_~{x}",
	};
	size_t i;
	struct err e;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(valid); i++) {
		if (topic_template_check(valid[i], strlen(valid[i]), &e))
			fail_msg("'%s': %s", valid[i], e.msg);
		assert_int_equal(kind_of(valid[i]), TOPIC_TEMPLATE);
	}
	assert_true(matches("/caf\xc3\xa9/{x}", "/caf\xc3\xa9/1"));
	assert_false(matches("/caf\xc3\xa9/{x}", "/cafe/1"));
}

static void test_selectors_over_the_limits_are_refused(void **state)
{
	struct buf b = BUF_INIT(2 * LIMIT_TOPIC_BYTES);
	struct topic_selector *sel;
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < LIMIT_TOPIC_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'a'), 0);
	sel = topic_selector_new(b.data, b.len, &e);
	assert_non_null(sel);
	topic_selector_free(sel);
	assert_int_equal(buf_addch(&b, 'a'), 0);
	err_init(&e);
	assert_null(topic_selector_new(b.data, b.len, &e));
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_int_equal(topic_template_check(b.data, b.len, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);

	/* LIMIT_TOPIC_VARS variables in one expression, then one more. */
	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "/{v0"), 0);
	for (i = 1; i < LIMIT_TOPIC_VARS; i++)
		assert_int_equal(buf_printf(&b, ",v%d", i), 0);
	assert_int_equal(buf_addstr(&b, "}"), 0);
	sel = topic_selector_new(b.data, b.len, &e);
	assert_non_null(sel);
	assert_int_equal(topic_selector_kind(sel), TOPIC_TEMPLATE);
	topic_selector_free(sel);
	b.len--;
	assert_int_equal(buf_addstr(&b, ",extra}"), 0);
	err_init(&e);
	assert_null(topic_selector_new(b.data, b.len, &e));
	assert_int_equal(e.cls, ERR_LIMIT);
	buf_release(&b);
}

static void test_topics_longer_than_the_limit_match_only_exactly(void **state)
{
	struct buf b = BUF_INIT(2 * LIMIT_TOPIC_BYTES);
	struct topic_selector *sel;
	struct err e;
	int i;

	(void)state;
	sel = topic_selector_new("/{+x}", 5, &e);
	assert_non_null(sel);
	assert_int_equal(buf_addch(&b, '/'), 0);
	for (i = 1; i < LIMIT_TOPIC_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'a'), 0);
	assert_true(topic_selector_match(sel, b.data, b.len));
	assert_int_equal(buf_addch(&b, 'a'), 0);
	assert_false(topic_selector_match(sel, b.data, b.len));
	topic_selector_free(sel);
	buf_release(&b);
}

static void test_selectors_and_topics_may_hold_nul_bytes(void **state)
{
	struct topic_selector *sel;
	struct err e;
	size_t len;

	(void)state;
	sel = topic_selector_new("a\0b", 3, &e);
	assert_non_null(sel);
	assert_int_equal(topic_selector_kind(sel), TOPIC_EXACT);
	assert_true(topic_selector_match(sel, "a\0b", 3));
	assert_false(topic_selector_match(sel, "a", 1));
	assert_memory_equal(topic_selector_text(sel, &len), "a\0b", 3);
	assert_int_equal(len, 3);
	topic_selector_free(sel);

	sel = topic_selector_new("/{x}", 4, &e);
	assert_non_null(sel);
	assert_false(topic_selector_match(sel, "/a\0b", 4));
	topic_selector_free(sel);
	sel = topic_selector_new("/{x,y}", 6, &e);
	assert_non_null(sel);
	assert_false(topic_selector_match(sel, "/a\0b", 4));
	topic_selector_free(sel);
}

static void test_pathological_templates_stay_linear(void **state)
{
	struct buf sel = BUF_INIT(LIMIT_TOPIC_BYTES);
	struct buf topic = BUF_INIT(LIMIT_TOPIC_BYTES);
	struct topic_selector *s;
	struct err e;
	int i;

	(void)state;
	/* A backtracking matcher needs exponential time for these. */
	for (i = 0; i < 200; i++)
		assert_int_equal(buf_addstr(&sel, "{a}a"), 0);
	for (i = 0; i < 4000; i++)
		assert_int_equal(buf_addch(&topic, 'a'), 0);
	s = topic_selector_new(sel.data, sel.len, &e);
	assert_non_null(s);
	assert_int_equal(topic_selector_kind(s), TOPIC_TEMPLATE);
	assert_true(topic_selector_match(s, topic.data, topic.len));
	/* No value and no literal can hold the "/". */
	topic.data[2000] = '/';
	assert_false(topic_selector_match(s, topic.data, topic.len));
	topic_selector_free(s);
	buf_release(&sel);
	buf_release(&topic);
}

static void test_free_accepts_null(void **state)
{
	(void)state;
	topic_selector_free(NULL);
	topic_set_free(NULL);
}

/*
 * The oracle: the regular expression the reference hub builds for a
 * template (yosida95/uritemplate Template.Regexp), written here again
 * in POSIX ERE and run by the C library. Templates are trusted to be
 * valid; each one is checked to compile as a template first.
 */
static void ere_literal(struct buf *re, char c)
{
	if (strchr(".[]()*+?{}|^$\\", c))
		assert_int_equal(buf_addch(re, '\\'), 0);
	assert_int_equal(buf_addch(re, c), 0);
}

static void ere_unit(struct buf *re, int reserved, int eq)
{
	assert_int_equal(buf_printf(re,
				    "([%sA-Za-z0-9._~%s%s-]|%%[0-9A-Fa-f]{2})",
				    reserved ? "]" : "",
				    reserved ? ":/?#@!$&'()*+,;=[" : ",",
				    !reserved && eq ? "=" : ""),
			 0);
}

static void ere_expr(struct buf *re, const char *x, size_t len)
{
	char op = 0, sep = ',';
	int nvars = 1, explode0 = 0, any_explode = 0, named, reserved, max;
	size_t i;

	if (strchr("+#./;?&", x[0]))
		op = x[0];
	for (i = 0; i < len; i++) {
		if (x[i] == ',')
			nvars++;
		if (x[i] == '*') {
			any_explode = 1;
			if (nvars == 1)
				explode0 = 1;
		}
	}
	named = op == ';' || op == '?' || op == '&';
	reserved = op == '+' || op == '#';
	if (op == '.' || op == '/' || op == ';' || op == '&')
		sep = op;
	if (op == '?')
		sep = '&';
	max = any_explode ? -1 : nvars - 1;
	assert_int_equal(buf_addch(re, '('), 0);
	if (op && op != '+')
		ere_literal(re, op);
	assert_int_equal(buf_addch(re, '('), 0);
	ere_unit(re, reserved, named || explode0);
	assert_int_equal(buf_addch(re, '*'), 0);
	if (nvars > 1 || explode0) {
		assert_int_equal(buf_addch(re, '('), 0);
		ere_literal(re, sep);
		ere_unit(re, reserved, named || max < 0);
		assert_int_equal(buf_addstr(re, "*)"), 0);
		if (max > 0)
			assert_int_equal(buf_printf(re, "{0,%d}", max), 0);
		else
			assert_int_equal(buf_addch(re, '*'), 0);
	}
	assert_int_equal(buf_addstr(re, "))?"), 0);
}

static void ere_of(struct buf *re, const char *tpl)
{
	const char *p = tpl, *end;

	assert_int_equal(buf_addch(re, '^'), 0);
	while (*p) {
		if (*p != '{') {
			ere_literal(re, *p++);
			continue;
		}
		end = strchr(p, '}');
		assert_non_null(end);
		ere_expr(re, p + 1, (size_t)(end - p - 1));
		p = end + 1;
	}
	assert_int_equal(buf_addch(re, '$'), 0);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A topic shaped like the template: literals kept (mostly), random
 * fillers of characters that matter in place of expressions. */
static void random_topic(struct buf *t, const char *tpl)
{
	static const char fill[] = "ab9-._~,=/?#&;:@+*!%2F%zz%\xc3\xa9";
	const char *p = tpl;
	unsigned i, n;

	buf_reset(t);
	while (*p) {
		if (*p == '{') {
			n = rnd(7);
			for (i = 0; i < n; i++)
				assert_int_equal(
					buf_addch(t,
						  fill[rnd(sizeof(fill) - 1)]),
					0);
			p = strchr(p, '}') + 1;
			continue;
		}
		if (rnd(40))
			assert_int_equal(buf_addch(t, *p), 0);
		else
			assert_int_equal(
				buf_addch(t, fill[rnd(sizeof(fill) - 1)]), 0);
		p++;
	}
}

static void test_matching_agrees_with_the_reference_regex(void **state)
{
	static const char *const tpls[] = {
		"https://example.com/wines/{id}",
		"https://example.com/{+path}",
		"https://example.com/{+path}/edit",
		"/doc{#section}",
		"/doc{#a,b}",
		"/wines{.format}",
		"/wines{.a,b}",
		"/api{/a}",
		"/api{/a,b}",
		"/api{/a,b,c}",
		"/api{/path*}",
		"/api{/a,path*}",
		"/api{/path*,a}",
		"/wines{?page}",
		"/wines{?page,order}",
		"/wines{?page*}",
		"/w?x=1{&page,order}",
		"/w{;id}",
		"/w{;id,v}",
		"/w{;id*}",
		"{x}",
		"{x*}",
		"{x,y}",
		"{x,y*}",
		"{x*,y}",
		"{+x,y}",
		"{a}{b}",
		"{a}{/b}",
		"/books/{id}.json",
		"/{a}/{b}/{c}",
		"{a}-{b}-{c}",
		"{/a}{/b}",
		"{.a}{.b*}",
		"{?a}{&b}",
		"{#a}{+b}",
		"https://example.com/users/foo/{?topic}",
		"/a%2Fb/{x}",
		"/caf\xc3\xa9/{x:3}",
		"{a.b}",
		"{%41}",
	};
	struct buf re = BUF_INIT(4096), topic = BUF_INIT(4096);
	struct topic_selector *sel;
	size_t i, agreed = 0, matched = 0;
	regex_t rx;
	int round, want, got;
	struct err e;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(tpls); i++) {
		sel = topic_selector_new(tpls[i], strlen(tpls[i]), &e);
		assert_non_null(sel);
		assert_int_equal(topic_selector_kind(sel), TOPIC_TEMPLATE);
		buf_reset(&re);
		ere_of(&re, tpls[i]);
		if (regcomp(&rx, re.data, REG_EXTENDED | REG_NOSUB))
			fail_msg("regcomp '%s'", re.data);
		for (round = 0; round < 3000; round++) {
			random_topic(&topic, tpls[i]);
			want = regexec(&rx, topic.data, 0, NULL, 0) == 0;
			got = topic_selector_match(sel, topic.data, topic.len);
			/* Rule 2 (identical text) is not in the regex. */
			if (topic.len == strlen(tpls[i]) &&
			    !memcmp(topic.data, tpls[i], topic.len))
				want = 1;
			if (want != got)
				fail_msg("'%s' vs '%s': regex %d, ours %d "
					 "(%s)",
					 tpls[i], topic.data, want, got,
					 re.data);
			agreed++;
			matched += (size_t)got;
		}
		regfree(&rx);
		topic_selector_free(sel);
	}
	/* The generator must exercise both answers. */
	assert_true(matched > agreed / 10);
	assert_true(matched < agreed - agreed / 10);
	buf_release(&re);
	buf_release(&topic);
}

static struct topic_set *set_of(const char *const *sels, size_t n)
{
	struct topic_set *set = topic_set_new();
	struct err e;
	size_t i;

	assert_non_null(set);
	for (i = 0; i < n; i++)
		assert_int_equal(
			topic_set_add(set, sels[i], strlen(sels[i]), &e), 0);
	return set;
}

static void test_an_empty_set_matches_nothing(void **state)
{
	struct topic_set *set = topic_set_new();

	(void)state;
	assert_non_null(set);
	assert_int_equal(topic_set_count(set), 0);
	assert_false(topic_set_match_one(set, "", 0));
	assert_false(topic_set_match_one(set, "x", 1));
	topic_set_free(set);
}

static void test_a_set_matches_when_any_selector_matches_any_topic(void **state)
{
	static const char *const sels[] = {
		"https://example.com/wines/1",
		"https://example.com/users/{id}/cellar",
		"https://example.com/wines/1", /* kept once */
	};
	struct topic_set *set = set_of(sels, WS_ARRAY_LEN(sels));
	struct topic_ref refs[3];

	(void)state;
	assert_int_equal(topic_set_count(set), 2);
	assert_false(topic_set_has_any(set));
	topic_ref_init(&refs[0], "https://example.com/wines/2", 27);
	topic_ref_init(&refs[1], "https://example.com/users/7/cellar", 34);
	topic_ref_init(&refs[2], "https://example.com/wines/1", 27);
	assert_false(topic_set_match(set, refs, 0));
	assert_false(topic_set_match(set, refs, 1));
	assert_true(topic_set_match(set, refs, 2));
	assert_true(topic_set_match(set, refs + 2, 1));
	assert_true(topic_set_match(set, refs + 1, 1));
	assert_true(topic_set_match_one(
		set, "https://example.com/users/{id}/cellar", 37));
	assert_false(topic_set_match_one(
		set, "https://example.com/users/7/8/cellar", 36));
	topic_set_free(set);
}

static void test_a_set_with_the_wildcard_matches_every_topic(void **state)
{
	static const char *const sels[] = { "https://example.com/a", "*" };
	struct topic_set *set = set_of(sels, WS_ARRAY_LEN(sels));

	(void)state;
	assert_true(topic_set_has_any(set));
	assert_true(topic_set_match_one(set, "anything", 8));
	assert_true(topic_set_match_one(set, "", 0));
	assert_false(topic_set_match(set, NULL, 0));
	topic_set_free(set);
}

static void test_a_large_set_finds_exact_selectors_by_hash(void **state)
{
	struct topic_set *set = topic_set_new();
	char s[64];
	struct err e;
	int i, n;

	(void)state;
	assert_non_null(set);
	for (i = 0; i < LIMIT_TOPIC_COUNT; i++) {
		n = snprintf(s, sizeof(s), "https://example.com/wines/%d", i);
		assert_int_equal(topic_set_add(set, s, (size_t)n, &e), 0);
	}
	assert_int_equal(topic_set_count(set), LIMIT_TOPIC_COUNT);
	for (i = 0; i < LIMIT_TOPIC_COUNT; i++) {
		n = snprintf(s, sizeof(s), "https://example.com/wines/%d", i);
		assert_true(topic_set_match_one(set, s, (size_t)n));
	}
	assert_false(
		topic_set_match_one(set, "https://example.com/wines/x", 27));
	/* A duplicate is not a new selector, even at the limit. */
	assert_int_equal(topic_set_add(set, s, (size_t)n, &e), 0);
	err_init(&e);
	assert_int_equal(topic_set_add(set, "one more", 8, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_int_equal(topic_set_count(set), LIMIT_TOPIC_COUNT);
	assert_false(topic_set_match_one(set, "one more", 8));
	topic_set_free(set);
}

static void test_a_refused_selector_leaves_the_set_unchanged(void **state)
{
	static const char *const sels[] = { "/{a}" };
	struct topic_set *set = set_of(sels, 1);
	struct buf b = BUF_INIT(2 * LIMIT_TOPIC_BYTES);
	struct err e;
	int i;

	(void)state;
	for (i = 0; i <= LIMIT_TOPIC_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'x'), 0);
	err_init(&e);
	assert_int_equal(topic_set_add(set, b.data, b.len, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_int_equal(topic_set_count(set), 1);
	assert_true(topic_set_match_one(set, "/b", 2));
	topic_set_free(set);
	buf_release(&b);
}

static void test_an_exact_set_never_reads_templates(void **state)
{
	static const char tpl[] = "https://example.com/wines/{id}";
	struct topic_set *set = topic_set_new();
	struct err e;

	(void)state;
	assert_non_null(set);
	assert_int_equal(topic_set_add_exact(set, tpl, strlen(tpl), &e), 0);
	assert_int_equal(topic_set_add_exact(set, tpl, strlen(tpl), &e), 0);
	assert_int_equal(topic_set_count(set), 1);
	assert_true(topic_set_match_one(set, tpl, strlen(tpl)));
	assert_false(
		topic_set_match_one(set, "https://example.com/wines/1", 27));
	assert_false(topic_set_has_any(set));
	assert_int_equal(topic_set_add_exact(set, "*", 1, &e), 0);
	assert_true(topic_set_has_any(set));
	assert_true(topic_set_match_one(set, "https://example.com/x", 21));
	topic_set_free(set);
}

static void
test_text_is_utf8_without_controls_or_format_characters(void **state)
{
	static const struct {
		const char *s;
		bool strict, data;
	} cases[] = {
		{ "https://example.com/ch\xc3\xa2teau", true, true },
		{ "a\tb", false, true },	    /* C0 */
		{ "a\x7f", false, true },	    /* DEL */
		{ "a\xc2\x85", false, true },	    /* C1 */
		{ "a\xe2\x80\x8b", false, true },   /* U+200B, Cf */
		{ "\xef\xbb\xbf", false, true },    /* U+FEFF, Cf */
		{ "\xd9\x85\xd8\xb1", true, true }, /* RTL letters are fine */
		{ "a\xff", false, false },
		{ "\xc0\xaf", false, false },	      /* overlong */
		{ "\xed\xa0\x80", false, false },     /* a surrogate */
		{ "\xf4\x90\x80\x80", false, false }, /* past U+10FFFF */
		{ "\xe2\x82", false, false },	      /* cut short */
	};
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(cases); i++) {
		size_t n = strlen(cases[i].s);

		assert_int_equal(topic_text_valid(cases[i].s, n, true),
				 cases[i].strict);
		assert_int_equal(topic_text_valid(cases[i].s, n, false),
				 cases[i].data);
	}
	assert_false(topic_text_valid("a\0b", 3, true));
	assert_true(topic_text_valid("a\0b", 3, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_matches_every_topic),
		cmocka_unit_test(
			test_exact_selector_matches_only_the_identical_topic),
		cmocka_unit_test(test_a_template_matches_its_own_text),
		cmocka_unit_test(
			test_simple_variable_stops_at_reserved_characters),
		cmocka_unit_test(test_percent_escapes_count_as_one_character),
		cmocka_unit_test(test_reserved_expansion_crosses_slashes),
		cmocka_unit_test(test_fragment_expansion_starts_with_a_hash),
		cmocka_unit_test(
			test_label_and_path_expressions_start_with_their_operator),
		cmocka_unit_test(
			test_lists_allow_one_separator_fewer_than_variables),
		cmocka_unit_test(
			test_exploded_variables_allow_any_number_of_values),
		cmocka_unit_test(test_named_expressions_match_name_value_pairs),
		cmocka_unit_test(
			test_prefix_modifiers_parse_but_do_not_shorten),
		cmocka_unit_test(
			test_expressions_next_to_each_other_share_the_text),
		cmocka_unit_test(test_invalid_templates_are_plain_strings),
		cmocka_unit_test(test_valid_templates_pass_the_check),
		cmocka_unit_test(test_selectors_over_the_limits_are_refused),
		cmocka_unit_test(
			test_topics_longer_than_the_limit_match_only_exactly),
		cmocka_unit_test(test_selectors_and_topics_may_hold_nul_bytes),
		cmocka_unit_test(test_pathological_templates_stay_linear),
		cmocka_unit_test(test_free_accepts_null),
		cmocka_unit_test(test_matching_agrees_with_the_reference_regex),
		cmocka_unit_test(test_an_empty_set_matches_nothing),
		cmocka_unit_test(
			test_a_set_matches_when_any_selector_matches_any_topic),
		cmocka_unit_test(
			test_a_set_with_the_wildcard_matches_every_topic),
		cmocka_unit_test(
			test_a_large_set_finds_exact_selectors_by_hash),
		cmocka_unit_test(
			test_a_refused_selector_leaves_the_set_unchanged),
		cmocka_unit_test(test_an_exact_set_never_reads_templates),
		cmocka_unit_test(
			test_text_is_utf8_without_controls_or_format_characters),
	};

	return cmocka_run_group_tests_name("topic", tests, NULL, NULL);
}

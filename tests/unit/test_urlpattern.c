/* Unit tests for lib/urlpattern: the API's edges, limits and threads. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bounds.h"
#include "buf.h"
#include "urlpattern.h"

#include <pthread.h>
#include <string.h>

static struct urlpattern *compile(const char *pattern, const char *base)
{
	struct urlpattern *p;
	struct err e;

	err_init(&e);
	p = urlpattern_compile(pattern, strlen(pattern), base, &e);
	if (!p)
		fail_msg("'%s' did not compile: %s", pattern, e.msg);
	return p;
}

static bool matches(const char *pattern, const char *topic)
{
	struct urlpattern *p = compile(pattern, NULL);
	bool r = urlpattern_match(p, topic, strlen(topic));

	urlpattern_free(p);
	return r;
}

/* The error of compiling pattern (which must fail). */
static struct err refused(const char *pattern, size_t len, const char *base)
{
	struct urlpattern *p;
	struct err e;

	err_init(&e);
	p = urlpattern_compile(pattern, len, base, &e);
	assert_null(p);
	assert_int_not_equal(e.cls, ERR_NONE);
	assert_true(e.msg[0] != '\0');
	assert_null(strchr(e.msg, '\n'));
	return e;
}

static void test_free_and_match_accept_null(void **state)
{
	struct urlpattern *p = compile("https://example.com/*", NULL);

	(void)state;
	urlpattern_free(NULL);
	assert_false(urlpattern_match(NULL, "https://example.com/", 20));
	assert_false(urlpattern_match(p, NULL, 3));
	assert_null(urlpattern_component(NULL, URLPATTERN_PATHNAME, NULL));
	assert_false(urlpattern_has_regexp_groups(NULL));
	urlpattern_free(p);
}

static void test_a_null_pattern_with_a_length_is_a_usage_error(void **state)
{
	struct err e = refused(NULL, 3, NULL);

	(void)state;
	assert_int_equal(e.cls, ERR_USAGE);
}

static void test_the_empty_pattern_is_the_base_urls_directory(void **state)
{
	static const char dir[] = "http://mercure.invalid/.well-known/";
	struct urlpattern *p;
	struct err e;

	(void)state;
	err_init(&e);
	p = urlpattern_compile(NULL, 0, NULL, &e);
	assert_non_null(p);
	assert_true(urlpattern_match(p, dir, strlen(dir)));
	assert_true(urlpattern_match(p, "./", 2));
	assert_true(urlpattern_match(p, "./?x#y", 6));
	/* An empty topic is the base itself, outside the directory's path. */
	assert_false(urlpattern_match(p, NULL, 0));
	assert_false(urlpattern_match(p, "", 0));
	assert_false(urlpattern_match(p, "/x", 2));
	urlpattern_free(p);
}

static void test_the_default_base_is_the_mercure_fallback(void **state)
{
	struct urlpattern *p = compile("/books/:id", NULL);
	size_t n;

	(void)state;
	assert_string_equal(urlpattern_component(p, URLPATTERN_PROTOCOL, &n),
			    "http");
	assert_int_equal(n, 4);
	assert_string_equal(urlpattern_component(p, URLPATTERN_HOSTNAME, NULL),
			    "mercure.invalid");
	assert_string_equal(urlpattern_component(p, URLPATTERN_SEARCH, NULL),
			    "*");
	assert_true(urlpattern_match(p, "/books/1", 8));
	assert_true(urlpattern_match(p, "http://mercure.invalid/books/1", 30));
	urlpattern_free(p);
}

static void test_components_have_names_and_bounds(void **state)
{
	struct urlpattern *p = compile("https://example.com/", NULL);

	(void)state;
	assert_string_equal(urlpattern_component_name(URLPATTERN_PROTOCOL),
			    "protocol");
	assert_string_equal(urlpattern_component_name(URLPATTERN_HASH), "hash");
	assert_null(urlpattern_component_name(URLPATTERN_COMPONENTS));
	assert_null(urlpattern_component(p, URLPATTERN_COMPONENTS, NULL));
	assert_null(
		urlpattern_component(p, (enum urlpattern_component) - 1, NULL));
	urlpattern_free(p);
}

static void test_regexp_groups_are_reported(void **state)
{
	struct urlpattern *p = compile("https://example.com/:id", NULL);
	struct urlpattern *q = compile("https://example.com/:id(\\d+)", NULL);

	(void)state;
	assert_false(urlpattern_has_regexp_groups(p));
	assert_true(urlpattern_has_regexp_groups(q));
	urlpattern_free(p);
	urlpattern_free(q);
}

static void test_a_pattern_at_the_length_limit_compiles(void **state)
{
	struct buf b = BUF_INIT(2 * LIMIT_URLPATTERN_BYTES);
	struct urlpattern *p;
	struct err e, over;

	(void)state;
	assert_int_equal(buf_addch(&b, '/'), 0);
	while (b.len < LIMIT_URLPATTERN_BYTES)
		assert_int_equal(buf_addch(&b, 'a'), 0);
	err_init(&e);
	p = urlpattern_compile(b.data, b.len, NULL, &e);
	assert_non_null(p);
	assert_true(urlpattern_match(p, b.data, b.len));
	urlpattern_free(p);
	assert_int_equal(buf_addch(&b, 'a'), 0);
	over = refused(b.data, b.len, NULL);
	assert_int_equal(over.cls, ERR_LIMIT);
	buf_release(&b);
}

static void test_too_many_groups_are_refused(void **state)
{
	struct buf b = BUF_INIT(LIMIT_URLPATTERN_BYTES);
	struct urlpattern *p;
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < LIMIT_URLPATTERN_GROUPS; i++)
		assert_int_equal(buf_printf(&b, "/:g%d", i), 0);
	err_init(&e);
	p = urlpattern_compile(b.data, b.len, NULL, &e);
	assert_non_null(p);
	urlpattern_free(p);
	assert_int_equal(buf_addstr(&b, "/*"), 0);
	e = refused(b.data, b.len, NULL);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_non_null(strstr(e.msg, "groups"));
	buf_release(&b);
}

static void test_too_many_parts_are_refused(void **state)
{
	struct buf b = BUF_INIT(LIMIT_URLPATTERN_BYTES);
	struct err e;
	int i;

	(void)state;
	/* "{a}?" is a part of its own (optional text) but not a group. */
	for (i = 0; i <= LIMIT_URLPATTERN_PARTS; i++)
		assert_int_equal(buf_addstr(&b, "{a}?"), 0);
	e = refused(b.data, b.len, NULL);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_non_null(strstr(e.msg, "parts"));
	buf_release(&b);
}

static void test_topics_over_the_limit_never_match(void **state)
{
	struct urlpattern *p = compile("https://example.com/*", NULL);
	struct buf b = BUF_INIT(2 * LIMIT_TOPIC_BYTES);

	(void)state;
	assert_int_equal(buf_addstr(&b, "https://example.com/"), 0);
	while (b.len < LIMIT_TOPIC_BYTES)
		assert_int_equal(buf_addch(&b, 'x'), 0);
	assert_true(urlpattern_match(p, b.data, b.len));
	assert_int_equal(buf_addch(&b, 'x'), 0);
	assert_false(urlpattern_match(p, b.data, b.len));
	buf_release(&b);
	urlpattern_free(p);
}

static void test_invalid_utf8_is_refused_or_never_matches(void **state)
{
	struct urlpattern *p = compile("https://example.com/*", NULL);
	struct err e = refused("/\xc3", 2, NULL);

	(void)state;
	assert_int_equal(e.cls, ERR_DATA);
	assert_false(urlpattern_match(p, "https://example.com/\xff", 21));
	assert_true(urlpattern_match(p, "https://example.com/\xc3\xa9", 22));
	urlpattern_free(p);
}

static void test_nul_bytes_are_percent_encoded_on_both_sides(void **state)
{
	static const char pat[] = "https://example.com/a\0b";
	static const char topic[] = "https://example.com/a\0b";
	struct urlpattern *p;
	struct err e;

	(void)state;
	err_init(&e);
	p = urlpattern_compile(pat, sizeof(pat) - 1, NULL, &e);
	assert_non_null(p);
	assert_string_equal(urlpattern_component(p, URLPATTERN_PATHNAME, NULL),
			    "/a%00b");
	assert_true(urlpattern_match(p, topic, sizeof(topic) - 1));
	assert_true(urlpattern_match(p, "https://example.com/a%00b", 25));
	assert_false(urlpattern_match(p, "https://example.com/a", 21));
	urlpattern_free(p);
}

static void test_tabs_and_newlines_are_ignored_in_patterns(void **state)
{
	(void)state;
	assert_true(matches("https://exa\tmple.com/bo\noks/:id",
			    "https://example.com/books/1"));
	assert_true(matches("https://example.com/books/:id",
			    "https://exa\r\nmple.com/bo\toks/1"));
}

static void test_errors_say_where(void **state)
{
	static const char pat[] = "https://example.com/books/:id/:id";
	struct err e = refused(pat, strlen(pat), NULL);

	(void)state;
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(e.msg, "invalid url pattern: duplicate group name "
				   "'id' in the pathname at column 31");
	assert_int_equal(e.column, 31);
	e = refused("/x", 2, "not a url");
	assert_string_equal(e.msg, "invalid base url 'not a url'");
	e = refused("https://a\x01"
		    "b/",
		    13, NULL);
	assert_string_equal(e.msg, "invalid url pattern: 'a?b' is not a valid "
				   "host name in the hostname at column 9");
}

static void test_ignore_case_is_never_on_but_hosts_fold(void **state)
{
	(void)state;
	assert_false(matches("https://example.com/books",
			     "https://example.com/BOOKS"));
	assert_true(matches("https://example.com/books",
			    "HTTPS://EXAMPLE.COM/books"));
	assert_true(matches("https://EXAMPLE.com/books",
			    "https://example.COM/books"));
}

/*
 * A regexp that needs 2^n steps: with few "a" it matches (the second
 * alternative), with many the match limit stops it first, so it does not
 * match, quickly, instead of running for minutes.
 */
static void test_backtracking_stops_at_the_match_limit(void **state)
{
	struct urlpattern *p = compile("/((?:a+)+c|(?:a+)+b)", NULL);
	char topic[64];

	(void)state;
	topic[0] = '/';
	memset(topic + 1, 'a', 10);
	topic[11] = 'b';
	assert_true(urlpattern_match(p, topic, 12));
	memset(topic + 1, 'a', 40);
	topic[41] = 'b';
	assert_false(urlpattern_match(p, topic, 42));
	urlpattern_free(p);
}

static void test_ecmascript_only_regexps_are_refused(void **state)
{
	static const char *const bad[] = {
		"/([a--b])", "/([[a]])",   "/((?i)a)",	  "/((*ACCEPT)a)",
		"/(a*+)",    "/(\\Qa\\E)", "/(\\h)",	  "/(a{,2})",
		"/(\\012)",  "/((?#x)a)",  "/([\\q{a}])",
	};
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(bad); i++)
		assert_int_equal(refused(bad[i], strlen(bad[i]), NULL).cls,
				 ERR_DATA);
	/*
	 * \v is a vertical tab in ECMAScript (rewritten as \cK), where PCRE2
	 * would read a class of vertical spaces: it compiles, and matches
	 * nothing here since paths keep control characters percent-encoded.
	 */
	assert_false(matches("/(\\v)", "/v"));
	assert_false(matches("/(\\v)", "/%0B"));
	assert_true(matches("/x(\\v)?", "/x"));
}

struct job {
	const struct urlpattern *p;
	int hits;
};

static void *run(void *arg)
{
	struct job *j = arg;
	char topic[64];
	int i;

	for (i = 0; i < 2000; i++) {
		int n = snprintf(topic, sizeof(topic),
				 "https://example.com/books/%d%s", i,
				 i % 2 ? "" : "/x");

		if (urlpattern_match(j->p, topic, (size_t)n))
			j->hits++;
	}
	return NULL;
}

static void test_a_pattern_is_matched_from_several_threads(void **state)
{
	struct urlpattern *p =
		compile("https://example.com/books/:id(\\d+)", NULL);
	struct job jobs[4];
	pthread_t t[4];
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		jobs[i].p = p;
		jobs[i].hits = 0;
		assert_int_equal(pthread_create(&t[i], NULL, run, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(jobs[i].hits, 1000);
	}
	urlpattern_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_and_match_accept_null),
		cmocka_unit_test(
			test_a_null_pattern_with_a_length_is_a_usage_error),
		cmocka_unit_test(
			test_the_empty_pattern_is_the_base_urls_directory),
		cmocka_unit_test(test_the_default_base_is_the_mercure_fallback),
		cmocka_unit_test(test_components_have_names_and_bounds),
		cmocka_unit_test(test_regexp_groups_are_reported),
		cmocka_unit_test(test_a_pattern_at_the_length_limit_compiles),
		cmocka_unit_test(test_too_many_groups_are_refused),
		cmocka_unit_test(test_too_many_parts_are_refused),
		cmocka_unit_test(test_topics_over_the_limit_never_match),
		cmocka_unit_test(test_invalid_utf8_is_refused_or_never_matches),
		cmocka_unit_test(
			test_nul_bytes_are_percent_encoded_on_both_sides),
		cmocka_unit_test(
			test_tabs_and_newlines_are_ignored_in_patterns),
		cmocka_unit_test(test_errors_say_where),
		cmocka_unit_test(test_ignore_case_is_never_on_but_hosts_fold),
		cmocka_unit_test(test_backtracking_stops_at_the_match_limit),
		cmocka_unit_test(test_ecmascript_only_regexps_are_refused),
		cmocka_unit_test(
			test_a_pattern_is_matched_from_several_threads),
	};

	return cmocka_run_group_tests_name("urlpattern", tests, NULL, NULL);
}

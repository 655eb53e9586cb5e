/*
 * test_access: the topics a token's grants allow one action on
 * (lib/access.c), each matcher by its own type.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "access.h"
#include "buf.h"
#include "claims.h"

#include <jansson.h>
#include <string.h>

#define DETAIL(actions, topics)                              \
 "{\"type\":\"https://mercure.rocks/authorization-detail\"," \
 "\"actions\":" actions ",\"topics\":" topics "}"

/* The token's grants, read; claims to free in *claims. */
static void grants(const char *text, json_t **claims, struct claims_grants *g)
{
	struct err e;

	*claims = json_loads(text, JSON_ALLOW_NUL, NULL);
	assert_non_null(*claims);
	err_init(&e);
	if (claims_grants_read(g, *claims, &e) != 0)
		fail_msg("grants refused: %s", e.msg);
}

/* New: the access text grants for action. */
static struct access *compile(const char *text, unsigned action)
{
	struct claims_grants g;
	struct access *a;
	json_t *claims;
	struct err e;

	grants(text, &claims, &g);
	err_init(&e);
	a = access_new(&g, action, &e);
	if (!a)
		fail_msg("access refused: %s", e.msg);
	claims_grants_release(&g);
	json_decref(claims); /* access_new copied what it needs */
	return a;
}

static bool allows(const struct access *a, const char *t)
{
	return access_one(a, t, strlen(t));
}

static void test_mercure_selectors_match_as_uri_templates(void **state)
{
	struct access *a = compile(
		"{\"mercure\":{\"subscribe\":[\"https://e.com/b/{id}\"]}}",
		CLAIMS_SUBSCRIBE);

	(void)state;
	assert_int_equal(access_count(a), 1);
	assert_true(allows(a, "https://e.com/b/1"));
	assert_true(allows(a, "https://e.com/b/{id}"));
	assert_false(allows(a, "https://e.com/b/1/2"));
	access_free(a);
}

static void test_exact_matchers_never_read_templates(void **state)
{
	struct access *a =
		compile("{\"authorization_details\":[" DETAIL(
				"[\"subscribe\"]",
				"[{\"match\":\"https://e.com/b/{id}\"}]") "]}",
			CLAIMS_SUBSCRIBE);

	(void)state;
	assert_true(allows(a, "https://e.com/b/{id}"));
	assert_false(allows(a, "https://e.com/b/1"));
	assert_false(allows(a, "https://e.com/B/{id}"));
	access_free(a);
}

static void test_the_same_text_keeps_the_meaning_of_its_grammar(void **state)
{
	struct access *a = compile(
		"{\"authorization_details\":[" DETAIL(
			"[\"publish\"]",
			"[{\"match\":\"https://e.com/b/{id}\"}]") "],"
								  "\"mercure\":{\"publish\":[\"https://e.com/b/{id}\"]}}",
		CLAIMS_PUBLISH);

	(void)state;
	assert_int_equal(access_count(a), 2);
	assert_true(allows(a, "https://e.com/b/1"));
	access_free(a);
}

static void test_url_patterns_match_by_the_url_pattern_standard(void **state)
{
	struct access *a = compile(
		"{\"authorization_details\":[" DETAIL(
			"[\"subscribe\"]",
			"[{\"match\":\"https://e.com/b/:id\",\"match_type\":"
			"\"urlpattern\"}]") "]}",
		CLAIMS_SUBSCRIBE);

	(void)state;
	assert_int_equal(access_count(a), 1);
	assert_true(allows(a, "https://e.com/b/1"));
	assert_true(allows(a, "https://E.COM/b/1?q#f"));
	assert_true(allows(a, "https://e.com/b/:id"));
	assert_false(allows(a, "https://e.com/b/1/2"));
	assert_false(allows(a, "https://e.com/a/1"));
	assert_false(allows(a, "http://e.com/b/1"));
	assert_false(allows(a, "not a url"));
	access_free(a);
}

static void
test_relative_url_patterns_resolve_against_the_default_base(void **state)
{
	struct access *a =
		compile("{\"authorization_details\":[" DETAIL(
				"[\"publish\"]",
				"[{\"match\":\"/b/:id\",\"match_type\":"
				"\"urlpattern\"}]") "]}",
			CLAIMS_PUBLISH);

	(void)state;
	assert_true(allows(a, "/b/2"));
	assert_true(allows(a, "http://mercure.invalid/b/2"));
	assert_false(allows(a, "https://e.com/b/2"));
	assert_false(allows(a, "/b/2/3"));
	access_free(a);
}

static void test_an_invalid_url_pattern_refuses_the_whole_token(void **state)
{
	static const char text[] = "{\"authorization_details\":[" DETAIL(
		"[\"subscribe\"]",
		"[{\"match\":\"a\"},{\"match\":\"/b/:id/:id\","
		"\"match_type\":\"urlpattern\"}]") "]}";
	struct claims_grants g;
	json_t *claims = json_loads(text, 0, NULL);
	struct err e;

	(void)state;
	assert_non_null(claims);
	err_init(&e);
	/* Refused as the token is read, whatever the actions: a malformed
	 * Mercure entry invalidates the whole token (Mercure 1.0). */
	assert_int_equal(claims_grants_read(&g, claims, &e), -1);
	assert_int_equal(e.cls, ERR_DENIED);
	assert_non_null(strstr(e.msg, "authorization_details[0]: "));
	assert_non_null(strstr(e.msg, "invalid url pattern"));
	claims_grants_release(&g);
	json_decref(claims);
}

static void test_the_wildcard_matches_whatever_its_type(void **state)
{
	static const char *const texts[] = {
		"{\"mercure\":{\"subscribe\":[\"*\"]}}",
		"{\"authorization_details\":[" DETAIL(
			"[\"subscribe\"]", "[{\"match\":\"*\"}]") "]}",
		"{\"authorization_details\":[" DETAIL(
			"[\"subscribe\"]",
			"[{\"match\":\"*\",\"match_type\":\"urlpattern\"}]") "]}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(texts); i++) {
		struct access *a = compile(texts[i], CLAIMS_SUBSCRIBE);

		assert_true(allows(a, "https://e.com/anything"));
		assert_true(allows(a, "x"));
		access_free(a);
	}
}

static void test_only_the_grants_for_the_action_count(void **state)
{
	static const char text[] =
		"{\"authorization_details\":[" DETAIL("[\"publish\"]", "[{\"match\":\"p\"}]") "," DETAIL(
			"[\"subscribe\",\"publish\"]",
			"[{\"match\":\"both\"}]") "," DETAIL("[\"read\"]",
							     "[{\"match\":\"*\"}]") "],"
										    "\"mercure\":{\"subscribe\":[\"s\"]}}";
	struct access *pub = compile(text, CLAIMS_PUBLISH);
	struct access *sub = compile(text, CLAIMS_SUBSCRIBE);
	struct topic_ref refs[2];

	(void)state;
	assert_true(allows(pub, "p"));
	assert_true(allows(pub, "both"));
	assert_false(allows(pub, "s"));
	assert_false(allows(pub, "other"));
	assert_false(allows(sub, "p"));
	assert_true(allows(sub, "both"));
	assert_true(allows(sub, "s"));
	topic_ref_init(&refs[0], "other", 5);
	topic_ref_init(&refs[1], "s", 1);
	assert_false(access_any(sub, refs, 1));
	assert_true(access_any(sub, refs, 2));
	access_free(pub);
	access_free(sub);
}

static void test_a_token_without_grants_allows_nothing(void **state)
{
	struct access *a = compile("{\"sub\":\"x\"}", CLAIMS_SUBSCRIBE);

	(void)state;
	assert_int_equal(access_count(a), 0);
	assert_false(allows(a, "x"));
	access_free(a);
	access_free(NULL);
}

/* The key of text's grants for action, as a new string. */
static char *key_of(const char *text, unsigned action)
{
	struct buf key = BUF_INIT(64 * 1024);
	struct claims_grants g;
	json_t *claims;

	grants(text, &claims, &g);
	assert_int_equal(access_key(&g, action, &key), BUF_OK);
	claims_grants_release(&g);
	json_decref(claims);
	assert_int_equal(buf_addch(&key, '\0'), BUF_OK);
	return buf_detach(&key, NULL);
}

static void test_keys_tell_apart_what_would_match_differently(void **state)
{
	char *legacy = key_of("{\"mercure\":{\"subscribe\":[\"a\",\"b\"]},"
			      "\"exp\":1}",
			      CLAIMS_SUBSCRIBE);
	char *same = key_of("{\"mercure\":{\"subscribe\":[\"a\",\"b\"],"
			    "\"publish\":[\"*\"]}}",
			    CLAIMS_SUBSCRIBE);
	char *exact =
		key_of("{\"authorization_details\":[" DETAIL(
			       "[\"subscribe\"]",
			       "[{\"match\":\"a\"},{\"match\":\"b\"}]") "]}",
		       CLAIMS_SUBSCRIBE);
	char *joined = key_of("{\"mercure\":{\"subscribe\":[\"a\\u0000b\"]}}",
			      CLAIMS_SUBSCRIBE);

	(void)state;
	assert_string_equal(legacy, same);
	assert_string_not_equal(legacy, exact);
	assert_string_not_equal(legacy, joined);
	free(legacy);
	free(same);
	free(exact);
	free(joined);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mercure_selectors_match_as_uri_templates),
		cmocka_unit_test(test_exact_matchers_never_read_templates),
		cmocka_unit_test(
			test_the_same_text_keeps_the_meaning_of_its_grammar),
		cmocka_unit_test(
			test_url_patterns_match_by_the_url_pattern_standard),
		cmocka_unit_test(
			test_relative_url_patterns_resolve_against_the_default_base),
		cmocka_unit_test(
			test_an_invalid_url_pattern_refuses_the_whole_token),
		cmocka_unit_test(test_the_wildcard_matches_whatever_its_type),
		cmocka_unit_test(test_only_the_grants_for_the_action_count),
		cmocka_unit_test(test_a_token_without_grants_allows_nothing),
		cmocka_unit_test(
			test_keys_tell_apart_what_would_match_differently),
	};

	return cmocka_run_group_tests_name("access", tests, NULL, NULL);
}

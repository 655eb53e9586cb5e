/*
 * test_claims: reading what a token allows (lib/claims.c), in the 0.x
 * grammar (the mercure claim) and the 1.0 one (authorization_details),
 * and the issuer and audience checks.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "bounds.h"
#include "buf.h"
#include "claims.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define TYPE "\"type\":\"https://mercure.rocks/authorization-detail\""

static json_t *parse(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, JSON_ALLOW_NUL, &je);

	if (!j)
		fail_msg("bad test JSON: %s", je.text);
	return j;
}

/* Read text's grants into g; claims (to free) in *claims. */
static int read_text(const char *text, json_t **claims, struct claims_grants *g,
		     struct err *e)
{
	err_init(e);
	*claims = parse(text);
	return claims_grants_read(g, *claims, e);
}

/* Read text's grants, which must be accepted. */
static void read_ok(const char *text, json_t **claims, struct claims_grants *g)
{
	struct err e;

	if (read_text(text, claims, g, &e) != 0)
		fail_msg("refused: %s", e.msg);
}

static void release(json_t *claims, struct claims_grants *g)
{
	claims_grants_release(g);
	json_decref(claims);
}

static void assert_topic(const struct claims_topic *t, enum claims_match type,
			 const char *text)
{
	assert_int_equal(t->type, type);
	assert_int_equal(t->len, strlen(text));
	assert_memory_equal(t->text, text, t->len);
}

static void refused(const char *text, const char *why)
{
	struct claims_grants g;
	json_t *claims;
	struct err e;

	if (read_text(text, &claims, &g, &e) == 0)
		fail_msg("accepted, want refusal for '%s': %s", why, text);
	assert_int_equal(e.cls, ERR_DENIED);
	if (!strstr(e.msg, why))
		fail_msg("refused with '%s', want '%s'", e.msg, why);
	release(claims, &g);
}

static void test_the_mercure_claim_grants_its_lists_as_selectors(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"mercure\":{\"publish\":[\"https://e.com/{id}\"],"
		"\"subscribe\":[\"*\",\"a\"],\"payload\":{\"u\":1}}}",
		&claims, &g);
	assert_int_equal(g.ndetails, 2);
	assert_int_equal(g.details[0].actions, CLAIMS_PUBLISH);
	assert_int_equal(g.details[0].ntopics, 1);
	assert_topic(&g.details[0].topics[0], CLAIMS_MATCH_SELECTOR,
		     "https://e.com/{id}");
	assert_int_equal(g.details[1].actions, CLAIMS_SUBSCRIBE);
	assert_int_equal(g.details[1].ntopics, 2);
	assert_topic(&g.details[1].topics[0], CLAIMS_MATCH_SELECTOR, "*");
	assert_topic(&g.details[1].topics[1], CLAIMS_MATCH_SELECTOR, "a");
	assert_true(json_equal(
		g.payload, json_object_get(json_object_get(claims, "mercure"),
					   "payload")));
	assert_false(g.publish_empty);
	release(claims, &g);
}

static void test_the_namespaced_claim_stands_in_for_mercure(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"https://mercure.rocks/\":{\"publish\":[]}}", &claims, &g);
	assert_int_equal(g.ndetails, 1);
	assert_int_equal(g.details[0].ntopics, 0);
	assert_true(g.publish_empty);
	release(claims, &g);
}

static void test_mercure_lists_that_are_not_arrays_grant_nothing(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"mercure\":{\"publish\":\"*\",\"subscribe\":null},"
		"\"sub\":\"x\"}",
		&claims, &g);
	assert_int_equal(g.ndetails, 0);
	assert_false(g.publish_empty);
	assert_null(g.payload);
	release(claims, &g);
	read_ok("{\"mercure\":\"*\"}", &claims, &g);
	assert_int_equal(g.ndetails, 0);
	release(claims, &g);
}

static void test_a_mercure_list_entry_must_be_a_string(void **state)
{
	(void)state;
	refused("{\"mercure\":{\"publish\":[\"a\",1]}}",
		"mercure.publish holds a non-string");
	refused("{\"mercure\":{\"subscribe\":[null]}}",
		"mercure.subscribe holds a non-string");
}

static void test_a_detail_grants_its_actions_on_its_topics(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"authorization_details\":[{" TYPE
		",\"actions\":[\"publish\",\"subscribe\",\"delete\"],"
		"\"topics\":[{\"match\":\"https://e.com/{id}\"},"
		"{\"match\":\"b\",\"match_type\":\"exact\"},"
		"{\"match\":\"/books/:id\",\"match_type\":"
		"\"urlpattern\"}],\"payload\":{\"p\":true}}]}",
		&claims, &g);
	assert_int_equal(g.ndetails, 1);
	assert_int_equal(g.details[0].actions,
			 CLAIMS_PUBLISH | CLAIMS_SUBSCRIBE);
	assert_int_equal(g.details[0].ntopics, 3);
	assert_topic(&g.details[0].topics[0], CLAIMS_MATCH_EXACT,
		     "https://e.com/{id}");
	assert_topic(&g.details[0].topics[1], CLAIMS_MATCH_EXACT, "b");
	assert_topic(&g.details[0].topics[2], CLAIMS_MATCH_URLPATTERN,
		     "/books/:id");
	assert_non_null(g.details[0].payload);
	assert_null(g.payload);
	release(claims, &g);
}

static void test_unknown_actions_grant_nothing(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"authorization_details\":[{" TYPE
		",\"actions\":[\"Publish\",\"read\"],"
		"\"topics\":[{\"match\":\"*\"}]}]}",
		&claims, &g);
	assert_int_equal(g.ndetails, 1);
	assert_int_equal(g.details[0].actions, 0);
	release(claims, &g);
}

static void test_details_of_other_types_are_ignored(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"authorization_details\":["
		"{\"type\":\"tenant\",\"topics\":\"acme\","
		"\"actions\":{\"read\":true}},"
		"{\"type\":\"https://mercure.rocks/authorization-"
		"detail\\u0000\",\"actions\":7},"
		"{\"actions\":[\"publish\"],\"topics\":[{\"match\":"
		"\"*\"}]},"
		"{" TYPE ",\"actions\":[\"subscribe\"],"
		"\"topics\":[{\"match\":\"a\"}]}]}",
		&claims, &g);
	assert_int_equal(g.ndetails, 1);
	assert_int_equal(g.details[0].actions, CLAIMS_SUBSCRIBE);
	release(claims, &g);
}

static void test_a_malformed_mercure_detail_refuses_the_token(void **state)
{
	static const struct {
		const char *details, *why;
	} cases[] = {
		{ "{}", "'authorization_details' is not an array" },
		{ "[1]", "authorization_details[0] is not an object" },
		{ "[{" TYPE ",\"topics\":[{\"match\":\"a\"}]}]",
		  "'actions' is not a non-empty array" },
		{ "[{" TYPE ",\"actions\":[],\"topics\":[{\"match\":\"a\"}]}]",
		  "'actions' is not a non-empty array" },
		{ "[{" TYPE ",\"actions\":\"publish\",\"topics\":[{\"match\":"
		  "\"a\"}]}]",
		  "'actions' is not a non-empty array" },
		{ "[{" TYPE ",\"actions\":[\"publish\",1],\"topics\":[{"
		  "\"match\":\"a\"}]}]",
		  "'actions' holds a non-string" },
		{ "[{" TYPE ",\"actions\":[\"publish\"]}]",
		  "'topics' is not a non-empty array" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[]}]",
		  "'topics' is not a non-empty array" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[\"a\"]}]",
		  "a topic without a 'match'" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[null]}]",
		  "a topic without a 'match'" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match_type\":\"exact\"}]}]",
		  "a topic without a 'match'" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":\"\"}]}]",
		  "a topic without a 'match'" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":1}]}]",
		  "a topic without a 'match'" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":\"a\\u0000b\"}]}]",
		  "not UTF-8 text" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":\"a\\u200bb\"}]}]",
		  "not UTF-8 text" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":\"a\",\"match_type\":\"Exact\"}]}]",
		  "'match_type' is not \"exact\" or \"urlpattern\"" },
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":\"a\",\"match_type\":\"regex\"}]}]",
		  "'match_type' is not" },
		{ "[{" TYPE ",\"actions\":[\"subscribe\"],\"topics\":[{"
		  "\"match\":\"a\"}],\"payload\":[1]}]",
		  "'payload' is not an object" },
		/* A good entry does not save a bad one after it. */
		{ "[{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		  "\"match\":\"*\"}]},{" TYPE ",\"actions\":[\"subscribe\"],"
		  "\"topics\":[{\"match\":\"*\",\"match_type\":7}]}]",
		  "authorization_details[1]: 'match_type'" },
	};
	char text[1024];
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(cases); i++) {
		snprintf(text, sizeof(text),
			 "{\"mercure\":{\"publish\":[\"*\"]},"
			 "\"authorization_details\":%s}",
			 cases[i].details);
		refused(text, cases[i].why);
	}
}

/* Claims with n details of m topics each, whose matches are k bytes. */
static char *many(int n, int m, size_t k)
{
	struct buf b = BUF_INIT(64 * 1024 * 1024);
	int i, j;
	size_t c;

	assert_int_equal(buf_addstr(&b, "{\"authorization_details\":["), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(buf_printf(&b,
					    "%s{" TYPE ",\"actions\":["
					    "\"publish\"],\"topics\":[",
					    i ? "," : ""),
				 0);
		for (j = 0; j < m; j++) {
			assert_int_equal(
				buf_printf(&b, "%s{\"match\":\"", j ? "," : ""),
				0);
			for (c = 0; c < k; c++)
				assert_int_equal(buf_addch(&b, 'x'), 0);
			assert_int_equal(buf_addstr(&b, "\"}"), 0);
		}
		assert_int_equal(buf_addstr(&b, "]}"), 0);
	}
	assert_int_equal(buf_addstr(&b, "]}"), 0);
	return buf_detach(&b, NULL);
}

static void accepted_text(const char *text, size_t ndetails)
{
	struct claims_grants g;
	json_t *claims;

	read_ok(text, &claims, &g);
	assert_int_equal(g.ndetails, ndetails);
	release(claims, &g);
}

static void test_grants_past_the_limits_refuse_the_token(void **state)
{
	char *text;

	(void)state;
	text = many(LIMIT_GRANT_DETAILS, 1, 1);
	accepted_text(text, LIMIT_GRANT_DETAILS);
	free(text);
	text = many(LIMIT_GRANT_DETAILS + 1, 1, 1);
	refused(text, "more than 100 Mercure authorization details");
	free(text);
	text = many(1, LIMIT_GRANT_TOPICS, LIMIT_TOPIC_BYTES);
	accepted_text(text, 1);
	free(text);
	text = many(1, LIMIT_GRANT_TOPICS + 1, 1);
	refused(text, "more than 100 topics");
	free(text);
	text = many(1, 1, LIMIT_TOPIC_BYTES + 1);
	refused(text, "a 'match' longer than 4096 bytes");
	free(text);
}

static void test_both_grammars_are_read_together(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"authorization_details\":[{" TYPE
		",\"actions\":[\"subscribe\"],"
		"\"topics\":[{\"match\":\"b\"}]}],"
		"\"mercure\":{\"publish\":[\"a\"]}}",
		&claims, &g);
	assert_int_equal(g.ndetails, 2);
	assert_int_equal(g.details[0].actions, CLAIMS_PUBLISH);
	assert_topic(&g.details[0].topics[0], CLAIMS_MATCH_SELECTOR, "a");
	assert_int_equal(g.details[1].actions, CLAIMS_SUBSCRIBE);
	assert_topic(&g.details[1].topics[0], CLAIMS_MATCH_EXACT, "b");
	release(claims, &g);
}

static void assert_payload(const struct claims_grants *g, const char *match,
			   const char *want)
{
	const json_t *p = claims_subscription_payload(g, match, strlen(match));
	char *text;

	if (!want) {
		assert_null(p);
		return;
	}
	assert_non_null(p);
	text = json_dumps(p, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_string_equal(text, want);
	free(text);
}

static void test_a_subscription_gets_the_first_matching_payload(void **state)
{
	struct claims_grants g;
	json_t *claims;

	(void)state;
	read_ok("{\"authorization_details\":["
		"{" TYPE ",\"actions\":[\"publish\"],\"topics\":[{"
		"\"match\":\"*\"}],\"payload\":{\"n\":0}},"
		"{" TYPE ",\"actions\":[\"subscribe\"],\"topics\":[{"
		"\"match\":\"a\"}],\"payload\":{\"n\":1}},"
		"{" TYPE ",\"actions\":[\"subscribe\"],\"topics\":[{"
		"\"match\":\"c\"}]},"
		"{" TYPE ",\"actions\":[\"subscribe\"],\"topics\":[{"
		"\"match\":\"/b/:id\",\"match_type\":\"urlpattern\"}],"
		"\"payload\":{\"n\":2}},"
		"{" TYPE ",\"actions\":[\"subscribe\"],\"topics\":[{"
		"\"match\":\"*\",\"match_type\":\"urlpattern\"}],"
		"\"payload\":{\"n\":3}}],"
		"\"mercure\":{\"subscribe\":[\"*\"],\"payload\":7}}",
		&claims, &g);
	assert_payload(&g, "a", "{\"n\":1}");
	assert_payload(&g, "c", NULL); /* its grant has no payload */
	/* A URL pattern names its own text and the matchers it matches. */
	assert_payload(&g, "/b/:id", "{\"n\":2}");
	assert_payload(&g, "/b/7", "{\"n\":2}");
	assert_payload(&g, "http://mercure.invalid/b/7", "{\"n\":2}");
	assert_payload(&g, "/b/7/x", "{\"n\":3}");
	assert_payload(&g, "A", "{\"n\":3}");
	release(claims, &g);
	read_ok("{\"mercure\":{\"subscribe\":[\"a\"],\"payload\":7},"
		"\"authorization_details\":[{" TYPE
		",\"actions\":[\"subscribe\"],\"topics\":[{"
		"\"match\":\"b\"}],\"payload\":{\"n\":2}}]}",
		&claims, &g);
	assert_payload(&g, "b", "{\"n\":2}");
	assert_payload(&g, "a", "7");
	assert_payload(&g, "*", "7");
	release(claims, &g);
}

static void check(const char *text, const char *iss, const char *aud,
		  const char *why)
{
	json_t *claims = parse(text);
	struct err e;
	int rc;

	err_init(&e);
	rc = claims_check_audience(claims, iss, aud, &e);
	json_decref(claims);
	if (!why) {
		if (rc != 0)
			fail_msg("refused: %s", e.msg);
		return;
	}
	if (rc == 0)
		fail_msg("accepted %s, want '%s'", text, why);
	assert_int_equal(e.cls, ERR_DENIED);
	assert_string_equal(e.msg, why);
}

static void test_issuer_and_audience_are_checked_when_expected(void **state)
{
	static const char hub[] = "https://hub.example/.well-known/mercure";

	(void)state;
	check("{}", NULL, NULL, NULL);
	check("{\"iss\":1,\"aud\":1}", NULL, NULL, NULL);
	check("{\"iss\":\"https://a.example\"}", "https://a.example", NULL,
	      NULL);
	check("{}", "https://a.example", NULL, "token has no 'iss'");
	check("{\"iss\":\"https://A.example\"}", "https://a.example", NULL,
	      "issuer is not 'https://a.example'");
	check("{\"iss\":[\"https://a.example\"]}", "https://a.example", NULL,
	      "issuer is not 'https://a.example'");
	check("{\"aud\":\"https://hub.example/.well-known/mercure\"}", NULL,
	      hub, NULL);
	check("{\"aud\":[\"x\",\"https://hub.example/.well-known/mercure\"]}",
	      NULL, hub, NULL);
	check("{\"aud\":[\"x\"]}", NULL, hub,
	      "audience does not hold "
	      "'https://hub.example/.well-known/mercure'");
	check("{\"aud\":{\"https://hub.example/.well-known/mercure\":1}}", NULL,
	      hub,
	      "audience does not hold "
	      "'https://hub.example/.well-known/mercure'");
	check("{\"iss\":\"i\"}", "i", hub, "token has no 'aud'");
	check("{\"iss\":\"i\",\"aud\":\"a\"}", "i", "a", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_the_mercure_claim_grants_its_lists_as_selectors),
		cmocka_unit_test(
			test_the_namespaced_claim_stands_in_for_mercure),
		cmocka_unit_test(
			test_mercure_lists_that_are_not_arrays_grant_nothing),
		cmocka_unit_test(test_a_mercure_list_entry_must_be_a_string),
		cmocka_unit_test(
			test_a_detail_grants_its_actions_on_its_topics),
		cmocka_unit_test(test_unknown_actions_grant_nothing),
		cmocka_unit_test(test_details_of_other_types_are_ignored),
		cmocka_unit_test(
			test_a_malformed_mercure_detail_refuses_the_token),
		cmocka_unit_test(test_grants_past_the_limits_refuse_the_token),
		cmocka_unit_test(test_both_grammars_are_read_together),
		cmocka_unit_test(
			test_a_subscription_gets_the_first_matching_payload),
		cmocka_unit_test(
			test_issuer_and_audience_are_checked_when_expected),
	};

	return cmocka_run_group_tests_name("claims", tests, NULL, NULL);
}

/*
 * fuzz_claims: arbitrary bytes as the claims of a verified token, read
 * for what they allow (lib/claims.c) and compiled for both actions
 * (lib/access.c). Beyond "no crash, no leak" it checks the contract: a
 * refusal is ERR_DENIED with a reason; what is read holds only known
 * actions and matcher types; every 1.0 matcher is non-empty text within
 * the limits; an exact matcher allows its own text, and so does "*"
 * whatever its type; a payload is an object; compiling fails only on a
 * limit. Seeds: the .in files under tests/data/claims.
 */
#include "compat.h"

#include "access.h"
#include "bounds.h"
#include "claims.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_topic(const struct claims_topic *t)
{
	if (t->type == CLAIMS_MATCH_SELECTOR)
		return;
	if (t->type != CLAIMS_MATCH_EXACT && t->type != CLAIMS_MATCH_URLPATTERN)
		abort();
	if (!t->len || t->len > LIMIT_TOPIC_BYTES ||
	    !topic_text_valid(t->text, t->len, true))
		abort();
}

/* What access compiles for action must allow what it must. */
static void check_access(const struct claims_grants *g, unsigned action)
{
	struct access *a;
	struct err e;
	size_t i, k;

	err_init(&e);
	a = access_new(g, action, &e);
	if (!a) {
		/* URL patterns were compiled, or refused, as g was read. */
		if (e.cls != ERR_LIMIT && e.cls != ERR_RUNTIME)
			abort();
		return;
	}
	for (i = 0; i < g->ndetails; i++) {
		const struct claims_detail *d = &g->details[i];

		for (k = 0; (d->actions & action) && k < d->ntopics; k++) {
			const struct claims_topic *t = &d->topics[k];
			bool star = t->len == 1 && t->text[0] == '*';

			if ((t->type != CLAIMS_MATCH_URLPATTERN || star) &&
			    !access_one(a, t->text, t->len))
				abort();
			if (star && !access_one(a, "x", 1))
				abort();
		}
	}
	access_free(a);
}

static void check_grants(const struct claims_grants *g)
{
	size_t i, k;

	for (i = 0; i < g->ndetails; i++) {
		const struct claims_detail *d = &g->details[i];

		if (d->actions & ~(CLAIMS_PUBLISH | CLAIMS_SUBSCRIBE))
			abort();
		if (d->payload && !json_is_object(d->payload))
			abort();
		for (k = 0; k < d->ntopics; k++) {
			check_topic(&d->topics[k]);
			(void)claims_subscription_payload(g, d->topics[k].text,
							  d->topics[k].len);
		}
	}
	check_access(g, CLAIMS_PUBLISH);
	check_access(g, CLAIMS_SUBSCRIBE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *claims = json_loadb((const char *)data, size,
				    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	struct claims_grants g;
	struct err e;

	if (!claims)
		return 0;
	err_init(&e);
	if (claims_grants_read(&g, claims, &e) == 0)
		check_grants(&g);
	else if (e.cls != ERR_DENIED || !e.msg[0])
		abort();
	claims_grants_release(&g);
	err_init(&e);
	if (claims_check_audience(claims, "i", "a", &e) < 0 &&
	    e.cls != ERR_DENIED)
		abort();
	json_decref(claims);
	return 0;
}

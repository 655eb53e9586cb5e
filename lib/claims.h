/*
 * claims: the claims of Mercure tokens, both ways.
 *
 * Building: the claims object of a token from what a user asked for on a
 * command line (jwt-mint's options; mercure-pub's minted token). Nothing
 * is added that was not asked for. The starting object, when given, is
 * kept exactly; the other requests are applied on top of it in this
 * order: mercure.publish/subscribe/payload, NAME=VALUE claims, then sub,
 * iss, aud, iat, nbf and exp.
 *
 * Reading: what a verified token allows a hub to let it do. Two grammars
 * are read side by side, and a token may carry both:
 *   - 0.x: the "mercure" claim (or "https://mercure.rocks/"), with the
 *     publish and subscribe lists of topic selectors and a payload;
 *   - 1.0: "authorization_details" (RFC 9396), whose entries of type
 *     https://mercure.rocks/authorization-detail grant actions
 *     ("publish", "subscribe") on topics, each a {"match", "match_type"}
 *     object with match_type "exact" (the default) or "urlpattern", with
 *     an optional payload for subscriptions.
 * A malformed Mercure entry makes the whole token invalid: no grant is
 * ever taken from part of a token.
 */
#ifndef WS_CLAIMS_H
#define WS_CLAIMS_H

#include "compat.h"
#include "err.h"

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

/* A list of strings, borrowed. */
struct claims_list {
	const char *const *items;
	int n;
};

struct claims_spec {
	const char *base; /* the whole claims object (JSON, @file, @-) */
	struct claims_list publish;   /* mercure.publish */
	struct claims_list subscribe; /* mercure.subscribe */
	const char *payload;	      /* mercure.payload (JSON, @file, @-) */
	struct claims_list named;     /* "NAME=VALUE"; VALUE is JSON when it
				       * parses, else a string */
	const char *sub, *iss;
	struct claims_list aud; /* a string for one, an array for more */
	bool iat;		/* set iat ... */
	const char *iat_time;	/* ... to this time, or to now when NULL/"" */
	const char *nbf_time;	/* set nbf, or NULL */
	const char *ttl;	/* set exp to now plus this duration, or NULL */
	time_t now;
};

/*
 * New: the claims object spec asks for. Fails with ERR_DATA (invalid JSON,
 * with its position; a base or "mercure" that is not an object),
 * ERR_USAGE (a NAME=VALUE without a name, a bad time or duration) or
 * ERR_NOINPUT (an unreadable @file).
 */
json_t *claims_build(const struct claims_spec *spec, struct err *e);

/* How a matcher of a grant reads topics. */
enum claims_match {
	CLAIMS_MATCH_SELECTOR,	/* 0.x: "*", a string or a URI template */
	CLAIMS_MATCH_EXACT,	/* 1.0 "exact": "*", or the same bytes */
	CLAIMS_MATCH_URLPATTERN /* 1.0 "urlpattern" (see access.h) */
};

/* Actions, as bits. */
#define CLAIMS_PUBLISH	 1u
#define CLAIMS_SUBSCRIBE 2u

struct urlpattern;

struct claims_topic {
	enum claims_match type;
	const char *text; /* borrowed from the claims */
	size_t len;
	/* CLAIMS_MATCH_URLPATTERN but "*": the compiled pattern, owned */
	struct urlpattern *pattern;
};

/* One grant: actions on topics (and a subscription payload). */
struct claims_detail {
	unsigned actions; /* CLAIMS_PUBLISH | CLAIMS_SUBSCRIBE */
	const struct claims_topic *topics;
	size_t ntopics;
	const json_t *payload; /* borrowed; NULL when none */
};

/* What a token allows. Everything is borrowed from the claims object,
 * which must outlive it, except the two arrays, which are its own. */
struct claims_grants {
	struct claims_detail *details; /* the 0.x claim's, then 1.0 ones */
	size_t ndetails;
	struct claims_topic *topics; /* the details' topics, end to end */
	size_t ntopics;
	const json_t *payload; /* 0.x mercure.payload, or NULL */
	bool publish_empty;    /* 0.x mercure.publish is [] */
};

/*
 * Read what a verified token's claims allow into g (released with
 * claims_grants_release, also after an error). The 0.x lists are taken
 * when they are arrays, as the original hub did, and must hold strings.
 * Returns 0, or -1 with ERR_DENIED naming what is malformed: a list entry
 * that is not a string, authorization_details not an array or holding
 * something other than objects, a Mercure entry without a non-empty
 * actions array of strings or a non-empty topics array, a topic without
 * a non-empty match (UTF-8 text without control or format characters, up
 * to LIMIT_TOPIC_BYTES) or with a match_type other than "exact" and
 * "urlpattern", a payload that is not an object, or more than
 * LIMIT_GRANT_DETAILS Mercure entries or LIMIT_GRANT_TOPICS topics in
 * one; ERR_RUNTIME without memory.
 */
int claims_grants_read(struct claims_grants *g, const json_t *claims,
		       struct err *e) WS_MUST_USE;

/* Free what claims_grants_read allocated; g is empty again. */
void claims_grants_release(struct claims_grants *g);

/*
 * Borrowed: the payload of a subscription whose matcher is match[0..len):
 * that of the first 1.0 subscribe grant one of whose topics matches the
 * matcher's text as if it were a topic ("*" matches any; the same text
 * matches whatever the types; a URL pattern, compiled against
 * URLPATTERN_DEFAULT_BASE, matches what it matches), which may be NULL;
 * when no 1.0 grant matches, the 0.x payload, which applies to every
 * subscription; else NULL.
 */
const json_t *claims_subscription_payload(const struct claims_grants *g,
					  const char *match, size_t len);

/*
 * Check the registered claims a hub was told to expect: iss must be
 * exactly iss, and aud (a string, or an array of strings) must hold aud.
 * NULL expects nothing. Returns 0, or -1 with ERR_DENIED and the reason.
 */
int claims_check_audience(const json_t *claims, const char *iss,
			  const char *aud, struct err *e) WS_MUST_USE;

#endif

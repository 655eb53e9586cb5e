/*
 * claims: build the claims object of a token from what a user asked for
 * on a command line (jwt-mint's options; mercure-pub's minted token).
 *
 * Nothing is added that was not asked for. The starting object, when
 * given, is kept exactly; the other requests are applied on top of it in
 * this order: mercure.publish/subscribe/payload, NAME=VALUE claims, then
 * sub, iss, aud, iat, nbf and exp.
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

#endif

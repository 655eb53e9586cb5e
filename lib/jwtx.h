/*
 * jwtx: JSON Web Tokens (RFC 7519, compact JWS), made safe.
 *
 * libjwt 1.10.2 alone skips verification when given no key, lets a token
 * choose its own algorithm (an HS256 token keyed with an RSA public key's
 * PEM text passes an RS256 check), never looks at exp or nbf, and refuses
 * every token whose typ is not JWT. Here libjwt only signs: a key is
 * always bound to one algorithm when it is loaded, the token's header is
 * checked against it, "none" is refused, the signature is verified with
 * OpenSSL, and exp/nbf are checked with a leeway. Tokens typed at+jwt
 * (RFC 9068 access tokens, as Mercure 1.0 issuers sign them) are
 * verified like JWT ones and must carry exp. Malformed tokens are refused
 * with a reason. A loaded key can be shared by threads.
 */
#ifndef WS_JWTX_H
#define WS_JWTX_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

enum jwtx_alg {
	JWTX_HS256,
	JWTX_HS384,
	JWTX_HS512,
	JWTX_RS256,
	JWTX_RS384,
	JWTX_RS512,
	JWTX_ES256,
	JWTX_ES384,
	JWTX_ES512
};

enum jwtx_use {
	JWTX_SIGN,  /* HS: the secret; RS/ES: a PEM private key */
	JWTX_VERIFY /* HS: the secret; RS/ES: a PEM public (or private) key */
};

struct jwtx_key;

/* Parse an algorithm name ("HS256", case-insensitive). Returns 0, or -1
 * with ERR_USAGE listing the supported names. */
int jwtx_alg_parse(const char *name, enum jwtx_alg *alg,
		   struct err *e) WS_MUST_USE;

/* Borrowed: the canonical name ("HS256"). */
const char *jwtx_alg_name(enum jwtx_alg alg);

/* Whether alg takes a PEM key (RS and ES) rather than a shared secret. */
bool jwtx_alg_is_asymmetric(enum jwtx_alg alg);

/*
 * New: a key for alg, from len bytes of material (the secret, or PEM
 * text). Fails with ERR_DATA when the material is empty or of the wrong
 * kind for alg: PEM text for HS, a key that is not RSA for RS, not on the
 * algorithm's curve for ES. Free with jwtx_key_free.
 */
struct jwtx_key *jwtx_key_new(enum jwtx_alg alg, enum jwtx_use use,
			      const void *material, size_t len, struct err *e);

void jwtx_key_free(struct jwtx_key *key);

/*
 * What a Mercure client presents, from its options: a whole token (jwt:
 * TOKEN, @file or @-) is copied into token; otherwise a secret (secret,
 * read as --key reads it) becomes an HS256 signing key in *key (new), to
 * mint tokens on the fly. When both are set the token wins, unless
 * prefer_secret (the secret came on the command line, the token only
 * from the environment). Neither: nothing, and 0. Errors as
 * jwtx_key_from_arg.
 */
int jwtx_client_credentials(const char *jwt, const char *secret,
			    bool prefer_secret, struct buf *token,
			    struct jwtx_key **key, struct err *e) WS_MUST_USE;

/*
 * New: a key from a command-line value, as every tool reads --key:
 * "@file" and "@-" read a file or standard input (one trailing newline
 * trimmed); for RS and ES, PEM text is taken as is and any other value
 * names a PEM file; for HS any other value is the secret itself. Errors
 * as jwtx_key_new, or ERR_NOINPUT naming an unreadable file.
 */
struct jwtx_key *jwtx_key_from_arg(enum jwtx_alg alg, enum jwtx_use use,
				   const char *arg, struct err *e);

enum jwtx_alg jwtx_key_alg(const struct jwtx_key *key);

/* Whether an HS secret is shorter than the algorithm's hash (a warning,
 * not an error: the original deployments use short secrets). */
bool jwtx_key_is_weak(const struct jwtx_key *key);

/*
 * New: a token for claims, signed with a JWTX_SIGN key, with the header
 * {"alg":"<alg>","typ":"JWT"}. Claims are written exactly as given, keys
 * sorted; nothing is added. Free with free(). NULL on failure, with
 * ERR_LIMIT when the token would pass LIMIT_JWT_BYTES, which
 * jwtx_verify refuses.
 */
char *jwtx_sign(const struct jwtx_key *key, const json_t *claims,
		struct err *e);

/*
 * Verify token (len bytes; need not be NUL-terminated) with a JWTX_VERIFY
 * key: size, shape, algorithm, type (none, JWT or at+jwt, any case),
 * signature, then exp and nbf against now with leeway seconds of
 * tolerance; an at+jwt token without exp is refused. On success returns 0 and,
 * when claims is not NULL, a new reference to the claims object. On failure
 * returns -1 with ERR_DENIED and the reason.
 */
int jwtx_verify(const struct jwtx_key *key, const char *token, size_t len,
		time_t now, long leeway, json_t **claims,
		struct err *e) WS_MUST_USE;

/*
 * A cache of tokens that verified, for servers that see the same token
 * again and again (a publisher signs once and publishes thousands of
 * times). Only successes are kept, with their claims; exp and nbf are
 * checked again on every hit, and the cache is bound to one key. Not
 * thread-safe: one per thread.
 */
struct jwtx_cache;

/* New: a cache of up to slots tokens (rounded up to a power of two). */
struct jwtx_cache *jwtx_cache_new(const struct jwtx_key *key, size_t slots);
void jwtx_cache_free(struct jwtx_cache *cache);

/* As jwtx_verify with the cache's key, answering from the cache when it
 * can. */
int jwtx_verify_cached(struct jwtx_cache *cache, const char *token, size_t len,
		       time_t now, long leeway, json_t **claims,
		       struct err *e) WS_MUST_USE;

/*
 * Decode token WITHOUT verifying it: new references to its header and
 * claims objects. Fails with ERR_DATA when the token is malformed.
 */
int jwtx_decode(const char *token, size_t len, json_t **header, json_t **claims,
		struct err *e) WS_MUST_USE;

/* Borrowed: the versions of libjwt's stack ("libjwt 1.10, jansson ..."). */
const char *jwtx_versions(void);

#endif

/*
 * test_jwtx: JSON Web Tokens made safe on libjwt 1.10.2 (lib/jwtx.c).
 *
 * One test per attack libjwt alone lets through or that a hub must
 * refuse, round trips for all nine algorithms with keys made at test
 * time, and the Mercure test vectors.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "b64.h"
#include "bounds.h"
#include "buf.h"
#include "jwtx.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#define NOW ((time_t)1700000000) /* 2023-11-14T22:13:20Z */

#define CHANGE_ME   "!ChangeMe!"
#define MERCURE_KEY "!ChangeThisMercureHubJWTSecretKey!"
#define CHANGE_ME_JWT                    \
 "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." \
 "eyJtZXJjdXJlIjp7InB1Ymxpc2giOltdfX0."  \
 "Oo0yg7y4yMa1vr_bziltxuTCqb8JVHKxp-f_FwwOim0"

/* A private key and its public half, as PEM text. */
struct pems {
	char *priv, *pub;
};

static struct pems rsa, rsa_other, p256, p256_other, p384, p521;

static char *bio_text(BIO *bio)
{
	char *p = NULL, *text;
	long n = BIO_get_mem_data(bio, &p);

	assert_true(n > 0);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	memcpy(text, p, (size_t)n);
	text[n] = '\0';
	return text;
}

static void make_pems(struct pems *out, EVP_PKEY *pk)
{
	BIO *bio;

	assert_non_null(pk);
	bio = BIO_new(BIO_s_mem());
	assert_int_equal(
		PEM_write_bio_PrivateKey(bio, pk, NULL, NULL, 0, NULL, NULL),
		1);
	out->priv = bio_text(bio);
	BIO_free(bio);
	bio = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(bio, pk), 1);
	out->pub = bio_text(bio);
	BIO_free(bio);
	EVP_PKEY_free(pk);
}

static int make_keys(void **state)
{
	(void)state;
	make_pems(&rsa, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
	make_pems(&rsa_other,
		  EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
	make_pems(&p256, EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	make_pems(&p256_other, EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	make_pems(&p384, EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384"));
	make_pems(&p521, EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521"));
	return 0;
}

static int free_keys(void **state)
{
	struct pems *all[] = { &rsa,	    &rsa_other, &p256,
			       &p256_other, &p384,	&p521 };
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(all); i++) {
		free(all[i]->priv);
		free(all[i]->pub);
	}
	return 0;
}

/* New: a key that must load. */
static struct jwtx_key *key(enum jwtx_alg alg, enum jwtx_use use,
			    const char *material)
{
	struct err e;
	struct jwtx_key *k;

	err_init(&e);
	k = jwtx_key_new(alg, use, material, strlen(material), &e);
	if (!k)
		fail_msg("key for %s refused: %s", jwtx_alg_name(alg), e.msg);
	return k;
}

/* The reason a key is refused (a static buffer), failing if it loads. */
static const char *key_refused(enum jwtx_alg alg, enum jwtx_use use,
			       const void *material, size_t len)
{
	static struct err e;
	struct jwtx_key *k;

	err_init(&e);
	k = jwtx_key_new(alg, use, material, len, &e);
	if (k) {
		jwtx_key_free(k);
		fail_msg("a key for %s was accepted", jwtx_alg_name(alg));
	}
	assert_int_not_equal(e.cls, ERR_NONE);
	return e.msg;
}

/* New: claims (JSON text) signed with material for alg. */
static char *mint(enum jwtx_alg alg, const char *material, const char *json)
{
	struct jwtx_key *k = key(alg, JWTX_SIGN, material);
	json_t *claims = json_loads(json, 0, NULL);
	struct err e;
	char *token;

	assert_non_null(claims);
	err_init(&e);
	token = jwtx_sign(k, claims, &e);
	if (!token)
		fail_msg("cannot sign with %s: %s", jwtx_alg_name(alg), e.msg);
	json_decref(claims);
	jwtx_key_free(k);
	return token;
}

/* New: base64url(header) "." base64url(claims), as an attacker writes. */
static char *unsigned_part(const char *header, const char *claims)
{
	struct buf b = BUF_INIT(LIMIT_JWT_BYTES * 2);

	assert_int_equal(b64_url_encode(&b, header, strlen(header)), BUF_OK);
	assert_int_equal(buf_addch(&b, '.'), BUF_OK);
	assert_int_equal(b64_url_encode(&b, claims, strlen(claims)), BUF_OK);
	return buf_detach(&b, NULL);
}

/* New: a token with any header, HMAC'd with any secret. */
static char *forge_hmac(const char *header, const char *claims,
			const char *digest, const void *secret, size_t n)
{
	char *part = unsigned_part(header, claims);
	struct buf b = BUF_INIT(LIMIT_JWT_BYTES * 2);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;

	assert_non_null(HMAC(EVP_get_digestbyname(digest), secret, (int)n,
			     (const unsigned char *)part, strlen(part), mac,
			     &mac_len));
	assert_int_equal(buf_addstr(&b, part), BUF_OK);
	assert_int_equal(buf_addch(&b, '.'), BUF_OK);
	assert_int_equal(b64_url_encode(&b, mac, mac_len), BUF_OK);
	free(part);
	return buf_detach(&b, NULL);
}

/* New: a token with any header and a signature segment as given. */
static char *forge(const char *header, const char *claims,
		   const char *signature)
{
	char *part = unsigned_part(header, claims);
	struct buf b = BUF_INIT(LIMIT_JWT_BYTES * 2);

	assert_int_equal(buf_printf(&b, "%s.%s", part, signature), BUF_OK);
	free(part);
	return buf_detach(&b, NULL);
}

static int verify_len(const struct jwtx_key *k, const char *token, size_t len,
		      time_t now, long leeway, struct err *e)
{
	json_t *claims = NULL;
	int rc;

	err_init(e);
	rc = jwtx_verify(k, token, len, now, leeway, &claims, e);
	if (rc == 0)
		assert_true(json_is_object(claims));
	else
		assert_null(claims);
	json_decref(claims);
	return rc;
}

static void accepted_at(const struct jwtx_key *k, const char *token, time_t now,
			long leeway)
{
	struct err e;

	if (verify_len(k, token, strlen(token), now, leeway, &e) != 0)
		fail_msg("token refused: %s", e.msg);
}

/* Fails unless verification is denied with a reason containing why. */
static void denied_at(const struct jwtx_key *k, const char *token, size_t len,
		      time_t now, long leeway, const char *why)
{
	struct err e;

	if (verify_len(k, token, len, now, leeway, &e) == 0)
		fail_msg("token accepted, want refusal for '%s'", why);
	assert_int_equal(e.cls, ERR_DENIED);
	if (!strstr(e.msg, why))
		fail_msg("refused with '%s', want '%s'", e.msg, why);
}

static void denied(const struct jwtx_key *k, const char *token, const char *why)
{
	denied_at(k, token, strlen(token), NOW, 5, why);
}

/* --- test vectors ------------------------------------------------- */

static void test_the_original_publisher_token_is_minted_exactly(void **state)
{
	char *token;

	(void)state;
	token = mint(JWTX_HS256, CHANGE_ME, "{\"mercure\":{\"publish\":[]}}");
	assert_string_equal(token, CHANGE_ME_JWT);
	free(token);
}

static void test_the_original_publisher_token_verifies(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);
	json_t *claims = NULL;
	char *text;

	(void)state;
	assert_int_equal(jwtx_verify(k, CHANGE_ME_JWT, strlen(CHANGE_ME_JWT),
				     NOW, 5, &claims, NULL),
			 0);
	text = json_dumps(claims, JSON_COMPACT);
	assert_string_equal(text, "{\"mercure\":{\"publish\":[]}}");
	free(text);
	json_decref(claims);
	jwtx_key_free(k);
}

static void test_the_mercure_documentation_token_verifies(void **state)
{
	/* Header {"alg":"HS256"} without typ, from the Mercure docs. */
	static const char token[] =
		"eyJhbGciOiJIUzI1NiJ9."
		"eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdLCJzdWJzY3JpYmUiOlsiaHR0"
		"cHM6Ly9leGFtcGxlLmNvbS9teS1wcml2YXRlLXRvcGljIiwie3NjaGVtZX06"
		"Ly97K2hvc3R9L2RlbW8vYm9va3Mve2lkfS5qc29ubGQiLCIvLndlbGwta25v"
		"d24vbWVyY3VyZS9zdWJzY3JpcHRpb25zey90b3BpY317L3N1YnNjcmliZXJ9"
		"Il0sInBheWxvYWQiOnsidXNlciI6Imh0dHBzOi8vZXhhbXBsZS5jb20vdXNl"
		"cnMvZHVuZ2xhcyIsInJlbW90ZUFkZHIiOiIxMjcuMC4wLjEifX19."
		"KKPIikwUzRuB3DTpVw6ajzwSChwFw5omBMmMcWKiDcM";
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);

	(void)state;
	accepted_at(k, token, NOW, 5);
	jwtx_key_free(k);
}

/* --- signing ------------------------------------------------------- */

static void
test_the_header_names_the_algorithm_and_nothing_is_added(void **state)
{
	json_t *header = NULL, *claims = NULL;
	char *token, *text;

	(void)state;
	token = mint(
		JWTX_HS512, MERCURE_KEY,
		"{\"sub\":\"me\",\"aud\":[\"x\"],\"a\":{\"z\":1,\"b\":2}}");
	assert_int_equal(
		jwtx_decode(token, strlen(token), &header, &claims, NULL), 0);
	text = json_dumps(header, JSON_COMPACT);
	assert_string_equal(text, "{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
	free(text);
	/* Keys come out sorted, and no iat or exp appears. */
	text = json_dumps(claims, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(text, "{\"a\":{\"b\":2,\"z\":1},\"aud\":[\"x\"],"
				  "\"sub\":\"me\"}");
	free(text);
	json_decref(header);
	json_decref(claims);
	free(token);
}

static void test_a_verification_key_cannot_sign(void **state)
{
	struct jwtx_key *k = key(JWTX_ES256, JWTX_VERIFY, p256.pub);
	json_t *claims = json_object();
	struct err e;

	(void)state;
	err_init(&e);
	assert_null(jwtx_sign(k, claims, &e));
	assert_int_equal(e.cls, ERR_USAGE);
	json_decref(claims);
	jwtx_key_free(k);
}

static void round_trip(enum jwtx_alg alg, const struct pems *pems,
		       const char *secret)
{
	const char *json = "{\"mercure\":{\"publish\":[\"*\"]},\"exp\":"
			   "1700003600}";
	const char *sign_with = pems ? pems->priv : secret;
	struct jwtx_key *by_public, *by_private;
	json_t *want = json_loads(json, 0, NULL), *got = NULL;
	char *token = mint(alg, sign_with, json);

	by_public = key(alg, JWTX_VERIFY, pems ? pems->pub : secret);
	by_private = key(alg, JWTX_VERIFY, sign_with);
	assert_int_equal(jwtx_verify(by_public, token, strlen(token), NOW, 0,
				     &got, NULL),
			 0);
	assert_true(json_equal(want, got));
	accepted_at(by_private, token, NOW, 0);
	/* One bit off in the signature and it fails. */
	token[strlen(token) - 2] = token[strlen(token) - 2] == 'A' ? 'B' : 'A';
	denied(by_public, token, "signature does not match");
	json_decref(want);
	json_decref(got);
	jwtx_key_free(by_public);
	jwtx_key_free(by_private);
	free(token);
}

static void test_hs256_hs384_hs512_round_trip(void **state)
{
	(void)state;
	round_trip(JWTX_HS256, NULL, MERCURE_KEY);
	round_trip(JWTX_HS384, NULL, MERCURE_KEY);
	round_trip(JWTX_HS512, NULL, CHANGE_ME);
}

static void test_rs256_rs384_rs512_round_trip(void **state)
{
	(void)state;
	round_trip(JWTX_RS256, &rsa, NULL);
	round_trip(JWTX_RS384, &rsa, NULL);
	round_trip(JWTX_RS512, &rsa, NULL);
}

static void test_es256_es384_es512_round_trip(void **state)
{
	(void)state;
	round_trip(JWTX_ES256, &p256, NULL);
	round_trip(JWTX_ES384, &p384, NULL);
	round_trip(JWTX_ES512, &p521, NULL);
}

static void test_es_signatures_are_raw_r_and_s(void **state)
{
	static const struct {
		enum jwtx_alg alg;
		const struct pems *pems;
		size_t chars;
	} cases[] = {
		{ JWTX_ES256, &p256, 86 },  /* 64 bytes */
		{ JWTX_ES384, &p384, 128 }, /* 96 bytes */
		{ JWTX_ES512, &p521, 176 }, /* 132 bytes */
	};
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(cases); i++) {
		char *token = mint(cases[i].alg, cases[i].pems->priv, "{}");

		assert_int_equal(strlen(strrchr(token, '.') + 1),
				 cases[i].chars);
		free(token);
	}
}

static void test_an_es_signature_of_another_width_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_ES256, JWTX_VERIFY, p256.pub);
	char *token = mint(JWTX_ES256, p256.priv, "{}");
	struct buf longer = BUF_INIT(LIMIT_JWT_BYTES);
	size_t len = strlen(token);

	(void)state;
	accepted_at(k, token, NOW, 0);
	/* 84 characters: 63 bytes, one short of R and S. */
	denied_at(k, token, len - 2, NOW, 0, "signature does not match");
	assert_int_equal(buf_printf(&longer, "%sAAAA", token), BUF_OK);
	denied(k, buf_cstr(&longer), "signature does not match");
	buf_release(&longer);
	free(token);
	jwtx_key_free(k);
}

/* --- attacks ------------------------------------------------------- */

static const char *const hs256_header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
static const char *const grant_all = "{\"mercure\":{\"publish\":[\"*\"]}}";

static void
test_libjwt_alone_accepts_the_algorithm_confusion_token(void **state)
{
	char *token = forge_hmac(hs256_header, grant_all, "SHA256", rsa.pub,
				 strlen(rsa.pub));
	jwt_t *jwt = NULL;

	(void)state;
	/* The forged token is a real attack: the bare library takes it. */
	assert_int_equal(jwt_decode(&jwt, token, (const unsigned char *)rsa.pub,
				    (int)strlen(rsa.pub)),
			 0);
	assert_int_equal(jwt_get_alg(jwt), JWT_ALG_HS256);
	jwt_free(jwt);
	free(token);
}

static void
test_hs256_signed_with_the_rsa_public_key_is_refused_by_rs256(void **state)
{
	struct jwtx_key *k = key(JWTX_RS256, JWTX_VERIFY, rsa.pub);
	char *token = forge_hmac(hs256_header, grant_all, "SHA256", rsa.pub,
				 strlen(rsa.pub));

	(void)state;
	denied(k, token, "algorithm 'HS256' is not the expected 'RS256'");
	free(token);
	jwtx_key_free(k);
}

static void
test_hs256_signed_with_the_ec_public_key_is_refused_by_es256(void **state)
{
	struct jwtx_key *k = key(JWTX_ES256, JWTX_VERIFY, p256.pub);
	char *token = forge_hmac(hs256_header, grant_all, "SHA256", p256.pub,
				 strlen(p256.pub));

	(void)state;
	denied(k, token, "algorithm 'HS256' is not the expected 'ES256'");
	free(token);
	jwtx_key_free(k);
}

static void
test_another_hmac_algorithm_with_the_right_secret_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = mint(JWTX_HS512, MERCURE_KEY, grant_all);

	(void)state;
	denied(k, token, "algorithm 'HS512' is not the expected 'HS256'");
	free(token);
	jwtx_key_free(k);
}

static void test_the_algorithm_name_is_compared_exactly(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = forge_hmac("{\"alg\":\"hs256\"}", grant_all, "SHA256",
				 MERCURE_KEY, strlen(MERCURE_KEY));

	(void)state;
	denied(k, token, "algorithm 'hs256' is not the expected 'HS256'");
	free(token);
	jwtx_key_free(k);
}

static void test_alg_none_without_a_signature_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = forge("{\"alg\":\"none\"}", grant_all, "");
	char *upper =
		forge("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", grant_all, "");

	(void)state;
	denied(k, token, "algorithm 'none' is refused");
	denied(k, upper, "algorithm 'none' is refused");
	free(token);
	free(upper);
	jwtx_key_free(k);
}

static void test_alg_none_with_a_signature_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = forge_hmac("{\"alg\":\"none\"}", grant_all, "SHA256",
				 MERCURE_KEY, strlen(MERCURE_KEY));

	(void)state;
	denied(k, token, "algorithm 'none' is refused");
	free(token);
	jwtx_key_free(k);
}

static void test_a_token_without_a_signature_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = forge(hs256_header, grant_all, "");

	(void)state;
	denied(k, token, "token has no signature");
	free(token);
	jwtx_key_free(k);
}

static void test_a_token_signed_with_another_secret_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = mint(JWTX_HS256, CHANGE_ME, grant_all);

	(void)state;
	denied(k, token, "signature does not match");
	free(token);
	jwtx_key_free(k);
}

static void
test_a_token_signed_with_another_private_key_is_refused(void **state)
{
	struct jwtx_key *rs = key(JWTX_RS256, JWTX_VERIFY, rsa.pub);
	struct jwtx_key *es = key(JWTX_ES256, JWTX_VERIFY, p256.pub);
	char *rs_token = mint(JWTX_RS256, rsa_other.priv, grant_all);
	char *es_token = mint(JWTX_ES256, p256_other.priv, grant_all);

	(void)state;
	denied(rs, rs_token, "signature does not match");
	denied(es, es_token, "signature does not match");
	free(rs_token);
	free(es_token);
	jwtx_key_free(rs);
	jwtx_key_free(es);
}

static void test_changed_claims_break_the_signature(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *token = mint(JWTX_HS256, MERCURE_KEY, "{\"sub\":\"alice\"}");
	char *forged = forge(hs256_header, "{\"sub\":\"admin\"}",
			     strrchr(token, '.') + 1);

	(void)state;
	denied(k, forged, "signature does not match");
	free(token);
	free(forged);
	jwtx_key_free(k);
}

/* --- exp and nbf --------------------------------------------------- */

static char *timed(const char *claim, long long when)
{
	char json[96];

	snprintf(json, sizeof(json), "{\"%s\":%lld}", claim, when);
	return mint(JWTX_HS256, MERCURE_KEY, json);
}

static void test_exp_is_the_first_second_no_longer_valid(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *at_now = timed("exp", NOW), *next = timed("exp", NOW + 1);

	(void)state;
	denied_at(k, at_now, strlen(at_now), NOW, 0,
		  "token expired at 2023-11-14T22:13:20Z");
	accepted_at(k, next, NOW, 0);
	free(at_now);
	free(next);
	jwtx_key_free(k);
}

static void test_the_leeway_extends_exp_by_exactly_its_seconds(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *edge = timed("exp", NOW - 5), *inside = timed("exp", NOW - 4);

	(void)state;
	denied_at(k, edge, strlen(edge), NOW, 5, "token expired at");
	accepted_at(k, inside, NOW, 5);
	denied_at(k, inside, strlen(inside), NOW, 4, "token expired at");
	free(edge);
	free(inside);
	jwtx_key_free(k);
}

static void test_the_cache_answers_again_but_still_checks_exp(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	struct jwtx_cache *cache = jwtx_cache_new(k, 4);
	char *token = timed("exp", NOW + 10);
	char *forged = strdup(token);
	json_t *first = NULL, *again = NULL;
	struct err e;

	(void)state;
	assert_non_null(cache);
	err_init(&e);
	assert_int_equal(jwtx_verify_cached(cache, token, strlen(token), NOW, 0,
					    &first, &e),
			 0);
	assert_int_equal(jwtx_verify_cached(cache, token, strlen(token), NOW, 0,
					    &again, &e),
			 0);
	assert_ptr_equal(first, again); /* the hit served the cached claims */
	/* The same token past its exp is refused even from the cache. */
	assert_int_equal(jwtx_verify_cached(cache, token, strlen(token),
					    NOW + 10, 0, NULL, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DENIED);
	assert_non_null(strstr(e.msg, "expired"));
	/* A token that differs in one signature byte is verified, and fails. */
	forged[strlen(forged) - 2] ^= 1;
	assert_int_equal(jwtx_verify_cached(cache, forged, strlen(forged), NOW,
					    0, NULL, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DENIED);
	json_decref(first);
	json_decref(again);
	free(token);
	free(forged);
	jwtx_cache_free(cache);
	jwtx_cache_free(NULL);
	jwtx_key_free(k);
}

static void test_nbf_is_the_first_second_valid(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *at_now = timed("nbf", NOW), *next = timed("nbf", NOW + 1);

	(void)state;
	accepted_at(k, at_now, NOW, 0);
	denied_at(k, next, strlen(next), NOW, 0,
		  "token is not valid before 2023-11-14T22:13:21Z");
	free(at_now);
	free(next);
	jwtx_key_free(k);
}

static void test_the_leeway_advances_nbf_by_exactly_its_seconds(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *edge = timed("nbf", NOW + 5), *outside = timed("nbf", NOW + 6);

	(void)state;
	accepted_at(k, edge, NOW, 5);
	denied_at(k, outside, strlen(outside), NOW, 5,
		  "token is not valid before");
	free(edge);
	free(outside);
	jwtx_key_free(k);
}

static void test_tokens_without_exp_or_nbf_do_not_expire(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);

	(void)state;
	accepted_at(k, CHANGE_ME_JWT, 0, 0);
	accepted_at(k, CHANGE_ME_JWT, (time_t)4102444800, 0);
	jwtx_key_free(k);
}

static void test_exp_and_nbf_must_be_numbers(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *exp = mint(JWTX_HS256, MERCURE_KEY, "{\"exp\":\"1700003600\"}");
	char *nbf = mint(JWTX_HS256, MERCURE_KEY, "{\"nbf\":null}");
	char *real = mint(JWTX_HS256, MERCURE_KEY, "{\"exp\":1700000000.5}");

	(void)state;
	denied(k, exp, "claim 'exp' is not a number");
	denied(k, nbf, "claim 'nbf' is not a number");
	accepted_at(k, real, NOW, 0);
	free(exp);
	free(nbf);
	free(real);
	jwtx_key_free(k);
}

static void test_dates_beyond_time_t_are_reported_not_converted(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *exp = mint(JWTX_HS256, MERCURE_KEY, "{\"exp\":-1e300}");
	char *nbf = mint(JWTX_HS256, MERCURE_KEY, "{\"nbf\":1e300}");

	(void)state;
	/* Found by fuzzing: (time_t)-1e300 is undefined behaviour. */
	denied(k, exp, "token expired at -1e+300");
	denied(k, nbf, "token is not valid before 1e+300");
	free(exp);
	free(nbf);
	jwtx_key_free(k);
}

/* --- malformed tokens ---------------------------------------------- */

static void test_bad_base64url_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);

	(void)state;
	denied(k, "eyJhbGciOiJIUzI1NiJ9+.e30.c2ln",
	       "token header is not valid base64url");
	denied(k, "eyJhbGciOiJIUzI1NiJ9.e30=.c2ln",
	       "token claims is not valid base64url");
	denied(k, "eyJhbGciOiJIUzI1NiJ9.e30.c2l/",
	       "token signature is not valid base64url");
	denied(k, "eyJhbGciOiJIUzI1NiJ9.e30.c", "signature is not valid");
	jwtx_key_free(k);
}

static void test_bytes_after_a_nul_in_the_signature_are_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);
	char token[256];
	size_t len;

	(void)state;
	/* Found by fuzzing: libjwt stops at the NUL and sees a valid token. */
	len = (size_t)snprintf(token, sizeof(token), "%s", CHANGE_ME_JWT);
	memcpy(token + len, "\0garbage", 8);
	denied_at(k, token, len + 8, NOW, 5,
		  "token signature is not valid base64url");
	denied_at(k, token, len + 1, NOW, 5,
		  "token signature is not valid base64url");
	jwtx_key_free(k);
}

static void test_bad_json_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);
	char *header = forge("{\"alg\":\"HS256\"", "{}", "c2ln");
	char *claims = forge(hs256_header, "{\"a\":}", "c2ln");
	char *array = forge(hs256_header, "[1]", "c2ln");
	char *trailing = forge(hs256_header, "{} {}", "c2ln");

	(void)state;
	denied(k, header, "token header: invalid JSON at line 1");
	denied(k, claims, "token claims: invalid JSON at line 1, column 6");
	denied(k, array, "token claims must be a JSON object");
	denied(k, trailing, "token claims: invalid JSON");
	free(header);
	free(claims);
	free(array);
	free(trailing);
	jwtx_key_free(k);
}

static void test_a_wrong_segment_count_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);
	char four[256];

	(void)state;
	snprintf(four, sizeof(four), "%s.c2ln", CHANGE_ME_JWT);
	denied(k, "", "token must have 3 segments, not 1");
	denied(k, "eyJhbGciOiJIUzI1NiJ9", "token must have 3 segments, not 1");
	denied(k, "eyJhbGciOiJIUzI1NiJ9.e30",
	       "token must have 3 segments, not 2");
	denied(k, four, "token must have 3 segments, not 4");
	denied(k, "..", "token header: invalid JSON");
	jwtx_key_free(k);
}

static void test_an_oversize_token_is_refused_before_decoding(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	struct buf big = BUF_INIT(2 * LIMIT_JWT_BYTES);
	char *token;

	(void)state;
	/* A valid signature does not help a token over 8 KiB. */
	while (big.len <= LIMIT_JWT_BYTES)
		assert_int_equal(buf_addstr(&big, "xxxxxxxxxxxxxxxx"), BUF_OK);
	{
		char json[2 * LIMIT_JWT_BYTES];
		struct jwtx_key *signer =
			key(JWTX_HS256, JWTX_SIGN, MERCURE_KEY);
		json_t *claims;
		struct err e;

		snprintf(json, sizeof(json), "{\"pad\":\"%s\"}", big.data);
		/* jwtx_sign refuses to make it ... */
		claims = json_loads(json, 0, NULL);
		err_init(&e);
		assert_null(jwtx_sign(signer, claims, &e));
		assert_int_equal(e.cls, ERR_LIMIT);
		json_decref(claims);
		jwtx_key_free(signer);
		/* ... so it is signed the way anyone else could. */
		token = forge_hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", json,
				   "SHA256", MERCURE_KEY, strlen(MERCURE_KEY));
	}
	assert_true(strlen(token) > LIMIT_JWT_BYTES);
	denied(k, token, "token is longer than 8192 bytes");
	denied_at(k, token, LIMIT_JWT_BYTES + 1, NOW, 5,
		  "token is longer than 8192 bytes");
	/* At the limit the size is fine and the signature is what fails. */
	denied_at(k, token, LIMIT_JWT_BYTES, NOW, 5, "token");
	free(token);
	buf_release(&big);
	jwtx_key_free(k);
}

static void test_a_header_without_an_algorithm_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *missing = forge_hmac("{\"typ\":\"JWT\"}", grant_all, "SHA256",
				   MERCURE_KEY, strlen(MERCURE_KEY));
	char *number = forge_hmac("{\"alg\":256}", grant_all, "SHA256",
				  MERCURE_KEY, strlen(MERCURE_KEY));

	(void)state;
	denied(k, missing, "token header has no algorithm");
	denied(k, number, "token header has no algorithm");
	free(missing);
	free(number);
	jwtx_key_free(k);
}

static void test_a_type_other_than_jwt_is_refused(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char *jose =
		forge_hmac("{\"alg\":\"HS256\",\"typ\":\"JOSE\"}", grant_all,
			   "SHA256", MERCURE_KEY, strlen(MERCURE_KEY));
	char *number = forge_hmac("{\"alg\":\"HS256\",\"typ\":1}", grant_all,
				  "SHA256", MERCURE_KEY, strlen(MERCURE_KEY));
	char *lower =
		forge_hmac("{\"alg\":\"HS256\",\"typ\":\"jwt\"}", grant_all,
			   "SHA256", MERCURE_KEY, strlen(MERCURE_KEY));

	(void)state;
	denied(k, jose, "token type 'JOSE' is not supported");
	denied(k, number, "token type is not a string");
	accepted_at(k, lower, NOW, 5);
	free(jose);
	free(number);
	free(lower);
	jwtx_key_free(k);
}

static void test_an_access_token_is_accepted_only_with_exp(void **state)
{
	static const char *const types[] = { "at+jwt", "AT+JWT",
					     "application/at+jwt" };
	static const char with_exp[] =
		"{\"exp\":1700000100,\"authorization_details\":[]}";
	static const char without_exp[] = "{\"authorization_details\":[]}";
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	char header[64];
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(types); i++) {
		char *good, *bad;

		snprintf(header, sizeof(header),
			 "{\"alg\":\"HS256\",\"typ\":\"%s\"}", types[i]);
		good = forge_hmac(header, with_exp, "SHA256", MERCURE_KEY,
				  strlen(MERCURE_KEY));
		bad = forge_hmac(header, without_exp, "SHA256", MERCURE_KEY,
				 strlen(MERCURE_KEY));
		accepted_at(k, good, NOW, 5);
		denied_at(k, good, strlen(good), 1700000100, 0,
			  "token expired");
		denied(k, bad, "an at+jwt token must have 'exp'");
		free(good);
		free(bad);
	}
	jwtx_key_free(k);
}

static void test_keys_named_by_the_token_are_never_used(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, MERCURE_KEY);
	/* Signed with the secret its own header offers ("attacker"). */
	char *token = forge_hmac(
		"{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"x\","
		"\"jku\":\"https://evil.example/jwks\",\"jwk\":{\"kty\":\"oct\","
		"\"k\":\"YXR0YWNrZXI\"}}",
		grant_all, "SHA256", "attacker", 8);

	(void)state;
	denied(k, token, "signature does not match");
	free(token);
	jwtx_key_free(k);
}

static void test_verify_may_be_asked_for_no_claims(void **state)
{
	struct jwtx_key *k = key(JWTX_HS256, JWTX_VERIFY, CHANGE_ME);

	(void)state;
	assert_int_equal(jwtx_verify(k, CHANGE_ME_JWT, strlen(CHANGE_ME_JWT),
				     NOW, 5, NULL, NULL),
			 0);
	jwtx_key_free(k);
}

/* --- keys ---------------------------------------------------------- */

static void test_an_empty_key_is_refused(void **state)
{
	(void)state;
	assert_string_equal(key_refused(JWTX_HS256, JWTX_VERIFY, "", 0),
			    "the key is empty");
	assert_string_equal(key_refused(JWTX_HS256, JWTX_SIGN, "x", 0),
			    "the key is empty");
	assert_string_equal(key_refused(JWTX_RS256, JWTX_VERIFY, "", 0),
			    "the key is empty");
}

static void test_an_oversize_key_is_refused(void **state)
{
	static char huge[LIMIT_KEY_BYTES + 1];
	struct err e;

	(void)state;
	memset(huge, 'k', sizeof(huge));
	err_init(&e);
	assert_null(
		jwtx_key_new(JWTX_HS256, JWTX_SIGN, huge, sizeof(huge), &e));
	assert_int_equal(e.cls, ERR_LIMIT);
}

static void test_pem_text_is_refused_as_an_hmac_secret(void **state)
{
	(void)state;
	assert_string_equal(
		key_refused(JWTX_HS256, JWTX_VERIFY, rsa.pub, strlen(rsa.pub)),
		"HS256 takes a shared secret, not a PEM key");
	assert_string_equal(key_refused(JWTX_HS512, JWTX_SIGN, p256.priv,
					strlen(p256.priv)),
			    "HS512 takes a shared secret, not a PEM key");
}

static void test_an_ec_key_is_refused_for_rs(void **state)
{
	(void)state;
	assert_string_equal(key_refused(JWTX_RS256, JWTX_SIGN, p256.priv,
					strlen(p256.priv)),
			    "RS256 needs an RSA key, but the key is EC");
	assert_string_equal(key_refused(JWTX_RS384, JWTX_VERIFY, p256.pub,
					strlen(p256.pub)),
			    "RS384 needs an RSA key, but the key is EC");
}

static void test_an_rsa_key_is_refused_for_es(void **state)
{
	(void)state;
	assert_string_equal(
		key_refused(JWTX_ES256, JWTX_SIGN, rsa.priv, strlen(rsa.priv)),
		"ES256 needs an EC key, but the key is RSA");
}

static void test_a_key_on_another_curve_is_refused(void **state)
{
	(void)state;
	assert_string_equal(
		key_refused(JWTX_ES256, JWTX_SIGN, p384.priv,
			    strlen(p384.priv)),
		"ES256 needs a key on curve P-256, but the key is on "
		"'secp384r1'");
	assert_string_equal(
		key_refused(JWTX_ES256, JWTX_VERIFY, p384.pub,
			    strlen(p384.pub)),
		"ES256 needs a key on curve P-256, but the key is on "
		"'secp384r1'");
	assert_string_equal(
		key_refused(JWTX_ES384, JWTX_VERIFY, p256.pub,
			    strlen(p256.pub)),
		"ES384 needs a key on curve P-384, but the key is on "
		"'prime256v1'");
	assert_string_equal(
		key_refused(JWTX_ES512, JWTX_SIGN, p384.priv,
			    strlen(p384.priv)),
		"ES512 needs a key on curve P-521, but the key is on "
		"'secp384r1'");
}

static void test_signing_needs_a_private_key(void **state)
{
	(void)state;
	assert_string_equal(
		key_refused(JWTX_RS256, JWTX_SIGN, rsa.pub, strlen(rsa.pub)),
		"RS256 needs a PEM private key, and this is not one");
}

static void test_text_that_is_not_pem_is_refused_for_rs_and_es(void **state)
{
	(void)state;
	assert_string_equal(
		key_refused(JWTX_RS256, JWTX_VERIFY, "secret", 6),
		"RS256 needs a PEM public key, and this is not one");
	assert_string_equal(
		key_refused(JWTX_ES256, JWTX_SIGN, "secret", 6),
		"ES256 needs a PEM private key, and this is not one");
}

static void test_a_key_knows_its_algorithm_and_strength(void **state)
{
	struct jwtx_key *weak = key(JWTX_HS256, JWTX_SIGN, CHANGE_ME);
	struct jwtx_key *strong = key(JWTX_HS256, JWTX_SIGN, MERCURE_KEY);
	struct jwtx_key *hs512 = key(JWTX_HS512, JWTX_SIGN, MERCURE_KEY);
	struct jwtx_key *rs = key(JWTX_RS256, JWTX_VERIFY, rsa.pub);

	(void)state;
	assert_int_equal(jwtx_key_alg(weak), JWTX_HS256);
	assert_int_equal(jwtx_key_alg(rs), JWTX_RS256);
	assert_true(jwtx_key_is_weak(weak));
	assert_false(jwtx_key_is_weak(strong)); /* 34 bytes >= 32 */
	assert_true(jwtx_key_is_weak(hs512));	/* 34 bytes < 64 */
	assert_false(jwtx_key_is_weak(rs));
	jwtx_key_free(weak);
	jwtx_key_free(strong);
	jwtx_key_free(hs512);
	jwtx_key_free(rs);
}

static void test_freeing_no_key_does_nothing(void **state)
{
	(void)state;
	jwtx_key_free(NULL);
}

/* --- algorithms and decoding --------------------------------------- */

static void test_algorithm_names_parse_in_any_case(void **state)
{
	static const char *const names[] = { "HS256", "HS384", "HS512",
					     "RS256", "RS384", "RS512",
					     "ES256", "ES384", "ES512" };
	enum jwtx_alg alg;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(names); i++) {
		assert_int_equal(jwtx_alg_parse(names[i], &alg, NULL), 0);
		assert_int_equal(alg, (enum jwtx_alg)i);
		assert_string_equal(jwtx_alg_name(alg), names[i]);
		assert_int_equal(jwtx_alg_is_asymmetric(alg), i >= 3);
	}
	assert_int_equal(jwtx_alg_parse("es384", &alg, NULL), 0);
	assert_int_equal(alg, JWTX_ES384);
	err_init(&e);
	assert_int_equal(jwtx_alg_parse("none", &alg, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_non_null(strstr(e.msg, "unknown algorithm 'none'"));
	assert_int_equal(jwtx_alg_parse("PS256", &alg, NULL), -1);
	assert_int_equal(jwtx_alg_parse("", &alg, NULL), -1);
}

static void test_decode_reads_a_token_without_verifying_it(void **state)
{
	char *token = forge("{\"alg\":\"none\"}", grant_all, "");
	json_t *header = NULL, *claims = NULL;
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(
		jwtx_decode(token, strlen(token), &header, &claims, &e), 0);
	assert_string_equal(json_string_value(json_object_get(header, "alg")),
			    "none");
	assert_non_null(json_object_get(claims, "mercure"));
	json_decref(header);
	json_decref(claims);
	free(token);
}

static void test_decode_refuses_malformed_tokens_as_data_errors(void **state)
{
	static const char *const bad[] = {
		"",
		"a.b",
		"eyJhbGciOiJIUzI1NiJ9.e30.c2ln.x",
		"eyJhbGciOiJIUzI1NiJ9*.e30.c2ln",
		"eyJhbGciOiJIUzI1NiJ9.eyJ.c2ln",
		"W10.e30.c2ln",
	};
	json_t *header, *claims;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(bad); i++) {
		err_init(&e);
		header = claims = (json_t *)&e; /* must be reset to NULL */
		assert_int_equal(jwtx_decode(bad[i], strlen(bad[i]), &header,
					     &claims, &e),
				 -1);
		assert_null(header);
		assert_null(claims);
		assert_int_equal(e.cls, ERR_DATA);
		assert_true(e.msg[0] != '\0');
	}
}

static void test_versions_name_the_libraries(void **state)
{
	(void)state;
	assert_non_null(strstr(jwtx_versions(), "libjwt 1.10"));
	assert_non_null(strstr(jwtx_versions(), "jansson"));
	assert_non_null(strstr(jwtx_versions(), "OpenSSL"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_the_original_publisher_token_is_minted_exactly),
		cmocka_unit_test(test_the_original_publisher_token_verifies),
		cmocka_unit_test(test_the_mercure_documentation_token_verifies),
		cmocka_unit_test(
			test_the_header_names_the_algorithm_and_nothing_is_added),
		cmocka_unit_test(test_a_verification_key_cannot_sign),
		cmocka_unit_test(test_hs256_hs384_hs512_round_trip),
		cmocka_unit_test(test_rs256_rs384_rs512_round_trip),
		cmocka_unit_test(test_es256_es384_es512_round_trip),
		cmocka_unit_test(test_es_signatures_are_raw_r_and_s),
		cmocka_unit_test(
			test_an_es_signature_of_another_width_is_refused),
		cmocka_unit_test(
			test_libjwt_alone_accepts_the_algorithm_confusion_token),
		cmocka_unit_test(
			test_hs256_signed_with_the_rsa_public_key_is_refused_by_rs256),
		cmocka_unit_test(
			test_hs256_signed_with_the_ec_public_key_is_refused_by_es256),
		cmocka_unit_test(
			test_another_hmac_algorithm_with_the_right_secret_is_refused),
		cmocka_unit_test(test_the_algorithm_name_is_compared_exactly),
		cmocka_unit_test(test_alg_none_without_a_signature_is_refused),
		cmocka_unit_test(test_alg_none_with_a_signature_is_refused),
		cmocka_unit_test(test_a_token_without_a_signature_is_refused),
		cmocka_unit_test(
			test_a_token_signed_with_another_secret_is_refused),
		cmocka_unit_test(
			test_a_token_signed_with_another_private_key_is_refused),
		cmocka_unit_test(test_changed_claims_break_the_signature),
		cmocka_unit_test(test_exp_is_the_first_second_no_longer_valid),
		cmocka_unit_test(
			test_the_leeway_extends_exp_by_exactly_its_seconds),
		cmocka_unit_test(test_nbf_is_the_first_second_valid),
		cmocka_unit_test(
			test_the_leeway_advances_nbf_by_exactly_its_seconds),
		cmocka_unit_test(test_tokens_without_exp_or_nbf_do_not_expire),
		cmocka_unit_test(test_exp_and_nbf_must_be_numbers),
		cmocka_unit_test(
			test_dates_beyond_time_t_are_reported_not_converted),
		cmocka_unit_test(test_bad_base64url_is_refused),
		cmocka_unit_test(
			test_bytes_after_a_nul_in_the_signature_are_refused),
		cmocka_unit_test(test_bad_json_is_refused),
		cmocka_unit_test(test_a_wrong_segment_count_is_refused),
		cmocka_unit_test(
			test_an_oversize_token_is_refused_before_decoding),
		cmocka_unit_test(test_a_header_without_an_algorithm_is_refused),
		cmocka_unit_test(test_a_type_other_than_jwt_is_refused),
		cmocka_unit_test(
			test_an_access_token_is_accepted_only_with_exp),
		cmocka_unit_test(test_keys_named_by_the_token_are_never_used),
		cmocka_unit_test(test_verify_may_be_asked_for_no_claims),
		cmocka_unit_test(test_an_empty_key_is_refused),
		cmocka_unit_test(test_an_oversize_key_is_refused),
		cmocka_unit_test(test_pem_text_is_refused_as_an_hmac_secret),
		cmocka_unit_test(test_an_ec_key_is_refused_for_rs),
		cmocka_unit_test(test_an_rsa_key_is_refused_for_es),
		cmocka_unit_test(test_a_key_on_another_curve_is_refused),
		cmocka_unit_test(test_signing_needs_a_private_key),
		cmocka_unit_test(
			test_text_that_is_not_pem_is_refused_for_rs_and_es),
		cmocka_unit_test(test_a_key_knows_its_algorithm_and_strength),
		cmocka_unit_test(test_freeing_no_key_does_nothing),
		cmocka_unit_test(test_algorithm_names_parse_in_any_case),
		cmocka_unit_test(
			test_decode_reads_a_token_without_verifying_it),
		cmocka_unit_test(
			test_decode_refuses_malformed_tokens_as_data_errors),
		cmocka_unit_test(test_versions_name_the_libraries),
		cmocka_unit_test(
			test_the_cache_answers_again_but_still_checks_exp),
	};

	return cmocka_run_group_tests_name("jwtx", tests, make_keys, free_keys);
}

/*
 * fuzz_jwtx: arbitrary bytes as a compact JWS, verified against a fixed
 * HS256 secret and a fixed ES256 public key, and decoded without
 * verification. Beyond "no crash, no leak" it checks the contract: a
 * failure is ERR_DENIED (verify) or ERR_DATA (decode) with a reason, a
 * success hands back an object, and nothing verify accepts fails to
 * decode. An input that is a JSON object is also signed as claims with
 * the secret, and must verify to the same claims unless a date or the
 * size limit refuses it. Seeds: the .in files under tests/data/jwtx.
 */
#include "compat.h"

#include "jwtx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The secret and time the seeds were minted with. */
#define SECRET "!ChangeThisMercureHubJWTSecretKey!"
#define NOW    1700000000

/* tests/data/keys/fuzz-es256.pem, public half. */
static const char es256_public[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEU0Xu1ZFrGImlPZqII6675GQ9WXVU\n"
	"Sey47xINk0sVsObulMFX2BUOLtjGB68XjkUWmxPWVTr9bXcmm9Sta/0cig==\n"
	"-----END PUBLIC KEY-----\n";

static struct jwtx_key *hs_key, *hs_sign_key, *es_key;

static void load_keys(void)
{
	if (!hs_key)
		hs_key = jwtx_key_new(JWTX_HS256, JWTX_VERIFY, SECRET,
				      strlen(SECRET), NULL);
	if (!hs_sign_key)
		hs_sign_key = jwtx_key_new(JWTX_HS256, JWTX_SIGN, SECRET,
					   strlen(SECRET), NULL);
	if (!es_key)
		es_key = jwtx_key_new(JWTX_ES256, JWTX_VERIFY, es256_public,
				      strlen(es256_public), NULL);
	if (!hs_key || !hs_sign_key || !es_key)
		abort();
}

/* Returns whether the token verified; aborts when the contract breaks. */
static int check_verify(const struct jwtx_key *key, const char *token,
			size_t len)
{
	json_t *claims = NULL;
	struct err e;
	int rc;

	err_init(&e);
	rc = jwtx_verify(key, token, len, NOW, 5, &claims, &e);
	if (rc == 0 && !json_is_object(claims))
		abort();
	if (rc < 0 && (claims || e.cls != ERR_DENIED || !e.msg[0]))
		abort();
	json_decref(claims);
	return rc == 0;
}

/* Sign data as claims when it is a JSON object; verify what comes back. */
static void check_round_trip(const uint8_t *data, size_t size)
{
	json_t *claims = json_loadb((const char *)data, size, 0, NULL);
	json_t *back = NULL;
	char *token = NULL;
	struct err e;

	if (!json_is_object(claims))
		goto out;
	err_init(&e);
	token = jwtx_sign(hs_sign_key, claims, &e);
	if (!token) {
		if (e.cls == ERR_NONE || !e.msg[0])
			abort();
		goto out;
	}
	err_init(&e);
	if (jwtx_verify(hs_key, token, strlen(token), NOW, 5, &back, &e) == 0) {
		if (!json_equal(claims, back))
			abort();
	} else if (e.cls != ERR_DENIED || !(strstr(e.msg, "token expired at") ||
					    strstr(e.msg, "not valid before") ||
					    strstr(e.msg, "is not a number") ||
					    strstr(e.msg, "longer than"))) {
		abort();
	}
out:
	json_decref(back);
	json_decref(claims);
	free(token);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *token = (const char *)data;
	json_t *header = NULL, *claims = NULL;
	struct err e;
	int verified, rc;

	load_keys();
	verified = check_verify(hs_key, token, size);
	verified |= check_verify(es_key, token, size);
	err_init(&e);
	rc = jwtx_decode(token, size, &header, &claims, &e);
	if (rc == 0 && (!json_is_object(header) || !json_is_object(claims)))
		abort();
	if (rc < 0 && (header || claims || e.cls != ERR_DATA || !e.msg[0]))
		abort();
	if (verified && rc < 0)
		abort();
	json_decref(header);
	json_decref(claims);
	if (size && data[0] == '{')
		check_round_trip(data, size);
	return 0;
}

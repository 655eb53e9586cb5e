/*
 * jwtx: JSON Web Tokens with the guards libjwt 1.10.2 lacks (see
 * jwtx.h): algorithm pinning, a key always passed, exp/nbf checks and
 * strict parsing of the compact form. libjwt signs; signatures are
 * verified here with OpenSSL, since libjwt refuses every token whose typ
 * is not JWT (Mercure 1.0 tokens are at+jwt).
 */
#include "compat.h"

#include "jwtx.h"

#include "hash.h"

#include "b64.h"
#include "bounds.h"
#include "buf.h"
#include "jsonx.h"
#include "slurp.h"
#include "timex.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct alg_info {
	const char *name;
	jwt_alg_t libjwt;
	int pkey_type;		/* EVP_PKEY_RSA, EVP_PKEY_EC, or 0 for HMAC */
	const char *curve;	/* OpenSSL group name for ES */
	const char *curve_nick; /* the name users know it by */
	size_t digest_bytes;
};

static const struct alg_info algs[] = {
	[JWTX_HS256] = { "HS256", JWT_ALG_HS256, 0, NULL, NULL, 32 },
	[JWTX_HS384] = { "HS384", JWT_ALG_HS384, 0, NULL, NULL, 48 },
	[JWTX_HS512] = { "HS512", JWT_ALG_HS512, 0, NULL, NULL, 64 },
	[JWTX_RS256] = { "RS256", JWT_ALG_RS256, EVP_PKEY_RSA, NULL, NULL, 32 },
	[JWTX_RS384] = { "RS384", JWT_ALG_RS384, EVP_PKEY_RSA, NULL, NULL, 48 },
	[JWTX_RS512] = { "RS512", JWT_ALG_RS512, EVP_PKEY_RSA, NULL, NULL, 64 },
	[JWTX_ES256] = { "ES256", JWT_ALG_ES256, EVP_PKEY_EC, "prime256v1",
			 "P-256", 32 },
	[JWTX_ES384] = { "ES384", JWT_ALG_ES384, EVP_PKEY_EC, "secp384r1",
			 "P-384", 48 },
	[JWTX_ES512] = { "ES512", JWT_ALG_ES512, EVP_PKEY_EC, "secp521r1",
			 "P-521", 64 },
};

struct jwtx_key {
	enum jwtx_alg alg;
	enum jwtx_use use;
	unsigned char *material; /* the secret, or PEM text for libjwt */
	size_t len;
	EVP_PKEY *pkey; /* RS and ES verification keys */
};

int jwtx_alg_parse(const char *name, enum jwtx_alg *alg, struct err *e)
{
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(algs); i++) {
		if (strcasecmp(name, algs[i].name) == 0) {
			*alg = (enum jwtx_alg)i;
			return 0;
		}
	}
	return err_set(
		e, ERR_USAGE,
		"unknown algorithm '%s' (want HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384 or ES512)",
		name);
}

const char *jwtx_alg_name(enum jwtx_alg alg)
{
	return algs[alg].name;
}

bool jwtx_alg_is_asymmetric(enum jwtx_alg alg)
{
	return algs[alg].pkey_type != 0;
}

/* OpenSSL must never prompt on the terminal for a passphrase. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return 0;
}

static const char *pkey_kind(const EVP_PKEY *pk)
{
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
		return "RSA";
	case EVP_PKEY_RSA_PSS:
		return "RSA-PSS";
	case EVP_PKEY_EC:
		return "EC";
	case EVP_PKEY_ED25519:
		return "Ed25519";
	default:
		return "of another type";
	}
}

/* Read a private key, or for verification also a public one. */
static EVP_PKEY *read_pem(const struct alg_info *a, enum jwtx_use use,
			  const void *pem, size_t len, struct err *e)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	EVP_PKEY *pk = NULL;

	if (bio && use == JWTX_VERIFY)
		pk = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	if (bio && !pk) {
		BIO_free(bio);
		bio = BIO_new_mem_buf(pem, (int)len);
		pk = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase,
						   NULL)
			 : NULL;
	}
	BIO_free(bio);
	ERR_clear_error();
	if (!pk)
		err_set(e, ERR_DATA,
			"%s needs a PEM %s key, and this is not one", a->name,
			use == JWTX_SIGN ? "private" : "public");
	return pk;
}

static int check_pkey(const struct alg_info *a, EVP_PKEY *pk, struct err *e)
{
	char group[64];
	size_t glen = 0;

	if (EVP_PKEY_get_base_id(pk) != a->pkey_type)
		return err_set(e, ERR_DATA,
			       "%s needs an %s key, but the key is %s", a->name,
			       a->pkey_type == EVP_PKEY_RSA ? "RSA" : "EC",
			       pkey_kind(pk));
	if (!a->curve)
		return 0;
	if (!EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen))
		group[0] = '\0';
	if (strcmp(group, a->curve) != 0)
		return err_set(
			e, ERR_DATA,
			"%s needs a key on curve %s, but the key is on '%s'",
			a->name, a->curve_nick, group);
	return 0;
}

/* libjwt verifies RS/ES signatures from public-key PEM text only. */
static int public_pem(EVP_PKEY *pk, struct jwtx_key *key, struct err *e)
{
	BIO *out = BIO_new(BIO_s_mem());
	char *p = NULL;
	long n = 0;
	int rc = -1;

	if (out && PEM_write_bio_PUBKEY(out, pk))
		n = BIO_get_mem_data(out, &p);
	if (n > 0) {
		key->material = malloc((size_t)n);
		if (key->material) {
			memcpy(key->material, p, (size_t)n);
			key->len = (size_t)n;
			rc = 0;
		}
	}
	BIO_free(out);
	if (rc < 0)
		err_set(e, ERR_RUNTIME, "cannot encode the public key");
	return rc;
}

static int load_pem_key(struct jwtx_key *key, const void *material, size_t len,
			struct err *e)
{
	const struct alg_info *a = &algs[key->alg];
	EVP_PKEY *pk = read_pem(a, key->use, material, len, e);
	int rc = pk ? check_pkey(a, pk, e) : -1;

	if (rc == 0 && key->use == JWTX_VERIFY) {
		rc = public_pem(pk, key, e);
		key->pkey = pk;
		pk = NULL;
	} else if (rc == 0) {
		key->material = malloc(len);
		if (!key->material)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
		else
			memcpy(key->material, material, len);
		key->len = len;
	}
	EVP_PKEY_free(pk);
	return rc;
}

static int load_secret(struct jwtx_key *key, const void *material, size_t len,
		       struct err *e)
{
	if (len >= 10 && memcmp(material, "-----BEGIN", 10) == 0)
		return err_set(e, ERR_DATA,
			       "%s takes a shared secret, not a PEM key",
			       algs[key->alg].name);
	key->material = malloc(len);
	if (!key->material)
		return err_set(e, ERR_RUNTIME, "out of memory");
	memcpy(key->material, material, len);
	key->len = len;
	return 0;
}

struct jwtx_key *jwtx_key_new(enum jwtx_alg alg, enum jwtx_use use,
			      const void *material, size_t len, struct err *e)
{
	struct jwtx_key *key;
	int rc;

	if (len == 0) {
		err_set(e, ERR_DATA, "the key is empty");
		return NULL;
	}
	if (len > LIMIT_KEY_BYTES) {
		err_set(e, ERR_LIMIT, "the key is larger than %d bytes",
			LIMIT_KEY_BYTES);
		return NULL;
	}
	key = calloc(1, sizeof(*key));
	if (!key) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	key->alg = alg;
	key->use = use;
	if (jwtx_alg_is_asymmetric(alg))
		rc = load_pem_key(key, material, len, e);
	else
		rc = load_secret(key, material, len, e);
	if (rc < 0) {
		jwtx_key_free(key);
		key = NULL;
	}
	return key;
}

struct jwtx_key *jwtx_key_from_arg(enum jwtx_alg alg, enum jwtx_use use,
				   const char *arg, struct err *e)
{
	struct buf material = BUF_INIT(LIMIT_KEY_BYTES);
	struct jwtx_key *key = NULL;
	int rc;

	if (jwtx_alg_is_asymmetric(alg) && arg[0] != '@' &&
	    strncmp(arg, "-----BEGIN", 10) != 0)
		rc = slurp_file(&material, arg, e);
	else
		rc = slurp_arg(&material, arg, true, e);
	if (rc == 0)
		key = jwtx_key_new(alg, use, material.data, material.len, e);
	if (material.data)
		OPENSSL_cleanse(material.data, material.len);
	buf_release(&material);
	return key;
}

int jwtx_client_credentials(const char *jwt, const char *secret,
			    bool prefer_secret, struct buf *token,
			    struct jwtx_key **key, struct err *e)
{
	if (jwt && !(secret && prefer_secret))
		return slurp_arg(token, jwt, true, e);
	if (!secret)
		return 0;
	*key = jwtx_key_from_arg(JWTX_HS256, JWTX_SIGN, secret, e);
	return *key ? 0 : -1;
}

void jwtx_key_free(struct jwtx_key *key)
{
	if (!key)
		return;
	if (key->material)
		OPENSSL_cleanse(key->material, key->len);
	free(key->material);
	EVP_PKEY_free(key->pkey);
	free(key);
}

enum jwtx_alg jwtx_key_alg(const struct jwtx_key *key)
{
	return key->alg;
}

bool jwtx_key_is_weak(const struct jwtx_key *key)
{
	return !jwtx_alg_is_asymmetric(key->alg) &&
	       key->len < algs[key->alg].digest_bytes;
}

char *jwtx_sign(const struct jwtx_key *key, const json_t *claims, struct err *e)
{
	jwt_t *jwt = NULL;
	char *text = NULL, *token = NULL;

	if (key->use != JWTX_SIGN) {
		err_set(e, ERR_USAGE, "this key is for verification only");
		goto out;
	}
	text = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text || jwt_new(&jwt) != 0) {
		err_set(e, ERR_RUNTIME, "out of memory");
		goto out;
	}
	if (jwt_add_grants_json(jwt, text) != 0 ||
	    jwt_set_alg(jwt, algs[key->alg].libjwt, key->material,
			(int)key->len) != 0) {
		err_set(e, ERR_DATA, "cannot use these claims or this key");
		goto out;
	}
	token = jwt_encode_str(jwt);
	if (!token)
		err_set(e, ERR_DATA, "cannot sign with this key");
	/* A token no verifier here would accept is no use to anyone. */
	if (token && strlen(token) > LIMIT_JWT_BYTES) {
		err_set(e, ERR_LIMIT,
			"the token would be %zu bytes, more than the %d a hub accepts",
			strlen(token), LIMIT_JWT_BYTES);
		free(token);
		token = NULL;
	}
out:
	ERR_clear_error();
	jwt_free(jwt);
	free(text);
	return token;
}

/* The three segments of a compact JWS, borrowed from the token. */
struct segments {
	const char *header, *payload, *signature;
	size_t header_len, payload_len, signature_len;
};

static int split_token(const char *token, size_t len, struct segments *s,
		       enum err_class cls, struct err *e)
{
	const char *dot1, *dot2;
	size_t dots = 0, i;

	if (len > LIMIT_JWT_BYTES)
		return err_set(e, cls, "token is longer than %d bytes",
			       LIMIT_JWT_BYTES);
	for (i = 0; i < len; i++)
		dots += token[i] == '.';
	if (dots != 2)
		return err_set(e, cls, "token must have 3 segments, not %zu",
			       dots + 1);
	dot1 = memchr(token, '.', len);
	dot2 = memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - token));
	s->header = token;
	s->header_len = (size_t)(dot1 - token);
	s->payload = dot1 + 1;
	s->payload_len = (size_t)(dot2 - dot1 - 1);
	s->signature = dot2 + 1;
	s->signature_len = len - (size_t)(dot2 + 1 - token);
	return 0;
}

/* New: the JSON object a base64url segment holds. */
static json_t *decode_segment(const char *seg, size_t n, const char *what,
			      enum err_class cls, struct err *e)
{
	struct buf raw = BUF_INIT(LIMIT_JWT_BYTES);
	json_t *v = NULL;
	struct err inner;
	char name[16];

	if (b64_url_decode(&raw, seg, n) != 0) {
		err_set(e, cls, "token %s is not valid base64url", what);
		goto out;
	}
	/* The parser's message already starts with the name it is given. */
	snprintf(name, sizeof(name), "token %s", what);
	v = jsonx_parse_object(buf_cstr(&raw), raw.len, name, &inner);
	if (!v)
		err_set_at(e, cls, inner.line, inner.column, "%s", inner.msg);
out:
	buf_release(&raw);
	return v;
}

int jwtx_decode(const char *token, size_t len, json_t **header, json_t **claims,
		struct err *e)
{
	struct segments s;

	*header = NULL;
	*claims = NULL;
	if (split_token(token, len, &s, ERR_DATA, e) < 0)
		return -1;
	*header = decode_segment(s.header, s.header_len, "header", ERR_DATA, e);
	if (*header)
		*claims = decode_segment(s.payload, s.payload_len, "claims",
					 ERR_DATA, e);
	if (!*claims) {
		json_decref(*header);
		*header = NULL;
		return -1;
	}
	return 0;
}

/*
 * The token's type: none or JWT (RFC 7519), or at+jwt, the JWT access
 * token of RFC 9068 that Mercure 1.0 issuers sign, which may also be
 * spelled with its media type prefix. Any case, as media types are.
 */
static int check_type(const char *typ, bool *access_token, struct err *e)
{
	*access_token = typ && (!strcasecmp(typ, "at+jwt") ||
				!strcasecmp(typ, "application/at+jwt"));
	if (typ && !*access_token && strcasecmp(typ, "JWT") != 0)
		return err_set(e, ERR_DENIED,
			       "token type '%s' is not supported", typ);
	return 0;
}

/* The token's header must name exactly the key's algorithm. */
static int check_header(const struct jwtx_key *key, const json_t *header,
			bool *access_token, struct err *e)
{
	const char *alg = json_string_value(json_object_get(header, "alg"));
	const json_t *typ = json_object_get(header, "typ");

	if (!alg)
		return err_set(e, ERR_DENIED, "token header has no algorithm");
	if (strcasecmp(alg, "none") == 0)
		return err_set(e, ERR_DENIED, "algorithm 'none' is refused");
	if (strcmp(alg, algs[key->alg].name) != 0)
		return err_set(e, ERR_DENIED,
			       "algorithm '%s' is not the expected '%s'", alg,
			       algs[key->alg].name);
	if (typ && !json_is_string(typ))
		return err_set(e, ERR_DENIED, "token type is not a string");
	return check_type(json_string_value(typ), access_token, e);
}

static const EVP_MD *alg_digest(const struct alg_info *a)
{
	return a->digest_bytes == 64   ? EVP_sha512()
	       : a->digest_bytes == 48 ? EVP_sha384()
				       : EVP_sha256();
}

/* Whether the HMAC of input with the secret is exactly sig. */
static bool hmac_matches(const struct jwtx_key *key, const char *input,
			 size_t len, const struct buf *sig)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;

	if (!HMAC(alg_digest(&algs[key->alg]), key->material, (int)key->len,
		  (const unsigned char *)input, len, mac, &mac_len))
		return false;
	return mac_len == sig->len &&
	       CRYPTO_memcmp(mac, sig->data, mac_len) == 0;
}

/*
 * New: the DER form OpenSSL verifies of a JWS ECDSA signature, which is
 * R and S side by side, each as wide as the curve's order (RFC 7518
 * 3.4). NULL when sig is not that wide.
 */
static unsigned char *ecdsa_der(const EVP_PKEY *pk, const struct buf *sig,
				int *der_len)
{
	size_t half = (size_t)(EVP_PKEY_get_bits(pk) + 7) / 8;
	const unsigned char *raw = (const unsigned char *)sig->data;
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *der = NULL;

	*der_len = 0;
	/* The width first: R and S are read from the signature's bytes. */
	if (sig->len != 2 * half)
		return NULL;
	es = ECDSA_SIG_new();
	r = BN_bin2bn(raw, (int)half, NULL);
	s = BN_bin2bn(raw + half, (int)half, NULL);
	if (es && r && s && ECDSA_SIG_set0(es, r, s)) {
		r = s = NULL; /* es owns them now */
		*der_len = i2d_ECDSA_SIG(es, &der);
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	return *der_len > 0 ? der : NULL;
}

/* Whether sig is the key's RS or ES signature of input. */
static bool pkey_signed(const struct jwtx_key *key, const char *input,
			size_t len, const struct buf *sig)
{
	const struct alg_info *a = &algs[key->alg];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const unsigned char *s = (const unsigned char *)sig->data;
	unsigned char *der = NULL;
	int der_len = (int)sig->len;
	bool ok = false;

	if (a->pkey_type == EVP_PKEY_EC) {
		der = ecdsa_der(key->pkey, sig, &der_len);
		s = der;
	}
	if (ctx && s &&
	    EVP_DigestVerifyInit(ctx, NULL, alg_digest(a), NULL, key->pkey) ==
		    1)
		ok = EVP_DigestVerify(ctx, s, (size_t)der_len,
				      (const unsigned char *)input, len) == 1;
	OPENSSL_free(der);
	EVP_MD_CTX_free(ctx);
	return ok;
}

/*
 * The signature a token carries, into sig. Its segment must be base64url up
 * to its last byte: a NUL or any stray byte would otherwise hide what
 * follows it. Returns 0, or -1 with the reason in e.
 */
static int read_signature(const struct segments *seg, struct buf *sig,
			  struct err *e)
{
	if (seg->signature_len == 0)
		return err_set(e, ERR_DENIED, "token has no signature");
	if (b64_url_decode(sig, seg->signature, seg->signature_len) != 0)
		return err_set(e, ERR_DENIED,
			       "token signature is not valid base64url");
	return 0;
}

/* The signature must be the key's over the first two segments. */
static int check_signature(const struct jwtx_key *key, const char *token,
			   const struct segments *seg, const struct buf *sig,
			   struct err *e)
{
	size_t input_len = (size_t)(seg->signature - 1 - token);
	bool ok = jwtx_alg_is_asymmetric(key->alg)
			  ? pkey_signed(key, token, input_len, sig)
			  : hmac_matches(key, token, input_len, sig);

	ERR_clear_error();
	return ok ? 0 : err_set(e, ERR_DENIED, "signature does not match");
}

/* A NumericDate claim: absent (0), a number (1), or invalid (-1). */
static int numeric_date(const json_t *claims, const char *name, double *out)
{
	const json_t *v = json_object_get(claims, name);

	if (!v)
		return 0;
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 1;
}

/*
 * A NumericDate for a message. Outside years 0 to 9999 it is printed as
 * a number: converting such a double to time_t is undefined behaviour,
 * and any token may carry one (exp: -1e300).
 */
static void format_date(double t, char *out, size_t size)
{
	if (t >= -62167219200.0 && t < 253402300800.0)
		timex_format_iso((time_t)t, out, size);
	else
		snprintf(out, size, "%g", t);
}

static int check_times(const json_t *claims, time_t now, long leeway,
		       struct err *e)
{
	char when[32];
	double exp = 0, nbf = 0;
	int has_exp = numeric_date(claims, "exp", &exp);
	int has_nbf = numeric_date(claims, "nbf", &nbf);

	if (has_exp < 0)
		return err_set(e, ERR_DENIED, "claim 'exp' is not a number");
	if (has_nbf < 0)
		return err_set(e, ERR_DENIED, "claim 'nbf' is not a number");
	if (has_exp && (double)now >= exp + (double)leeway) {
		format_date(exp, when, sizeof(when));
		return err_set(e, ERR_DENIED, "token expired at %s", when);
	}
	if (has_nbf && (double)now + (double)leeway < nbf) {
		format_date(nbf, when, sizeof(when));
		return err_set(e, ERR_DENIED, "token is not valid before %s",
			       when);
	}
	return 0;
}

int jwtx_verify(const struct jwtx_key *key, const char *token, size_t len,
		time_t now, long leeway, json_t **claims, struct err *e)
{
	struct buf sig = BUF_INIT(LIMIT_JWT_BYTES);
	json_t *header = NULL, *body = NULL;
	bool access_token = false;
	struct segments s;
	int rc;

	if (claims)
		*claims = NULL;
	rc = split_token(token, len, &s, ERR_DENIED, e);
	if (rc == 0) {
		header = decode_segment(s.header, s.header_len, "header",
					ERR_DENIED, e);
		rc = header ? check_header(key, header, &access_token, e) : -1;
	}
	if (rc == 0)
		rc = read_signature(&s, &sig, e);
	if (rc == 0) {
		body = decode_segment(s.payload, s.payload_len, "claims",
				      ERR_DENIED, e);
		rc = body ? check_signature(key, token, &s, &sig, e) : -1;
	}
	if (rc == 0)
		rc = check_times(body, now, leeway, e);
	/* RFC 9068 2.2: an access token always says when it expires. */
	if (rc == 0 && access_token && !json_object_get(body, "exp"))
		rc = err_set(e, ERR_DENIED, "an at+jwt token must have 'exp'");
	if (rc == 0 && claims) {
		*claims = body;
		body = NULL;
	}
	buf_release(&sig);
	json_decref(header);
	json_decref(body);
	return rc;
}

/* ---- the verified-token cache ----------------------------------------- */

struct cache_slot {
	uint64_t hash;
	char *token; /* NULL: empty */
	size_t len;
	json_t *claims;
};

struct jwtx_cache {
	const struct jwtx_key *key;
	size_t mask;
	struct cache_slot *slots;
};

struct jwtx_cache *jwtx_cache_new(const struct jwtx_key *key, size_t slots)
{
	struct jwtx_cache *c = calloc(1, sizeof(*c));
	size_t n = 1;

	while (n < slots && n < ((size_t)1 << 20))
		n <<= 1;
	if (c)
		c->slots = calloc(n, sizeof(*c->slots));
	if (!c || !c->slots) {
		free(c);
		return NULL;
	}
	c->key = key;
	c->mask = n - 1;
	return c;
}

static void slot_clear(struct cache_slot *s)
{
	free(s->token);
	json_decref(s->claims);
	memset(s, 0, sizeof(*s));
}

void jwtx_cache_free(struct jwtx_cache *cache)
{
	size_t i;

	if (!cache)
		return;
	for (i = 0; i <= cache->mask; i++)
		slot_clear(&cache->slots[i]);
	free(cache->slots);
	free(cache);
}

int jwtx_verify_cached(struct jwtx_cache *cache, const char *token, size_t len,
		       time_t now, long leeway, json_t **claims, struct err *e)
{
	uint64_t h = hash_bytes(token, len);
	struct cache_slot *s = &cache->slots[h & cache->mask];
	json_t *fresh = NULL;

	/* A hit skips the signature, never the clock. */
	if (s->token && s->hash == h && s->len == len &&
	    !memcmp(s->token, token, len)) {
		if (check_times(s->claims, now, leeway, e) < 0)
			return -1;
		if (claims)
			*claims = json_incref(s->claims);
		return 0;
	}
	if (jwtx_verify(cache->key, token, len, now, leeway, &fresh, e) < 0)
		return -1;
	slot_clear(s);
	s->token = malloc(len);
	if (s->token) {
		memcpy(s->token, token, len);
		s->hash = h;
		s->len = len;
		s->claims = json_incref(fresh);
	}
	if (claims)
		*claims = fresh;
	else
		json_decref(fresh);
	return 0;
}

const char *jwtx_versions(void)
{
	static char text[128];

	if (!text[0])
		snprintf(text, sizeof(text), "libjwt 1.10, %s, %s",
			 jsonx_version(), OpenSSL_version(OPENSSL_VERSION));
	return text;
}

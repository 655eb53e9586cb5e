/*
 * jwt-mint: mint the JSON Web Tokens Mercure publishers and subscribers
 * present; decode or verify one.
 */
#include "compat.h"

#include "bounds.h"
#include "buf.h"
#include "claims.h"
#include "jsonx.h"
#include "jwtx.h"
#include "log.h"
#include "opt.h"
#include "slurp.h"
#include "timex.h"
#include "tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_spec opts[] = {
	{ "key", 'k', "KEY", "MERCURE_JWT_SECRET", 0,
	  "the secret, or for RS*/ES* a PEM key file; @file and @- read it" },
	{ "alg", 'a', "ALG", NULL, 0,
	  "HS256 (default), HS384, HS512, RS256/384/512 or ES256/384/512" },
	{ "publish", 'p', "TOPIC", NULL, OPT_MULTI,
	  "allow publishing to TOPIC (mercure.publish)" },
	{ "subscribe", 's', "TOPIC", NULL, OPT_MULTI,
	  "allow subscribing to TOPIC (mercure.subscribe)" },
	{ "payload", 0, "JSON", NULL, 0,
	  "set mercure.payload; @file and @- read it" },
	{ "claims", 0, "JSON", NULL, 0,
	  "start from this claims object; @file and @- read it" },
	{ "claim", 'c', "NAME=VALUE", NULL, OPT_MULTI,
	  "set claim NAME to VALUE, as JSON when it parses, else a string" },
	{ "ttl", 't', "DURATION", NULL, 0,
	  "set exp to now plus DURATION (90s, 30m, 12h, 7d)" },
	{ "sub", 0, "SUBJECT", NULL, 0, "set the sub claim" },
	{ "aud", 0, "AUDIENCE", NULL, OPT_MULTI,
	  "set the aud claim (an array when repeated)" },
	{ "iss", 0, "ISSUER", NULL, 0, "set the iss claim" },
	{ "iat", 0, "TIME", NULL, OPT_OPTIONAL_ARG,
	  "set the iat claim to TIME, or to now" },
	{ "nbf", 0, "TIME", NULL, 0, "set the nbf claim" },
	{ "leeway", 0, "SECONDS", NULL, 0,
	  "verify: seconds of clock skew allowed on exp and nbf (default 5)" },
	{ "now", 0, "TIME", NULL, 0,
	  "take TIME (Unix seconds or ISO 8601) as the current time" },
	{ 0 }
};

static const struct opt_command commands[] = {
	{ "decode",
	  "print a token's header and claims as JSON, WITHOUT verifying it" },
	{ "verify",
	  "check signature, algorithm, exp and nbf; print the claims" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "jwt-mint",
	.usage =
		"[--key KEY] [--alg ALG] [--publish TOPIC]... [--subscribe TOPIC]... [options]\n"
		"decode [TOKEN|-]\n"
		"verify --key KEY [--alg ALG] [TOKEN|-]",
	.summary =
		"Mint a JSON Web Token and print it, or decode or verify one.\n"
		"decode does not check the signature; use verify for that.",
	.opts = opts,
	.commands = commands,
	.versions = jwtx_versions,
};

/* Options each command accepts; the rest are usage errors there. */
static const char *const encode_opts[] = { "key",	"alg",	   "publish",
					   "subscribe", "payload", "claims",
					   "claim",	"ttl",	   "sub",
					   "aud",	"iss",	   "iat",
					   "nbf",	"now",	   NULL };
static const char *const decode_opts[] = { NULL };
static const char *const verify_opts[] = { "key", "alg", "leeway", "now",
					   NULL };

static int load_key(const struct opt_values *v, enum jwtx_use use,
		    struct jwtx_key **key, struct err *e)
{
	enum jwtx_alg alg = JWTX_HS256;

	if (!opt_str(v, "key"))
		return err_set(e, ERR_USAGE, "missing required option '--key'");
	if (opt_str(v, "alg") && jwtx_alg_parse(opt_str(v, "alg"), &alg, e) < 0)
		return -1;
	*key = jwtx_key_from_arg(alg, use, opt_str(v, "key"), e);
	return *key ? 0 : -1;
}

static int current_time(const struct opt_values *v, time_t *now, struct err *e)
{
	*now = time(NULL);
	return opt_str(v, "now") ? timex_parse_time(opt_str(v, "now"), now, e)
				 : 0;
}

/* The claims the encode options ask for (see claims.h). */
static json_t *build_claims(const struct opt_values *v, time_t now,
			    struct err *e)
{
	struct claims_spec spec = {
		.base = opt_str(v, "claims"),
		.payload = opt_str(v, "payload"),
		.sub = opt_str(v, "sub"),
		.iss = opt_str(v, "iss"),
		.iat = opt_count(v, "iat") > 0,
		.iat_time = opt_str(v, "iat"),
		.nbf_time = opt_str(v, "nbf"),
		.ttl = opt_str(v, "ttl"),
		.now = now,
	};

	spec.publish.items = opt_list(v, "publish", &spec.publish.n);
	spec.subscribe.items = opt_list(v, "subscribe", &spec.subscribe.n);
	spec.named.items = opt_list(v, "claim", &spec.named.n);
	spec.aud.items = opt_list(v, "aud", &spec.aud.n);
	return claims_build(&spec, e);
}

static int encode(const struct opt_values *v, struct err *e)
{
	struct jwtx_key *key = NULL;
	json_t *claims = NULL;
	char *token = NULL;
	time_t now;
	int rc = 0;

	if (v->argc > 0)
		rc = err_set(e, ERR_USAGE, "unexpected argument '%s'",
			     v->argv[0]);
	if (rc == 0)
		rc = current_time(v, &now, e);
	if (rc == 0) {
		claims = build_claims(v, now, e);
		rc = claims ? 0 : -1;
	}
	if (rc == 0)
		rc = load_key(v, JWTX_SIGN, &key, e);
	if (rc == 0) {
		token = jwtx_sign(key, claims, e);
		rc = token ? 0 : -1;
	}
	if (rc == 0)
		printf("%s\n", token);
	free(token);
	json_decref(claims);
	jwtx_key_free(key);
	return rc;
}

/*
 * The token from the operand, or from standard input ("-" or none) less
 * trailing blanks. Too long is a data error for decode and an invalid
 * token (cls) for verify, however the token came.
 */
static int read_token(const struct opt_values *v, struct buf *token,
		      enum err_class cls, struct err *e)
{
	const char *arg = v->argc > 1 ? v->argv[1] : "-";
	int rc = 0;

	if (v->argc > 2)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[2]);
	if (strcmp(arg, "-") != 0 && buf_addstr(token, arg) != BUF_OK)
		rc = err_set(e, ERR_LIMIT, "token too long");
	else if (strcmp(arg, "-") == 0)
		rc = slurp_file(token, "-", e);
	while (rc == 0 && token->len && token->data[token->len - 1] &&
	       strchr(" \t\r\n", token->data[token->len - 1]))
		token->data[--token->len] = '\0';
	if ((rc == 0 && token->len > LIMIT_JWT_BYTES) ||
	    (rc < 0 && e->cls == ERR_LIMIT))
		rc = err_set(e, cls, "token is longer than %d bytes",
			     LIMIT_JWT_BYTES);
	return rc;
}

static int print_json(json_t *j, struct err *e)
{
	struct buf out = BUF_INIT(LIMIT_JSON_ARG_BYTES * 2);
	int rc = jsonx_dump(&out, j);

	if (rc == BUF_OK)
		printf("%s\n", buf_cstr(&out));
	buf_release(&out);
	return rc == BUF_OK ? 0 : err_set(e, ERR_RUNTIME, "out of memory");
}

static int decode(const struct opt_values *v, struct err *e)
{
	struct buf token = BUF_INIT(LIMIT_JWT_BYTES + 2); /* "\r\n" */
	json_t *header = NULL, *claims = NULL, *both = NULL;
	int rc = opt_only(v, "decode", decode_opts, e);

	if (rc == 0)
		rc = read_token(v, &token, ERR_DATA, e);
	if (rc == 0)
		rc = jwtx_decode(buf_cstr(&token), token.len, &header, &claims,
				 e);
	if (rc == 0 && isatty(STDERR_FILENO))
		log_warn(
			"the token is UNVERIFIED: use 'jwt-mint verify' to check it");
	if (rc == 0) {
		both = json_pack("{sOsO}", "header", header, "claims", claims);
		rc = print_json(both, e);
	}
	json_decref(both);
	json_decref(header);
	json_decref(claims);
	buf_release(&token);
	return rc;
}

static int verify(const struct opt_values *v, struct err *e)
{
	struct buf token = BUF_INIT(LIMIT_JWT_BYTES + 2); /* "\r\n" */
	struct jwtx_key *key = NULL;
	json_t *claims = NULL;
	long leeway = LIMIT_JWT_LEEWAY_SECONDS;
	time_t now;
	char *end;
	int rc = opt_only(v, "verify", verify_opts, e);

	if (rc == 0 && opt_str(v, "leeway")) {
		errno = 0;
		leeway = strtol(opt_str(v, "leeway"), &end, 10);
		if (*end || end == opt_str(v, "leeway") || leeway < 0 || errno)
			rc = err_set(e, ERR_USAGE,
				     "invalid leeway '%s' (want seconds)",
				     opt_str(v, "leeway"));
	}
	if (rc == 0)
		rc = current_time(v, &now, e);
	if (rc == 0)
		rc = load_key(v, JWTX_VERIFY, &key, e);
	if (rc == 0)
		rc = read_token(v, &token, ERR_DENIED, e);
	if (rc == 0)
		rc = jwtx_verify(key, buf_cstr(&token), token.len, now, leeway,
				 &claims, e);
	if (rc < 0 && e->cls == ERR_DENIED)
		err_prefix(e, "invalid token");
	if (rc == 0)
		rc = print_json(claims, e);
	json_decref(claims);
	jwtx_key_free(key);
	buf_release(&token);
	return rc;
}

static int run(const struct opt_values *v, struct err *e)
{
	const char *command = v->argc > 0 ? v->argv[0] : "";

	if (strcmp(command, "decode") == 0)
		return decode(v, e);
	if (strcmp(command, "verify") == 0)
		return verify(v, e);
	if (opt_only(v, "encode", encode_opts, e) < 0)
		return -1;
	return encode(v, e);
}

int main(int argc, char **argv)
{
	return tool_main(&tool, argc, argv, run, NULL);
}

/*
 * jwt-mint: mint the JSON Web Tokens Mercure publishers and subscribers
 * present; decode or verify one.
 */
#include "compat.h"

#include "buf.h"
#include "jsonx.h"
#include "jwtx.h"
#include "bounds.h"
#include "log.h"
#include "opt.h"
#include "slurp.h"
#include "timex.h"

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
	{ "decode", "print a token's header and claims as JSON, WITHOUT verifying it" },
	{ "verify", "check signature, algorithm, exp and nbf; print the claims" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "jwt-mint",
	.usage = "[--key KEY] [--alg ALG] [--publish TOPIC]... [--subscribe TOPIC]... [options]\n"
		 "decode [TOKEN|-]\n"
		 "verify --key KEY [--alg ALG] [TOKEN|-]",
	.summary = "Mint a JSON Web Token and print it, or decode or verify one.\n"
		   "decode does not check the signature; use verify for that.",
	.opts = opts,
	.commands = commands,
	.versions = jwtx_versions,
};

/* Options each command accepts; the rest are usage errors there. */
static const char *const encode_opts[] = {
	"key", "alg", "publish", "subscribe", "payload", "claims", "claim",
	"ttl", "sub", "aud", "iss", "iat", "nbf", "now", NULL
};
static const char *const decode_opts[] = { NULL };
static const char *const verify_opts[] = { "key", "alg", "leeway", "now",
					   NULL };

static int only_options(const struct opt_values *v, const char *command,
			const char *const *allowed, struct err *e)
{
	int i, k;

	for (i = 0; opts[i].name; i++) {
		for (k = 0; allowed[k]; k++)
			if (strcmp(allowed[k], opts[i].name) == 0)
				break;
		if (!allowed[k] && v->values[i].count && !v->values[i].from_env)
			return err_set(e, ERR_USAGE,
				       "option '--%s' does not apply to '%s'",
				       opts[i].name, command);
	}
	return 0;
}

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

static int current_time(const struct opt_values *v, time_t *now,
			struct err *e)
{
	*now = time(NULL);
	return opt_str(v, "now") ? timex_parse_time(opt_str(v, "now"), now, e)
				 : 0;
}

/* New: the JSON a --claims/--payload/--claim value holds. */
static json_t *json_arg(const char *value, const char *what, struct err *e)
{
	struct buf text = BUF_INIT(LIMIT_JSON_ARG_BYTES);
	json_t *j = NULL;

	if (slurp_arg(&text, value, false, e) == 0) {
		j = jsonx_parse(buf_cstr(&text), text.len, e);
		if (!j)
			err_prefix(e, "%s", what);
	}
	buf_release(&text);
	return j;
}

static int set_list(json_t *obj, const char *key, const struct opt_values *v,
		    const char *name)
{
	int i, n;
	const char *const *items = opt_list(v, name, &n);
	json_t *list;

	if (n == 0)
		return 0;
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_string(items[i]));
	return json_object_set_new(obj, key, list);
}

static int add_mercure_claims(json_t *claims, const struct opt_values *v,
			      struct err *e)
{
	json_t *mercure = json_object_get(claims, "mercure");
	json_t *payload;

	if (!opt_count(v, "publish") && !opt_count(v, "subscribe") &&
	    !opt_str(v, "payload"))
		return 0;
	if (mercure && !json_is_object(mercure))
		return err_set(e, ERR_DATA, "claim 'mercure' is not an object");
	if (!mercure) {
		mercure = json_object();
		json_object_set_new(claims, "mercure", mercure);
	}
	set_list(mercure, "publish", v, "publish");
	set_list(mercure, "subscribe", v, "subscribe");
	if (!opt_str(v, "payload"))
		return 0;
	payload = json_arg(opt_str(v, "payload"), "--payload", e);
	return payload ? json_object_set_new(mercure, "payload", payload) : -1;
}

static int add_named_claims(json_t *claims, const struct opt_values *v,
			    struct err *e)
{
	const char *const *items;
	int i, n;

	items = opt_list(v, "claim", &n);
	for (i = 0; i < n; i++) {
		const char *eq = strchr(items[i], '=');
		char *name;
		json_t *value;

		if (!eq || eq == items[i])
			return err_set(e, ERR_USAGE,
				       "invalid claim '%s' (want NAME=VALUE)",
				       items[i]);
		value = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
		if (!value)
			value = json_string(eq + 1);
		name = strndup(items[i], (size_t)(eq - items[i]));
		json_object_set_new(claims, name, value);
		free(name);
	}
	return 0;
}

static int add_time_claim(json_t *claims, const char *claim, const char *arg,
			  time_t now, struct err *e)
{
	time_t t = now;

	if (arg && *arg && timex_parse_time(arg, &t, e) < 0)
		return -1;
	return json_object_set_new(claims, claim, json_integer((json_int_t)t));
}

static int add_registered_claims(json_t *claims, const struct opt_values *v,
				 time_t now, struct err *e)
{
	const char *ttl = opt_str(v, "ttl");
	int rc = 0, n;
	int64_t ms;

	if (opt_str(v, "sub"))
		json_object_set_new(claims, "sub", json_string(opt_str(v, "sub")));
	if (opt_str(v, "iss"))
		json_object_set_new(claims, "iss", json_string(opt_str(v, "iss")));
	opt_list(v, "aud", &n);
	if (n == 1)
		json_object_set_new(claims, "aud", json_string(opt_str(v, "aud")));
	else if (n > 1)
		set_list(claims, "aud", v, "aud");
	if (opt_count(v, "iat"))
		rc = add_time_claim(claims, "iat", opt_str(v, "iat"), now, e);
	if (rc == 0 && opt_str(v, "nbf"))
		rc = add_time_claim(claims, "nbf", opt_str(v, "nbf"), now, e);
	if (rc == 0 && ttl) {
		rc = timex_parse_duration(ttl, &ms, e);
		if (rc == 0)
			json_object_set_new(claims, "exp",
					    json_integer((json_int_t)now +
							 ms / 1000));
	}
	return rc;
}

static int encode(const struct opt_values *v, struct err *e)
{
	struct jwtx_key *key = NULL;
	json_t *claims = NULL;
	char *token = NULL;
	time_t now;
	int rc = 0;

	if (v->argc > 0)
		rc = err_set(e, ERR_USAGE, "unexpected argument '%s'", v->argv[0]);
	if (rc == 0)
		rc = current_time(v, &now, e);
	if (rc == 0 && opt_str(v, "claims")) {
		claims = json_arg(opt_str(v, "claims"), "--claims", e);
		if (claims && !json_is_object(claims))
			rc = err_set(e, ERR_DATA, "--claims is not a JSON object");
		else if (!claims)
			rc = -1;
	} else if (rc == 0) {
		claims = json_object();
	}
	if (rc == 0)
		rc = add_mercure_claims(claims, v, e);
	if (rc == 0)
		rc = add_named_claims(claims, v, e);
	if (rc == 0)
		rc = add_registered_claims(claims, v, now, e);
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
	int rc = only_options(v, "decode", decode_opts, e);

	if (rc == 0)
		rc = read_token(v, &token, ERR_DATA, e);
	if (rc == 0)
		rc = jwtx_decode(buf_cstr(&token), token.len, &header, &claims, e);
	if (rc == 0 && isatty(STDERR_FILENO))
		log_warn("the token is UNVERIFIED: use 'jwt-mint verify' to check it");
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
	int rc = only_options(v, "verify", verify_opts, e);

	if (rc == 0 && opt_str(v, "leeway")) {
		errno = 0;
		leeway = strtol(opt_str(v, "leeway"), &end, 10);
		if (*end || end == opt_str(v, "leeway") || leeway < 0 || errno)
			rc = err_set(e, ERR_USAGE, "invalid leeway '%s' (want seconds)",
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
	if (only_options(v, "encode", encode_opts, e) < 0)
		return -1;
	return encode(v, e);
}

int main(int argc, char **argv)
{
	struct opt_values v = { 0 };
	struct err e;
	int rc;

	log_init(argv[0]);
	err_init(&e);
	rc = opt_parse(&v, &tool, argc, argv, &e);
	if (rc == 0 && run(&v, &e) < 0)
		rc = e.cls == ERR_USAGE ? log_usage(&tool, &e) : log_err(&e, NULL);
	else if (rc < 0)
		rc = log_usage(&tool, &e);
	else
		rc = EXIT_OK;
	opt_values_release(&v);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_warn("cannot write the output:");
		rc = EXIT_FAILURE_RUNTIME;
	}
	return rc;
}

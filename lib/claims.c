/* claims: a token's claims from command-line requests (see claims.h). */
#include "compat.h"

#include "claims.h"

#include "bounds.h"
#include "buf.h"
#include "jsonx.h"
#include "slurp.h"
#include "timex.h"

#include <string.h>

/* New: the JSON a value (or @file, @-) holds; what names it in errors. */
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

static json_t *string_array(const struct claims_list *l)
{
	json_t *list = json_array();
	int i;

	for (i = 0; list && i < l->n; i++)
		json_array_append_new(list, json_string(l->items[i]));
	return list;
}

static int add_mercure(json_t *claims, const struct claims_spec *s,
		       struct err *e)
{
	json_t *mercure = json_object_get(claims, "mercure");
	json_t *payload;

	if (!s->publish.n && !s->subscribe.n && !s->payload)
		return 0;
	if (mercure && !json_is_object(mercure))
		return err_set(e, ERR_DATA, "claim 'mercure' is not an object");
	if (!mercure) {
		mercure = json_object();
		json_object_set_new(claims, "mercure", mercure);
	}
	if (s->publish.n)
		json_object_set_new(mercure, "publish",
				    string_array(&s->publish));
	if (s->subscribe.n)
		json_object_set_new(mercure, "subscribe",
				    string_array(&s->subscribe));
	if (!s->payload)
		return 0;
	payload = json_arg(s->payload, "--payload", e);
	return payload ? json_object_set_new(mercure, "payload", payload) : -1;
}

static int add_named(json_t *claims, const struct claims_list *named,
		     struct err *e)
{
	int i;

	for (i = 0; i < named->n; i++) {
		const char *item = named->items[i], *eq = strchr(item, '=');
		json_t *value;
		char *name;

		if (!eq || eq == item)
			return err_set(e, ERR_USAGE,
				       "invalid claim '%s' (want NAME=VALUE)",
				       item);
		value = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
		if (!value)
			value = json_string(eq + 1);
		name = strndup(item, (size_t)(eq - item));
		if (!name || !value) {
			free(name);
			json_decref(value);
			return err_set(e, ERR_RUNTIME, "out of memory");
		}
		json_object_set_new(claims, name, value);
		free(name);
	}
	return 0;
}

static int add_time(json_t *claims, const char *claim, const char *arg,
		    time_t now, struct err *e)
{
	time_t t = now;

	if (arg && *arg && timex_parse_time(arg, &t, e) < 0)
		return -1;
	return json_object_set_new(claims, claim, json_integer((json_int_t)t));
}

static int add_registered(json_t *claims, const struct claims_spec *s,
			  struct err *e)
{
	int rc = 0;
	int64_t ms;

	if (s->sub)
		json_object_set_new(claims, "sub", json_string(s->sub));
	if (s->iss)
		json_object_set_new(claims, "iss", json_string(s->iss));
	if (s->aud.n == 1)
		json_object_set_new(claims, "aud",
				    json_string(s->aud.items[0]));
	else if (s->aud.n > 1)
		json_object_set_new(claims, "aud", string_array(&s->aud));
	if (s->iat)
		rc = add_time(claims, "iat", s->iat_time, s->now, e);
	if (rc == 0 && s->nbf_time)
		rc = add_time(claims, "nbf", s->nbf_time, s->now, e);
	if (rc == 0 && s->ttl) {
		rc = timex_parse_duration(s->ttl, &ms, e);
		if (rc == 0)
			json_object_set_new(
				claims, "exp",
				json_integer((json_int_t)s->now + ms / 1000));
	}
	return rc;
}

json_t *claims_build(const struct claims_spec *spec, struct err *e)
{
	json_t *claims;
	int rc = 0;

	if (spec->base) {
		claims = json_arg(spec->base, "--claims", e);
		if (claims && !json_is_object(claims)) {
			json_decref(claims);
			err_set(e, ERR_DATA, "--claims is not a JSON object");
			return NULL;
		}
	} else {
		claims = json_object();
	}
	if (!claims)
		return NULL;
	rc = add_mercure(claims, spec, e);
	if (rc == 0)
		rc = add_named(claims, &spec->named, e);
	if (rc == 0)
		rc = add_registered(claims, spec, e);
	if (rc < 0) {
		json_decref(claims);
		return NULL;
	}
	return claims;
}

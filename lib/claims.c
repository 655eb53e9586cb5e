/* claims: a token's claims from command-line requests (see claims.h). */
#include "compat.h"

#include "claims.h"

#include "bounds.h"
#include "buf.h"
#include "jsonx.h"
#include "slurp.h"
#include "timex.h"
#include "topic.h"
#include "urlpattern.h"

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

/* ---- reading -------------------------------------------------------- */

#define DETAIL_TYPE "https://mercure.rocks/authorization-detail"

/* The state of one claims_grants_read. */
struct reader {
	struct claims_grants *g;
	size_t ntopics; /* of g->topics filled */
	struct err *e;
};

/* Whether v is the JSON string s, NUL bytes and all. */
static bool json_str_is(const json_t *v, const char *s)
{
	return json_is_string(v) && json_string_length(v) == strlen(s) &&
	       !memcmp(json_string_value(v), s, strlen(s));
}

/* Borrowed: the 0.x claim, or NULL when the token has no such object. */
static const json_t *legacy_claim(const json_t *claims)
{
	const json_t *m = json_object_get(claims, "mercure");

	if (!m)
		m = json_object_get(claims, "https://mercure.rocks/");
	return json_is_object(m) ? m : NULL;
}

static bool is_mercure_detail(const json_t *d)
{
	return json_str_is(json_object_get(d, "type"), DETAIL_TYPE);
}

static size_t array_size(const json_t *v)
{
	return json_is_array(v) ? json_array_size(v) : 0;
}

/* How many topics the token names, in both grammars: a bound for the
 * array they are read into. */
static size_t count_topics(const json_t *claims)
{
	const json_t *mercure = legacy_claim(claims), *d;
	size_t n = 0, i;

	if (mercure)
		n = array_size(json_object_get(mercure, "publish")) +
		    array_size(json_object_get(mercure, "subscribe"));
	json_array_foreach(json_object_get(claims, "authorization_details"), i,
			   d) if (is_mercure_detail(d)) n +=
		array_size(json_object_get(d, "topics"));
	return n;
}

static struct claims_detail *new_detail(struct reader *r, unsigned actions)
{
	struct claims_detail *d = &r->g->details[r->g->ndetails++];

	d->actions = actions;
	d->topics = r->g->topics + r->ntopics;
	return d;
}

static int read_legacy_list(struct reader *r, const json_t *mercure,
			    const char *name, unsigned action)
{
	const json_t *list = json_object_get(mercure, name);
	struct claims_detail *d;
	size_t i;
	json_t *v;

	if (!json_is_array(list))
		return 0;
	d = new_detail(r, action);
	json_array_foreach(list, i, v)
	{
		struct claims_topic *t = &r->g->topics[r->ntopics];

		if (!json_is_string(v))
			return err_set(r->e, ERR_DENIED,
				       "mercure.%s holds a non-string", name);
		t->type = CLAIMS_MATCH_SELECTOR;
		t->text = json_string_value(v);
		t->len = json_string_length(v);
		r->ntopics++;
		d->ntopics++;
	}
	return 0;
}

static int read_legacy(struct reader *r, const json_t *claims)
{
	const json_t *mercure = legacy_claim(claims);
	const json_t *publish = json_object_get(mercure, "publish");

	if (!mercure)
		return 0;
	r->g->payload = json_object_get(mercure, "payload");
	r->g->publish_empty =
		json_is_array(publish) && json_array_size(publish) == 0;
	if (read_legacy_list(r, mercure, "publish", CLAIMS_PUBLISH) < 0)
		return -1;
	return read_legacy_list(r, mercure, "subscribe", CLAIMS_SUBSCRIBE);
}

/* The actions of detail i: known ones are kept, unknown ones ignored. */
static int read_actions(struct reader *r, const json_t *d, size_t i,
			unsigned *actions)
{
	const json_t *list = json_object_get(d, "actions");
	size_t k;
	json_t *v;

	if (!json_is_array(list) || !json_array_size(list))
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: 'actions' is not "
			       "a non-empty array",
			       i);
	json_array_foreach(list, k, v)
	{
		if (!json_is_string(v))
			return err_set(r->e, ERR_DENIED,
				       "authorization_details[%zu]: 'actions' "
				       "holds a non-string",
				       i);
		if (json_str_is(v, "publish"))
			*actions |= CLAIMS_PUBLISH;
		else if (json_str_is(v, "subscribe"))
			*actions |= CLAIMS_SUBSCRIBE;
	}
	return 0;
}

static int read_match_type(struct reader *r, const json_t *type, size_t i,
			   enum claims_match *out)
{
	if (!type || json_is_null(type) || json_str_is(type, "exact"))
		*out = CLAIMS_MATCH_EXACT;
	else if (json_str_is(type, "urlpattern"))
		*out = CLAIMS_MATCH_URLPATTERN;
	else
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: 'match_type' is "
			       "not \"exact\" or \"urlpattern\"",
			       i);
	return 0;
}

/* One {"match", "match_type"} of detail i. */
static int read_topic(struct reader *r, const json_t *topic, size_t i)
{
	const json_t *match = json_object_get(topic, "match");
	struct claims_topic *t = &r->g->topics[r->ntopics];

	if (!json_is_object(topic) || !json_is_string(match) ||
	    !json_string_length(match))
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: a topic without "
			       "a 'match'",
			       i);
	t->text = json_string_value(match);
	t->len = json_string_length(match);
	if (t->len > LIMIT_TOPIC_BYTES)
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: a 'match' longer "
			       "than %d bytes",
			       i, LIMIT_TOPIC_BYTES);
	if (!topic_text_valid(t->text, t->len, true))
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: a 'match' that is "
			       "not UTF-8 text, or holds control or format "
			       "characters",
			       i);
	if (read_match_type(r, json_object_get(topic, "match_type"), i,
			    &t->type) < 0)
		return -1;
	r->g->ntopics = ++r->ntopics;
	/* Compiled once per token: the payload lookup of every matcher of
	 * every subscription made with it matches against it. */
	if (t->type == CLAIMS_MATCH_URLPATTERN &&
	    !(t->len == 1 && t->text[0] == '*'))
		t->pattern = urlpattern_compile(t->text, t->len, NULL, r->e);
	if (t->type == CLAIMS_MATCH_URLPATTERN && !t->pattern &&
	    !(t->len == 1 && t->text[0] == '*')) {
		/* A grant that cannot be read makes the token invalid. */
		if (r->e->cls == ERR_DATA)
			r->e->cls = ERR_DENIED;
		return err_prefix(r->e, "authorization_details[%zu]", i);
	}
	return 0;
}

/* One entry of the Mercure type, the i-th of authorization_details. */
static int read_detail(struct reader *r, const json_t *d, size_t i)
{
	const json_t *topics = json_object_get(d, "topics");
	const json_t *payload = json_object_get(d, "payload");
	struct claims_detail *cd;
	unsigned actions = 0;
	size_t k;
	json_t *t;

	if (read_actions(r, d, i, &actions) < 0)
		return -1;
	if (!json_is_array(topics) || !json_array_size(topics))
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: 'topics' is not "
			       "a non-empty array",
			       i);
	if (json_array_size(topics) > LIMIT_GRANT_TOPICS)
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: more than %d "
			       "topics",
			       i, LIMIT_GRANT_TOPICS);
	if (payload && !json_is_null(payload) && !json_is_object(payload))
		return err_set(r->e, ERR_DENIED,
			       "authorization_details[%zu]: 'payload' is not "
			       "an object",
			       i);
	cd = new_detail(r, actions);
	cd->payload = json_is_object(payload) ? payload : NULL;
	json_array_foreach(topics, k, t)
	{
		if (read_topic(r, t, i) < 0)
			return -1;
		cd->ntopics++;
	}
	return 0;
}

/* The 1.0 grants; entries of other types belong to other resources. */
static int read_details(struct reader *r, const json_t *claims)
{
	const json_t *list = json_object_get(claims, "authorization_details");
	size_t i, n = 0;
	json_t *d;

	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return err_set(r->e, ERR_DENIED,
			       "'authorization_details' is not an array");
	json_array_foreach(list, i, d)
	{
		if (!json_is_object(d))
			return err_set(r->e, ERR_DENIED,
				       "authorization_details[%zu] is not an "
				       "object",
				       i);
		if (!is_mercure_detail(d))
			continue;
		if (++n > LIMIT_GRANT_DETAILS)
			return err_set(r->e, ERR_DENIED,
				       "more than %d Mercure authorization "
				       "details",
				       LIMIT_GRANT_DETAILS);
		if (read_detail(r, d, i) < 0)
			return -1;
	}
	return 0;
}

int claims_grants_read(struct claims_grants *g, const json_t *claims,
		       struct err *e)
{
	const json_t *details =
		json_object_get(claims, "authorization_details");
	struct reader r = { g, 0, e };
	size_t ndetails = 2 + array_size(details);

	memset(g, 0, sizeof(*g));
	g->details = calloc(ndetails, sizeof(*g->details));
	g->topics = calloc(count_topics(claims) + 1, sizeof(*g->topics));
	if (!g->details || !g->topics)
		return err_set(e, ERR_RUNTIME, "out of memory");
	if (read_legacy(&r, claims) < 0)
		return -1;
	return read_details(&r, claims);
}

void claims_grants_release(struct claims_grants *g)
{
	size_t i;

	for (i = 0; i < g->ntopics; i++)
		urlpattern_free(g->topics[i].pattern);
	free(g->details);
	free(g->topics);
	memset(g, 0, sizeof(*g));
}

/* Whether a 1.0 grant topic matches a subscription's matcher text. */
static bool grant_names(const struct claims_topic *t, const char *match,
			size_t len)
{
	if (t->type == CLAIMS_MATCH_SELECTOR)
		return false; /* 0.x grants have the one 0.x payload */
	if (t->len == 1 && t->text[0] == '*')
		return true;
	if (t->len == len && !memcmp(t->text, match, len))
		return true; /* the same text, whatever the types */
	return t->pattern && urlpattern_match(t->pattern, match, len);
}

const json_t *claims_subscription_payload(const struct claims_grants *g,
					  const char *match, size_t len)
{
	size_t i, k;

	for (i = 0; i < g->ndetails; i++) {
		const struct claims_detail *d = &g->details[i];

		if (!(d->actions & CLAIMS_SUBSCRIBE))
			continue;
		for (k = 0; k < d->ntopics; k++)
			if (grant_names(&d->topics[k], match, len))
				return d->payload;
	}
	return g->payload;
}

/* Whether aud (a string or an array of strings) holds want. */
static bool audience_holds(const json_t *aud, const char *want)
{
	size_t i;
	json_t *v;

	if (json_is_string(aud))
		return json_str_is(aud, want);
	json_array_foreach(aud, i, v) if (json_str_is(v, want)) return true;
	return false;
}

int claims_check_audience(const json_t *claims, const char *iss,
			  const char *aud, struct err *e)
{
	const json_t *have = json_object_get(claims, "iss");

	if (iss && !have)
		return err_set(e, ERR_DENIED, "token has no 'iss'");
	if (iss && !json_str_is(have, iss))
		return err_set(e, ERR_DENIED, "issuer is not '%s'", iss);
	have = json_object_get(claims, "aud");
	if (aud && !have)
		return err_set(e, ERR_DENIED, "token has no 'aud'");
	if (aud && !audience_holds(have, aud))
		return err_set(e, ERR_DENIED, "audience does not hold '%s'",
			       aud);
	return 0;
}

/*
 * mercure-sub: subscribe to a Mercure hub (or read a recorded event
 * stream) and print the events as JSON Lines, data or raw SSE.
 */
#include "compat.h"

#include "bounds.h"
#include "buf.h"
#include "httpc.h"
#include "jwtx.h"
#include "log.h"
#include "opt.h"
#include "slurp.h"
#include "sseout.h"
#include "substream.h"
#include "timex.h"
#include "tool.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_spec opts[] = {
	{ "hub", 'u', "URL", "MERCURE_URL", 0,
	  "the hub's URL, as https://example.com/.well-known/mercure" },
	{ "topic", 't', "TOPIC", NULL, OPT_MULTI,
	  "subscribe to TOPIC: a topic, a URI template or '*'" },
	{ "match", 'm', "TOPIC", NULL, OPT_MULTI,
	  "subscribe with the 'match' parameter of newer hubs" },
	{ "last-event-id", 'l', "ID", NULL, 0,
	  "start after event ID; 'earliest' replays all the hub kept" },
	{ "jwt", 'j', "TOKEN", "MERCURE_JWT_TOKEN", 0,
	  "send TOKEN as a bearer token; @file and @- read it" },
	{ "jwt-key", 'k', "KEY", "MERCURE_JWT_SECRET", 0,
	  "mint an HS256 token for the topics with KEY; @file reads it" },
	{ "cookie", 0, "COOKIE", NULL, 0,
	  "send a Cookie; a bare token goes as mercureAuthorization" },
	{ "format", 'f', "FORMAT", NULL, 0,
	  "json (JSON Lines, the default), data or raw" },
	{ "json-data", 'J', NULL, NULL, 0,
	  "put data that parses as JSON in the object as JSON" },
	{ "max-events", 'n', "N", NULL, 0, "exit after N events" },
	{ "timeout", 'w', "DURATION", NULL, 0,
	  "exit when no event came for DURATION (90s, 5m, 500ms)" },
	{ "until-id", 0, "ID", NULL, 0, "exit after the event whose id is ID" },
	{ "input", 'i', "FILE", NULL, 0,
	  "parse a recorded stream from FILE ('-': stdin), no hub" },
	{ "no-reconnect", 0, NULL, NULL, 0,
	  "exit when the stream ends instead of reconnecting" },
	{ "reconnect-delay", 0, "DURATION", NULL, 0,
	  "wait before reconnecting, until the hub sends retry (3s)" },
	{ "retries", 0, "N", NULL, 0,
	  "allow N failed connections in a row (default: 0, none once connected)" },
	{ "max-event-size", 0, "SIZE", NULL, 0,
	  "refuse events over SIZE bytes (K, M suffixes; default 16M)" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "mercure-sub",
	.usage = "--hub URL --topic TOPIC... [options]\n"
		 "--input FILE|- [options]",
	.summary = "Subscribe to a Mercure hub and print its events, one JSON "
		   "object per line;\nreconnect with Last-Event-ID when the "
		   "stream is lost.",
	.opts = opts,
	.versions = httpc_version,
};

static void on_notice(void *ctx, const char *msg)
{
	(void)ctx;
	log_warn("%s", msg);
}

/* A count: digits only, at least min. */
static int parse_count(const char *name, const char *s, long long min,
		       long long *out, struct err *e)
{
	char *end;

	*out = strtoll(s, &end, 10);
	if (end == s || *end || *s == '-' || *s == '+' || *out < min)
		return err_set(e, ERR_USAGE, "invalid %s '%s' (want a number)",
			       name, s);
	return 0;
}

/* "4096", "64K", "16M" or "16MiB": binary multiples. */
static int parse_size(const char *s, size_t *out, struct err *e)
{
	unsigned long long n, mult = 1;
	char *end;

	n = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		mult = 1024;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024;
	if (mult > 1)
		end += strncmp(end + 1, "iB", 3) == 0 ? 3 : 1;
	if (end == s || *end || *s == '-' || n == 0 ||
	    n > LIMIT_SSE_EVENT_BYTES / mult)
		return err_set(e, ERR_USAGE,
			       "invalid size '%s' (want 1 to %d bytes, or K/M)",
			       s, LIMIT_SSE_EVENT_BYTES);
	*out = (size_t)(n * mult);
	return 0;
}

/* The token or key to use: a flag beats the environment. */
static int credentials(const struct opt_values *v, struct buf *token,
		       struct jwtx_key **key, struct err *e)
{
	return jwtx_client_credentials(
		opt_str(v, "jwt"), opt_str(v, "jwt-key"),
		opt_given(v, "jwt-key") && !opt_given(v, "jwt"), token, key, e);
}

static int check_usage(const struct opt_values *v, struct substream *o,
		       struct err *e)
{
	if (v->argc > 0)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[0]);
	if (o->input)
		return 0;
	if (!o->hub)
		return err_set(
			e, ERR_USAGE,
			"missing required option '--hub' (or MERCURE_URL)");
	if (!o->ntopics && !o->nmatches)
		return err_set(e, ERR_USAGE,
			       "missing required option '--topic'");
	return 0;
}

static int configure(const struct opt_values *v, struct substream *o,
		     struct err *e)
{
	const char *format = opt_str(v, "format"),
		   *max = opt_str(v, "max-events");
	const char *retries = opt_str(v, "retries"),
		   *timeout = opt_str(v, "timeout");
	const char *delay = opt_str(v, "reconnect-delay");
	const char *size = opt_str(v, "max-event-size");
	long long n = -1;
	int rc = 0;

	o->hub = opt_str(v, "hub");
	o->topics = opt_list(v, "topic", &o->ntopics);
	o->matches = opt_list(v, "match", &o->nmatches);
	o->last_event_id = opt_str(v, "last-event-id");
	o->cookie = opt_str(v, "cookie");
	o->input = opt_str(v, "input");
	o->until_id = opt_str(v, "until-id");
	o->json_data = opt_count(v, "json-data") > 0;
	o->reconnect = opt_count(v, "no-reconnect") == 0;
	o->out_fd = STDOUT_FILENO;
	o->notice = on_notice;
	if (format)
		rc = sseout_parse_format(format, &o->format, e);
	if (rc == 0 && o->json_data && o->format != SSEOUT_JSON)
		rc = err_set(e, ERR_USAGE,
			     "option '--json-data' needs '--format json'");
	if (rc == 0 && max)
		rc = parse_count("event count", max, 1, &o->max_events, e);
	if (rc == 0 && retries)
		rc = parse_count("retry count", retries, 0, &n, e);
	o->retries = n > 1000000 ? 1000000 : (int)n;
	if (rc == 0 && timeout)
		rc = timex_parse_duration(timeout, &o->timeout_ms, e);
	if (rc == 0 && timeout && o->timeout_ms == 0)
		rc = err_set(e, ERR_USAGE,
			     "invalid timeout '%s' (want more than 0)",
			     timeout);
	if (rc == 0 && delay)
		rc = timex_parse_duration(delay, &o->reconnect_ms, e);
	if (rc == 0 && size)
		rc = parse_size(size, &o->max_event, e);
	return rc ? rc : check_usage(v, o, e);
}

static int run(const struct opt_values *v, struct err *e)
{
	struct substream o = { 0 };
	struct buf token = BUF_INIT(LIMIT_JWT_BYTES);
	struct jwtx_key *key = NULL;
	int rc = configure(v, &o, e);

	if (rc == 0 && !o.input)
		rc = credentials(v, &token, &key, e);
	if (rc == 0) {
		o.token = token.len ? token.data : NULL;
		o.key = key;
		rc = substream_run(&o, e);
	}
	jwtx_key_free(key);
	buf_release(&token);
	/* grep's convention: 1 when the timeout came and no event did. */
	return rc == SUBSTREAM_NOEVENTS ? EXIT_FAILURE_RUNTIME : rc;
}

int main(int argc, char **argv)
{
	return tool_main(&tool, argc, argv, run, NULL);
}

/*
 * mercure-pub: publish an update (or one per input line) to a Mercure hub
 * and print the id the hub gave it.
 */
#include "compat.h"

#include "bounds.h"
#include "buf.h"
#include "httpc.h"
#include "jwtx.h"
#include "log.h"
#include "opt.h"
#include "pubpipe.h"
#include "pubreq.h"
#include "slurp.h"
#include "timex.h"
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_spec opts[] = {
	{ "hub", 'u', "URL", "MERCURE_PUBLISH_URL", 0,
	  "the hub's URL; else $MERCURE_URL" },
	{ "topic", 't', "TOPIC", NULL, OPT_MULTI,
	  "the update's topic; the first is canonical, more are alternates" },
	{ "data", 'd', "DATA", NULL, 0,
	  "the update's data; @file reads a file, - or @- standard input" },
	{ "private", 'p', NULL, NULL, 0,
	  "send the update only to subscribers allowed its topics" },
	{ "id", 0, "ID", NULL, 0,
	  "the update's id (default: the hub's choice)" },
	{ "type", 0, "TYPE", NULL, 0, "the update's SSE event type" },
	{ "retry", 0, "MS", NULL, 0,
	  "the reconnection time subscribers should use, in milliseconds" },
	{ "jwt", 'j', "TOKEN", "MERCURE_JWT_TOKEN", 0,
	  "send TOKEN as a bearer token; @file and @- read it" },
	{ "jwt-key", 'k', "KEY", "MERCURE_JWT_SECRET", 0,
	  "mint an HS256 token for exactly the topics with KEY; @file reads it" },
	{ "lines", 'l', NULL, NULL, 0,
	  "publish each line of the data (default: stdin) as an update" },
	{ "pipeline", 0, "N", NULL, 0,
	  "with --lines, keep up to N requests in flight (default 16)" },
	{ "retries", 0, "N", NULL, 0,
	  "retry N times, with backoff, when the hub is down or answers 5xx" },
	{ "timeout", 0, "DURATION", NULL, 0,
	  "give up on a request after DURATION (default 30s)" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "mercure-pub",
	.usage =
		"--hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]\n"
		"--hub URL --topic TOPIC... --lines [--data @FILE|-] [options]",
	.summary = "Publish an update to a Mercure hub and print its id; with "
		   "--lines, one update\nper input line over one connection.",
	.opts = opts,
	.versions = httpc_version,
};

/* The token or key to use: a flag beats the environment. */
static int credentials(const struct opt_values *v, struct buf *token,
		       struct jwtx_key **key, struct err *e)
{
	return jwtx_client_credentials(
		opt_str(v, "jwt"), opt_str(v, "jwt-key"),
		opt_given(v, "jwt-key") && !opt_given(v, "jwt"), token, key, e);
}

/* A whole number from 0 or 1 (min) to max, or -1. */
static long count_arg(const char *s, long min, long max)
{
	char *end;
	long n = strtol(s, &end, 10);

	return end == s || *end || n < min || n > max ? -1 : n;
}

static int configure(const struct opt_values *v, struct pubreq *r, int *window,
		     struct err *e)
{
	const char *retries = opt_str(v, "retries"),
		   *retry = opt_str(v, "retry"),
		   *pipeline = opt_str(v, "pipeline");
	const char *timeout = opt_str(v, "timeout");
	int64_t ms = 0;
	long n;
	int rc = 0;

	r->hub = opt_str(v, "hub") ? opt_str(v, "hub") : getenv("MERCURE_URL");
	r->topics = opt_list(v, "topic", &r->ntopics);
	r->private = opt_count(v, "private") > 0;
	r->id = opt_str(v, "id");
	r->type = opt_str(v, "type");
	r->retry = retry;
	if (v->argc > 0)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[0]);
	if (!r->hub || !*r->hub)
		return err_set(e, ERR_USAGE,
			       "missing required option '--hub' "
			       "(or MERCURE_PUBLISH_URL)");
	if (!r->ntopics)
		return err_set(e, ERR_USAGE,
			       "missing required option '--topic'");
	if (r->id && opt_count(v, "lines"))
		return err_set(e, ERR_USAGE,
			       "option '--id' does not apply to '--lines'");
	if (pipeline && !opt_count(v, "lines"))
		return err_set(e, ERR_USAGE,
			       "option '--pipeline' applies only to '--lines'");
	if (retry && (!*retry || strspn(retry, "0123456789") != strlen(retry)))
		return err_set(e, ERR_USAGE,
			       "invalid retry '%s' (want "
			       "milliseconds)",
			       retry);
	if (retries) {
		n = count_arg(retries, 0, 1000);
		if (n < 0)
			return err_set(e, ERR_USAGE,
				       "invalid retry count '%s' "
				       "(want 0 to 1000)",
				       retries);
		r->retries = (int)n;
	}
	*window = PUBPIPE_WINDOW;
	if (pipeline) {
		n = count_arg(pipeline, 1, LIMIT_PUB_PIPELINE);
		if (n < 0)
			return err_set(e, ERR_USAGE,
				       "invalid pipeline '%s' (want 1 to %d)",
				       pipeline, LIMIT_PUB_PIPELINE);
		*window = (int)n;
	}
	if (timeout)
		rc = timex_parse_duration(timeout, &ms, e);
	if (rc == 0 && timeout && ms <= 0)
		rc = err_set(e, ERR_USAGE, "invalid timeout '%s'", timeout);
	r->timeout_ms = (long)ms;
	return rc;
}

/* The descriptor --lines reads: stdin, or the file named by @FILE. */
static int lines_fd(const char *data, struct err *e)
{
	int fd;

	if (!data || strcmp(data, "-") == 0 || strcmp(data, "@-") == 0)
		return STDIN_FILENO;
	if (data[0] != '@')
		return err_set(e, ERR_USAGE,
			       "'--lines' reads '-' or '@FILE', "
			       "not a literal '--data'");
	fd = open(data + 1, O_RDONLY);
	if (fd < 0)
		return err_set_errno(e, ERR_NOINPUT, errno, "cannot read '%s'",
				     data + 1);
	return fd;
}

/*
 * --lines: pipelined over our own connection where the hub is plain
 * http:// and reached directly, else one at a time through libcurl.
 */
static int publish_lines(const struct opt_values *v, const struct pubreq *r,
			 int window, struct err *e)
{
	struct httpc *h = NULL;
	int rc, fd = lines_fd(opt_str(v, "data"), e);

	if (fd < 0)
		return -1;
	if (window > 1 && pubpipe_usable(r->hub)) {
		rc = pubpipe_lines(r, window, fd, stdout, e);
	} else {
		h = httpc_new(e);
		rc = h ? pubreq_lines(h, r, fd, stdout, e) : -1;
	}
	httpc_free(h);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

static int publish(const struct opt_values *v, const struct pubreq *r,
		   struct err *e)
{
	const char *data = opt_str(v, "data");
	struct buf body = BUF_INIT(LIMIT_PUB_DATA_BYTES);
	struct buf id = BUF_INIT(LIMIT_HTTP_BODY_BYTES);
	struct httpc *h = httpc_new(e);
	int rc = h ? 0 : -1;

	if (rc == 0 && data)
		rc = slurp_arg(&body, strcmp(data, "-") ? data : "@-", true, e);
	if (rc == 0)
		rc = pubreq_publish(h, r, data ? buf_cstr(&body) : NULL,
				    body.len, &id, e);
	if (rc == 0)
		printf("%s\n", buf_cstr(&id));
	httpc_free(h);
	buf_release(&body);
	buf_release(&id);
	return rc;
}

static int run(const struct opt_values *v, struct err *e)
{
	struct pubreq r = { 0 };
	struct buf token = BUF_INIT(LIMIT_JWT_BYTES);
	struct jwtx_key *key = NULL;
	int window = PUBPIPE_WINDOW, rc = configure(v, &r, &window, e);

	if (rc == 0)
		rc = credentials(v, &token, &key, e);
	if (rc == 0) {
		r.token = token.len ? token.data : NULL;
		r.key = key;
		rc = opt_count(v, "lines") ? publish_lines(v, &r, window, e)
					   : publish(v, &r, e);
	}
	jwtx_key_free(key);
	buf_release(&token);
	return rc < 0 ? rc : 0;
}

int main(int argc, char **argv)
{
	return tool_main(&tool, argc, argv, run, NULL);
}

/*
 * mercure-hub: a Mercure hub. Its flags and variables are the original
 * hub's, so existing deployments' commands and .env files work as they
 * are.
 */
#include "compat.h"

#include "httpd.h"
#include "hub.h"
#include "jwtx.h"
#include "log.h"
#include "opt.h"
#include "timex.h"
#include "tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct opt_spec opts[] = {
	{ "jwt-key", 'k', "KEY", "JWT_KEY", 0,
	  "key for publishers and subscribers: the secret, or a PEM public key for RS*/ES*" },
	{ "publisher-jwt-key", 0, "KEY", "PUBLISHER_JWT_KEY", 0,
	  "key for publishers (instead of --jwt-key)" },
	{ "subscriber-jwt-key", 0, "KEY", "SUBSCRIBER_JWT_KEY", 0,
	  "key for subscribers (instead of --jwt-key)" },
	{ "jwt-algorithm", 0, "ALG", "JWT_ALGORITHM", 0,
	  "HS256 (default), HS384, HS512, RS256/384/512 or ES256/384/512" },
	{ "addr", 'a', "ADDR", "ADDR", 0,
	  "listen on host:port, :port or [v6]:port (default 127.0.0.1:3000)" },
	{ "allow-anonymous", 0, NULL, "ALLOW_ANONYMOUS", 0,
	  "accept subscribers without a token (public updates only)" },
	{ "cors-allowed-origins", 0, "ORIGINS", "CORS_ALLOWED_ORIGINS", 0,
	  "origins browsers may subscribe from, space-separated, or '*'" },
	{ "publish-allowed-origins", 0, "ORIGINS", "PUBLISH_ALLOWED_ORIGINS", 0,
	  "origins allowed to publish with the cookie, or '*'" },
	{ "heartbeat-interval", 0, "DURATION", "HEARTBEAT_INTERVAL", 0,
	  "comment idle subscribers this often (default 40s; 0 disables)" },
	{ "transport-url", 0, "URL", "TRANSPORT_URL", 0,
	  "history: sqlite:///path/hub.db?size=N (default sqlite://mercure.db) or local://?size=N" },
	{ "subscriptions", 0, NULL, "SUBSCRIPTIONS", 0,
	  "publish subscription events and serve the subscriptions API" },
	{ "protocol-version-compatibility", 0, "VERSION",
	  "PROTOCOL_VERSION_COMPATIBILITY", 0,
	  "7 accepts older deployments' rules (empty publish claims, Last-Event-ID query)" },
	{ "cookie-name", 0, "NAME", "COOKIE_NAME", 0,
	  "cookie carrying the token (default mercureAuthorization, then "
	  "__Secure-mercure_access_token)" },
	{ "max-connections", 0, "N", "MAX_CONNECTIONS", 0,
	  "refuse clients past N connections (default 19800)" },
	{ "max-connections-per-client", 0, "N", "MAX_CONNECTIONS_PER_CLIENT", 0,
	  "answer 429 to an address past N connections (default 0: no limit)" },
	{ "max-stream-duration", 0, "DURATION", "MAX_STREAM_DURATION", 0,
	  "end streams within this, whatever the token (default 0: never)" },
	{ "jwt-issuer", 0, "ISSUER", "JWT_ISSUER", 0,
	  "accept only tokens whose iss is ISSUER" },
	{ "jwt-audience", 0, "AUDIENCE", "JWT_AUDIENCE", 0,
	  "accept only tokens whose aud holds AUDIENCE (e.g. the hub URL)" },
	{ "quiet", 'q', NULL, NULL, 0,
	  "log warnings and errors only, not every request" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "mercure-hub",
	.usage = "[--jwt-key KEY] [--addr ADDR] [--allow-anonymous] [options]",
	.summary =
		"Run a Mercure hub: subscribers get updates over Server-Sent Events,\n"
		"publishers POST them with a JWT.",
	.opts = opts,
	.versions = jwtx_versions,
};

struct server {
	struct hub *hub;
	bool quiet;
};

static void route(struct httpd_conn *c, const struct httpd_request *req,
		  void *arg)
{
	struct server *s = arg;
	static const char missing[] = "Not Found\n";

	if (!hub_handle(s->hub, c, req) && !hub_handle_ops(s->hub, c, req))
		httpd_respond(c, 404, "text/plain; charset=utf-8", NULL,
			      missing, sizeof(missing) - 1);
}

/*
 * Lines from the server and the hub may open with their level
 * ("level=warn msg=..."); the others are info. --quiet leaves info out.
 */
static void log_line(void *arg, const char *line)
{
	const struct server *s = arg;
	char level[16] = "info";
	size_t n;

	if (!strncmp(line, "level=", 6)) {
		n = strcspn(line + 6, " ");
		if (n < sizeof(level)) {
			memcpy(level, line + 6, n);
			level[n] = '\0';
			line += 6 + n + (line[6 + n] == ' ');
		}
	}
	if (!s->quiet || strcmp(level, "info"))
		log_event(level, line);
}

static void tick(void *arg, int64_t now_ms, bool stopping)
{
	hub_tick(((struct server *)arg)->hub, now_ms, stopping);
}

static void turn_end(void *arg)
{
	hub_turn_end(((struct server *)arg)->hub);
}

/* A key for role (publisher/subscriber): its own flag, else --jwt-key. */
static int load_key(const struct opt_values *v, const char *role_opt,
		    enum jwtx_alg alg, struct jwtx_key **key, struct err *e)
{
	const char *arg = opt_str(v, role_opt) ? opt_str(v, role_opt)
					       : opt_str(v, "jwt-key");

	*key = NULL;
	if (!arg)
		return 0;
	*key = jwtx_key_from_arg(alg, JWTX_VERIFY, arg, e);
	if (!*key)
		return err_prefix(e, "--%s",
				  opt_str(v, role_opt) ? role_opt : "jwt-key");
	/* Warn once for --jwt-key, which serves both roles. */
	if (jwtx_key_is_weak(*key) &&
	    (opt_str(v, role_opt) || !strcmp(role_opt, "publisher-jwt-key")))
		log_warn(
			"the key is shorter than %s's hash: use a longer secret",
			jwtx_alg_name(alg));
	return 0;
}

/* --NAME: a whole number from min to the server's ceiling. */
static int parse_conns(const char *name, int min, const char *arg, int *n,
		       struct err *e)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < min || v > LIMIT_HTTP_CONNECTIONS)
		return err_set(e, ERR_USAGE,
			       "invalid --%s '%s' (want %d to %d)", name, arg,
			       min, LIMIT_HTTP_CONNECTIONS);
	*n = (int)v;
	return 0;
}

/* The server's connection limits: total, and per client. */
static int configure_conns(const struct opt_values *v, int *max_conns,
			   struct err *e)
{
	const char *total = opt_str(v, "max-connections");
	const char *each = opt_str(v, "max-connections-per-client");
	int rc = 0;

	if (total)
		rc = parse_conns("max-connections", 1, total, &max_conns[0], e);
	if (rc == 0 && each)
		rc = parse_conns("max-connections-per-client", 0, each,
				 &max_conns[1], e);
	return rc;
}

static int configure(const struct opt_values *v, struct hub_config *cfg,
		     struct jwtx_key **keys, int *max_conns, struct err *e)
{
	const char *compat = opt_str(v, "protocol-version-compatibility");
	const char *hb = opt_str(v, "heartbeat-interval");
	const char *life = opt_str(v, "max-stream-duration");
	enum jwtx_alg alg = JWTX_HS256;
	int rc = 0;

	if (v->argc > 0)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[0]);
	rc = configure_conns(v, max_conns, e);
	if (rc == 0 && opt_str(v, "jwt-algorithm"))
		rc = jwtx_alg_parse(opt_str(v, "jwt-algorithm"), &alg, e);
	if (rc == 0)
		rc = load_key(v, "publisher-jwt-key", alg, &keys[0], e);
	if (rc == 0)
		rc = load_key(v, "subscriber-jwt-key", alg, &keys[1], e);
	if (rc == 0 && !keys[0] && !keys[1] && !opt_count(v, "allow-anonymous"))
		rc = err_set(
			e, ERR_USAGE,
			"no key: give --jwt-key (or --allow-anonymous for a hub nobody publishes to)");
	cfg->heartbeat_ms = 40000;
	if (rc == 0 && hb)
		rc = timex_parse_duration(hb, &cfg->heartbeat_ms, e);
	if (rc == 0 && life)
		rc = timex_parse_duration(life, &cfg->max_stream_ms, e);
	if (rc == 0 && compat && strcmp(compat, "7") && strcmp(compat, "8"))
		rc = err_set(e, ERR_USAGE,
			     "invalid protocol version '%s' (want 7 or 8)",
			     compat);
	cfg->compat = compat ? (int)strtol(compat, NULL, 10) : 0;
	cfg->publisher_key = keys[0];
	cfg->subscriber_key = keys[1];
	cfg->allow_anonymous = opt_count(v, "allow-anonymous") > 0;
	cfg->cors_origins = opt_str(v, "cors-allowed-origins");
	cfg->publish_origins = opt_str(v, "publish-allowed-origins");
	cfg->cookie_name = opt_str(v, "cookie-name");
	cfg->jwt_issuer = opt_str(v, "jwt-issuer");
	cfg->jwt_audience = opt_str(v, "jwt-audience");
	cfg->transport_url = opt_str(v, "transport-url")
				     ? opt_str(v, "transport-url")
				     : "sqlite://mercure.db";
	cfg->subscriptions = opt_count(v, "subscriptions") > 0;
	cfg->jwt_leeway = 5;
	cfg->log = log_line;
	return rc;
}

/* The host for the URL in the first log line ("localhost" for any). */
static void url_host(const char *addr, char *host, size_t size)
{
	size_t n = (size_t)(strrchr(addr, ':') - addr);

	if (n == 0 || (n == 7 && !strncmp(addr, "0.0.0.0", 7)) ||
	    (n == 4 && !strncmp(addr, "[::]", 4)) || n >= size)
		snprintf(host, size, "localhost");
	else
		snprintf(host, size, "%.*s", (int)n, addr);
}

static int serve(const struct opt_values *v, struct hub_config *cfg,
		 const int *max_conns, struct err *e)
{
	struct server s = { NULL, opt_count(v, "quiet") > 0 };
	struct httpd_config hc = {
		.addr = opt_str(v, "addr") ? opt_str(v, "addr")
					   : "127.0.0.1:3000",
		.handler = route,
		.arg = &s,
		.tick = tick,
		.turn_end = turn_end,
		.stream_closed = hub_stream_closed,
		.stream_drained = hub_stream_drained,
		.log = log_line,
		.quiet_requests = s.quiet,
	};
	struct httpd *h = NULL;
	char line[512], host[256];
	int rc = 0;

	cfg->log_arg = &s;
	hc.max_conns = max_conns[0];
	hc.max_conns_per_client = max_conns[1];
	s.hub = hub_new(cfg, e);
	if (s.hub)
		h = httpd_new(&hc, e);
	if (!h)
		rc = -1;
	if (rc == 0) {
		url_host(hc.addr, host, sizeof(host));
		snprintf(
			line, sizeof(line),
			"msg=listening addr=%s port=%d url=http://%s:%d/.well-known/mercure",
			hc.addr, httpd_port(h), host, httpd_port(h));
		log_event("info", line);
		rc = httpd_run(h, e);
	}
	httpd_free(h);
	hub_free(s.hub);
	return rc;
}

static int run(const struct opt_values *v, struct err *e)
{
	struct jwtx_key *keys[2] = { NULL, NULL };
	struct hub_config cfg = { 0 };
	int max_conns[2] = { 0, 0 }; /* total (0: the default), per client */
	int rc = configure(v, &cfg, keys, max_conns, e);

	if (rc == 0)
		rc = serve(v, &cfg, max_conns, e);
	jwtx_key_free(keys[0]);
	jwtx_key_free(keys[1]);
	return rc;
}

int main(int argc, char **argv)
{
	return tool_main(&tool, argc, argv, run, NULL);
}

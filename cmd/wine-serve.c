/*
 * wine-serve: the winestore REST API (API Platform-compatible JSON-LD
 * and JSON), its web page, and live updates through a Mercure hub,
 * embedded on the same port or external.
 */
#include "compat.h"

#include "jwtx.h"
#include "log.h"
#include "opt.h"
#include "serve.h"
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct opt_spec opts[] = {
	{ "listen", 'l', "ADDR", NULL, 0,
	  "listen on host:port, :port or [v6]:port (default 127.0.0.1:8000)" },
	{ "database-url", 'd', "URL", "DATABASE_URL", 0,
	  "the database: sqlite:///path or a path (default sqlite:///var/data.db)" },
	{ "public-url", 'u', "URL", "PUBLIC_URL", 0,
	  "the URL clients reach the server at, for topics and links (default: from Host)" },
	{ "media-dir", 'm', "DIR", "MEDIA_DIR", 0,
	  "where uploaded files are kept and served from (default var/media)" },
	{ "cors-allowed-origins", 0, "ORIGINS", "CORS_ALLOWED_ORIGINS", 0,
	  "origins allowed by CORS, space-separated, or '*' (default: localhost origins)" },
	{ "hub-url", 0, "URL", "MERCURE_PUBLIC_URL", 0,
	  "the hub URL given to clients in the Link header (default: the embedded hub)" },
	{ "publish-url", 0, "URL", "MERCURE_PUBLISH_URL", 0,
	  "publish to this external hub instead of the embedded one" },
	{ "mercure-url", 0, "URL", "MERCURE_URL", 0,
	  "an external hub for both publishing and the Link header" },
	{ "jwt-token", 0, "TOKEN", "MERCURE_JWT_TOKEN", 0,
	  "the publisher JWT for an external hub" },
	{ "jwt-secret", 0, "KEY", "MERCURE_JWT_SECRET", 0,
	  "HS256 secret: mint publisher tokens (external hub) or let publishers in (embedded)" },
	{ "max-connections", 0, "N", "MAX_CONNECTIONS", 0,
	  "refuse clients past N connections (default 19800)" },
	{ "quiet", 'q', NULL, NULL, 0, "log errors only, not every request" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "wine-serve",
	.usage =
		"[--listen ADDR] [--database-url URL] [--public-url URL] [options]",
	.summary =
		"Serve the winestore REST API (JSON-LD/Hydra and JSON), its web page,\n"
		"and live updates through a Mercure hub.",
	.opts = opts,
	.versions = jwtx_versions,
};

static int configure(const struct opt_values *v, struct serve_config *cfg,
		     struct err *e)
{
	const char *mercure = opt_str(v, "mercure-url");
	const char *n = opt_str(v, "max-connections");
	char *end;
	long conns;

	if (v->argc > 0)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[0]);
	cfg->listen =
		opt_str(v, "listen") ? opt_str(v, "listen") : "127.0.0.1:8000";
	cfg->database_url = opt_str(v, "database-url")
				    ? opt_str(v, "database-url")
				    : "sqlite:///var/data.db";
	cfg->public_url = opt_str(v, "public-url");
	cfg->media_dir =
		opt_str(v, "media-dir") ? opt_str(v, "media-dir") : "var/media";
	cfg->cors_origins = opt_str(v, "cors-allowed-origins");
	cfg->publish_url =
		opt_str(v, "publish-url") ? opt_str(v, "publish-url") : mercure;
	cfg->hub_url = opt_str(v, "hub-url");
	/* Symfony's older name for the hub URL given to clients. */
	if (!cfg->hub_url && getenv("MERCURE_SUBSCRIBE_URL") &&
	    *getenv("MERCURE_SUBSCRIBE_URL"))
		cfg->hub_url = getenv("MERCURE_SUBSCRIBE_URL");
	if (!cfg->hub_url && mercure)
		cfg->hub_url = mercure;
	cfg->jwt_token = opt_str(v, "jwt-token");
	cfg->jwt_secret = opt_str(v, "jwt-secret");
	cfg->quiet = opt_count(v, "quiet") > 0;
	if (cfg->public_url) {
		size_t len = strlen(cfg->public_url);

		if (strncmp(cfg->public_url, "http://", 7) &&
		    strncmp(cfg->public_url, "https://", 8))
			return err_set(
				e, ERR_USAGE,
				"invalid public URL '%s' (want http:// or https://)",
				cfg->public_url);
		if (len > 200 || strpbrk(cfg->public_url, "\"<> \r\n"))
			return err_set(e, ERR_USAGE, "invalid public URL '%s'",
				       cfg->public_url);
	}
	if (cfg->publish_url && strncmp(cfg->publish_url, "http://", 7) &&
	    strncmp(cfg->publish_url, "https://", 8))
		return err_set(e, ERR_USAGE, "invalid hub URL '%s'",
			       cfg->publish_url);
	if (cfg->hub_url && strpbrk(cfg->hub_url, "\"<> \r\n"))
		return err_set(e, ERR_USAGE, "invalid hub URL '%s'",
			       cfg->hub_url);
	if (n) {
		conns = strtol(n, &end, 10);
		if (*end || conns < 1 || conns > 1000000)
			return err_set(e, ERR_USAGE,
				       "invalid connection count '%s'", n);
		cfg->max_conns = (int)conns;
	}
	if (cfg->jwt_secret && !*cfg->jwt_secret)
		cfg->jwt_secret = NULL;
	if (cfg->jwt_token && !*cfg->jwt_token)
		cfg->jwt_token = NULL;
	return 0;
}

static int run(const struct opt_values *v, struct err *e)
{
	struct serve_config cfg = { 0 };
	int rc = configure(v, &cfg, e);

	return rc == 0 ? serve_run(&cfg, e) : rc;
}

int main(int argc, char **argv)
{
	return tool_main(&tool, argc, argv, run, NULL);
}

/* serve: one epoll server for the API, the page, the media and the hub. */
#include "compat.h"

#include "serve.h"

#include "api.h"
#include "httpd.h"
#include "hub.h"
#include "jwtx.h"
#include "log.h"
#include "outbox.h"
#include "store.h"
#include "webassets.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define FLUSH_TIMEOUT_MS 5000

struct server {
	const struct serve_config *cfg;
	struct store *store;
	struct api *api;
	struct hub *hub;
	struct outbox *outbox;
};

static void serve_web(struct httpd_conn *c, const struct httpd_request *req)
{
	const struct webassets_file *f =
		webassets_find(req->head.path, req->head.path_len);
	static const char nf[] = "Not Found\n";

	if (!f) {
		httpd_respond(c, 404, "text/plain; charset=utf-8",
			      "X-Content-Type-Options: nosniff\r\n", nf,
			      sizeof(nf) - 1);
		return;
	}
	if (strcmp(req->head.method, "GET")) {
		httpd_respond(c, 405, "text/plain; charset=utf-8",
			      "Allow: GET\r\n", "Method Not Allowed\n", 19);
		return;
	}
	httpd_respond(c, 200, f->type,
		      "X-Content-Type-Options: nosniff\r\n"
		      "X-Frame-Options: deny\r\nCache-Control: no-cache\r\n",
		      f->data, f->len);
}

static void route(struct httpd_conn *c, const struct httpd_request *req,
		  void *arg)
{
	struct server *s = arg;
	struct httpd_request get;

	if (s->hub && hub_handle(s->hub, c, req))
		return;
	/* HEAD is GET without the body, which httpd leaves out itself. */
	if (!strcmp(req->head.method, "HEAD")) {
		get = *req;
		get.head.method = "GET";
		req = &get;
	}
	if (api_handle(s->api, c, req))
		return;
	serve_web(c, req);
}

static void log_request(void *arg, const char *line)
{
	struct server *s = arg;

	if (!s->cfg->quiet)
		log_event("info", line);
}

static void log_line(void *arg, const char *line)
{
	(void)arg;
	log_event(strstr(line, "level=error")  ? "error"
		  : strstr(line, "level=warn") ? "warn"
					       : "info",
		  line);
}

static void tick(void *arg, int64_t now_ms, bool stopping)
{
	struct server *s = arg;

	/* Delivery retried once a second; before the hub's streams end
	 * when stopping, so subscribers get what was committed. */
	outbox_kick(s->outbox);
	outbox_drain(s->outbox);
	if (s->hub)
		hub_tick(s->hub, now_ms, stopping);
}

static void turn_end(void *arg)
{
	struct server *s = arg;

	outbox_drain(s->outbox);
	if (s->hub)
		hub_turn_end(s->hub);
}

static void committed(void *arg)
{
	outbox_kick(((struct server *)arg)->outbox);
}

/* mkdir -p dir */
static int make_dir(const char *dir, struct err *e)
{
	char path[4096];
	size_t i;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return err_set(e, ERR_USAGE, "media folder name too long");
	for (i = 1; path[i]; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			break;
		path[i] = '/';
	}
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	return err_set_errno(e, ERR_NOINPUT, errno,
			     "cannot create media folder '%s'", dir);
}

int serve_run(const struct serve_config *cfg, struct err *e)
{
	struct server s = { cfg, NULL, NULL, NULL, NULL };
	struct jwtx_key *key = NULL, *sign = NULL;
	struct hub_config hc = { 0 };
	struct api_config ac = { 0 };
	struct outbox_config oc = { 0 };
	struct httpd_config sc = { 0 };
	struct httpd *h = NULL;
	char line[512];
	int rc = -1;
	int64_t left;

	s.store = store_open(cfg->database_url, e);
	if (!s.store)
		goto out;
	if (cfg->jwt_secret) {
		key = jwtx_key_new(JWTX_HS256, JWTX_VERIFY, cfg->jwt_secret,
				   strlen(cfg->jwt_secret), e);
		if (!key)
			goto out;
		sign = jwtx_key_new(JWTX_HS256, JWTX_SIGN, cfg->jwt_secret,
				    strlen(cfg->jwt_secret), e);
		if (!sign)
			goto out;
	}
	if (!cfg->publish_url) {
		hc.publisher_key = key;
		hc.subscriber_key = key;
		hc.allow_anonymous = true;
		hc.cors_origins = cfg->cors_origins ? cfg->cors_origins : "*";
		hc.heartbeat_ms = 40000;
		hc.jwt_leeway = 5;
		hc.log = log_line;
		s.hub = hub_new(&hc, e);
		if (!s.hub)
			goto out;
	}
	oc.hub = s.hub;
	oc.publish_url = cfg->publish_url;
	oc.token = cfg->jwt_token;
	oc.key = cfg->jwt_token ? NULL : sign;
	oc.db_url = cfg->database_url;
	oc.log = log_line;
	if (cfg->media_dir && make_dir(cfg->media_dir, e) < 0)
		goto out;
	ac.public_url = cfg->public_url;
	ac.hub_url = cfg->hub_url ? cfg->hub_url : cfg->publish_url;
	ac.cors_origins = cfg->cors_origins;
	ac.media_dir = cfg->media_dir;
	ac.committed = committed;
	ac.arg = &s;
	s.api = api_new(&ac, s.store, e);
	if (!s.api)
		goto out;
	sc.addr = cfg->listen;
	sc.max_body = LIMIT_UPLOAD_BYTES;
	sc.max_conns = cfg->max_conns;
	sc.handler = route;
	sc.arg = &s;
	sc.tick = tick;
	sc.turn_end = turn_end;
	sc.stream_closed = hub_stream_closed;
	sc.log = log_request;
	h = httpd_new(&sc, e);
	if (!h)
		goto out;
	s.outbox = outbox_new(&oc, s.store, e);
	if (!s.outbox)
		goto out;
	snprintf(line, sizeof(line),
		 "msg=listening addr=%s port=%d database=%s hub=%s",
		 cfg->listen, httpd_port(h), store_path(s.store),
		 cfg->publish_url ? cfg->publish_url : "embedded");
	log_event("info", line);
	if (cfg->ready)
		cfg->ready(cfg->arg, httpd_port(h));
	rc = httpd_run(h, e);
	left = outbox_finish(s.outbox, FLUSH_TIMEOUT_MS);
	if (left != 0) {
		snprintf(
			line, sizeof(line),
			"msg=\"updates left in the outbox for the next start\" count=%lld",
			(long long)left);
		log_event("warn", line);
	}
out:
	outbox_free(s.outbox);
	httpd_free(h);
	api_free(s.api);
	hub_free(s.hub);
	jwtx_key_free(key);
	jwtx_key_free(sign);
	store_free(s.store);
	return rc;
}

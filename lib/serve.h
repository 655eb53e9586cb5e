/*
 * serve: wine-serve's server: the REST API (api), the web page
 * (webassets), the uploaded media, and the Mercure hub, either embedded
 * (the hub core mounted on the same port at /.well-known/mercure) or
 * external (updates POSTed to it), fed from the outbox.
 */
#ifndef WS_SERVE_H
#define WS_SERVE_H

#include "compat.h"
#include "err.h"

#include <stdbool.h>

struct serve_config {
	const char *listen;	  /* "127.0.0.1:8000" */
	const char *database_url; /* DATABASE_URL */
	const char *public_url;	  /* NULL: from each request's Host */
	const char *media_dir;	  /* created when missing */
	const char *cors_origins; /* NULL: the local origins */
	const char *hub_url;	  /* the Link's hub; NULL: the embedded one
				   * (or publish_url when external) */
	const char *publish_url;  /* an external hub; NULL: embedded */
	const char *jwt_token;	  /* external: the publisher token */
	const char *jwt_secret;	  /* external: mint tokens (HS256); embedded:
				   * the key publishers over HTTP need */
	int max_conns;		  /* 0: the default */
	bool quiet;		  /* no access log */
	/* Called once listening, with the port bound. */
	void (*ready)(void *arg, int port);
	void *arg;
};

/*
 * Run until SIGTERM or SIGINT: then finish in-flight requests, deliver
 * the outbox (a few seconds at most for an external hub; what is left
 * waits for the next start) and return 0. Returns -1 with e set when the
 * server cannot start (ERR_USAGE, ERR_NOINPUT, ERR_DATA, ERR_UNAVAIL) or
 * fails.
 */
int serve_run(const struct serve_config *cfg, struct err *e) WS_MUST_USE;

#endif

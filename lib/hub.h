/*
 * hub: the Mercure hub core, mountable on any httpd server.
 *
 * It speaks the Mercure 0.x protocol that Symfony and API Platform use
 * (topic= selectors with URI templates, the mercure.publish/subscribe/
 * payload claims, the mercureAuthorization cookie and authorization query
 * parameter, lastEventID and Last-Event-ID) plus the 1.0 spellings that
 * do not conflict (match=, match_exact=, match_urlpattern=,
 * last_event_id, Mercure-Last-Event-ID, QUERY subscriptions, the
 * __Secure-mercure_access_token cookie, at+jwt access tokens granting
 * exact topics or URL patterns through authorization_details). URL
 * patterns resolve against URLPATTERN_DEFAULT_BASE. See
 * reference/mercure.md for the checklist it follows.
 *
 * An update is encoded once into a frame shared by every subscriber it
 * reaches. Subscribers are routed by selector: identical selectors (of
 * the same kind: 0.x selector, exact match, URL pattern) are compiled
 * once and matched once per update, whatever the number of subscribers
 * behind them. Publishing is acknowledged only once the
 * update is in the history: the publishes of one turn of the server loop
 * are committed together (group commit), then answered and dispatched.
 *
 * The owner wires the server's callbacks to hub_handle, hub_tick,
 * hub_turn_end, hub_stream_closed and hub_stream_drained.
 */
#ifndef WS_HUB_H
#define WS_HUB_H

#include "compat.h"
#include "err.h"
#include "httpd.h"
#include "jwtx.h"

#include <stdbool.h>
#include <stdint.h>

struct hub;

struct hub_config {
	/* Borrowed keys; NULL refuses that role (no publishing; only
	 * anonymous subscribers). */
	const struct jwtx_key *publisher_key;
	const struct jwtx_key *subscriber_key;
	bool allow_anonymous;
	const char *cors_origins;    /* space-separated, "*", or NULL */
	const char *publish_origins; /* allowed for cookie-authenticated
				      * publishing; space-separated or "*" */
	const char *cookie_name;     /* NULL: mercureAuthorization, then
				      * __Secure-mercure_access_token */
	int64_t heartbeat_ms;	     /* 0 disables heartbeats */
	const char *transport_url;   /* NULL: local://?size=1000 */
	bool subscriptions;	     /* active subscription events and API */
	int compat;		     /* protocol-version-compatibility: 0, 7 */
	long jwt_leeway;	     /* seconds of clock skew on exp/nbf */
	/* When set, every token's iss must be jwt_issuer and its aud must
	 * hold jwt_audience (Mercure 1.0 binds tokens to a hub this way). */
	const char *jwt_issuer;
	const char *jwt_audience;
	int64_t max_stream_ms; /* 0: streams last until exp or forever */
	/* In-process publishing (hub_publish) with this name in the log. */
	void (*log)(void *arg, const char *line);
	void *log_arg;
};

/* One update, as a publisher hands it over. Strings are borrowed. */
struct hub_update {
	const char *const *topics; /* the first is canonical */
	int ntopics;
	const char *data;
	size_t data_len;
	const char *id;	  /* NULL: the hub assigns urn:uuid:<UUIDv7> */
	const char *type; /* NULL: none */
	long long retry;  /* 0: none */
	bool private_;
};

/*
 * New: a hub with its history opened from cfg->transport_url. The config
 * and the keys it names are borrowed and must outlive the hub. Returns
 * NULL with ERR_USAGE for a bad transport URL or ERR_NOINPUT when the
 * history cannot be opened.
 */
struct hub *hub_new(const struct hub_config *cfg, struct err *e);

/* End every stream and close the history; NULL is a no-op. */
void hub_free(struct hub *hub);

/*
 * Handle a request if it is the hub's: /.well-known/mercure and below.
 * Returns true when it was (the hub answers it), false otherwise.
 */
bool hub_handle(struct hub *hub, struct httpd_conn *c,
		const struct httpd_request *req);

/*
 * Handle the operational routes of a stand-alone hub: GET / (a debug
 * page), /healthz and /metrics (Prometheus text). Returns true when the
 * request was one of them.
 */
bool hub_handle_ops(struct hub *hub, struct httpd_conn *c,
		    const struct httpd_request *req);

/*
 * Publish from inside the process (wine-serve's embedded hub): store the
 * update, dispatch it, and write its id (new, free with free()) to *id
 * when id is not NULL. Returns 0, or -1 with ERR_DATA for an invalid
 * update or ERR_RUNTIME when the history refused it.
 */
int hub_publish(struct hub *hub, const struct hub_update *u, char **id,
		struct err *e) WS_MUST_USE;

/* The server callbacks (see httpd.h); arg is the hub. */
void hub_tick(void *hub, int64_t now_ms, bool stopping);
void hub_turn_end(void *hub);
void hub_stream_closed(struct httpd_conn *c, void *owner,
		       enum httpd_close_reason why);
void hub_stream_drained(struct httpd_conn *c, void *owner);

/* Subscribers connected now. */
long hub_subscriber_count(const struct hub *hub);

#endif

/*
 * outbox: delivers the updates writes left in the store's outbox table
 * to a Mercure hub, in order, and removes each row only once the hub has
 * taken it. Nothing is lost when the hub is down or the process dies:
 * rows wait in the database and are delivered when the hub is back, or
 * by the next process. A row may be delivered twice if the process dies
 * between the hub's answer and the row's removal; it carries the same
 * event id both times, so subscribers can tell.
 *
 * Two sinks. The embedded hub (wine-serve's own) is fed in-process from
 * the server's thread: outbox_drain at the end of each turn of the loop.
 * An external hub is fed by a worker thread with its own database
 * connection, POSTing each update (form-encoded) with a bearer token,
 * retrying with backoff until the hub accepts.
 */
#ifndef WS_OUTBOX_H
#define WS_OUTBOX_H

#include "compat.h"
#include "err.h"
#include "hub.h"
#include "jwtx.h"
#include "store.h"

#include <stdint.h>

struct outbox_config {
	/* Embedded: publish in-process to this hub (borrowed). */
	struct hub *hub;
	/* External: the hub's publish URL, and a bearer token or a key to
	 * mint one with (publish: ["*"]); both NULL: no Authorization. */
	const char *publish_url;
	const char *token;
	const struct jwtx_key *key;
	const char *db_url; /* external: the worker's connection */
	/* Diagnostics, logfmt ("level=... msg=..."); may be NULL. */
	void (*log)(void *arg, const char *line);
	void *log_arg;
};

struct outbox;

/*
 * New: an outbox over store (borrowed; the embedded sink uses it from
 * the caller's thread). With an external hub, starts the worker. NULL on
 * error.
 */
struct outbox *outbox_new(const struct outbox_config *cfg, struct store *store,
			  struct err *e);

/* A row was committed: deliver soon. Cheap; call from the server. */
void outbox_kick(struct outbox *o);

/* Embedded sink: publish what is pending now (server thread). A no-op
 * for an external hub. */
void outbox_drain(struct outbox *o);

/*
 * Finish: deliver what is pending for at most timeout_ms, then stop the
 * worker. Returns the number of rows left undelivered (they stay for
 * the next start), or -1 when that could not be counted.
 */
int64_t outbox_finish(struct outbox *o, int64_t timeout_ms);

/* Stop and free; NULL is a no-op. */
void outbox_free(struct outbox *o);

/* Updates delivered so far. */
uint64_t outbox_delivered(const struct outbox *o);

#endif

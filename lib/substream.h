/*
 * substream: a Mercure subscriber as a shell wants it.
 *
 * Subscribes to a hub (topic= selectors, match= for 1.0 hubs) or reads a
 * recorded stream, parses it with sse, and writes events with sseout.
 * Like an EventSource it reconnects after a lost or closed stream, sending
 * the last event id as Last-Event-ID and waiting the stream's "retry"
 * time (doubled per failed attempt, with jitter); a 204 or a response
 * that is not an event stream ends it for good.
 */
#ifndef WS_SUBSTREAM_H
#define WS_SUBSTREAM_H

#include "compat.h"
#include "err.h"
#include "jwtx.h"
#include "sseout.h"

#include <stdbool.h>
#include <stdint.h>

/* Wait this long before reconnecting until a stream sets "retry". */
#define SUBSTREAM_RECONNECT_MS 3000
/* Failed attempts in a row double the wait up to this (or "retry"). */
#define SUBSTREAM_BACKOFF_CAP_MS 30000

struct substream {
	const char *hub;
	const char *const *topics;
	int ntopics;
	const char *const *matches;
	int nmatches;
	const char *last_event_id;  /* for the first request, or NULL */
	const char *token;	    /* Bearer token, or NULL */
	const struct jwtx_key *key; /* else mint a subscribe token, or NULL */
	const char *cookie;	    /* "NAME=VALUE...", or a token sent as the
				     * mercureAuthorization cookie; or NULL */
	const char *input;	    /* read this file ("-": stdin), no hub */
	enum sseout_format format;
	bool json_data;
	long long max_events; /* stop after this many; 0: never */
	const char *until_id; /* stop after the event with this id */
	int64_t timeout_ms;   /* stop when no event came for this long */
	bool reconnect;
	int64_t reconnect_ms; /* 0: SUBSTREAM_RECONNECT_MS */
	int retries;	      /* failed attempts in a row allowed; -1: none
			       * before the first connection, no limit after */
	size_t max_event;     /* 0: LIMIT_SSE_EVENT_BYTES */
	int out_fd;
	/* Told about each reconnection (a one-line reason), or NULL. */
	void (*notice)(void *ctx, const char *msg);
	void *notice_ctx;
};

enum substream_result {
	SUBSTREAM_OK = 0,      /* ended as asked, or the reader went away */
	SUBSTREAM_NOEVENTS = 1 /* the timeout passed before any event */
};

/*
 * Run the subscription until the stream ends for good, a limit is
 * reached or the output's reader goes away. Returns an enum
 * substream_result, or -1 with e set: ERR_UNAVAIL (the hub could not be
 * reached, after the retries allowed), ERR_DENIED (401, 403), ERR_DATA
 * (another 4xx), ERR_PROTOCOL (not an event stream), ERR_LIMIT (an event
 * over max_event), ERR_NOINPUT (the input cannot be read), ERR_RUNTIME
 * (a write error).
 */
int substream_run(const struct substream *o, struct err *e) WS_MUST_USE;

#endif

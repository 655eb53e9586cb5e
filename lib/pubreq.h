/*
 * pubreq: publishing updates to a Mercure hub (POST, form-encoded).
 *
 * The body carries topic (the first canonical, the rest alternates),
 * data, private, id, type and retry as the Mercure spec names them; the
 * hub answers 200 with the id of the update. A token is either given or
 * minted here for exactly the topics published (the "mercure.publish"
 * claim), so a secret can stand in for a token.
 */
#ifndef WS_PUBREQ_H
#define WS_PUBREQ_H

#include "buf.h"
#include "compat.h"
#include "err.h"
#include "httpc.h"
#include "jwtx.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* How long a minted token lives; it is minted again when it runs out. */
#define PUBREQ_TOKEN_TTL 3600

struct pubreq {
	const char *hub;
	const char *const *topics; /* at least one */
	int ntopics;
	bool private;
	const char *id;	   /* NULL: the hub picks one */
	const char *type;  /* NULL: none */
	const char *retry; /* NULL: none; ASCII digits */
	const char *token; /* Bearer token, or NULL to mint one with key, or
			    * to send none when key is NULL too */
	const struct jwtx_key *key;
	int retries;	 /* more attempts after a failed connection or 5xx */
	long timeout_ms; /* per attempt; 0: 30 seconds */
};

/*
 * New: a compact JWT granting claim ("publish" or "subscribe") on the n
 * topics: {"mercure":{"<claim>":[...]},"exp":...}; no exp when exp is 0.
 * Free with free(). NULL with e set on failure.
 */
char *pubreq_mint(const struct jwtx_key *key, const char *claim,
		  const char *const *topics, int n, time_t exp, struct err *e);

/*
 * Publish one update with data[0..len) (data NULL: no data field) over
 * h's kept-alive connection. On success id_out holds the id the hub
 * returned. Errors: ERR_UNAVAIL when the hub cannot be reached or keeps
 * answering 5xx after r->retries more attempts, ERR_DENIED for 401 and
 * 403, ERR_DATA for another 4xx, ERR_PROTOCOL for anything else; the
 * message quotes the hub's answer.
 */
int pubreq_publish(struct httpc *h, const struct pubreq *r, const char *data,
		   size_t len, struct buf *id_out, struct err *e) WS_MUST_USE;

/*
 * Publish each line read from fd (LF-terminated, a CR before the LF
 * dropped; a last line without LF counts) as one update, over one
 * connection, writing each returned id and a line feed to out, flushed.
 * Stops at the first error (as pubreq_publish, ERR_NOINPUT for a read
 * error, ERR_LIMIT for a line over LIMIT_PUB_DATA_BYTES). Returns 0, 1
 * when out was closed by its reader, or -1.
 */
int pubreq_lines(struct httpc *h, const struct pubreq *r, int fd, FILE *out,
		 struct err *e) WS_MUST_USE;

#endif

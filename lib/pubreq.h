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
 * connection, one after the other, writing each returned id and a line
 * feed to out, flushed. Stops at the first error (as pubreq_publish,
 * ERR_NOINPUT for a read error, ERR_LIMIT for a line over
 * LIMIT_PUB_DATA_BYTES). Returns 0, 1 when out was closed by its reader,
 * or -1. pubpipe_lines does the same with requests pipelined.
 */
int pubreq_lines(struct httpc *h, const struct pubreq *r, int fd, FILE *out,
		 struct err *e) WS_MUST_USE;

/* ---- the pieces both ways of publishing lines share ------------------ */

/* The most a form body of one update may take (data percent-encoded). */
#define PUBREQ_BODY_MAX (3 * (size_t)LIMIT_PUB_DATA_BYTES + LIMIT_URL_BYTES)

/* r->timeout_ms, or the default of 30 seconds when it is 0. */
long pubreq_timeout_ms(const struct pubreq *r);

/* Sleep before the attempt that follows the given number of failures
 * (>= 1) in a row: 250 ms doubled each time, up to 8 s, jittered. */
void pubreq_backoff(int failures);

/* The token to present, minted again when the last one runs out. */
struct pubreq_bearer {
	char *minted;
	time_t exp;
};

/*
 * Borrowed into *token: r->token, or NULL when r has neither token nor
 * key, or a token for r's topics minted with r->key and kept in b (valid
 * until the next call with b). 0, or -1 with e set. Zero b first;
 * release with pubreq_bearer_release.
 */
int pubreq_bearer_get(const struct pubreq *r, struct pubreq_bearer *b,
		      const char **token, struct err *e) WS_MUST_USE;

void pubreq_bearer_release(struct pubreq_bearer *b);

/*
 * The form body of an update of r with data[0..len) (data NULL: no data
 * field) into body, which is reset first. 0, or -1 with e set
 * (ERR_LIMIT when it passes body's ceiling).
 */
int pubreq_body(const struct pubreq *r, const char *data, size_t len,
		struct buf *body, struct err *e) WS_MUST_USE;

/* Write the id a hub answered, body[0..len) less trailing whitespace,
 * and a line feed to out (unflushed: see pubreq_flush). */
void pubreq_put_id(FILE *out, const char *body, size_t len);

/* Flush out: 0, 1 when its reader went away (EPIPE), or -1 with e set. */
int pubreq_flush(FILE *out, struct err *e) WS_MUST_USE;

/* Lines read from a descriptor, for publishing one update each. */
struct pubreq_input {
	int fd;
	bool eof;      /* fd has ended */
	struct buf in; /* what was read and not yet handed out */
	size_t start;  /* the next line starts here */
	size_t seen;   /* in[start..seen) holds no line feed */
};

/* Read lines from fd (not closed by pubreq_input_release); no
 * allocation. */
void pubreq_input_init(struct pubreq_input *in, int fd);

void pubreq_input_release(struct pubreq_input *in);

/*
 * The next line held: 1 with *line and *len set (borrowed until the next
 * call; a CR before the LF dropped, a last line without LF given at the
 * end), 0 when no whole line is held (call pubreq_input_read unless
 * in->eof), or -1 with e set (ERR_LIMIT) for a line longer than
 * LIMIT_PUB_DATA_BYTES.
 */
int pubreq_input_next(struct pubreq_input *in, const char **line, size_t *len,
		      struct err *e) WS_MUST_USE;

/*
 * Read once from the descriptor (it blocks unless something is there to
 * read); at its end in->eof is set. 0 (also when interrupted by a
 * signal), or -1 with e set: ERR_NOINPUT for a read error, ERR_RUNTIME
 * when memory runs out.
 */
int pubreq_input_read(struct pubreq_input *in, struct err *e) WS_MUST_USE;

#endif

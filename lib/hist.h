/*
 * hist: the hub's update history, behind a transport interface.
 *
 * A transport stores updates in order, gives each a sequence number, and
 * replays them "since an event id". The hub core only ever talks to
 * struct hist through the functions below, so a transport for several
 * processes or nodes (Redis streams, PostgreSQL) can be added to hist.c's
 * table without touching the core. Two exist:
 *
 *   sqlite:///var/lib/mercure/hub.db?size=100000&sync=normal
 *       durable: SQLite in WAL mode; an update whose append returned
 *       survives kill -9 of the process (sync=normal, the default) or
 *       also a power failure (sync=full). "sqlite://hub.db" is relative
 *       to the working directory, "sqlite:///abs/hub.db" absolute.
 *   local://?size=10000   (also local:// and local://local)
 *       a bounded ring in memory, lost when the process ends; size=0
 *       keeps no history at all, as the reference hub's local transport.
 *
 * size is how many of the newest updates replay can reach (default
 * LIMIT_HIST_SIZE_DEFAULT for sqlite, LIMIT_HIST_LOCAL_SIZE_DEFAULT for
 * local, at most LIMIT_HIST_SIZE). SQLite deletes the older rows in
 * batches, so the file briefly holds a few more.
 *
 * Replay semantics (Mercure, section "Reconnection and State
 * Reconciliation"): the same id may be published twice, so an id is never
 * a key. By default replay starts after the earliest occurrence of the
 * id among the updates kept, as the 1.0 draft requires and the reference
 * hub does (replaying a duplicate rather than losing what lies between);
 * HIST_DUP_LAST starts after the latest occurrence instead. An id that is
 * not in the kept history is reported as unknown, and the caller picks
 * between replaying nothing (the reference hub, which then answers
 * Last-Event-ID: earliest) and everything (HIST_UNKNOWN_ALL).
 *
 * All functions are thread-safe. Appends from several threads that
 * arrive while a commit is in progress are written together in the next
 * transaction (group commit); each returns only once its own update is
 * committed.
 */
#ifndef WS_HIST_H
#define WS_HIST_H

#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The cursor that means "from the beginning". */
#define HIST_EARLIEST "earliest"

/* Room for a generated id: "urn:uuid:" + 36 + NUL. */
#define HIST_ID_BUF 48

struct hist_update {
	/* An event id. NULL or "" on append: one is generated into idbuf. */
	const char *id;
	/* One or more topics, canonical first; C strings. */
	const char *const *topics;
	size_t ntopics;
	/* The payload; it may hold NUL bytes. NULL when data_len is 0. */
	const char *data;
	size_t data_len;
	const char *type; /* SSE event type; NULL or "" for none */
	uint64_t retry;	  /* SSE retry; 0 for none */
	bool is_private;
	/* Set by the transport: the position in history, from 1 upwards. */
	uint64_t seq;
	char idbuf[HIST_ID_BUF];
};

/* What to replay. */
struct hist_query {
	const char *after; /* an event id, or HIST_EARLIEST */
	uint64_t until;	   /* the last seq to include; 0 for the newest */
	unsigned flags;	   /* HIST_DUP_LAST, HIST_UNKNOWN_ALL */
	/* When not 0, replay continues right after this seq instead (after
	 * is then ignored): a replay read in pages. found is false when the
	 * seq has already left the history. */
	uint64_t after_seq;
};

#define HIST_DUP_LAST	 0x1 /* after the latest occurrence of the id */
#define HIST_UNKNOWN_ALL 0x2 /* an unknown id replays everything kept */

/* What a replay did. */
struct hist_result {
	bool found;	/* the id was in history (HIST_EARLIEST always is) */
	uint64_t until; /* the snapshot: updates after it were not passed */
	size_t count;	/* updates passed to the callback */
	bool stopped;	/* the callback returned non-zero */
};

/*
 * Called once per replayed update, oldest first. u and everything it
 * points to are borrowed for the duration of the call. Return 0 to go
 * on, anything else to stop. It must not call hist_since or hist_last on
 * the same history (that would deadlock); appending is fine.
 */
typedef int hist_each_fn(const struct hist_update *u, void *arg);

struct hist;

/* A transport: what hist.c needs from each implementation. */
struct hist_ops {
	const char *name; /* "sqlite", "local" */
	int (*append)(struct hist *h, struct hist_update *const *u, size_t n,
		      struct err *e);
	int (*since)(struct hist *h, const struct hist_query *q,
		     hist_each_fn *each, void *arg, struct hist_result *r,
		     struct err *e);
	int (*last)(struct hist *h, char *id, size_t size, uint64_t *seq,
		    struct err *e);
	void (*close)(struct hist *h);
};

/* Every transport's handle starts with this. */
struct hist {
	const struct hist_ops *ops;
};

/*
 * New: open the history a transport URL names (see above). Returns NULL
 * with ERR_USAGE for a bad URL (the message names the scheme or the
 * parameter, never the whole URL, which may carry credentials),
 * ERR_NOINPUT when the database cannot be opened, ERR_DATA when it is
 * not a history database, ERR_RUNTIME otherwise. Free with hist_free,
 * which also closes it.
 */
struct hist *hist_new(const char *url, struct err *e) WS_MUST_USE;

/* Close and free; NULL is allowed. No call may be in progress. */
void hist_free(struct hist *h);

/* Borrowed: the transport's name. */
const char *hist_name(const struct hist *h);

/*
 * Append u durably (as the transport can) and return once it is
 * committed. A missing id is generated (urn:uuid: + UUIDv7) into
 * u->idbuf and u->id points there; u->seq receives the position. Returns
 * 0, or -1 with ERR_USAGE (no topic; a topic, id or type holding CR or
 * LF; over LIMIT_TOPIC_COUNT, LIMIT_TOPIC_BYTES, LIMIT_EVENT_ID_BYTES or
 * LIMIT_EVENT_TYPE_BYTES), ERR_LIMIT for data over LIMIT_FORM_BYTES, or
 * ERR_RUNTIME (the update was not stored).
 */
int hist_append(struct hist *h, struct hist_update *u,
		struct err *e) WS_MUST_USE;

/*
 * Append n updates in one transaction, all or none, in order. The same
 * results as hist_append for each; on error none is stored.
 */
int hist_append_batch(struct hist *h, struct hist_update *const *u, size_t n,
		      struct err *e) WS_MUST_USE;

/*
 * Replay the updates after q->after (see above) up to q->until, oldest
 * first, through each. r is always filled. Returns 0 (also when the id is
 * unknown or the callback stopped), or -1 with ERR_USAGE for a missing
 * cursor or ERR_RUNTIME.
 */
int hist_since(struct hist *h, const struct hist_query *q, hist_each_fn *each,
	       void *arg, struct hist_result *r, struct err *e) WS_MUST_USE;

/*
 * Copy the id of the newest update into id[0..size) and its position
 * into *seq (either may be NULL/0). Returns 1, 0 when the history is
 * empty (id gets "", *seq 0), or -1 with ERR_LIMIT when size is too small
 * or ERR_RUNTIME.
 */
int hist_last(struct hist *h, char *id, size_t size, uint64_t *seq,
	      struct err *e) WS_MUST_USE;

/*
 * Write "urn:uuid:" and a new UUIDv7 to out. Returns 0, or -1 when no
 * randomness could be had.
 */
int hist_new_id(char out[HIST_ID_BUF]) WS_MUST_USE;

/* Transports, for hist.c (not for the hub core). */
struct hist_sqlite_opts {
	const char *path;
	uint64_t size;
	bool sync_full;
};
struct hist *hist_sqlite_open(const struct hist_sqlite_opts *o, struct err *e);
struct hist *hist_local_open(uint64_t size, struct err *e);

#endif

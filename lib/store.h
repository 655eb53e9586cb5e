/*
 * store: wine-serve's queries on the winestore database, and its outbox.
 *
 * The schema (tables wine, comment and media_object, as Doctrine names
 * them) belongs to wine-db; this module only reads and writes rows, with
 * prepared statements and bound parameters only: no value from a request
 * is ever part of SQL text. It adds one table of its own, outbox, with
 * CREATE TABLE IF NOT EXISTS: the updates a write must publish, stored in
 * the same transaction as the write and removed once a hub has taken
 * them.
 *
 * A store is one SQLite connection (WAL, synchronous=NORMAL: a commit
 * survives the process being killed, foreign keys on, a busy timeout) and
 * must be used by one thread at a time; the outbox drainer opens its own.
 */
#ifndef WS_STORE_H
#define WS_STORE_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stdint.h>

struct store;

struct store_media {
	int64_t id;
	char *file_path; /* NULL when none */
};

struct store_comment {
	int64_t id;
	char *text;
	char *created_at; /* "Y-m-d H:i:s", UTC */
	int64_t wine_id;
};

struct store_wine {
	int64_t id;
	char *name;
	char *description;
	int64_t stock;
	double price;
	int64_t image_id;		/* 0 when none */
	char *image_path;		/* the image's file_path, or NULL */
	struct store_comment *comments; /* by id */
	size_t ncomments;
};

enum store_kind { STORE_WINE, STORE_COMMENT, STORE_MEDIA };

/* Sort keys of a wine collection (order[...]). */
enum store_field {
	STORE_F_ID,
	STORE_F_NAME,
	STORE_F_DESCRIPTION,
	STORE_F_STOCK,
	STORE_F_PRICE,
	STORE_F_TEXT,
	STORE_F_CREATED_AT
};

/* A range filter: each bound applies when its flag is set. */
struct store_range {
	bool has_gt, has_gte, has_lt, has_lte;
	double gt, gte, lt, lte;
};

#define STORE_MAX_TERMS 8

struct store_query {
	int64_t offset, limit;
	const char *name_partial[STORE_MAX_TERMS]; /* any of them (OR) */
	size_t nname_partial;
	const char *name_exact[STORE_MAX_TERMS]; /* IN (...) */
	size_t nname_exact;
	struct {
		enum store_field field;
		bool desc;
	} order[STORE_MAX_TERMS];
	size_t norder;
	struct store_range stock, price;
	int64_t wine_id; /* comments: only this wine's (0: all) */
};

/*
 * Resolve a DATABASE_URL ("sqlite:///var/data.db" is var/data.db,
 * "sqlite:////srv/data.db" is /srv/data.db, a plain path is itself,
 * "%kernel.project_dir%" is ".", a query string is dropped) into out.
 * ERR_USAGE for another scheme.
 */
int store_resolve_url(const char *url, struct buf *out,
		      struct err *e) WS_MUST_USE;

/*
 * New: a connection to the database at url. Fails with ERR_NOINPUT when
 * the file does not exist and ERR_DATA when it has no winestore schema
 * (the message says to run wine-db). Creates the outbox table.
 */
struct store *store_open(const char *url, struct err *e);

/* Close; NULL is a no-op. */
void store_free(struct store *s);

/* Borrowed: the file path. */
const char *store_path(const struct store *s);

/* Reads. Each returns 1 when found, 0 when not, -1 on error. The
 * result's strings are new: release with store_*_release. */
int store_wine_get(struct store *s, int64_t id, struct store_wine *w,
		   struct err *e) WS_MUST_USE;
int store_comment_get(struct store *s, int64_t id, struct store_comment *c,
		      struct err *e) WS_MUST_USE;
int store_media_get(struct store *s, int64_t id, struct store_media *m,
		    struct err *e) WS_MUST_USE;

void store_wine_release(struct store_wine *w);
void store_comment_release(struct store_comment *c);
void store_media_release(struct store_media *m);

/*
 * A page of a collection: *items (new array of *n, release each and free
 * the array with store_*_list_free) and *total (rows matching the
 * filters, whatever the page). Returns 0 or -1.
 */
int store_wine_list(struct store *s, const struct store_query *q,
		    struct store_wine **items, size_t *n, int64_t *total,
		    struct err *e) WS_MUST_USE;
int store_comment_list(struct store *s, const struct store_query *q,
		       struct store_comment **items, size_t *n, int64_t *total,
		       struct err *e) WS_MUST_USE;
int store_media_list(struct store *s, const struct store_query *q,
		     struct store_media **items, size_t *n, int64_t *total,
		     struct err *e) WS_MUST_USE;
void store_wine_list_free(struct store_wine *items, size_t n);
void store_comment_list_free(struct store_comment *items, size_t n);
void store_media_list_free(struct store_media *items, size_t n);

/* Whether row id of kind exists: 1, 0, or -1 on error. */
int store_exists(struct store *s, enum store_kind kind, int64_t id,
		 struct err *e) WS_MUST_USE;

/* Transactions: BEGIN IMMEDIATE, COMMIT, ROLLBACK. */
int store_begin(struct store *s, struct err *e) WS_MUST_USE;
int store_commit(struct store *s, struct err *e) WS_MUST_USE;
void store_rollback(struct store *s);

/*
 * Write a row: insert (w->id 0; the new id is written back) or update
 * every column of row w->id. Returns 0, or -1 (ERR_DATA when SQLite
 * refuses the values, such as a missing image).
 */
int store_wine_save(struct store *s, struct store_wine *w,
		    struct err *e) WS_MUST_USE;
int store_comment_save(struct store *s, struct store_comment *c,
		       struct err *e) WS_MUST_USE;
int store_media_save(struct store *s, struct store_media *m,
		     struct err *e) WS_MUST_USE;

/* Delete row id of kind (a wine's comments go with it): 1 when it was
 * there, 0 when not, -1 on error. */
int store_delete(struct store *s, enum store_kind kind, int64_t id,
		 struct err *e) WS_MUST_USE;

/* Ids of the wines whose image is media id (for republishing), appended
 * to ids (at most max); returns how many, or -1. */
int store_wines_with_image(struct store *s, int64_t media_id, int64_t *ids,
			   int max, struct err *e) WS_MUST_USE;

/* ---- the outbox ---- */

struct store_outbox_row {
	int64_t seq;
	char *topic;
	char *data;
	size_t len;
	char *event_id;
};

/* Queue an update inside the current transaction. */
int store_outbox_add(struct store *s, const char *topic, const char *data,
		     size_t len, const char *event_id,
		     struct err *e) WS_MUST_USE;

/* Up to max rows after seq, oldest first, into rows (release each with
 * store_outbox_row_release). Returns how many, or -1. */
int store_outbox_fetch(struct store *s, int64_t after,
		       struct store_outbox_row *rows, int max,
		       struct err *e) WS_MUST_USE;
void store_outbox_row_release(struct store_outbox_row *r);

/* Remove the rows up to and including seq (their own transaction). */
int store_outbox_done(struct store *s, int64_t seq, struct err *e) WS_MUST_USE;

/* Rows waiting, or -1. */
int64_t store_outbox_pending(struct store *s, struct err *e);

/* Whether another connection changed the database since the last call
 * (PRAGMA data_version): 1, 0, or -1. */
int store_changed(struct store *s) WS_MUST_USE;

#endif

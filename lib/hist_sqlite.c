/*
 * hist_sqlite: the history in a SQLite database (sqlite://), durable.
 *
 * Durability. The database runs in WAL mode. A commit appends the
 * transaction's pages to the -wal file with write(2) before
 * sqlite3_step() returns, so by the time an append returns (and the hub
 * answers 200) the update is in the kernel's page cache. If the process
 * then dies, even by SIGKILL, the kernel still owns those pages and the
 * next open replays the WAL: with synchronous=NORMAL (sync=normal, the
 * default) an acknowledged update survives kill -9 of the hub. What
 * NORMAL gives up is an fsync per commit, so a power cut or a kernel
 * crash may lose the last commits (never corrupt the file).
 * synchronous=FULL (sync=full) adds that fsync of the WAL to each commit
 * and survives power loss too, for one disk flush per commit.
 *
 * Speed. Appends use prepared statements, and they are group-committed:
 * the first thread to append becomes the writer, and every append that
 * arrives while it commits waits and is written by the next writer in
 * one transaction with the others. Each caller still returns only after
 * the commit that holds its update, so batching never acknowledges early.
 * Old rows are deleted a batch at a time inside an append's transaction
 * (a range delete on the primary key), and replay only ever shows the
 * newest `size` updates, so the bound is exact for readers.
 *
 * Readers use a second connection: in WAL mode a replay reads a stable
 * snapshot while appends go on.
 */
#include "compat.h"

#include "buf.h"
#include "hist.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* One append call waiting for its commit. */
struct waiter {
	struct hist_update *const *u;
	size_t n;
	int rc;
	struct err err;
	bool done;
	struct waiter *next;
};

struct sq {
	struct hist base;
	char *path;
	uint64_t size;
	uint64_t batch;	  /* rows deleted at most once per this many appends */
	uint64_t trimmed; /* every seq up to this one has been deleted */

	/* The writer's side, behind qlock. */
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	struct waiter *head, *tail;
	bool writing;
	sqlite3 *wdb;
	sqlite3_stmt *begin, *commit, *rollback, *insert, *trim;
	struct buf topics; /* the encoded topics of the row being written */

	/* The readers' side, behind rlock. */
	pthread_mutex_t rlock;
	sqlite3 *rdb;
	sqlite3_stmt *rbegin, *rend, *newest, *first, *last, *range;
	const char **views; /* decoded topics of the row being replayed */
	size_t nviews;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS mercure_history ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL,"
	" topics BLOB NOT NULL," /* each topic followed by a NUL */
	" data BLOB NOT NULL,"
	" type TEXT,"
	" retry INTEGER NOT NULL DEFAULT 0,"
	" private INTEGER NOT NULL DEFAULT 0);"
	/* Not unique: the same id may be published twice. */
	"CREATE INDEX IF NOT EXISTS mercure_history_id"
	" ON mercure_history(id);";

static int db_error(struct sq *s, sqlite3 *db, struct err *e, const char *what)
{
	int code = sqlite3_errcode(db);
	enum err_class cls = ERR_RUNTIME;

	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		cls = ERR_DATA;
	else if (code == SQLITE_CANTOPEN || code == SQLITE_PERM ||
		 code == SQLITE_READONLY)
		cls = ERR_NOINPUT;
	return err_set(e, cls, "history '%s': %s: %s", s->path, what,
		       sqlite3_errmsg(db));
}

/* A statement that does not compile means tables of another shape. */
static int prepare(struct sq *s, sqlite3 *db, const char *sql,
		   sqlite3_stmt **st, struct err *e)
{
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) == SQLITE_OK)
		return 0;
	db_error(s, db, e, "not a history database");
	if (e && e->cls == ERR_RUNTIME)
		e->cls = ERR_DATA;
	return -1;
}

/* Run a statement that returns no row, or one text row we compare. */
static int exec_expect(struct sq *s, sqlite3 *db, const char *sql,
		       const char *want, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, db, e, sql);
	rc = sqlite3_step(st);
	if (want &&
	    (rc != SQLITE_ROW ||
	     sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), want))) {
		sqlite3_finalize(st);
		return err_set(e, ERR_RUNTIME, "history '%s': '%s' failed",
			       s->path, sql);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(s, db, e, sql);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int open_db(struct sq *s, sqlite3 **db, int flags, struct err *e)
{
	if (sqlite3_open_v2(s->path, db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		if (!*db)
			return err_set(e, ERR_RUNTIME, "out of memory");
		err_set(e, ERR_NOINPUT, "cannot open history '%s': %s", s->path,
			sqlite3_errmsg(*db));
		return -1;
	}
	/* Another process may hold the write lock for a moment. */
	sqlite3_busy_timeout(*db, 5000);
	return 0;
}

static int open_writer(struct sq *s, bool sync_full, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *msg = NULL;
	sqlite3_int64 min;

	if (open_db(s, &s->wdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, e))
		return -1;
	if (sqlite3_exec(s->wdb, schema, NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		/* SQLITE_ERROR here: a table of that name, another shape. */
		if (sqlite3_errcode(s->wdb) != SQLITE_ERROR)
			return db_error(s, s->wdb, e,
					"cannot create the schema");
		db_error(s, s->wdb, e, "not a history database");
		if (e)
			e->cls = ERR_DATA;
		return -1;
	}
	/* WAL is what makes a returned commit survive kill -9: see top. */
	if (exec_expect(s, s->wdb, "PRAGMA journal_mode=WAL", "wal", e) ||
	    exec_expect(s, s->wdb,
			sync_full ? "PRAGMA synchronous=FULL"
				  : "PRAGMA synchronous=NORMAL",
			NULL, e) ||
	    exec_expect(s, s->wdb, "PRAGMA journal_size_limit=67108864", NULL,
			e))
		return -1;
	if (prepare(s, s->wdb, "BEGIN IMMEDIATE", &s->begin, e) ||
	    prepare(s, s->wdb, "COMMIT", &s->commit, e) ||
	    prepare(s, s->wdb, "ROLLBACK", &s->rollback, e) ||
	    prepare(s, s->wdb,
		    "INSERT INTO mercure_history"
		    " (id, topics, data, type, retry, private)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		    &s->insert, e) ||
	    prepare(s, s->wdb, "DELETE FROM mercure_history WHERE seq <= ?1",
		    &s->trim, e))
		return -1;
	/* Where trimming stands: just below the oldest row. */
	if (prepare(s, s->wdb, "SELECT min(seq) FROM mercure_history", &st, e))
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_error(s, s->wdb, e, "cannot read the history");
		sqlite3_finalize(st);
		return -1;
	}
	min = sqlite3_column_int64(st, 0);
	s->trimmed = min > 0 ? (uint64_t)min - 1 : 0;
	sqlite3_finalize(st);
	return 0;
}

static int open_reader(struct sq *s, struct err *e)
{
	if (open_db(s, &s->rdb, SQLITE_OPEN_READWRITE, e) ||
	    exec_expect(s, s->rdb, "PRAGMA query_only=1", NULL, e))
		return -1;
	if (prepare(s, s->rdb, "BEGIN", &s->rbegin, e) ||
	    prepare(s, s->rdb, "COMMIT", &s->rend, e) ||
	    prepare(s, s->rdb, "SELECT max(seq) FROM mercure_history",
		    &s->newest, e))
		return -1;
	if (prepare(s, s->rdb,
		    "SELECT min(seq) FROM mercure_history"
		    " WHERE id = ?1 AND seq > ?2 AND seq <= ?3",
		    &s->first, e) ||
	    prepare(s, s->rdb,
		    "SELECT max(seq) FROM mercure_history"
		    " WHERE id = ?1 AND seq > ?2 AND seq <= ?3",
		    &s->last, e))
		return -1;
	return prepare(s, s->rdb,
		       "SELECT seq, id, topics, data, type, retry, private"
		       " FROM mercure_history"
		       " WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
		       &s->range, e);
}

/* Write one update; the transaction is open. */
static int insert_one(struct sq *s, struct hist_update *u, struct err *e)
{
	size_t i;
	int rc;

	buf_reset(&s->topics);
	for (i = 0; i < u->ntopics; i++)
		if (buf_add(&s->topics, u->topics[i], strlen(u->topics[i]) + 1))
			return err_set(e, ERR_RUNTIME, "out of memory");
	sqlite3_bind_text(s->insert, 1, u->id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s->insert, 2, s->topics.data, (int)s->topics.len,
			  SQLITE_STATIC);
	/* A zero-length blob needs a non-NULL pointer, or it binds NULL. */
	sqlite3_bind_blob(s->insert, 3, u->data_len ? u->data : "",
			  (int)u->data_len, SQLITE_STATIC);
	if (u->type && u->type[0])
		sqlite3_bind_text(s->insert, 4, u->type, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s->insert, 4);
	/* The bit pattern round-trips: retry is a uint64 on the wire. */
	sqlite3_bind_int64(s->insert, 5, (sqlite3_int64)u->retry);
	sqlite3_bind_int(s->insert, 6, u->is_private);
	rc = sqlite3_step(s->insert);
	sqlite3_reset(s->insert);
	sqlite3_clear_bindings(s->insert);
	if (rc != SQLITE_DONE)
		return db_error(s, s->wdb, e, "cannot append");
	u->seq = (uint64_t)sqlite3_last_insert_rowid(s->wdb);
	return 0;
}

static int step_once(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Commit every update of the waiters in one transaction. */
static int write_batch(struct sq *s, struct waiter *w, struct err *e)
{
	uint64_t newest = 0, trimmed = s->trimmed;
	size_t i;

	if (step_once(s->begin))
		return db_error(s, s->wdb, e, "cannot begin");
	for (; w; w = w->next)
		for (i = 0; i < w->n; i++) {
			if (insert_one(s, w->u[i], e))
				goto fail;
			newest = w->u[i]->seq;
		}
	if (newest > s->trimmed + s->size + s->batch) {
		sqlite3_bind_int64(s->trim, 1,
				   (sqlite3_int64)(newest - s->size));
		if (step_once(s->trim)) {
			db_error(s, s->wdb, e, "cannot trim");
			goto fail;
		}
		s->trimmed = newest - s->size;
	}
	if (step_once(s->commit)) {
		db_error(s, s->wdb, e, "cannot commit");
		goto fail;
	}
	return 0;
fail:
	step_once(s->rollback);
	s->trimmed = trimmed;
	return -1;
}

static int sq_append(struct hist *h, struct hist_update *const *u, size_t n,
		     struct err *e)
{
	struct sq *s = (struct sq *)h;
	struct waiter me = { u, n, 0, { ERR_NONE, 0, 0, "" }, false, NULL };
	struct waiter *batch, *w, *next;
	struct err err;
	int rc;

	pthread_mutex_lock(&s->qlock);
	if (s->tail)
		s->tail->next = &me;
	else
		s->head = &me;
	s->tail = &me;
	while (!me.done) {
		if (s->writing) {
			pthread_cond_wait(&s->qcond, &s->qlock);
			continue;
		}
		/* Become the writer for everything queued, us included. */
		s->writing = true;
		batch = s->head;
		s->head = s->tail = NULL;
		pthread_mutex_unlock(&s->qlock);
		err_init(&err);
		rc = write_batch(s, batch, &err);
		pthread_mutex_lock(&s->qlock);
		for (w = batch; w; w = next) {
			next = w->next;
			w->rc = rc;
			if (rc)
				w->err = err;
			w->done = true;
		}
		s->writing = false;
		pthread_cond_broadcast(&s->qcond);
	}
	pthread_mutex_unlock(&s->qlock);
	if (me.rc && e)
		*e = me.err;
	return me.rc;
}

static uint64_t column_seq(sqlite3_stmt *st, int col)
{
	sqlite3_int64 v = sqlite3_column_int64(st, col);

	return v > 0 ? (uint64_t)v : 0;
}

/* Split a topics blob into s->views; NULL-free by construction. */
static int decode_topics(struct sq *s, const char *p, size_t len, size_t *n,
			 struct err *e)
{
	size_t i, count = 0;
	const char **views;

	for (i = 0; i < len; i++)
		count += p[i] == '\0';
	if (!count || p[len - 1] != '\0' || count > LIMIT_TOPIC_COUNT)
		return err_set(e, ERR_DATA, "history '%s': corrupt topics",
			       s->path);
	if (count > s->nviews) {
		views = malloc(count * sizeof(*views));
		if (!views)
			return err_set(e, ERR_RUNTIME, "out of memory");
		free(s->views);
		s->views = views;
		s->nviews = count;
	}
	for (i = 0; i < count; i++) {
		s->views[i] = p;
		p += strlen(p) + 1;
	}
	*n = count;
	return 0;
}

static int replay(struct sq *s, uint64_t after, uint64_t until,
		  hist_each_fn *each, void *arg, struct hist_result *r,
		  struct err *e)
{
	struct hist_update u;
	int rc;

	sqlite3_bind_int64(s->range, 1, (sqlite3_int64)after);
	sqlite3_bind_int64(s->range, 2, (sqlite3_int64)until);
	while ((rc = sqlite3_step(s->range)) == SQLITE_ROW) {
		memset(&u, 0, sizeof(u));
		u.seq = column_seq(s->range, 0);
		u.id = (const char *)sqlite3_column_text(s->range, 1);
		if (!u.id ||
		    decode_topics(s, sqlite3_column_blob(s->range, 2),
				  (size_t)sqlite3_column_bytes(s->range, 2),
				  &u.ntopics, e)) {
			rc = u.id ? -1 : db_error(s, s->rdb, e, "bad row");
			goto out;
		}
		u.topics = s->views;
		u.data = sqlite3_column_blob(s->range, 3);
		u.data_len = (size_t)sqlite3_column_bytes(s->range, 3);
		if (!u.data_len)
			u.data = NULL;
		u.type = (const char *)sqlite3_column_text(s->range, 4);
		u.retry = (uint64_t)sqlite3_column_int64(s->range, 5);
		u.is_private = sqlite3_column_int(s->range, 6) != 0;
		r->count++;
		if (each(&u, arg)) {
			r->stopped = true;
			break;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : db_error(s, s->rdb, e, "cannot replay");
out:
	sqlite3_reset(s->range);
	return rc;
}

static int sq_since(struct hist *h, const struct hist_query *q,
		    hist_each_fn *each, void *arg, struct hist_result *r,
		    struct err *e)
{
	struct sq *s = (struct sq *)h;
	uint64_t newest, floor, start = 0;
	sqlite3_stmt *find;
	int rc = -1;

	pthread_mutex_lock(&s->rlock);
	/* One read transaction: every statement sees the same snapshot. */
	if (step_once(s->rbegin)) {
		db_error(s, s->rdb, e, "cannot begin");
		goto unlock;
	}
	if (sqlite3_step(s->newest) != SQLITE_ROW) {
		db_error(s, s->rdb, e, "cannot read the history");
		sqlite3_reset(s->newest);
		goto out;
	}
	newest = column_seq(s->newest, 0);
	sqlite3_reset(s->newest);
	floor = newest > s->size ? newest - s->size : 0;
	r->until = q->until && q->until < newest ? q->until : newest;
	if (q->after_seq) {
		r->found = q->after_seq >= floor;
		start = q->after_seq;
	} else if (!strcmp(q->after, HIST_EARLIEST)) {
		r->found = true;
		start = floor;
	} else {
		find = q->flags & HIST_DUP_LAST ? s->last : s->first;
		sqlite3_bind_text(find, 1, q->after, -1, SQLITE_STATIC);
		sqlite3_bind_int64(find, 2, (sqlite3_int64)floor);
		sqlite3_bind_int64(find, 3, (sqlite3_int64)r->until);
		if (sqlite3_step(find) != SQLITE_ROW) {
			db_error(s, s->rdb, e, "cannot look the id up");
			sqlite3_reset(find);
			goto out;
		}
		if (sqlite3_column_type(find, 0) != SQLITE_NULL) {
			r->found = true;
			start = column_seq(find, 0);
		}
		sqlite3_reset(find);
		sqlite3_clear_bindings(find);
	}
	rc = 0;
	if (r->found || (q->flags & HIST_UNKNOWN_ALL))
		rc = replay(s, r->found ? start : floor, r->until, each, arg, r,
			    e);
out:
	step_once(s->rend);
unlock:
	pthread_mutex_unlock(&s->rlock);
	return rc;
}

static int sq_last(struct hist *h, char *id, size_t size, uint64_t *seq,
		   struct err *e)
{
	struct sq *s = (struct sq *)h;
	const char *last;
	int rc = 0;

	*seq = 0;
	pthread_mutex_lock(&s->rlock);
	/* The max seq first (a b-tree edge), then its id through range. */
	if (sqlite3_step(s->newest) != SQLITE_ROW) {
		rc = db_error(s, s->rdb, e, "cannot read the history");
		sqlite3_reset(s->newest);
		goto out;
	}
	*seq = column_seq(s->newest, 0);
	sqlite3_reset(s->newest);
	if (!*seq)
		goto out;
	sqlite3_bind_int64(s->range, 1, (sqlite3_int64)(*seq - 1));
	sqlite3_bind_int64(s->range, 2, (sqlite3_int64)*seq);
	if (sqlite3_step(s->range) != SQLITE_ROW ||
	    !(last = (const char *)sqlite3_column_text(s->range, 1))) {
		/* Appended and trimmed in between: try again next time. */
		rc = db_error(s, s->rdb, e, "cannot read the last id");
		*seq = 0;
	} else if (size && strlen(last) >= size) {
		rc = err_set(e, ERR_LIMIT, "id longer than %zu bytes",
			     size - 1);
		*seq = 0;
	} else {
		if (size)
			memcpy(id, last, strlen(last) + 1);
		rc = 1;
	}
	sqlite3_reset(s->range);
out:
	pthread_mutex_unlock(&s->rlock);
	return rc;
}

static void finalize_all(struct sq *s)
{
	sqlite3_stmt **all[] = { &s->begin,  &s->commit, &s->rollback,
				 &s->insert, &s->trim,	 &s->rbegin,
				 &s->rend,   &s->newest, &s->first,
				 &s->last,   &s->range };
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(all); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

static void sq_close(struct hist *h)
{
	struct sq *s = (struct sq *)h;

	finalize_all(s);
	/* The writer last: closing it checkpoints and removes the WAL. */
	sqlite3_close(s->rdb);
	sqlite3_close(s->wdb);
	pthread_mutex_destroy(&s->qlock);
	pthread_cond_destroy(&s->qcond);
	pthread_mutex_destroy(&s->rlock);
	buf_release(&s->topics);
	free(s->views);
	free(s->path);
	free(s);
}

static const struct hist_ops sqlite_ops = {
	"sqlite", sq_append, sq_since, sq_last, sq_close,
};

struct hist *hist_sqlite_open(const struct hist_sqlite_opts *o, struct err *e)
{
	struct sq *s = calloc(1, sizeof(*s));
	size_t len = strlen(o->path);

	if (!s || !(s->path = malloc(len + 1))) {
		free(s);
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	memcpy(s->path, o->path, len + 1);
	s->base.ops = &sqlite_ops;
	s->size = o->size;
	/* Delete old rows in batches of about 1/64 of the history. */
	s->batch = s->size / 64;
	if (s->batch < 1)
		s->batch = 1;
	if (s->batch > 512)
		s->batch = 512;
	buf_init(&s->topics,
		 (size_t)LIMIT_TOPIC_COUNT * (LIMIT_TOPIC_BYTES + 1));
	pthread_mutex_init(&s->qlock, NULL);
	pthread_cond_init(&s->qcond, NULL);
	pthread_mutex_init(&s->rlock, NULL);
	if (open_writer(s, o->sync_full, e) || open_reader(s, e)) {
		sq_close(&s->base);
		return NULL;
	}
	return &s->base;
}

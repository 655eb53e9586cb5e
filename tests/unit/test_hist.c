/*
 * Unit tests for lib/hist: the same behaviour suite runs against the
 * sqlite and local transports, then what only SQLite promises (reopening,
 * kill -9, bad files, batched deletes) and the transport URLs.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hist.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];
static int dbcount;

struct fixture {
	char path[400];
	char url[512];
	struct hist *h;
	bool sqlite;
};

static void remove_db(const char *path)
{
	char p[1024];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_hist.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

static int open_fixture(void **state, bool sqlite, unsigned size)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e;

	if (!f)
		return -1;
	f->sqlite = sqlite;
	snprintf(f->path, sizeof(f->path), "%s/h%d.db", tmpdir, ++dbcount);
	if (sqlite)
		snprintf(f->url, sizeof(f->url), "sqlite://%s?size=%u", f->path,
			 size);
	else
		snprintf(f->url, sizeof(f->url), "local://?size=%u", size);
	f->h = hist_new(f->url, &e);
	if (!f->h) {
		fprintf(stderr, "%s: %s\n", f->url, e.msg);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_sqlite(void **state)
{
	return open_fixture(state, true, 1000);
}

static int setup_local(void **state)
{
	return open_fixture(state, false, 1000);
}

static int setup_sqlite_small(void **state)
{
	return open_fixture(state, true, 5);
}

static int setup_local_small(void **state)
{
	return open_fixture(state, false, 5);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	hist_free(f->h);
	if (f->sqlite)
		remove_db(f->path);
	free(f);
	return 0;
}

/* Append one update with one topic; returns its seq. */
static uint64_t put(struct hist *h, const char *id, const char *topic,
		    const char *data)
{
	const char *topics[] = { topic };
	struct hist_update u = { 0 };
	struct err e;

	u.id = id;
	u.topics = topics;
	u.ntopics = 1;
	u.data = data;
	u.data_len = data ? strlen(data) : 0;
	if (hist_append(h, &u, &e))
		fail_msg("append: %s", e.msg);
	assert_true(u.seq > 0);
	return u.seq;
}

#define MAX_SEEN 4096

struct seen {
	char ids[MAX_SEEN][64];
	uint64_t seqs[MAX_SEEN];
	size_t n;
	size_t stop_after; /* 0: never */
};

static int collect(const struct hist_update *u, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < MAX_SEEN);
	snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", u->id);
	s->seqs[s->n++] = u->seq;
	return s->stop_after && s->n >= s->stop_after;
}

static void replay(struct hist *h, const char *after, unsigned flags,
		   struct seen *s, struct hist_result *r)
{
	struct hist_query q = { after, 0, flags, 0 };
	struct err e;

	s->n = 0;
	if (hist_since(h, &q, collect, s, r, &e))
		fail_msg("since: %s", e.msg);
}

/* The ids seen, joined with spaces, for compact assertions. */
static const char *joined(const struct seen *s)
{
	static char out[8192];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < s->n && o < sizeof(out) - 70; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
				      i ? " " : "", s->ids[i]);
	return out;
}

static void
test_appends_get_increasing_positions_and_generated_ids(void **state)
{
	struct fixture *f = *state;
	const char *topics[] = { "https://example.com/a" };
	struct hist_update u = { 0 }, v = { 0 };
	struct err e;

	u.topics = v.topics = topics;
	u.ntopics = v.ntopics = 1;
	assert_int_equal(hist_append(f->h, &u, &e), 0);
	assert_ptr_equal(u.id, u.idbuf);
	assert_int_equal(strncmp(u.id, "urn:uuid:", 9), 0);
	assert_int_equal(strlen(u.id), 45);
	assert_int_equal(u.id[9 + 14], '7');
	v.id = "";
	assert_int_equal(hist_append(f->h, &v, &e), 0);
	assert_ptr_equal(v.id, v.idbuf);
	assert_true(strcmp(u.id, v.id) < 0);
	assert_true(v.seq > u.seq);
	assert_int_equal(put(f->h, "mine", "t", "x"), v.seq + 1);
	assert_string_equal(hist_name(f->h), f->sqlite ? "sqlite" : "local");
}

struct fields {
	int n;
	bool ok;
};

static int check_fields(const struct hist_update *u, void *arg)
{
	struct fields *fl = arg;

	fl->n++;
	if (fl->n == 1) {
		fl->ok = !strcmp(u->id, "full") && u->ntopics == 3 &&
			 !strcmp(u->topics[0], "https://example.com/1") &&
			 !strcmp(u->topics[1], "") &&
			 !strcmp(u->topics[2], "urn:x:\xc3\xa9") &&
			 u->data_len == 5 && !memcmp(u->data, "a\0b\0c", 5) &&
			 u->type && !strcmp(u->type, "update") &&
			 u->retry == UINT64_MAX && u->is_private;
	} else {
		fl->ok = fl->ok && !strcmp(u->id, "bare") && u->ntopics == 1 &&
			 u->data_len == 0 && (!u->type || !u->type[0]) &&
			 u->retry == 0 && !u->is_private;
	}
	return 0;
}

static void test_replay_from_earliest_returns_every_field(void **state)
{
	struct fixture *f = *state;
	const char *topics[] = { "https://example.com/1", "",
				 "urn:x:\xc3\xa9" };
	struct hist_update u = { 0 };
	struct hist_query q = { HIST_EARLIEST, 0, 0, 0 };
	struct hist_result r;
	struct fields fl = { 0, false };
	struct err e;

	u.id = "full";
	u.topics = topics;
	u.ntopics = 3;
	u.data = "a\0b\0c";
	u.data_len = 5;
	u.type = "update";
	u.retry = UINT64_MAX;
	u.is_private = true;
	assert_int_equal(hist_append(f->h, &u, &e), 0);
	put(f->h, "bare", "t", NULL);
	assert_int_equal(hist_since(f->h, &q, check_fields, &fl, &r, &e), 0);
	assert_int_equal(fl.n, 2);
	assert_true(fl.ok);
	assert_true(r.found);
	assert_int_equal(r.count, 2);
	assert_false(r.stopped);
}

static void test_replay_after_an_id_returns_what_followed(void **state)
{
	struct fixture *f = *state;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t last;

	assert_non_null(s);
	put(f->h, "a", "t", "1");
	put(f->h, "b", "t", "2");
	put(f->h, "c", "t", "3");
	last = put(f->h, "d", "t", "4");
	replay(f->h, "b", 0, s, &r);
	assert_true(r.found);
	assert_string_equal(joined(s), "c d");
	assert_int_equal(r.until, last);
	assert_int_equal(s->seqs[1], last);
	replay(f->h, "d", 0, s, &r);
	assert_true(r.found);
	assert_int_equal(s->n, 0);
	replay(f->h, HIST_EARLIEST, 0, s, &r);
	assert_string_equal(joined(s), "a b c d");
	free(s);
}

static void test_an_unknown_id_replays_nothing_unless_asked(void **state)
{
	struct fixture *f = *state;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	replay(f->h, "nothing-yet", 0, s, &r);
	assert_false(r.found);
	assert_int_equal(r.until, 0);
	put(f->h, "a", "t", "1");
	put(f->h, "b", "t", "2");
	replay(f->h, "zzz", 0, s, &r);
	assert_false(r.found);
	assert_int_equal(s->n, 0);
	replay(f->h, "zzz", HIST_UNKNOWN_ALL, s, &r);
	assert_false(r.found);
	assert_string_equal(joined(s), "a b");
	/* An empty cursor is an id like any other. */
	replay(f->h, "", 0, s, &r);
	assert_false(r.found);
	free(s);
}

static void
test_a_duplicate_id_replays_from_its_earliest_occurrence(void **state)
{
	struct fixture *f = *state;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	put(f->h, "x", "t", "1");
	put(f->h, "dup", "t", "2");
	put(f->h, "y", "t", "3");
	put(f->h, "dup", "t", "4");
	put(f->h, "z", "t", "5");
	replay(f->h, "dup", 0, s, &r);
	assert_true(r.found);
	assert_string_equal(joined(s), "y dup z");
	replay(f->h, "dup", HIST_DUP_LAST, s, &r);
	assert_true(r.found);
	assert_string_equal(joined(s), "z");
	free(s);
}

static void test_replay_stops_at_until_and_when_asked(void **state)
{
	struct fixture *f = *state;
	struct hist_query q = { HIST_EARLIEST, 0, 0, 0 };
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t b;
	struct err e;

	assert_non_null(s);
	put(f->h, "a", "t", "1");
	b = put(f->h, "b", "t", "2");
	put(f->h, "c", "t", "3");
	q.until = b;
	assert_int_equal(hist_since(f->h, &q, collect, s, &r, &e), 0);
	assert_string_equal(joined(s), "a b");
	assert_int_equal(r.until, b);
	assert_false(r.stopped);
	/* An id beyond the snapshot is unknown to it. */
	s->n = 0;
	q.after = "c";
	assert_int_equal(hist_since(f->h, &q, collect, s, &r, &e), 0);
	assert_false(r.found);
	s->n = 0;
	s->stop_after = 2;
	q.after = HIST_EARLIEST;
	q.until = 0;
	assert_int_equal(hist_since(f->h, &q, collect, s, &r, &e), 0);
	assert_string_equal(joined(s), "a b");
	assert_true(r.stopped);
	assert_int_equal(r.count, 2);
	q.after = NULL;
	err_init(&e);
	assert_int_equal(hist_since(f->h, &q, collect, s, &r, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	free(s);
}

static void test_a_replay_read_in_pages_continues_after_a_seq(void **state)
{
	struct fixture *f = *state;
	struct hist_query q = { NULL, 0, 0, 0 };
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t b;
	struct err e;

	assert_non_null(s);
	put(f->h, "a", "t", "1");
	b = put(f->h, "b", "t", "2");
	put(f->h, "b", "t", "3"); /* a duplicate id does not confuse a seq */
	put(f->h, "c", "t", "4");
	q.after_seq = b;
	assert_int_equal(hist_since(f->h, &q, collect, s, &r, &e), 0);
	assert_true(r.found);
	assert_string_equal(joined(s), "b c");
	assert_int_equal(r.count, 2);
	free(s);
}

static void test_history_keeps_only_the_newest_size_updates(void **state)
{
	struct fixture *f = *state;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	char id[16];
	int i;

	assert_non_null(s);
	for (i = 1; i <= 23; i++) {
		snprintf(id, sizeof(id), "u%d", i);
		put(f->h, id, "t", "x");
	}
	replay(f->h, HIST_EARLIEST, 0, s, &r);
	assert_string_equal(joined(s), "u19 u20 u21 u22 u23");
	replay(f->h, "u18", 0, s, &r);
	assert_false(r.found);
	replay(f->h, "u18", HIST_UNKNOWN_ALL, s, &r);
	assert_string_equal(joined(s), "u19 u20 u21 u22 u23");
	replay(f->h, "u19", 0, s, &r);
	assert_true(r.found);
	assert_string_equal(joined(s), "u20 u21 u22 u23");
	free(s);
}

static void test_last_reports_the_newest_update(void **state)
{
	struct fixture *f = *state;
	char id[64] = "junk";
	uint64_t seq = 99, c;
	struct err e;

	assert_int_equal(hist_last(f->h, id, sizeof(id), &seq, &e), 0);
	assert_string_equal(id, "");
	assert_int_equal(seq, 0);
	put(f->h, "first", "t", "1");
	c = put(f->h, "second-one", "t", "2");
	assert_int_equal(hist_last(f->h, id, sizeof(id), &seq, &e), 1);
	assert_string_equal(id, "second-one");
	assert_int_equal(seq, c);
	assert_int_equal(hist_last(f->h, NULL, 0, &seq, &e), 1);
	assert_int_equal(hist_last(f->h, id, 0, NULL, &e), 1);
	err_init(&e);
	assert_int_equal(hist_last(f->h, id, 10, &seq, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
}

static void test_batch_appends_are_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	const char *topics[] = { "t" }, *bad[] = { "a\nb" };
	struct hist_update u[3] = { { 0 } }, *p[3] = { &u[0], &u[1], &u[2] };
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	struct err e;
	int i;

	assert_non_null(s);
	for (i = 0; i < 3; i++) {
		u[i].topics = topics;
		u[i].ntopics = 1;
	}
	u[0].id = "b0";
	u[1].id = "b1";
	u[2].id = "b2";
	assert_int_equal(hist_append_batch(f->h, p, 3, &e), 0);
	assert_int_equal(u[1].seq, u[0].seq + 1);
	assert_int_equal(u[2].seq, u[1].seq + 1);
	u[1].topics = bad;
	err_init(&e);
	assert_int_equal(hist_append_batch(f->h, p, 3, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	assert_int_equal(hist_append_batch(f->h, p, 0, &e), 0);
	replay(f->h, HIST_EARLIEST, 0, s, &r);
	assert_string_equal(joined(s), "b0 b1 b2");
	free(s);
}

static void test_invalid_updates_are_refused_and_not_stored(void **state)
{
	struct fixture *f = *state;
	static char long_id[LIMIT_EVENT_ID_BYTES + 2];
	const char *ok[] = { "t" }, *lf[] = { "t", "x\ny" }, *cr[] = { "\r" };
	struct hist_update u;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	struct err e;

	assert_non_null(s);
	memset(long_id, 'i', sizeof(long_id) - 1);
#define REFUSED(setup, cls_)                       \
 do {                                              \
  memset(&u, 0, sizeof(u));                        \
  u.topics = ok;                                   \
  u.ntopics = 1;                                   \
  setup;                                           \
  err_init(&e);                                    \
  assert_int_equal(hist_append(f->h, &u, &e), -1); \
  assert_int_equal(e.cls, cls_);                   \
  assert_int_equal(u.seq, 0);                      \
 } while (0)
	REFUSED(u.ntopics = 0, ERR_USAGE);
	REFUSED(u.topics = NULL, ERR_USAGE);
	REFUSED((u.topics = lf, u.ntopics = 2), ERR_USAGE);
	REFUSED(u.topics = cr, ERR_USAGE);
	REFUSED(u.id = "a\rb", ERR_USAGE);
	REFUSED(u.id = long_id, ERR_USAGE);
	REFUSED(u.type = "x\n", ERR_USAGE);
	REFUSED(u.ntopics = LIMIT_TOPIC_COUNT + 1, ERR_USAGE);
	REFUSED((u.data = "x", u.data_len = LIMIT_FORM_BYTES + 1), ERR_LIMIT);
	REFUSED(u.data_len = 1, ERR_USAGE);
#undef REFUSED
	replay(f->h, HIST_EARLIEST, 0, s, &r);
	assert_int_equal(s->n, 0);
	free(s);
}

#define THREADS 4
#define PER	250

struct worker {
	struct hist *h;
	int n;
	int failed;
};

static void *appender(void *arg)
{
	struct worker *w = arg;
	char id[32], topic[16];
	const char *topics[] = { topic };
	struct hist_update u;
	struct err e;
	int i;

	snprintf(topic, sizeof(topic), "t%d", w->n);
	for (i = 0; i < PER; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(id, sizeof(id), "w%d-%04d", w->n, i);
		u.id = id;
		u.topics = topics;
		u.ntopics = 1;
		if (hist_append(w->h, &u, &e) || !u.seq)
			w->failed++;
	}
	return NULL;
}

static void test_appends_from_many_threads_all_land_in_order(void **state)
{
	struct fixture *f = *state;
	struct worker w[THREADS];
	pthread_t t[THREADS];
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	char prev[THREADS][64];
	size_t i;
	int k;

	assert_non_null(s);
	for (k = 0; k < THREADS; k++) {
		w[k] = (struct worker){ f->h, k, 0 };
		prev[k][0] = '\0';
		assert_int_equal(pthread_create(&t[k], NULL, appender, &w[k]),
				 0);
	}
	for (k = 0; k < THREADS; k++) {
		assert_int_equal(pthread_join(t[k], NULL), 0);
		assert_int_equal(w[k].failed, 0);
	}
	replay(f->h, HIST_EARLIEST, 0, s, &r);
	assert_int_equal(s->n, THREADS * PER);
	for (i = 0; i < s->n; i++) {
		k = s->ids[i][1] - '0';
		assert_true(k >= 0 && k < THREADS);
		/* Each thread's updates keep the order it made them in. */
		assert_true(strcmp(prev[k], s->ids[i]) < 0);
		memcpy(prev[k], s->ids[i], sizeof(prev[k]));
		if (i)
			assert_true(s->seqs[i] > s->seqs[i - 1]);
	}
	free(s);
}

static void test_history_survives_reopening(void **state)
{
	struct fixture *f = *state;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t b;
	struct err e;

	assert_non_null(s);
	put(f->h, "a", "t", "1");
	b = put(f->h, "b", "t", "2");
	hist_free(f->h);
	f->h = hist_new(f->url, &e);
	assert_non_null(f->h);
	replay(f->h, "a", 0, s, &r);
	assert_string_equal(joined(s), "b");
	assert_true(put(f->h, "c", "t", "3") > b);
	free(s);
}

/*
 * The child appends as fast as it can and reports each acknowledged
 * update; the parent SIGKILLs it mid-flight, reopens the database and
 * must find every update that was acknowledged.
 */
struct sequence {
	int n;
	bool bad;
};

/* Replayed ids must be k0000000, k0000001, ... with no gap. */
static int in_sequence(const struct hist_update *u, void *arg)
{
	struct sequence *q = arg;
	char want[32];

	snprintf(want, sizeof(want), "k%07d", q->n);
	if (strcmp(u->id, want)) {
		q->bad = true;
		return 1;
	}
	q->n++;
	return 0;
}

static void kill_nine(struct fixture *f, const char *sync, int acks)
{
	char url[600], wal[512];
	struct hist_query q = { HIST_EARLIEST, 0, 0, 0 };
	struct sequence run = { 0, false };
	struct hist_result r;
	int fds[2], i, got = 0, status;
	int32_t idx, max = -1;
	struct hist *h;
	struct err e;
	pid_t pid;

	hist_free(f->h);
	f->h = NULL;
	snprintf(url, sizeof(url), "sqlite://%s?size=100000&sync=%s", f->path,
		 sync);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *topics[] = { "https://example.com/k" };
		struct hist_update u;
		char id[32];

		close(fds[0]);
		h = hist_new(url, &e);
		if (!h)
			_exit(3);
		for (i = 0; i < 1000000; i++) {
			memset(&u, 0, sizeof(u));
			snprintf(id, sizeof(id), "k%07d", i);
			u.id = id;
			u.topics = topics;
			u.ntopics = 1;
			u.data = "payload";
			u.data_len = 7;
			if (hist_append(h, &u, &e))
				_exit(4);
			idx = i;
			/* Only after hist_append returned. */
			if (write(fds[1], &idx, sizeof(idx)) != sizeof(idx))
				_exit(5);
		}
		_exit(6);
	}
	close(fds[1]);
	while (got < acks && read(fds[0], &idx, sizeof(idx)) == sizeof(idx)) {
		max = idx;
		got++;
	}
	kill(pid, SIGKILL);
	/* Acknowledgments already in the pipe count too. */
	while (read(fds[0], &idx, sizeof(idx)) == sizeof(idx))
		max = idx;
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_int_equal(got, acks);
	/* The WAL was never checkpointed away by a clean close. */
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(access(wal, F_OK), 0);

	f->h = hist_new(url, &e);
	assert_non_null(f->h);
	assert_int_equal(hist_since(f->h, &q, in_sequence, &run, &r, &e), 0);
	if (run.bad)
		fail_msg("acknowledged update %d lost", run.n);
	/* Everything acknowledged, perhaps one more that was in flight. */
	assert_true(run.n == max + 1 || run.n == max + 2);
}

static void test_an_acknowledged_update_survives_kill_9(void **state)
{
	kill_nine(*state, "normal", 500);
}

static void
test_an_acknowledged_update_survives_kill_9_with_full_sync(void **state)
{
	kill_nine(*state, "full", 20);
}

static void test_old_rows_are_deleted_in_batches(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	sqlite3_stmt *st;
	char id[16];
	int i, rows;

	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "r%d", i);
		put(f->h, id, "t", "x");
	}
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT count(*), min(seq) FROM "
					    "mercure_history",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	rows = sqlite3_column_int(st, 0);
	/* size 5, batch 1: at most size + batch rows stay on disk. */
	assert_true(rows >= 5 && rows <= 6);
	assert_true(sqlite3_column_int(st, 1) >= 195);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_a_file_that_is_not_a_database_is_refused(void **state)
{
	char path[512], url[600];
	struct err e;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/garbage.db", tmpdir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not a database, just some text long enough to be read "
	      "as a header by the library, which then says so.\n",
	      fp);
	fclose(fp);
	snprintf(url, sizeof(url), "sqlite://%s", path);
	err_init(&e);
	assert_null(hist_new(url, &e));
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "garbage.db"));
	remove_db(path);
}

static void test_a_database_of_another_shape_is_refused(void **state)
{
	char path[512], url[600];
	sqlite3 *db;
	struct err e;

	(void)state;
	snprintf(path, sizeof(path), "%s/other.db", tmpdir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TABLE mercure_history(x INTEGER)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	snprintf(url, sizeof(url), "sqlite://%s", path);
	err_init(&e);
	assert_null(hist_new(url, &e));
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "not a history database"));
	remove_db(path);
}

static void test_an_unopenable_path_is_refused(void **state)
{
	char url[600];
	struct err e;

	(void)state;
	snprintf(url, sizeof(url), "sqlite://%s/no/such/dir/h.db", tmpdir);
	err_init(&e);
	assert_null(hist_new(url, &e));
	assert_int_equal(e.cls, ERR_NOINPUT);
	assert_non_null(strstr(e.msg, "/no/such/dir/h.db"));
}

static void test_a_local_history_of_size_zero_keeps_nothing(void **state)
{
	struct hist *h;
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t a, b;
	struct err e;

	(void)state;
	assert_non_null(s);
	h = hist_new("local://?size=0", &e);
	assert_non_null(h);
	a = put(h, "a", "t", "1");
	b = put(h, "b", "t", "2");
	assert_int_equal(b, a + 1);
	replay(h, HIST_EARLIEST, 0, s, &r);
	assert_true(r.found);
	assert_int_equal(s->n, 0);
	replay(h, "a", HIST_UNKNOWN_ALL, s, &r);
	assert_false(r.found);
	assert_int_equal(s->n, 0);
	assert_int_equal(hist_last(h, NULL, 0, NULL, &e), 0);
	hist_free(h);
	free(s);
}

static void test_a_local_ring_grows_and_wraps(void **state)
{
	const char *topics[] = { "t" };
	struct hist_update u[300], *p[300];
	struct hist_result r;
	struct seen *s = calloc(1, sizeof(*s));
	char ids[300][8];
	struct hist *h;
	struct err e;
	int i, round;

	(void)state;
	assert_non_null(s);
	h = hist_new("local://local?size=1000", &e);
	assert_non_null(h);
	/* Batches larger than the ring's first growth, then past size. */
	for (round = 0; round < 4; round++) {
		for (i = 0; i < 300; i++) {
			memset(&u[i], 0, sizeof(u[i]));
			snprintf(ids[i], sizeof(ids[i]), "%d", round * 300 + i);
			u[i].id = ids[i];
			u[i].topics = topics;
			u[i].ntopics = 1;
			p[i] = &u[i];
		}
		assert_int_equal(hist_append_batch(h, p, 300, &e), 0);
	}
	replay(h, HIST_EARLIEST, 0, s, &r);
	assert_int_equal(s->n, 1000);
	assert_string_equal(s->ids[0], "200");
	assert_string_equal(s->ids[999], "1199");
	hist_free(h);
	free(s);
}

static void test_transport_urls_are_checked(void **state)
{
	static const struct {
		const char *url;
		enum err_class cls;
		const char *says;
	} bad[] = {
		{ "redis://user:secret@localhost:6379", ERR_USAGE, "'redis'" },
		{ "bolt://mercure.db", ERR_USAGE, "'bolt'" },
		{ "mercure.db", ERR_USAGE, "sqlite://" },
		{ "sqlite://", ERR_USAGE, "missing database path" },
		{ "sqlite://?size=10", ERR_USAGE, "missing database path" },
		{ "sqlite:///x.db?size=0", ERR_USAGE, "size" },
		{ "sqlite:///x.db?size=abc", ERR_USAGE, "size" },
		{ "sqlite:///x.db?size=-1", ERR_USAGE, "size" },
		{ "sqlite:///x.db?size=100000001", ERR_USAGE, "size" },
		{ "sqlite:///x.db?sync=off", ERR_USAGE, "sync" },
		{ "sqlite:///x.db?cleanup_frequency=0.3", ERR_USAGE,
		  "'cleanup_frequency'" },
		{ "sqlite:///x.db?size=%zz", ERR_DATA, "percent" },
		{ "sqlite:///x%00y.db", ERR_USAGE, "NUL" },
		{ "sqlite:///x.db#frag", ERR_USAGE, "'#'" },
		{ "local://elsewhere", ERR_USAGE, "local://local" },
		{ "local://?sync=full", ERR_USAGE, "'sync'" },
		{ "local://?size=x", ERR_USAGE, "size" },
	};
	char big[LIMIT_TRANSPORT_URL_BYTES + 16];
	struct hist *h;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(bad); i++) {
		err_init(&e);
		h = hist_new(bad[i].url, &e);
		if (h) {
			hist_free(h);
			fail_msg("'%s' was accepted", bad[i].url);
		}
		if (e.cls != bad[i].cls || !strstr(e.msg, bad[i].says))
			fail_msg("'%s': %d '%s'", bad[i].url, e.cls, e.msg);
		assert_null(strstr(e.msg, "secret"));
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "local://", 8);
	err_init(&e);
	assert_null(hist_new(big, &e));
	assert_int_equal(e.cls, ERR_USAGE);
	h = hist_new("local://", &e);
	assert_non_null(h);
	hist_free(h);
	hist_free(NULL);
}

static void test_sqlite_urls_take_relative_and_escaped_paths(void **state)
{
	char cwd[1024], url[600], path[600];
	struct hist *h;
	struct err e;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpdir), 0);
	h = hist_new("sqlite://rel.db?size=10&sync=full", &e);
	assert_non_null(h);
	hist_free(h);
	assert_int_equal(access("rel.db", F_OK), 0);
	remove_db("rel.db");
	assert_int_equal(chdir(cwd), 0);

	snprintf(url, sizeof(url), "sqlite://%s/a%%20b.db", tmpdir);
	h = hist_new(url, &e);
	assert_non_null(h);
	hist_free(h);
	snprintf(path, sizeof(path), "%s/a b.db", tmpdir);
	assert_int_equal(access(path, F_OK), 0);
	remove_db(path);
}

#define BOTH(t)                                              \
 cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown), \
	 cmocka_unit_test_setup_teardown(t, setup_local, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_appends_get_increasing_positions_and_generated_ids),
		BOTH(test_replay_from_earliest_returns_every_field),
		BOTH(test_replay_after_an_id_returns_what_followed),
		BOTH(test_an_unknown_id_replays_nothing_unless_asked),
		BOTH(test_a_duplicate_id_replays_from_its_earliest_occurrence),
		BOTH(test_replay_stops_at_until_and_when_asked),
		BOTH(test_a_replay_read_in_pages_continues_after_a_seq),
		cmocka_unit_test_setup_teardown(
			test_history_keeps_only_the_newest_size_updates,
			setup_sqlite_small, teardown),
		cmocka_unit_test_setup_teardown(
			test_history_keeps_only_the_newest_size_updates,
			setup_local_small, teardown),
		BOTH(test_last_reports_the_newest_update),
		BOTH(test_batch_appends_are_all_or_nothing),
		BOTH(test_invalid_updates_are_refused_and_not_stored),
		BOTH(test_appends_from_many_threads_all_land_in_order),
		cmocka_unit_test_setup_teardown(test_history_survives_reopening,
						setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_acknowledged_update_survives_kill_9,
			setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(
			test_an_acknowledged_update_survives_kill_9_with_full_sync,
			setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(
			test_old_rows_are_deleted_in_batches,
			setup_sqlite_small, teardown),
		cmocka_unit_test(test_a_file_that_is_not_a_database_is_refused),
		cmocka_unit_test(test_a_database_of_another_shape_is_refused),
		cmocka_unit_test(test_an_unopenable_path_is_refused),
		cmocka_unit_test(
			test_a_local_history_of_size_zero_keeps_nothing),
		cmocka_unit_test(test_a_local_ring_grows_and_wraps),
		cmocka_unit_test(test_transport_urls_are_checked),
		cmocka_unit_test(
			test_sqlite_urls_take_relative_and_escaped_paths),
	};

	return cmocka_run_group_tests_name("hist", tests, group_setup,
					   group_teardown);
}

/* outbox: ordered, at-least-once delivery of committed updates. */
#include "compat.h"

#include "outbox.h"

#include "httpc.h"
#include "pubreq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define BACKOFF_MIN 100
#define BACKOFF_MAX 5000

struct outbox {
	struct outbox_config cfg;
	struct store *store; /* the server thread's */
	bool dirty;	     /* embedded: rows may be waiting */
	uint64_t delivered;
	int failures;
	/* external */
	pthread_t worker;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool kicked, stopping;
	int64_t deadline_ms; /* when stopping: give up after this */
	int64_t left;	     /* rows left when the worker ended */
};

static void say(struct outbox *o, const char *level, const char *fmt, ...)
	WS_PRINTF(3, 4);

static void say(struct outbox *o, const char *level, const char *fmt, ...)
{
	char line[LIMIT_ERR_MESSAGE + 128];
	int n;
	va_list ap;

	if (!o->cfg.log)
		return;
	n = snprintf(line, sizeof(line), "level=%s ", level);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	o->cfg.log(o->cfg.log_arg, line);
}

/* ---- embedded --------------------------------------------------------- */

void outbox_drain(struct outbox *o)
{
	struct store_outbox_row rows[LIMIT_OUTBOX_BATCH];
	struct err e;
	int n, i;

	if (!o || !o->cfg.hub || !o->dirty)
		return;
	o->dirty = false;
	err_init(&e);
	for (;;) {
		int64_t last = 0;

		n = store_outbox_fetch(o->store, 0, rows, LIMIT_OUTBOX_BATCH,
				       &e);
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			const char *topics[1] = { rows[i].topic };
			struct hub_update u = { 0 };

			u.topics = topics;
			u.ntopics = 1;
			u.data = rows[i].data;
			u.data_len = rows[i].len;
			u.id = rows[i].event_id;
			if (hub_publish(o->cfg.hub, &u, NULL, &e) < 0)
				break;
			last = rows[i].seq;
			o->delivered++;
		}
		for (i = 0; i < n; i++)
			store_outbox_row_release(&rows[i]);
		if (last && store_outbox_done(o->store, last, &e) < 0)
			break;
		if (i < n || n < LIMIT_OUTBOX_BATCH)
			break;
	}
	if (n < 0 || e.cls != ERR_NONE) {
		o->dirty = true; /* try again on the next tick */
		say(o, "error", "msg=\"outbox delivery failed\" error=\"%s\"",
		    e.msg);
	}
}

/* ---- external --------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until kicked, stopping, or ms have passed. */
static void wait_ms(struct outbox *o, int64_t ms)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&o->mu);
	while (!o->kicked)
		if (pthread_cond_timedwait(&o->cv, &o->mu, &until) != 0)
			break;
	o->kicked = false;
	pthread_mutex_unlock(&o->mu);
}

/* One pass: deliver what is there. Returns rows left, or -1. */
static int64_t deliver(struct outbox *o, struct store *s, struct httpc *h,
		       char **token, time_t *token_exp)
{
	struct store_outbox_row rows[LIMIT_OUTBOX_BATCH];
	struct buf id = BUF_INIT(LIMIT_HTTP_RESPONSE_BYTES);
	struct err e;
	int n, i;
	int64_t last = 0;

	err_init(&e);
	if (o->cfg.key && (!*token || time(NULL) + 60 >= *token_exp)) {
		const char *any[1] = { "*" };

		free(*token);
		*token_exp = time(NULL) + PUBREQ_TOKEN_TTL;
		*token = pubreq_mint(o->cfg.key, "publish", any, 1, *token_exp,
				     &e);
		if (!*token) {
			say(o, "error",
			    "msg=\"cannot mint a publisher token\" error=\"%s\"",
			    e.msg);
			return -1;
		}
	}
	n = store_outbox_fetch(s, 0, rows, LIMIT_OUTBOX_BATCH, &e);
	if (n < 0) {
		say(o, "error", "msg=\"outbox read failed\" error=\"%s\"",
		    e.msg);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *topics[1] = { rows[i].topic };
		struct pubreq r = { 0 };

		r.hub = o->cfg.publish_url;
		r.topics = topics;
		r.ntopics = 1;
		r.id = rows[i].event_id;
		r.token = o->cfg.token ? o->cfg.token : *token;
		r.timeout_ms = 10000;
		buf_reset(&id);
		if (pubreq_publish(h, &r, rows[i].data, rows[i].len, &id, &e) <
		    0)
			break;
		last = rows[i].seq;
		__atomic_add_fetch(&o->delivered, 1, __ATOMIC_RELAXED);
	}
	buf_release(&id);
	if (i < n) {
		if (o->failures++ == 0)
			say(o, "warn",
			    "msg=\"hub refused or unreachable; updates wait in the outbox\" hub=\"%s\" error=\"%s\"",
			    o->cfg.publish_url, e.msg);
	} else if (o->failures) {
		o->failures = 0;
		say(o, "info", "msg=\"hub reachable again\" hub=\"%s\"",
		    o->cfg.publish_url);
	}
	for (i = 0; i < n; i++)
		store_outbox_row_release(&rows[i]);
	if (last && store_outbox_done(s, last, &e) < 0)
		say(o, "error", "msg=\"outbox cleanup failed\" error=\"%s\"",
		    e.msg);
	if (o->failures)
		return -1;
	return n == LIMIT_OUTBOX_BATCH ? 1 : store_outbox_pending(s, &e);
}

static void *worker(void *arg)
{
	struct outbox *o = arg;
	struct store *s;
	struct httpc *h;
	char *token = NULL;
	time_t token_exp = 0;
	struct err e;
	int64_t left = -1, backoff = BACKOFF_MIN;

	err_init(&e);
	s = store_open(o->cfg.db_url, &e);
	h = s ? httpc_new(&e) : NULL;
	if (!h) {
		say(o, "error",
		    "msg=\"outbox worker cannot start\" error=\"%s\"", e.msg);
		store_free(s);
		return NULL;
	}
	for (;;) {
		bool stopping;
		int64_t deadline;

		left = deliver(o, s, h, &token, &token_exp);
		pthread_mutex_lock(&o->mu);
		stopping = o->stopping;
		deadline = o->deadline_ms;
		pthread_mutex_unlock(&o->mu);
		if (stopping && (left == 0 || now_ms() >= deadline))
			break;
		if (left > 0) {
			backoff = BACKOFF_MIN;
			continue;
		}
		if (left < 0) {
			wait_ms(o, backoff);
			backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX
							    : backoff * 2;
		} else {
			backoff = BACKOFF_MIN;
			wait_ms(o, 1000);
		}
	}
	if (left != 0)
		left = store_outbox_pending(s, &e);
	pthread_mutex_lock(&o->mu);
	o->left = left;
	pthread_mutex_unlock(&o->mu);
	free(token);
	httpc_free(h);
	store_free(s);
	return NULL;
}

/* ---- life ------------------------------------------------------------- */

struct outbox *outbox_new(const struct outbox_config *cfg, struct store *store,
			  struct err *e)
{
	struct outbox *o = calloc(1, sizeof(*o));

	if (!o) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	o->cfg = *cfg;
	o->store = store;
	o->dirty = true; /* rows a previous process left */
	o->left = -1;
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	if (!cfg->hub) {
		if (!cfg->publish_url || !cfg->db_url) {
			err_set(e, ERR_USAGE, "no hub to publish to");
			outbox_free(o);
			return NULL;
		}
		if (pthread_create(&o->worker, NULL, worker, o) != 0) {
			err_set(e, ERR_RUNTIME,
				"cannot start the outbox worker");
			outbox_free(o);
			return NULL;
		}
		o->started = true;
	}
	return o;
}

void outbox_kick(struct outbox *o)
{
	if (!o)
		return;
	if (o->cfg.hub) {
		o->dirty = true;
		return;
	}
	pthread_mutex_lock(&o->mu);
	o->kicked = true;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
}

int64_t outbox_finish(struct outbox *o, int64_t timeout_ms)
{
	struct err e;
	int64_t left;

	if (!o)
		return 0;
	if (o->cfg.hub) {
		o->dirty = true;
		outbox_drain(o);
		err_init(&e);
		return store_outbox_pending(o->store, &e);
	}
	if (!o->started)
		return o->left;
	pthread_mutex_lock(&o->mu);
	o->stopping = true;
	o->kicked = true;
	o->deadline_ms = now_ms() + timeout_ms;
	pthread_cond_signal(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->worker, NULL);
	o->started = false;
	pthread_mutex_lock(&o->mu);
	left = o->left;
	pthread_mutex_unlock(&o->mu);
	return left;
}

void outbox_free(struct outbox *o)
{
	if (!o)
		return;
	if (o->started)
		(void)outbox_finish(o, 0);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->cv);
	free(o);
}

uint64_t outbox_delivered(const struct outbox *o)
{
	return o ? __atomic_load_n(&o->delivered, __ATOMIC_RELAXED) : 0;
}

/* substream: subscribe (or read a recording), reconnect, print events. */
#include "compat.h"

#include "substream.h"

#include "httpc.h"
#include "pubreq.h"
#include "sse.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Reads of a recorded stream: large, to keep system calls few. */
#define READ_BYTES (256 * 1024)

/* Why a callback stopped the parser. */
enum stop { GO_ON = 0, STOP_DONE = 1, STOP_OUTPUT = 2 };

struct run {
	const struct substream *o;
	struct sse_parser parser;
	struct sseout out;
	long long events;
	int64_t deadline; /* monotonic ms; 0: none */
	int out_rc;	  /* SSEOUT_CLOSED or -1 when output stopped us */
	struct err *e;
};

static int on_event(void *ctx, const struct sse_event *ev)
{
	struct run *r = ctx;
	const struct substream *o = r->o;
	int rc;

	r->events++;
	if (o->timeout_ms)
		r->deadline = httpc_now_ms() + o->timeout_ms;
	rc = sseout_event(&r->out, ev, r->e);
	if (rc) {
		r->out_rc = rc;
		return STOP_OUTPUT;
	}
	if (o->max_events && r->events >= o->max_events)
		return STOP_DONE;
	if (o->until_id && strlen(o->until_id) == ev->id_len &&
	    memcmp(o->until_id, ev->id, ev->id_len) == 0)
		return STOP_DONE;
	return GO_ON;
}

static int on_raw(void *ctx, const char *bytes, size_t n, size_t safe)
{
	struct run *r = ctx;
	int rc;

	if (r->o->format != SSEOUT_RAW)
		return 0;
	rc = sseout_raw(&r->out, bytes, n, safe, r->e);
	if (rc)
		r->out_rc = rc;
	return rc;
}

static int on_chunk(void *ctx)
{
	struct run *r = ctx;
	int rc = sseout_flush(&r->out, r->e);

	if (rc)
		r->out_rc = rc;
	return rc;
}

/* What a stop by the output means: a quiet end, or a write error. */
static int output_end(struct run *r)
{
	return r->out_rc == SSEOUT_CLOSED ? SUBSTREAM_OK : -1;
}

static int idle_end(struct run *r)
{
	return r->events ? SUBSTREAM_OK : SUBSTREAM_NOEVENTS;
}

/* The end of one stream: drop a half-read event, write the rest. */
static void stream_end(struct run *r)
{
	sse_parser_end(&r->parser);
	sseout_cut(&r->out);
}

static int read_input(struct run *r, struct err *e)
{
	const char *path = r->o->input;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	char *chunk = NULL;
	int rc = 0;

	if (fd < 0)
		return err_set_errno(e, ERR_NOINPUT, errno, "cannot open '%s'",
				     path);
	chunk = malloc(READ_BYTES);
	if (!chunk) {
		rc = err_set(e, ERR_RUNTIME, "out of memory");
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (r->deadline) {
			int64_t left = r->deadline - httpc_now_ms();
			struct pollfd pfd = { fd, POLLIN, 0 };

			if (left <= 0) {
				rc = idle_end(r);
				break;
			}
			/* Nothing yet (or a signal): look at the clock again.
			 */
			if (poll(&pfd, 1, left > 60000 ? 60000 : (int)left) <=
			    0)
				continue;
		}
		n = read(fd, chunk, READ_BYTES);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set_errno(e, ERR_NOINPUT, errno,
					   "cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		rc = sse_parser_feed(&r->parser, chunk, (size_t)n);
		if (rc < 0) {
			rc = sse_error(rc, r->parser.max, e);
			break;
		}
		if (on_raw(r, chunk, r->parser.used, r->parser.safe) ||
		    on_chunk(r)) {
			rc = output_end(r);
			break;
		}
		if (rc == STOP_OUTPUT) {
			rc = output_end(r);
			break;
		}
		if (rc == STOP_DONE) {
			rc = SUBSTREAM_OK;
			break;
		}
	}
	if (rc == 0)
		stream_end(r);
out:
	free(chunk);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

/* The hub URL with topic= and match= parameters. */
static int build_url(const struct substream *o, struct buf *url, struct err *e)
{
	int i, rc = buf_addstr(url, o->hub);

	if (rc == 0 && !strchr(o->hub, '?'))
		rc = buf_addch(url, '?');
	for (i = 0; rc == 0 && i < o->ntopics; i++)
		rc = httpc_param(url, "topic", o->topics[i],
				 strlen(o->topics[i]));
	for (i = 0; rc == 0 && i < o->nmatches; i++)
		rc = httpc_param(url, "match", o->matches[i],
				 strlen(o->matches[i]));
	if (rc)
		return err_set(e, ERR_USAGE,
			       "the subscription URL is longer "
			       "than %d bytes",
			       LIMIT_URL_BYTES);
	return 0;
}

/* New: a subscribe token for every selector, valid for a while. */
static char *mint(const struct substream *o, struct err *e)
{
	const char **all;
	char *token;
	int i, n = o->ntopics + o->nmatches;

	all = calloc((size_t)n + 1, sizeof(*all));
	if (!all) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	for (i = 0; i < o->ntopics; i++)
		all[i] = o->topics[i];
	for (i = 0; i < o->nmatches; i++)
		all[o->ntopics + i] = o->matches[i];
	token = pubreq_mint(o->key, "subscribe", all, n,
			    time(NULL) + PUBREQ_TOKEN_TTL, e);
	free(all);
	return token;
}

static void notice(const struct substream *o, const char *what)
{
	char msg[LIMIT_ERR_MESSAGE + 32];

	if (!o->notice)
		return;
	snprintf(msg, sizeof(msg), "%s; reconnecting", what);
	o->notice(o->notice_ctx, msg);
}

/*
 * Wait before attempt failures + 1; returns 1 when the idle deadline
 * passes first.
 */
static int wait_retry(struct run *r, int failures)
{
	const struct substream *o = r->o;
	long long retry = sse_parser_retry(&r->parser);
	int64_t base = retry >= 0 ? retry
				  : (o->reconnect_ms ? o->reconnect_ms
						     : SUBSTREAM_RECONNECT_MS);
	int64_t cap = base > SUBSTREAM_BACKOFF_CAP_MS
			      ? base
			      : SUBSTREAM_BACKOFF_CAP_MS;
	int64_t wait = httpc_backoff_ms(base, failures ? failures : 1, cap);
	int64_t now = httpc_now_ms();

	if (r->deadline && now + wait >= r->deadline) {
		httpc_sleep_ms(r->deadline - now);
		return 1;
	}
	httpc_sleep_ms(wait);
	return 0;
}

static int subscribe(struct run *r, struct err *e)
{
	const struct substream *o = r->o;
	struct buf url = BUF_INIT(LIMIT_URL_BYTES);
	struct buf cursor = BUF_INIT(LIMIT_SSE_EVENT_BYTES);
	struct buf cookie = BUF_INIT(LIMIT_JWT_BYTES + 64);
	struct httpc_stream s = { 0 };
	struct httpc_req rq = { 0 };
	struct httpc *h = httpc_new(e);
	bool connected = false;
	int rc, failures = 0;

	if (!h)
		return -1;
	rc = build_url(o, &url, e);
	if (rc == 0 && o->last_event_id &&
	    buf_addstr(&cursor, o->last_event_id) != BUF_OK)
		rc = err_set(e, ERR_USAGE, "the last event id is too long");
	if (rc == 0 && o->cookie && !strchr(o->cookie, '=') &&
	    buf_printf(&cookie, "mercureAuthorization=%s", o->cookie))
		rc = err_set(e, ERR_USAGE, "the cookie is too long");
	rq.url = url.data;
	rq.cookie = cookie.len ? cookie.data : o->cookie;
	s.parser = &r->parser;
	s.raw = on_raw;
	s.chunk_done = on_chunk;
	s.ctx = r;
	s.deadline_ms = &r->deadline;
	while (rc == 0) {
		char *minted = !o->token && o->key ? mint(o, e) : NULL;
		size_t id_len;
		const char *id;
		int limit;

		if (!o->token && o->key && !minted) {
			rc = -1;
			break;
		}
		rq.bearer = o->token ? o->token : minted;
		rq.last_event_id = buf_cstr(&cursor);
		rc = httpc_stream(h, &rq, &s, e);
		free(minted);
		id = sse_parser_last_id(&r->parser, &id_len);
		if (id_len) {
			buf_reset(&cursor);
			if (buf_add(&cursor, id, id_len) != BUF_OK)
				rc = err_set(e, ERR_RUNTIME, "out of memory");
		}
		stream_end(r);
		if (r->out_rc == 0 && sseout_flush(&r->out, e))
			r->out_rc = r->out.closed ? SSEOUT_CLOSED : -1;
		if (r->out_rc) {
			rc = output_end(r);
			break;
		}
		if (rc < 0)
			break;
		if (rc == HTTPC_STOPPED || rc == HTTPC_NOCONTENT) {
			rc = SUBSTREAM_OK;
			break;
		}
		if (rc == HTTPC_IDLE) {
			rc = idle_end(r);
			break;
		}
		/* HTTPC_CLOSED or HTTPC_DROPPED: EventSource reconnects. */
		if (s.opened) {
			connected = true;
			failures = 0;
		} else {
			failures++;
		}
		limit = o->retries >= 0 ? o->retries : connected ? -1 : 0;
		if (!o->reconnect || (limit >= 0 && failures > limit)) {
			rc = rc == HTTPC_CLOSED ? SUBSTREAM_OK : -1;
			break;
		}
		notice(o, rc == HTTPC_CLOSED ? "the hub closed the stream"
					     : e->msg);
		if (wait_retry(r, failures)) {
			rc = idle_end(r);
			break;
		}
		rc = 0;
	}
	httpc_free(h);
	buf_release(&url);
	buf_release(&cursor);
	buf_release(&cookie);
	return rc;
}

int substream_run(const struct substream *o, struct err *e)
{
	static const struct sse_callbacks cb = { on_event, NULL, NULL };
	struct run r = { 0 };
	int rc;

	r.o = o;
	r.e = e;
	sse_parser_init(&r.parser, o->max_event, &cb, &r);
	sseout_init(&r.out, o->out_fd, o->format, o->json_data, o->max_event);
	if (o->timeout_ms)
		r.deadline = httpc_now_ms() + o->timeout_ms;
	rc = o->input ? read_input(&r, e) : subscribe(&r, e);
	if (rc >= 0 && r.out_rc == 0 && sseout_flush(&r.out, e) < 0)
		rc = -1;
	sseout_release(&r.out);
	sse_parser_release(&r.parser);
	return rc;
}

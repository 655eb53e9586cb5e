/*
 * sse-load: a load generator for Server-Sent Events hubs (our mercure-hub,
 * nchan), run on loopback beside the hub it measures.
 *
 * What it measures, for one hub process:
 *  - subscribe rate: N subscriptions opened from one non-blocking epoll
 *    loop, at most --batch (64) of them being set up at once so the
 *    server's listen backlog never overflows (an overflow drops the SYN and
 *    the client retransmits a second later, which would measure the
 *    kernel's timer rather than the hub; against nchan, windows of 1,000
 *    took 2-5 times longer than 64). A subscription counts once its
 *    response headers (status 200) have arrived; a failed attempt is
 *    retried twice.
 *  - publish-to-receive latency: a forked publisher POSTs M events at R per
 *    second; each event's data is "T=<ns>", the CLOCK_MONOTONIC time taken
 *    just before the request is written. Every stream is decoded (chunked
 *    or not; comments and heartbeats skipped) and each event's now - T goes
 *    into a log-linear histogram (0.1% precision). Sender and receivers
 *    share the machine's clock, so nothing needs synchronising.
 *  - loss and order: expected (subscribers x accepted publishes) against
 *    delivered; events older than, or equal to, the previous one on the
 *    same stream; streams the server ended.
 *  - with --pid, the server's cost: utime + stime from /proc/PID/stat over
 *    the publishing phase divided by deliveries (CPU per delivery), and
 *    VmRSS from /proc/PID/status before and after subscribing divided by
 *    the subscriptions (resident memory per idle subscriber).
 * --hold DURATION keeps the subscriptions open that long while publishing
 * at --rate (default 1 per second) and counts disconnects. The "publish"
 * command only publishes. The result is one JSON object on stdout.
 *
 * Everything is bounded: at most 19,900 subscriptions (the per-process
 * descriptor limit is 20,000), every phase has a deadline, and only
 * loopback addresses are accepted.
 */
#include "compat.h"

#include "buf.h"
#include "err.h"
#include "log.h"
#include "opt.h"
#include "timex.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The hard descriptor limit is 20,000; keep some for epoll, pipes, stdio. */
#define MAX_SUBSCRIBERS 19900
#define SPARE_FDS	64

/* The part of a header or SSE line we keep: a status line, a
 * Transfer-Encoding header, or "data: T=<19 digits>" all fit. */
#define LINE_BYTES 128

#define URL_BYTES	  2048
#define TOKEN_BYTES	  8192
#define READ_BYTES	  (64 * 1024)
#define EPOLL_BATCH	  1024
#define MAX_TRIES	  3 /* connection attempts per subscription */
#define MAX_CHUNK	  (1u << 30)
#define PUBLISH_TIMEOUT_S 10 /* one POST, connect to last byte */

/* The server gets this long after the last subscription before its
 * resident memory is read, to finish the work that subscription caused. */
#define IDLE_PAUSE_MS 500

/*
 * Latency histogram in nanoseconds, HdrHistogram's layout: values below
 * 2^(SUB_BITS+1) have a bucket each; above, each power of two is split into
 * 2^SUB_BITS buckets (0.1% wide). Values are clamped below 2^41 ns (36 min).
 */
#define HIST_SUB_BITS  10
#define HIST_MAX_SHIFT 30
#define HIST_BUCKETS   ((HIST_MAX_SHIFT + 2) << HIST_SUB_BITS)
#define HIST_CLAMP     ((UINT64_C(1) << (HIST_MAX_SHIFT + HIST_SUB_BITS + 1)) - 1)

struct hist {
	uint64_t count[HIST_BUCKETS];
	uint64_t total;
	int64_t sum; /* ns, for the mean */
	int64_t max; /* ns, exact */
};

struct target {
	struct sockaddr_in addr;
	char host[64];	      /* "host:port" for the Host header */
	char path[URL_BYTES]; /* path and query */
};

enum conn_state {
	C_IDLE = 0,   /* not started yet */
	C_CONNECTING, /* connect() in progress or request not fully written */
	C_HEAD,	      /* waiting for the response headers */
	C_STREAM,     /* subscribed: reading events */
	C_CLOSED      /* failed, or ended by the server */
};

enum chunk_state {
	CH_SIZE = 0, /* reading the hex size */
	CH_EXT,	     /* skipping a chunk extension up to LF */
	CH_DATA,     /* chunk_left bytes of data follow */
	CH_CRLF,     /* the CRLF after a chunk's data */
	CH_END	     /* the last chunk was seen */
};

/* One subscription: about 170 bytes, so 19,900 of them fit in 4 MB. */
struct conn {
	int fd;
	uint8_t state; /* enum conn_state */
	uint8_t chunk; /* enum chunk_state */
	uint8_t tries;
	bool chunked;
	bool status_seen;
	bool skip_lf; /* a CR ended the last SSE line; eat a following LF */
	uint16_t line_len;
	uint16_t sent; /* bytes of the request written so far */
	int status;
	uint32_t chunk_left;
	int64_t last_t;	   /* T of the last event delivered, 0 before any */
	int64_t pending_t; /* T of the event being read, 0 when none */
	bool pending_warm; /* that event is a warm-up: no latency kept */
	char line[LINE_BYTES];
};

/* What the publisher child hands back through its pipe. */
struct pub_result {
	long ok;		   /* 2xx answers */
	long failed;		   /* other answers, or no answer */
	int last_status;	   /* the last status that was not 2xx, or 0 */
	int last_errno;		   /* the last connect/write/read error, or 0 */
	int64_t first_ns, last_ns; /* when the first and last POST went out */
};

struct load {
	/* Settings. */
	struct target sub, pub;
	bool publishing;
	int n, batch;
	const char *sub_token, *pub_token, *topic, *label;
	long events, warmup; /* measured events, unmeasured ones first */
	double rate;
	int64_t settle_ms, connect_ms, hold_ms;
	pid_t server;

	/* The subscriber side. */
	int ep;
	struct conn *conns;
	char *request;
	size_t request_len;
	int next;	/* the next conns[] to start */
	int inflight;	/* started, not yet subscribed nor given up */
	int setup_done; /* subscribed or given up */
	int connected;	/* ever subscribed */
	int open;	/* subscribed now */
	bool filling;	/* inside fill_window */
	int64_t t_connect_start, t_connect_end, t_publish_start;

	/* Counters. */
	long connect_failed, http_errors, protocol_errors, disconnects;
	int first_bad_status;
	uint64_t delivered, stale, out_of_order, duplicates, comments, foreign;
	uint64_t bytes;
	struct hist hist;     /* the measured events */
	struct hist hist_all; /* every event, the warm-up too */

	/* The publisher child. */
	pid_t pub_pid;
	int go_fd, result_fd;
	bool pub_done, pub_lost;
	struct pub_result pres;
};

/* An epoll tag that is not a conns[] index: the publisher's result pipe. */
#define EV_RESULT UINT64_MAX

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Milliseconds from now until deadline, capped at one second so the stop
 * flag is looked at regularly. */
static int ms_until(int64_t deadline)
{
	int64_t left = (deadline - now_ns()) / 1000000;

	if (left < 0)
		return 0;
	return left > 1000 ? 1000 : (int)left + 1;
}

/* ---- histogram ---------------------------------------------------- */

static size_t hist_index(uint64_t v)
{
	int shift;

	if (v < (UINT64_C(1) << (HIST_SUB_BITS + 1)))
		return (size_t)v;
	shift = 63 - __builtin_clzll(v) - HIST_SUB_BITS;
	return ((size_t)shift << HIST_SUB_BITS) + (size_t)(v >> shift);
}

/* The middle of bucket i. */
static uint64_t hist_value(size_t i)
{
	size_t shift, base;

	if (i < ((size_t)1 << (HIST_SUB_BITS + 1)))
		return i;
	shift = (i >> HIST_SUB_BITS) - 1;
	base = i - (shift << HIST_SUB_BITS);
	return ((uint64_t)base << shift) + ((UINT64_C(1) << shift) >> 1);
}

static void hist_add(struct hist *h, int64_t ns)
{
	uint64_t v = ns < 0 ? 0 : (uint64_t)ns;

	if (v > HIST_CLAMP)
		v = HIST_CLAMP;
	h->count[hist_index(v)]++;
	h->total++;
	h->sum += ns;
	if (ns > h->max)
		h->max = ns;
}

/* The p-quantile (0 < p <= 1) in milliseconds; 0 when empty. */
static double hist_quantile_ms(const struct hist *h, double p)
{
	uint64_t rank, seen = 0;
	size_t i;

	if (!h->total)
		return 0;
	rank = (uint64_t)(p * (double)h->total + 0.999999);
	if (rank < 1)
		rank = 1;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen >= rank)
			break;
	}
	if (i == HIST_BUCKETS)
		return (double)h->max / 1e6;
	return (double)hist_value(i) / 1e6;
}

/* ---- the server's /proc figures ------------------------------------- */

struct proc_sample {
	bool ok;
	long rss_kb;
	int64_t cpu_ticks; /* utime + stime */
};

static struct proc_sample proc_sample(pid_t pid)
{
	struct proc_sample s = { 0 };
	char path[64], text[1024], *p, *end;
	FILE *f;
	size_t n;
	int field;

	if (pid <= 0)
		return s;
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return s;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	/* The command name may hold spaces and ')': fields count from the
	 * last ')'. utime and stime are fields 14 and 15; field 3 follows. */
	p = strrchr(text, ')');
	if (!p)
		return s;
	p++;
	for (field = 3; field < 14 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return s;
	s.cpu_ticks = strtoll(p, &end, 10);
	s.cpu_ticks += strtoll(end, &end, 10);

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return s;
	while (fgets(text, sizeof(text), f))
		if (strncmp(text, "VmRSS:", 6) == 0)
			s.rss_kb = strtol(text + 6, NULL, 10);
	fclose(f);
	s.ok = true;
	return s;
}

/* ---- parsing the command line --------------------------------------- */

static int parse_long(const char *s, long min, long max, const char *what,
		      long *out, struct err *e)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return err_set(e, ERR_USAGE,
			       "invalid %s '%s' (want %ld to %ld)", what, s,
			       min, max);
	*out = v;
	return 0;
}

static int parse_ms(const char *s, const char *what, int64_t *ms, struct err *e)
{
	if (timex_parse_duration(s, ms, e) < 0)
		return err_prefix(e, "%s", what);
	return 0;
}

/*
 * Fill t from "http://HOST[:PORT][/PATH[?QUERY]]". HOST must be localhost
 * or an IPv4 loopback address: this tool loads servers to their limit and
 * must not be pointed at anyone else's.
 */
static int target_parse(struct target *t, const char *url, struct err *e)
{
	const char *p = url, *slash;
	char host[64], *colon;
	size_t len;
	long port = 80;

	if (strncmp(p, "http://", 7) != 0)
		return err_set(
			e, ERR_USAGE,
			"unsupported URL '%s' (want http://HOST:PORT/PATH)",
			url);
	p += 7;
	slash = strchr(p, '/');
	len = slash ? (size_t)(slash - p) : strlen(p);
	if (len == 0 || len >= sizeof(host))
		return err_set(e, ERR_USAGE, "invalid host in URL '%s'", url);
	memcpy(host, p, len);
	host[len] = '\0';
	memcpy(t->host, host, len + 1);
	colon = strchr(host, ':');
	if (colon) {
		*colon = '\0';
		if (parse_long(colon + 1, 1, 65535, "port", &port, e) < 0)
			return -1;
	}
	memset(&t->addr, 0, sizeof(t->addr));
	t->addr.sin_family = AF_INET;
	t->addr.sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		t->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &t->addr.sin_addr) != 1)
		return err_set(
			e, ERR_USAGE,
			"invalid host '%s' (want localhost or 127.x.y.z)",
			host);
	if ((ntohl(t->addr.sin_addr.s_addr) >> 24) != 127)
		return err_set(e, ERR_USAGE, "refusing non-loopback host '%s'",
			       host);
	p = slash ? slash : "/";
	if (strlen(p) >= sizeof(t->path) || strpbrk(p, " \r\n"))
		return err_set(e, ERR_USAGE, "invalid path in URL '%s'", url);
	memcpy(t->path, p, strlen(p) + 1);
	return 0;
}

/* ---- the publisher -------------------------------------------------- */

/* Append s to b percent-encoded as application/x-www-form-urlencoded. */
static int form_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = BUF_OK;

	for (; *s && rc == BUF_OK; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch))
			rc = buf_addch(b, (char)ch);
		else
			rc = buf_printf(b, "%%%c%c", hex[ch >> 4],
					hex[ch & 15]);
	}
	return rc;
}

/* The POST for one event sent at t. With --topic it is the Mercure form
 * (topic=...&data=T%3D<t>); without, the raw body "T=<t>" nchan's
 * publisher location stores as the message. A warm-up event's time is
 * followed by "w". */
static int publish_request(struct buf *req, const struct load *l, int64_t t,
			   bool warm)
{
	char body[URL_BYTES * 3 + 64];
	struct buf form = BUF_INIT(sizeof(body) - 1);
	int rc = BUF_OK, len;

	if (l->topic) {
		rc = buf_addstr(&form, "topic=");
		if (rc == BUF_OK)
			rc = form_encode(&form, l->topic);
		if (rc == BUF_OK)
			rc = buf_printf(&form, "&data=T%%3D%" PRId64 "%s", t,
					warm ? "w" : "");
		len = snprintf(body, sizeof(body), "%s", buf_cstr(&form));
	} else {
		len = snprintf(body, sizeof(body), "T=%" PRId64 "%s", t,
			       warm ? "w" : "");
	}
	buf_release(&form);
	if (rc != BUF_OK)
		return rc;
	buf_reset(req);
	rc = buf_printf(req,
			"POST %s HTTP/1.1\r\nHost: %s\r\n"
			"Content-Type: %s\r\nContent-Length: %d\r\n",
			l->pub.path, l->pub.host,
			l->topic ? "application/x-www-form-urlencoded"
				 : "text/plain",
			len);
	if (rc == BUF_OK && l->pub_token)
		rc = buf_printf(req, "Authorization: Bearer %s\r\n",
				l->pub_token);
	if (rc == BUF_OK)
		rc = buf_printf(req, "Connection: close\r\n\r\n%s", body);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * POST one event on a fresh connection (Connection: close keeps the
 * response framing trivial; at tens of events per second the connect
 * costs nothing measurable). The send time is taken after connect, just
 * before writing. Returns the HTTP status, or -errno.
 */
static int publish_one(const struct load *l, struct buf *req, bool warm,
		       int64_t *sent)
{
	struct timeval tv = { PUBLISH_TIMEOUT_S, 0 };
	char answer[512];
	size_t got = 0;
	int fd, one = 1, status = -EPROTO;
	ssize_t k;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (const struct sockaddr *)&l->pub.addr,
		    sizeof(l->pub.addr)) < 0) {
		status = -errno;
		goto out;
	}
	*sent = now_ns();
	if (publish_request(req, l, *sent, warm) != BUF_OK) {
		status = -ENOMEM;
		goto out;
	}
	if (write_all(fd, req->data, req->len) < 0) {
		status = -errno;
		goto out;
	}
	/* Read to the end: the server closes after its answer. */
	for (;;) {
		k = read(fd, answer + got, sizeof(answer) - 1 - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			status = -errno;
			goto out;
		}
		if (k == 0)
			break;
		got += (size_t)k;
		if (got == sizeof(answer) - 1) {
			char sink[4096];

			while (read(fd, sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	answer[got] = '\0';
	if (got >= 12 && strncmp(answer, "HTTP/1.", 7) == 0)
		status = (int)strtol(answer + 9, NULL, 10);
out:
	close(fd);
	return status;
}

/* Publish l->warmup then l->events events at l->rate per second, on
 * schedule: event i leaves at start + i / rate, or at once when the
 * previous one was late. */
static void publisher_run(const struct load *l, struct pub_result *r)
{
	struct buf req = BUF_INIT(URL_BYTES * 4 + TOKEN_BYTES + 1024);
	int64_t start = now_ns(), at, sent = 0;
	long i;
	int status;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < l->warmup + l->events && !stop_requested; i++) {
		struct timespec ts;

		at = start + (int64_t)((double)i * 1e9 / l->rate);
		ts.tv_sec = at / 1000000000;
		ts.tv_nsec = at % 1000000000;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				       NULL) == EINTR &&
		       !stop_requested)
			;
		status = publish_one(l, &req, i < l->warmup, &sent);
		if (i == 0)
			r->first_ns = sent;
		r->last_ns = sent;
		if (status >= 200 && status < 300) {
			r->ok++;
		} else {
			r->failed++;
			if (status < 0)
				r->last_errno = -status;
			else
				r->last_status = status;
		}
	}
	buf_release(&req);
}

/*
 * Fork the publisher before any subscription is opened, so the child
 * holds none of their descriptors (a subscription we close must really
 * close). It waits for one byte on the go pipe, publishes, writes a
 * struct pub_result on the result pipe and exits.
 */
static int publisher_fork(struct load *l, struct err *e)
{
	int go[2], result[2];
	struct pub_result r;
	char byte;
	ssize_t k;

	if (pipe(go) < 0)
		return err_set_errno(e, ERR_RUNTIME, errno,
				     "cannot make a pipe");
	if (pipe(result) < 0) {
		close(go[0]);
		close(go[1]);
		return err_set_errno(e, ERR_RUNTIME, errno,
				     "cannot make a pipe");
	}
	l->pub_pid = fork();
	if (l->pub_pid < 0) {
		close(go[0]);
		close(go[1]);
		close(result[0]);
		close(result[1]);
		return err_set_errno(e, ERR_RUNTIME, errno, "cannot fork");
	}
	if (l->pub_pid == 0) {
		close(go[1]);
		close(result[0]);
		do
			k = read(go[0], &byte, 1);
		while (k < 0 && errno == EINTR && !stop_requested);
		if (k == 1) {
			publisher_run(l, &r);
			if (write_all(result[1], (const char *)&r, sizeof(r)))
				_exit(1);
		}
		_exit(0);
	}
	close(go[0]);
	close(result[1]);
	l->go_fd = go[1];
	l->result_fd = result[0];
	return 0;
}

static void publisher_reap(struct load *l)
{
	int status;

	if (l->pub_pid <= 0)
		return;
	if (!l->pub_done)
		kill(l->pub_pid, SIGTERM);
	while (waitpid(l->pub_pid, &status, 0) < 0 && errno == EINTR)
		;
	l->pub_pid = 0;
}

static void loop_once(struct load *l, int timeout_ms);

/* Stopped early: ask the publisher to stop too and take what it did, so
 * the report still counts the events it sent. */
static void publisher_collect(struct load *l)
{
	int64_t deadline = now_ns() + (int64_t)2 * 1000000000;

	kill(l->pub_pid, SIGTERM);
	while (!l->pub_done && now_ns() < deadline)
		loop_once(l, ms_until(deadline));
}

static void read_result(struct load *l)
{
	ssize_t k = read(l->result_fd, &l->pres, sizeof(l->pres));

	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	/* A pipe write of this size is atomic: all of it or nothing. */
	l->pub_lost = k != (ssize_t)sizeof(l->pres);
	l->pub_done = true;
	epoll_ctl(l->ep, EPOLL_CTL_DEL, l->result_fd, NULL);
	close(l->result_fd);
	l->result_fd = -1;
}

/* ---- subscribers ---------------------------------------------------- */

static int build_subscribe_request(struct load *l)
{
	struct buf req = BUF_INIT(URL_BYTES + TOKEN_BYTES + 512);
	int rc;

	rc = buf_printf(
		&req,
		"GET %s HTTP/1.1\r\nHost: %s\r\n"
		"Accept: text/event-stream\r\nCache-Control: no-cache\r\n",
		l->sub.path, l->sub.host);
	if (rc == BUF_OK && l->sub_token)
		rc = buf_printf(&req, "Authorization: Bearer %s\r\n",
				l->sub_token);
	if (rc == BUF_OK)
		rc = buf_addstr(&req, "\r\n");
	if (rc != BUF_OK) {
		buf_release(&req);
		return -1;
	}
	l->request = buf_detach(&req, &l->request_len);
	return l->request ? 0 : -1;
}

static void conn_reset(struct conn *c)
{
	uint8_t tries = c->tries;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->tries = tries;
}

static void fill_window(struct load *l);

/* A subscription that will not be set up: count it and make room. */
static void setup_given_up(struct load *l, struct conn *c)
{
	c->state = C_CLOSED;
	l->inflight--;
	l->setup_done++;
	fill_window(l);
}

/* Start a non-blocking connect; 0 when under way, -1 when it failed. */
static int conn_connect(struct load *l, struct conn *c, uint32_t idx)
{
	struct epoll_event ev = { .events = EPOLLOUT };

	conn_reset(c);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (connect(c->fd, (const struct sockaddr *)&l->sub.addr,
		    sizeof(l->sub.addr)) < 0 &&
	    errno != EINPROGRESS)
		goto fail;
	ev.data.u64 = idx;
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		goto fail;
	c->state = C_CONNECTING;
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	return -1;
}

/* (Re)try to set up subscription c, up to MAX_TRIES attempts in all. */
static void conn_open(struct load *l, struct conn *c)
{
	uint32_t idx = (uint32_t)(c - l->conns);

	while (c->tries < MAX_TRIES) {
		c->tries++;
		if (conn_connect(l, c, idx) == 0)
			return;
	}
	l->connect_failed++;
	setup_given_up(l, c);
}

/*
 * Start subscriptions until --batch are being set up. A start that fails
 * at once gives up and calls back here; the filling flag turns that call
 * into a no-op (the loop below picks up the room), so the recursion is
 * one level deep whatever N is.
 */
static void fill_window(struct load *l)
{
	if (l->filling)
		return;
	l->filling = true;
	while (l->inflight < l->batch && l->next < l->n && !stop_requested) {
		l->inflight++;
		conn_open(l, &l->conns[l->next++]);
	}
	l->filling = false;
}

enum drop_reason { DROP_IO, DROP_HTTP, DROP_PROTOCOL, DROP_END };

/* Close c. During setup an I/O failure is retried; a stream the server
 * ends counts as a disconnect. */
static void conn_drop(struct load *l, struct conn *c, enum drop_reason why)
{
	close(c->fd);
	c->fd = -1;
	if (why == DROP_PROTOCOL)
		l->protocol_errors++;
	if (c->state == C_STREAM) {
		l->open--;
		l->disconnects++;
		c->state = C_CLOSED;
	} else if (why == DROP_IO) {
		conn_open(l, c);
	} else {
		if (why == DROP_HTTP) {
			l->http_errors++;
			if (!l->first_bad_status)
				l->first_bad_status = c->status;
		}
		setup_given_up(l, c);
	}
}

/* connect() finished or the socket can take the rest of the request. */
static void conn_writable(struct load *l, struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLIN };
	socklen_t len = sizeof(int);
	int soerr = 0;
	ssize_t k;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0 ||
	    soerr) {
		conn_drop(l, c, DROP_IO);
		return;
	}
	k = write(c->fd, l->request + c->sent, l->request_len - c->sent);
	if (k < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (k <= 0) {
		conn_drop(l, c, DROP_IO);
		return;
	}
	c->sent = (uint16_t)(c->sent + k);
	if (c->sent < l->request_len)
		return;
	ev.data.u64 = (uint64_t)(c - l->conns);
	if (epoll_ctl(l->ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
		conn_drop(l, c, DROP_IO);
		return;
	}
	c->state = C_HEAD;
}

/* One event dispatched on c with send time t, received at now. */
static void record(struct load *l, struct conn *c, int64_t t, int64_t now)
{
	if (!l->t_publish_start || t < l->t_publish_start) {
		l->stale++; /* from an earlier run, replayed by the server */
		return;
	}
	l->delivered++;
	hist_add(&l->hist_all, now - t);
	if (!c->pending_warm)
		hist_add(&l->hist, now - t);
	if (t < c->last_t)
		l->out_of_order++;
	else if (t == c->last_t)
		l->duplicates++;
	else
		c->last_t = t;
}

/* A complete SSE line (without its terminator) is in c->line. */
static void sse_line(struct load *l, struct conn *c, int64_t now)
{
	const char *v, *t;
	char *end;
	long long ns;

	c->line[c->line_len] = '\0';
	if (c->line_len == 0) {
		if (c->pending_t)
			record(l, c, c->pending_t, now);
		c->pending_t = 0;
		return;
	}
	if (c->line[0] == ':') {
		l->comments++;
		return;
	}
	if (strncmp(c->line, "data:", 5) != 0)
		return; /* id:, event:, retry: */
	v = c->line + 5;
	t = strstr(v, "T=");
	ns = t ? strtoll(t + 2, &end, 10) : 0;
	if (!t || end == t + 2 || ns <= 0) {
		l->foreign++;
	} else {
		c->pending_t = ns;
		c->pending_warm = *end == 'w';
	}
}

/* Body bytes of an event stream: split into lines on CR, LF or CRLF. */
static void sse_feed(struct load *l, struct conn *c, const char *p, size_t n,
		     int64_t now)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (c->skip_lf) {
			c->skip_lf = false;
			if (ch == '\n')
				continue;
		}
		if (ch == '\r' || ch == '\n') {
			c->skip_lf = ch == '\r';
			sse_line(l, c, now);
			c->line_len = 0;
		} else if (c->line_len < LINE_BYTES - 1) {
			c->line[c->line_len++] = ch;
		}
	}
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Undo chunked transfer encoding, feeding the data to sse_feed. Returns
 * 0 to go on, 1 when the last chunk arrived, -1 on a framing error.
 */
static int dechunk(struct load *l, struct conn *c, const char *p, size_t n,
		   int64_t now)
{
	size_t i = 0, take;
	int v;

	while (i < n) {
		switch (c->chunk) {
		case CH_SIZE:
			v = hexval(p[i]);
			if (v >= 0) {
				if (c->chunk_left >= MAX_CHUNK / 16)
					return -1;
				c->chunk_left =
					c->chunk_left * 16 + (uint32_t)v;
			} else if (p[i] == ';') {
				c->chunk = CH_EXT;
			} else if (p[i] == '\n') {
				c->chunk = c->chunk_left ? CH_DATA : CH_END;
				if (c->chunk == CH_END)
					return 1;
			} else if (p[i] != '\r' && p[i] != ' ' &&
				   p[i] != '\t') {
				return -1;
			}
			i++;
			break;
		case CH_EXT:
			/* Leave the LF for CH_SIZE, which ends the size line.
			 */
			if (p[i] == '\n')
				c->chunk = CH_SIZE;
			else
				i++;
			break;
		case CH_DATA:
			take = n - i < c->chunk_left ? n - i : c->chunk_left;
			sse_feed(l, c, p + i, take, now);
			i += take;
			c->chunk_left -= (uint32_t)take;
			if (!c->chunk_left)
				c->chunk = CH_CRLF;
			break;
		case CH_CRLF:
			if (p[i] == '\n')
				c->chunk = CH_SIZE;
			else if (p[i] != '\r')
				return -1;
			i++;
			break;
		default:
			return 1;
		}
	}
	return 0;
}

/* A response header line is in c->line. Returns 1 at the blank line that
 * ends the headers, 0 otherwise. */
static int head_line(struct conn *c)
{
	char *p;

	c->line[c->line_len] = '\0';
	if (c->line_len && c->line[c->line_len - 1] == '\r')
		c->line[--c->line_len] = '\0';
	if (!c->status_seen) {
		c->status_seen = true;
		if (strncmp(c->line, "HTTP/1.", 7) == 0 && c->line_len >= 12)
			c->status = (int)strtol(c->line + 9, NULL, 10);
		return 0;
	}
	if (c->line_len == 0)
		return 1;
	if (strncasecmp(c->line, "transfer-encoding:", 18) == 0) {
		for (p = c->line; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		c->chunked = strstr(c->line, "chunked") != NULL;
	}
	return 0;
}

/* The subscription is up: count it and start the next one. */
static void subscribed(struct load *l, struct conn *c, int64_t now)
{
	c->state = C_STREAM;
	c->line_len = 0;
	l->connected++;
	l->open++;
	l->inflight--;
	l->setup_done++;
	l->t_connect_end = now;
	fill_window(l);
}

/* Bytes from the server; returns the reason to drop c, or -1 to keep it. */
static int conn_feed(struct load *l, struct conn *c, const char *p, size_t n,
		     int64_t now)
{
	size_t i = 0;
	int rc;

	while (c->state == C_HEAD && i < n) {
		char ch = p[i++];

		if (ch != '\n') {
			if (c->line_len < LINE_BYTES - 1)
				c->line[c->line_len++] = ch;
			continue;
		}
		rc = head_line(c);
		c->line_len = 0;
		if (rc == 1 && c->status != 200)
			return DROP_HTTP;
		if (rc == 1)
			subscribed(l, c, now);
	}
	if (c->state != C_STREAM || i == n)
		return -1;
	if (!c->chunked) {
		sse_feed(l, c, p + i, n - i, now);
		return -1;
	}
	rc = dechunk(l, c, p + i, n - i, now);
	if (rc < 0)
		return DROP_PROTOCOL;
	return rc ? DROP_END : -1;
}

static void conn_readable(struct load *l, struct conn *c)
{
	static char in[READ_BYTES];
	ssize_t k = read(c->fd, in, sizeof(in));
	int why;

	if (k < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (k <= 0) {
		conn_drop(l, c,
			  k == 0 && c->state == C_STREAM ? DROP_END : DROP_IO);
		return;
	}
	l->bytes += (uint64_t)k;
	why = conn_feed(l, c, in, (size_t)k, now_ns());
	if (why >= 0)
		conn_drop(l, c, (enum drop_reason)why);
}

/* Wait up to timeout_ms for events and handle them. */
static void loop_once(struct load *l, int timeout_ms)
{
	struct epoll_event ev[EPOLL_BATCH];
	int i, k = epoll_wait(l->ep, ev, EPOLL_BATCH, timeout_ms);

	for (i = 0; i < k; i++) {
		struct conn *c;

		if (ev[i].data.u64 == EV_RESULT) {
			read_result(l);
			continue;
		}
		c = &l->conns[ev[i].data.u64];
		if (c->state == C_CONNECTING)
			conn_writable(l, c);
		else if (c->state == C_HEAD || c->state == C_STREAM)
			conn_readable(l, c);
	}
}

/* Close every subscription with a reset rather than a FIN: the next run
 * must not find 19,000 of our ports in TIME_WAIT. */
static void close_all(struct load *l)
{
	struct linger lg = { 1, 0 };
	int i;

	for (i = 0; i < l->n; i++) {
		if (l->conns[i].fd < 0)
			continue;
		setsockopt(l->conns[i].fd, SOL_SOCKET, SO_LINGER, &lg,
			   sizeof(lg));
		close(l->conns[i].fd);
		l->conns[i].fd = -1;
	}
}

/* ---- the report ----------------------------------------------------- */

static void put_int(json_t *o, const char *k, json_int_t v)
{
	json_object_set_new(o, k, json_integer(v));
}

static void put_real(json_t *o, const char *k, double v)
{
	json_object_set_new(o, k, json_real(v));
}

static json_t *server_report(const struct load *l,
			     const struct proc_sample *before,
			     const struct proc_sample *idle,
			     const struct proc_sample *end)
{
	json_t *o = json_object();
	double tick_us = 1e6 / (double)sysconf(_SC_CLK_TCK);
	double sub_us, pub_us;

	put_int(o, "pid", l->server);
	if (!before->ok || !idle->ok || !end->ok) {
		json_object_set_new(o, "error",
				    json_string("cannot read /proc/PID"));
		return o;
	}
	sub_us = (double)(idle->cpu_ticks - before->cpu_ticks) * tick_us;
	pub_us = (double)(end->cpu_ticks - idle->cpu_ticks) * tick_us;
	put_int(o, "rss_before_kb", before->rss_kb);
	put_int(o, "rss_subscribed_kb", idle->rss_kb);
	put_int(o, "rss_end_kb", end->rss_kb);
	put_real(o, "rss_per_subscriber_bytes",
		 l->connected ? (double)(idle->rss_kb - before->rss_kb) *
					1024.0 / l->connected
			      : 0);
	/* Servers that allocate write buffers on the first event grow again
	 * while publishing; the idle figure above is the one we compare. */
	put_real(o, "rss_per_subscriber_end_bytes",
		 l->connected ? (double)(end->rss_kb - before->rss_kb) *
					1024.0 / l->connected
			      : 0);
	put_real(o, "cpu_subscribe_ms", sub_us / 1000);
	put_real(o, "cpu_us_per_subscribe",
		 l->connected ? sub_us / l->connected : 0);
	put_real(o, "cpu_publish_ms", pub_us / 1000);
	put_real(o, "cpu_us_per_delivery",
		 l->delivered ? pub_us / (double)l->delivered : 0);
	return o;
}

/* Percentiles, maximum and mean of h, in milliseconds. */
static json_t *latency_json(const struct hist *h)
{
	json_t *lat = json_object();

	put_real(lat, "p50", hist_quantile_ms(h, 0.50));
	put_real(lat, "p90", hist_quantile_ms(h, 0.90));
	put_real(lat, "p99", hist_quantile_ms(h, 0.99));
	put_real(lat, "max", (double)h->max / 1e6);
	put_real(lat, "mean",
		 h->total ? (double)h->sum / (double)h->total / 1e6 : 0);
	return lat;
}

static json_t *report(const struct load *l, uint64_t expected, int64_t t_end,
		      json_t *server)
{
	json_t *o = json_object();
	double connect_s =
		(double)(l->t_connect_end - l->t_connect_start) / 1e9;

	if (l->label)
		json_object_set_new(o, "label", json_string(l->label));
	put_int(o, "subscribers", l->n);
	put_int(o, "connected", l->connected);
	put_int(o, "connect_failed", l->connect_failed);
	put_int(o, "http_errors", l->http_errors);
	if (l->first_bad_status)
		put_int(o, "first_bad_status", l->first_bad_status);
	put_real(o, "connect_seconds", l->connected ? connect_s : 0);
	put_real(o, "subscribes_per_second",
		 l->connected && connect_s > 0 ? l->connected / connect_s : 0);
	put_int(o, "events", l->publishing ? l->events : 0);
	put_int(o, "warmup", l->publishing ? l->warmup : 0);
	put_int(o, "published", l->pres.ok);
	put_int(o, "publish_failed", l->pres.failed);
	if (l->pres.last_status)
		put_int(o, "publish_last_status", l->pres.last_status);
	if (l->pres.last_errno)
		json_object_set_new(o, "publish_last_error",
				    json_string(strerror(l->pres.last_errno)));
	if (l->pub_lost)
		json_object_set_new(o, "publisher_lost", json_true());
	put_real(o, "publish_seconds",
		 l->t_publish_start ? (double)(t_end - l->t_publish_start) / 1e9
				    : 0);
	put_int(o, "expected", (json_int_t)expected);
	put_int(o, "delivered", (json_int_t)l->delivered);
	put_real(o, "delivered_percent",
		 expected ? 100.0 * (double)l->delivered / (double)expected
			  : 0);
	put_int(o, "out_of_order", (json_int_t)l->out_of_order);
	put_int(o, "duplicates", (json_int_t)l->duplicates);
	put_int(o, "stale", (json_int_t)l->stale);
	put_int(o, "foreign_data", (json_int_t)l->foreign);
	put_int(o, "comments", (json_int_t)l->comments);
	put_int(o, "disconnects", l->disconnects);
	put_int(o, "protocol_errors", l->protocol_errors);
	put_int(o, "open_at_end", l->open);
	put_int(o, "bytes", (json_int_t)l->bytes);
	json_object_set_new(o, "latency_ms", latency_json(&l->hist));
	json_object_set_new(o, "latency_all_ms", latency_json(&l->hist_all));
	json_object_set_new(o, "server", server ? server : json_null());
	return o;
}

static int print_json(json_t *o)
{
	int rc = json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(6));

	putchar('\n');
	return rc;
}

/* ---- the runs ------------------------------------------------------- */

/* Set up every subscription, or as many as the deadline allows. */
static void subscribe_phase(struct load *l)
{
	int64_t deadline;

	l->t_connect_start = now_ns();
	deadline = l->t_connect_start + l->connect_ms * 1000000;
	fill_window(l);
	while (l->setup_done < l->n && now_ns() < deadline && !stop_requested)
		loop_once(l, ms_until(deadline));
}

/* Keep reading until deadline (or a stop), with nothing else to do. */
static void idle_until(struct load *l, int64_t deadline)
{
	while (now_ns() < deadline && !stop_requested)
		loop_once(l, ms_until(deadline));
}

/*
 * Publish and collect: start the publisher, read until it reports, then
 * wait up to --settle for the deliveries still in flight. Returns the
 * deliveries expected.
 */
static uint64_t publish_phase(struct load *l)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = EV_RESULT };
	int64_t deadline, settle;
	uint64_t subscribers = (uint64_t)l->open;
	char go = 1;

	/* The publisher's own timeouts bound it; this only guards a hang. */
	deadline =
		now_ns() +
		(int64_t)((double)(l->warmup + l->events) / l->rate * 1.5e9) +
		(int64_t)PUBLISH_TIMEOUT_S * 3 * 1000000000;
	l->t_publish_start = now_ns();
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, l->result_fd, &ev) < 0 ||
	    write_all(l->go_fd, &go, 1) < 0) {
		l->pub_lost = true;
		return 0;
	}
	while (!l->pub_done && now_ns() < deadline && !stop_requested)
		loop_once(l, ms_until(deadline));
	if (!l->pub_done)
		publisher_collect(l);
	settle = now_ns() + l->settle_ms * 1000000;
	while (l->delivered < subscribers * (uint64_t)l->pres.ok &&
	       now_ns() < settle && !stop_requested)
		loop_once(l, ms_until(settle));
	return subscribers * (uint64_t)l->pres.ok;
}

static int run_subscribe(struct load *l, struct err *e)
{
	struct proc_sample before, idle, end;
	uint64_t expected = 0;
	json_t *o = NULL, *server = NULL;
	int64_t t_end;
	int rc = 0, i;

	l->ep = -1;
	l->go_fd = l->result_fd = -1;
	if (l->publishing && publisher_fork(l, e) < 0)
		return -1;
	l->conns = calloc((size_t)l->n, sizeof(*l->conns));
	if (!l->conns || build_subscribe_request(l) < 0) {
		rc = err_set(e, ERR_RUNTIME, "out of memory");
		goto out;
	}
	for (i = 0; i < l->n; i++)
		l->conns[i].fd = -1;
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	if (l->ep < 0) {
		rc = err_set_errno(e, ERR_RUNTIME, errno,
				   "cannot create epoll");
		goto out;
	}

	before = proc_sample(l->server);
	subscribe_phase(l);
	idle_until(l, now_ns() + (int64_t)IDLE_PAUSE_MS * 1000000);
	idle = proc_sample(l->server);
	if (l->publishing && l->open > 0)
		expected = publish_phase(l);
	t_end = now_ns();
	end = proc_sample(l->server);

	if (l->server > 0)
		server = server_report(l, &before, &idle, &end);
	o = report(l, expected, t_end, server);
	if (print_json(o) < 0)
		rc = err_set(e, ERR_RUNTIME, "cannot write the report");
	else if (l->connected == 0)
		rc = err_set(e, ERR_UNAVAIL,
			     "no subscription to 'http://%s%s' could be set up",
			     l->sub.host, l->sub.path);
out:
	if (l->conns)
		close_all(l);
	/* Closing the go pipe first releases a publisher never told to go. */
	if (l->go_fd >= 0)
		close(l->go_fd);
	publisher_reap(l);
	if (l->result_fd >= 0)
		close(l->result_fd);
	if (l->ep >= 0)
		close(l->ep);
	json_decref(o);
	free(l->conns);
	free(l->request);
	return rc;
}

static int run_publish(struct load *l, struct err *e)
{
	json_t *o = json_object();
	int rc = 0;

	publisher_run(l, &l->pres);
	if (l->label)
		json_object_set_new(o, "label", json_string(l->label));
	put_int(o, "events", l->events);
	put_int(o, "published", l->pres.ok);
	put_int(o, "publish_failed", l->pres.failed);
	if (l->pres.last_status)
		put_int(o, "publish_last_status", l->pres.last_status);
	if (l->pres.last_errno)
		json_object_set_new(o, "publish_last_error",
				    json_string(strerror(l->pres.last_errno)));
	put_real(o, "publish_seconds",
		 (double)(l->pres.last_ns - l->pres.first_ns) / 1e9);
	if (print_json(o) < 0)
		rc = err_set(e, ERR_RUNTIME, "cannot write the report");
	else if (l->pres.ok == 0 && l->events > 0)
		rc = err_set(e, ERR_UNAVAIL,
			     "no publish to 'http://%s%s' succeeded",
			     l->pub.host, l->pub.path);
	json_decref(o);
	return rc;
}

/* ---- options -------------------------------------------------------- */

static const struct opt_spec opts[] = {
	{ "url", 'u', "URL", NULL, 0,
	  "subscribe to URL (http://127.0.0.1:PORT/PATH?QUERY)" },
	{ "subscribers", 'n', "N", NULL, 0,
	  "open N subscriptions (default 1000, at most 19900)" },
	{ "batch", 'b', "N", NULL, 0,
	  "set up at most N subscriptions at once (default 64)" },
	{ "sub-token", 0, "TOKEN", NULL, 0,
	  "subscribe with Authorization: Bearer TOKEN" },
	{ "publish-url", 'p', "URL", NULL, 0, "POST the events to URL" },
	{ "topic", 't', "TOPIC", NULL, 0,
	  "post the form topic=TOPIC&data=T=<ns> (default: the raw body T=<ns>)" },
	{ "token", 'j', "TOKEN", NULL, 0,
	  "publish with Authorization: Bearer TOKEN" },
	{ "events", 'm', "M", NULL, 0, "publish M events (default 50)" },
	{ "warmup", 'w', "W", NULL, 0,
	  "publish W unmeasured events before them (default 0)" },
	{ "rate", 'r', "R", NULL, 0,
	  "publish R events per second (default 10, 1 with --hold)" },
	{ "hold", 0, "DURATION", NULL, 0,
	  "keep the subscriptions DURATION (10m), publishing at --rate" },
	{ "settle", 0, "DURATION", NULL, 0,
	  "wait up to DURATION after the last publish (default 10s)" },
	{ "connect-timeout", 0, "DURATION", NULL, 0,
	  "stop setting up subscriptions after DURATION (default 60s)" },
	{ "pid", 0, "PID", NULL, 0,
	  "report the CPU time and memory of server process PID" },
	{ "label", 'l', "NAME", NULL, 0, "name the run in the report" },
	{ 0 }
};

static const struct opt_command commands[] = {
	{ "publish", "only publish: --publish-url, --events, --rate" }, { 0 }
};

static const struct opt_tool tool = {
	.name = "sse-load",
	.usage =
		"--url URL [-n N] [--publish-url URL [--topic TOPIC] [--token TOKEN]] [options]\n"
		"publish --publish-url URL [--events M] [--rate R] [options]",
	.summary =
		"Open N Server-Sent Events subscriptions on loopback, publish timed events\n"
		"and report subscribe rate, delivery, order and latency as JSON.",
	.opts = opts,
	.commands = commands,
	.versions = NULL,
};

/* The largest N the descriptor limit allows (raising the soft limit). */
static long max_subscribers(void)
{
	struct rlimit rl;
	long max = MAX_SUBSCRIBERS;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_cur != RLIM_INFINITY &&
		    (long)rl.rlim_cur - SPARE_FDS < max)
			max = (long)rl.rlim_cur - SPARE_FDS;
	}
	return max < 1 ? 1 : max;
}

static int string_opt(const struct opt_values *v, const char *name, size_t max,
		      const char **out, struct err *e)
{
	*out = opt_str(v, name);
	if (*out && (strlen(*out) >= max || strpbrk(*out, "\r\n")))
		return err_set(e, ERR_USAGE, "invalid value for '--%s'", name);
	return 0;
}

static int configure(struct load *l, const struct opt_values *v,
		     bool publish_only, struct err *e)
{
	const char *s;
	long n = 1000, batch = 64, pid = 0;
	char *end;
	int rc = 0;

	l->events = 50;
	l->rate = 10;
	l->settle_ms = 10000;
	l->connect_ms = 60000;
	l->label = opt_str(v, "label");
	if (v->argc > (publish_only ? 1 : 0))
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[publish_only ? 1 : 0]);
	if (!publish_only && !opt_str(v, "url"))
		return err_set(e, ERR_USAGE, "missing required option '--url'");
	if (publish_only && !opt_str(v, "publish-url"))
		return err_set(e, ERR_USAGE,
			       "missing required option '--publish-url'");
	if (!publish_only)
		rc = target_parse(&l->sub, opt_str(v, "url"), e);
	if (rc == 0 && opt_str(v, "publish-url")) {
		l->publishing = true;
		rc = target_parse(&l->pub, opt_str(v, "publish-url"), e);
	}
	if (rc == 0 && opt_str(v, "subscribers"))
		rc = parse_long(opt_str(v, "subscribers"), 1, max_subscribers(),
				"subscriber count", &n, e);
	if (rc == 0 && opt_str(v, "batch"))
		rc = parse_long(opt_str(v, "batch"), 1, MAX_SUBSCRIBERS,
				"batch", &batch, e);
	if (rc == 0 && opt_str(v, "pid"))
		rc = parse_long(opt_str(v, "pid"), 1, 1L << 22, "pid", &pid, e);
	if (rc == 0 && opt_str(v, "hold")) {
		rc = parse_ms(opt_str(v, "hold"), "--hold", &l->hold_ms, e);
		l->rate = 1;
	}
	s = opt_str(v, "rate");
	if (rc == 0 && s) {
		l->rate = strtod(s, &end);
		if (end == s || *end || !(l->rate >= 0.01 && l->rate <= 1e5))
			rc = err_set(e, ERR_USAGE,
				     "invalid rate '%s' (want 0.01 to 100000)",
				     s);
	}
	if (rc == 0 && l->hold_ms)
		l->events = (long)((double)l->hold_ms / 1000.0 * l->rate);
	if (rc == 0 && opt_str(v, "events"))
		rc = parse_long(opt_str(v, "events"), 0, 100000000,
				"event count", &l->events, e);
	if (rc == 0 && opt_str(v, "warmup"))
		rc = parse_long(opt_str(v, "warmup"), 0, 100000000,
				"warm-up count", &l->warmup, e);
	if (rc == 0 && opt_str(v, "settle"))
		rc = parse_ms(opt_str(v, "settle"), "--settle", &l->settle_ms,
			      e);
	if (rc == 0 && opt_str(v, "connect-timeout"))
		rc = parse_ms(opt_str(v, "connect-timeout"),
			      "--connect-timeout", &l->connect_ms, e);
	if (rc == 0)
		rc = string_opt(v, "topic", URL_BYTES, &l->topic, e);
	if (rc == 0)
		rc = string_opt(v, "token", TOKEN_BYTES, &l->pub_token, e);
	if (rc == 0)
		rc = string_opt(v, "sub-token", TOKEN_BYTES, &l->sub_token, e);
	if (l->events == 0)
		l->publishing = false;
	l->n = (int)n;
	l->batch = (int)batch;
	l->server = (pid_t)pid;
	return rc;
}

int main(int argc, char **argv)
{
	struct opt_values v = { 0 };
	struct sigaction sa = { 0 };
	struct load *l = calloc(1, sizeof(*l));
	struct err e;
	bool publish_only;
	int rc;

	log_init(argv[0]);
	err_init(&e);
	sa.sa_handler = on_stop_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!l) {
		log_warn("out of memory");
		return EXIT_FAILURE_RUNTIME;
	}
	rc = opt_parse(&v, &tool, argc, argv, &e);
	if (rc == OPT_CONTINUE) {
		publish_only = v.argc > 0 && strcmp(v.argv[0], "publish") == 0;
		rc = configure(l, &v, publish_only, &e);
		if (rc == 0)
			rc = publish_only ? run_publish(l, &e)
					  : run_subscribe(l, &e);
		if (rc < 0)
			rc = e.cls == ERR_USAGE ? log_usage(&tool, &e)
						: log_err(&e, NULL);
	} else if (rc == OPT_DONE) {
		rc = EXIT_OK;
	} else {
		rc = log_usage(&tool, &e);
	}
	if (rc == EXIT_OK && stop_requested) {
		log_warn("interrupted: the report covers the run so far");
		rc = EXIT_FAILURE_RUNTIME;
	}
	opt_values_release(&v);
	free(l);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_warn("cannot write the output:");
		rc = EXIT_FAILURE_RUNTIME;
	}
	return rc;
}

/*
 * httpd: a small epoll HTTP/1.1 server built for Server-Sent Events
 * fan-out (see httpd.h for the design).
 */
#define _GNU_SOURCE /* accept4 */
#include "compat.h"

#include "httpd.h"

#include "buf.h"
#include "form.h"
#include "hash.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define EVENTS_PER_TURN	  256
#define ACCEPTS_PER_TURN  512
#define READ_CHUNK	  4096
#define WRITEV_MAX	  64
#define STOP_GRACE_MS	  3000
#define LOG_REQLINE_BYTES 800 /* "METHOD target" in a log line, at most */
#define TICK_MS		  1000
#define CLIENT_BUCKETS	  4096
#define CLIENT_RETRY	  "Retry-After: 10\r\n" /* seconds */

struct httpd_frame {
	unsigned refs;
	bool raw;    /* written as is, without chunk framing */
	size_t len;  /* bytes in data: chunk header + payload + CRLF */
	size_t head; /* length of the chunk header ("1a\r\n") */
	char data[];
};

/* One frame queued on one stream. Nodes are recycled, not freed. */
struct qnode {
	struct httpd_frame *f;
	struct qnode *next;
};

/* The connections open from one address, when they are limited. */
struct client {
	unsigned char addr[16]; /* 4 bytes for IPv4, 16 for IPv6 */
	unsigned char len;
	int conns;
	struct client *next;
};

enum conn_state {
	CONN_READING, /* reading a request */
	CONN_WAITING, /* the handler owes a response */
	CONN_WRITING, /* writing a response */
	CONN_STREAM,  /* a never-ending response */
	CONN_CLOSED   /* closed, freed at the end of the turn */
};

struct httpd_conn {
	struct httpd *h;
	int fd;
	unsigned char state;
	bool keep_alive;
	bool chunked;	 /* stream frames carry chunk framing */
	bool in_handler; /* the handler is running for this connection */
	bool dirty;	 /* on h->dirty: frames to write this turn */
	bool continue_sent;
	bool head_only;	     /* a HEAD request: the answer has no body */
	bool ending;	     /* a stream closing once its queue is written */
	bool notify_drained; /* tell the owner when the queue empties */
	bool over_limit;     /* its client has too many: answer 429 */
	unsigned char end_reason;
	char saved;	 /* the byte after the body, lent to its NUL */
	unsigned events; /* epoll interest now registered */
	struct buf in;	 /* request bytes; released when not needed */
	size_t req_len;	 /* bytes of in taken by the current request */
	size_t need;	 /* bytes the request being read will take */
	struct buf out;	 /* response bytes not yet written */
	size_t out_off;
	struct qnode *qhead, *qtail;
	size_t qhead_off; /* bytes of qhead's frame already written */
	unsigned qcount;
	size_t qbytes;
	void *owner;
	struct client *client; /* when connections per client are limited */
	char *reqline;	  /* "GET /path?query" for the log, while in flight */
	int64_t since_ms; /* start of the current request, or idle since */
	struct httpd_conn *prev, *next; /* every open connection */
	struct httpd_conn *dirty_next;
	union {
		struct sockaddr sa;
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;
	} peer;
};

struct httpd {
	struct httpd_config cfg;
	int epfd, listen_fd, signal_fd;
	int port;
	bool stopping;
	bool listen_paused;
	int64_t now_ms, next_tick_ms;
	int64_t unix_now;
	int64_t refused_logged_at; /* unix_now of the last such log line */
	char date[64];		   /* "Date: ...\r\n" for unix_now */
	struct httpd_conn *conns;  /* list of open connections */
	struct httpd_conn *dirty;  /* streams with frames to write */
	struct httpd_conn *dead;   /* closed, to free at the end of the turn */
	struct qnode *free_nodes;
	struct httpd_frame *last_chunk; /* "0\r\n\r\n", ends chunked streams */
	struct httpd_stats stats;
	struct client *clients[CLIENT_BUCKETS];	 /* by address */
	char scratch[LIMIT_HTTP_HEAD_BYTES + 1]; /* the head being parsed */
	sigset_t old_mask;
};

static void process_input(struct httpd_conn *c);
static int enqueue(struct httpd_conn *c, struct httpd_frame *f);
static void mark_dirty(struct httpd_conn *c);
static void send_continue(struct httpd_conn *c);
static void log_stream_end(struct httpd_conn *c, enum httpd_close_reason why);

/* ---- clock ------------------------------------------------------------ */

static void update_clock(struct httpd *h)
{
	struct timespec ts;
	time_t now = time(NULL);
	struct tm tm;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	h->now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (now == h->unix_now)
		return;
	h->unix_now = now;
	gmtime_r(&now, &tm);
	strftime(h->date, sizeof(h->date),
		 "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
}

int64_t httpd_now_ms(const struct httpd *h)
{
	return h->now_ms;
}

int64_t httpd_unix_time(const struct httpd *h)
{
	return h->unix_now;
}

/* ---- frames and queues ------------------------------------------------ */

struct httpd_frame *httpd_frame_new(const void *data, size_t len)
{
	char head[24];
	int hn = snprintf(head, sizeof(head), "%zx\r\n", len);
	struct httpd_frame *f = malloc(sizeof(*f) + (size_t)hn + len + 2);

	if (!f)
		return NULL;
	f->refs = 1;
	f->raw = false;
	f->head = (size_t)hn;
	f->len = (size_t)hn + len + 2;
	memcpy(f->data, head, (size_t)hn);
	memcpy(f->data + hn, data, len);
	memcpy(f->data + hn + len, "\r\n", 2);
	return f;
}

void httpd_frame_ref(struct httpd_frame *f)
{
	f->refs++;
}

void httpd_frame_unref(struct httpd_frame *f)
{
	if (f && --f->refs == 0)
		free(f);
}

/* The bytes of f a connection writes: all of them when chunked, else
 * the payload alone (HTTP/1.0 streams end with the connection). */
static size_t frame_start(const struct httpd_conn *c,
			  const struct httpd_frame *f)
{
	return c->chunked || f->raw ? 0 : f->head;
}

static size_t frame_end(const struct httpd_conn *c, const struct httpd_frame *f)
{
	return c->chunked || f->raw ? f->len : f->len - 2;
}

static void queue_clear(struct httpd_conn *c)
{
	struct qnode *n = c->qhead, *next;

	for (; n; n = next) {
		next = n->next;
		httpd_frame_unref(n->f);
		n->next = c->h->free_nodes;
		c->h->free_nodes = n;
	}
	c->qhead = c->qtail = NULL;
	c->qhead_off = 0;
	c->qcount = 0;
	c->qbytes = 0;
}

/* ---- epoll interest --------------------------------------------------- */

static void set_interest(struct httpd_conn *c, unsigned events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (c->events == events || c->state == CONN_CLOSED)
		return;
	epoll_ctl(c->h->epfd, EPOLL_CTL_MOD, c->fd, &ev);
	c->events = events;
}

/* ---- closing ---------------------------------------------------------- */

static void unlink_conn(struct httpd_conn *c)
{
	struct httpd *h = c->h;

	if (c->prev)
		c->prev->next = c->next;
	else
		h->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

/* ---- connections per client ------------------------------------------ */

/* The address of c's peer, without the port; its length. */
static size_t peer_addr(const struct httpd_conn *c, unsigned char addr[16])
{
	if (c->peer.sa.sa_family == AF_INET6) {
		memcpy(addr, &c->peer.in6.sin6_addr, 16);
		return 16;
	}
	memcpy(addr, &c->peer.in4.sin_addr, 4);
	return 4;
}

/*
 * Count c in its client's connections; past the limit it is marked to be
 * answered 429 (once its request is read, so that the client reads the
 * answer rather than a reset). Returns 0, or -1 without memory.
 */
static int client_enter(struct httpd *h, struct httpd_conn *c)
{
	unsigned char addr[16];
	size_t len = peer_addr(c, addr);
	struct client **bucket =
		&h->clients[hash_bytes(addr, len) % CLIENT_BUCKETS];
	struct client *cl;

	for (cl = *bucket; cl; cl = cl->next)
		if (cl->len == len && !memcmp(cl->addr, addr, len))
			break;
	if (!cl) {
		cl = calloc(1, sizeof(*cl));
		if (!cl)
			return -1;
		memcpy(cl->addr, addr, len);
		cl->len = (unsigned char)len;
		cl->next = *bucket;
		*bucket = cl;
	}
	c->client = cl;
	c->over_limit = ++cl->conns > h->cfg.max_conns_per_client;
	return 0;
}

static void client_leave(struct httpd *h, struct client *cl)
{
	struct client **pp;

	if (--cl->conns > 0)
		return;
	pp = &h->clients[hash_bytes(cl->addr, cl->len) % CLIENT_BUCKETS];
	while (*pp != cl)
		pp = &(*pp)->next;
	*pp = cl->next;
	free(cl);
}

void httpd_close(struct httpd_conn *c, enum httpd_close_reason why)
{
	struct httpd *h = c->h;
	bool was_stream = c->state == CONN_STREAM;

	if (c->state == CONN_CLOSED)
		return;
	c->state = CONN_CLOSED;
	epoll_ctl(h->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	unlink_conn(c);
	queue_clear(c);
	buf_release(&c->in);
	buf_release(&c->out);
	free(c->reqline);
	c->reqline = NULL;
	if (c->client)
		client_leave(h, c->client);
	c->client = NULL;
	h->stats.conns--;
	h->stats.closed[why]++;
	if (was_stream) {
		log_stream_end(c, why);
		h->stats.streams--;
		if (h->cfg.stream_closed)
			h->cfg.stream_closed(c, c->owner, why);
	}
	/* Freed at the end of the turn: events of this turn may name it. */
	c->next = h->dead;
	h->dead = c;
}

static void free_dead(struct httpd *h)
{
	while (h->dead) {
		struct httpd_conn *c = h->dead;

		h->dead = c->next;
		free(c);
	}
}

/* ---- writing ---------------------------------------------------------- */

/* The response is written: next request, or the end of the connection. */
static void response_done(struct httpd_conn *c)
{
	if (c->req_len < c->in.len)
		c->in.data[c->req_len] = c->saved; /* see dispatch */
	buf_consume(&c->in, c->req_len);
	c->req_len = 0;
	buf_reset(&c->out);
	c->out_off = 0;
	if (!c->keep_alive || c->h->stopping) {
		httpd_close(c, HTTPD_CLOSE_DONE);
		return;
	}
	c->state = CONN_READING;
	c->continue_sent = false;
	c->since_ms = c->h->now_ms;
	if (c->in.len == 0)
		buf_release(&c->in); /* idle keep-alive costs no buffer */
	set_interest(c, EPOLLIN);
	if (c->in.len && !c->in_handler)
		process_input(c);
}

/* Write what c->out holds; 0 when all is written, 1 when it must wait. */
static int write_out(struct httpd_conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.data + c->out_off,
				 c->out.len - c->out_off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 1;
		if (n <= 0) {
			httpd_close(c, HTTPD_CLOSE_PEER);
			return -1;
		}
		c->out_off += (size_t)n;
		c->h->stats.bytes_sent += (uint64_t)n;
	}
	return 0;
}

static void continue_writing(struct httpd_conn *c)
{
	int rc = write_out(c);

	if (rc == 1)
		set_interest(c, EPOLLOUT);
	else if (rc == 0 && c->state == CONN_WRITING)
		response_done(c);
}

/* Write queued frames with writev until the queue is empty or the
 * socket is full. */
static void flush_queue(struct httpd_conn *c)
{
	struct iovec iov[WRITEV_MAX];
	struct msghdr msg = { 0 };
	int rc = c->out_off < c->out.len ? write_out(c) : 0;

	if (rc < 0)
		return;
	if (rc == 0 && c->out.data) {
		buf_release(&c->out);
		c->out_off = 0;
	}
	while (rc == 0 && c->qhead && c->state == CONN_STREAM) {
		struct qnode *n = c->qhead;
		size_t off = c->qhead_off;
		ssize_t w;
		int k = 0;

		for (; n && k < WRITEV_MAX; n = n->next, k++, off = 0) {
			size_t start = frame_start(c, n->f) + off;

			iov[k].iov_base = n->f->data + start;
			iov[k].iov_len = frame_end(c, n->f) - start;
		}
		/* sendmsg, not writev: a socket's own path skips the VFS
		 * layer, a measurable part of one small write to each of
		 * thousands of subscribers. */
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)k;
		w = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w <= 0) {
			httpd_close(c, HTTPD_CLOSE_PEER);
			return;
		}
		c->h->stats.bytes_sent += (uint64_t)w;
		/* Drop the frames written whole; remember where the next stops.
		 */
		while (w > 0 && c->qhead) {
			struct qnode *head = c->qhead;
			size_t left = frame_end(c, head->f) -
				      frame_start(c, head->f) - c->qhead_off;

			if ((size_t)w < left) {
				c->qhead_off += (size_t)w;
				break;
			}
			w -= (ssize_t)left;
			c->qhead = head->next;
			c->qhead_off = 0;
			c->qcount--;
			c->qbytes -= head->f->len;
			httpd_frame_unref(head->f);
			head->next = c->h->free_nodes;
			c->h->free_nodes = head;
		}
		if (!c->qhead)
			c->qtail = NULL;
	}
	if (c->state == CONN_STREAM && c->ending && !c->qhead && !c->out.len)
		httpd_close(c, (enum httpd_close_reason)c->end_reason);
	else if (c->state == CONN_STREAM)
		set_interest(c, c->qhead || c->out.len ? EPOLLIN | EPOLLOUT
						       : EPOLLIN);
	/* What the owner queues now is written by flush_dirty this turn. */
	if (c->state == CONN_STREAM && c->notify_drained && !c->qhead &&
	    !c->out.len) {
		c->notify_drained = false;
		if (c->h->cfg.stream_drained)
			c->h->cfg.stream_drained(c, c->owner);
	}
}

static void flush_dirty(struct httpd *h)
{
	while (h->dirty) {
		struct httpd_conn *c = h->dirty;

		h->dirty = c->dirty_next;
		c->dirty = false;
		if (c->state == CONN_STREAM && !(c->events & EPOLLOUT))
			flush_queue(c);
	}
}

int httpd_stream_queue(struct httpd_conn *c, struct httpd_frame *f)
{
	if (c->state != CONN_STREAM || c->ending)
		return -1;
	return enqueue(c, f);
}

void httpd_stream_end(struct httpd_conn *c, enum httpd_close_reason why)
{
	if (c->state != CONN_STREAM || c->ending)
		return;
	if (c->chunked && enqueue(c, c->h->last_chunk) < 0)
		return;
	c->ending = true;
	c->end_reason = (unsigned char)why;
	mark_dirty(c);
}

static void mark_dirty(struct httpd_conn *c)
{
	if (!c->dirty) {
		c->dirty = true;
		c->dirty_next = c->h->dirty;
		c->h->dirty = c;
	}
}

/* Whether queueing f would take c's backlog past its bounds. One frame
 * alone may be larger than the byte bound (a big update is not slow). */
static bool over_bounds(const struct httpd_conn *c, const struct httpd_frame *f)
{
	return c->qcount >= LIMIT_STREAM_QUEUE_EVENTS ||
	       (c->qcount && c->qbytes + f->len > LIMIT_STREAM_QUEUE_BYTES);
}

static int enqueue(struct httpd_conn *c, struct httpd_frame *f)
{
	struct httpd *h = c->h;
	struct qnode *n;

	/*
	 * Frames are written at the end of the turn, so a burst of updates
	 * in one turn fills the queue of a reader that is not slow at all:
	 * before calling it slow, write what its socket takes now. Only a
	 * socket already known full (EPOLLOUT armed) is not tried again.
	 */
	if (over_bounds(c, f) && !(c->events & EPOLLOUT)) {
		flush_queue(c);
		if (c->state != CONN_STREAM)
			return -1; /* closed while writing */
	}
	if (over_bounds(c, f)) {
		httpd_close(c, HTTPD_CLOSE_SLOW);
		return -1;
	}
	n = h->free_nodes;
	if (n)
		h->free_nodes = n->next;
	else
		n = malloc(sizeof(*n));
	if (!n) {
		httpd_close(c, HTTPD_CLOSE_ERROR);
		return -1;
	}
	httpd_frame_ref(f);
	n->f = f;
	n->next = NULL;
	if (c->qtail)
		c->qtail->next = n;
	else
		c->qhead = n;
	c->qtail = n;
	c->qcount++;
	c->qbytes += f->len;
	mark_dirty(c);
	return 0;
}

void httpd_stream_notify_drained(struct httpd_conn *c)
{
	c->notify_drained = true;
	mark_dirty(c); /* an empty queue is drained at the end of the turn */
}

size_t httpd_stream_backlog(const struct httpd_conn *c)
{
	return c->qbytes;
}

/* ---- access log ------------------------------------------------------- */

/*
 * Append s[0..len) as part of a quoted logfmt value: a '"' or '\\' in
 * a request target must not end the value and forge another field.
 * Returns 0, or 1 when the line reached LOG_REQLINE_BYTES and was cut
 * (never inside an escape).
 */
static int add_quoted(struct buf *b, const char *s, size_t len)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < len; i++) {
		bool esc = s[i] == '"' || s[i] == '\\';

		if (b->len + 1 + esc > LOG_REQLINE_BYTES)
			return 1;
		if (esc)
			rc = buf_addch(b, '\\');
		if (rc == 0)
			rc = buf_addch(b, s[i]);
	}
	return rc;
}

/* Whether a query parameter's name, as sent, is "authorization" once
 * decoded the way the form parser decodes it ("%61uthorization" is). */
static bool is_token_param(const char *name, size_t len)
{
	static const char token[] = "authorization";
	char dec[3 * (sizeof(token) - 1) + 1];

	if (len >= sizeof(dec))
		return false; /* too long to decode to it */
	return form_unescape(dec, name, len, true, NULL) ==
		       (long)sizeof(token) - 1 &&
	       !memcmp(dec, token, sizeof(token) - 1);
}

/*
 * Copy "METHOD target" for the log, quoted for logfmt, with the value of
 * every 'authorization' query parameter (a token) replaced by REDACTED.
 */
static char *log_reqline(const struct http_request *head)
{
	struct buf b = BUF_INIT(LOG_REQLINE_BYTES + 4);
	const char *t = head->target, *q = strchr(t, '?'), *p;
	int rc = buf_printf(&b, "%s ", head->method);

	if (rc == 0)
		rc = add_quoted(&b, t, q ? (size_t)(q - t) + 1 : strlen(t));
	for (p = q ? q + 1 : NULL; rc == 0 && p;) {
		size_t n = strcspn(p, "&");
		const char *eq = memchr(p, '=', n);

		if (eq && is_token_param(p, (size_t)(eq - p))) {
			rc = add_quoted(&b, p, (size_t)(eq - p) + 1);
			if (rc == 0)
				rc = buf_addstr(&b, "REDACTED");
		} else {
			rc = add_quoted(&b, p, n);
		}
		p += n;
		if (*p == '&' && rc == 0)
			rc = buf_addch(&b, *p++);
		else
			p = NULL;
	}
	if (rc == 1)
		rc = buf_addstr(&b, "...");
	if (rc != 0)
		buf_release(&b);
	return buf_detach(&b, NULL);
}

static void log_line(struct httpd_conn *c, int status, size_t bytes)
{
	struct httpd *h = c->h;
	char line[1024];

	if (!h->cfg.log || h->cfg.quiet_requests)
		return;
	snprintf(
		line, sizeof(line),
		"msg=request peer=%s request=\"%s\" status=%d bytes=%zu ms=%lld",
		httpd_conn_peer(c), c->reqline ? c->reqline : "-", status,
		bytes, (long long)(h->now_ms - c->since_ms));
	h->cfg.log(h->cfg.arg, line);
	free(c->reqline);
	c->reqline = NULL;
}

static const char *const close_reasons[] = {
	[HTTPD_CLOSE_DONE] = "done",	     [HTTPD_CLOSE_PEER] = "client",
	[HTTPD_CLOSE_SLOW] = "slow",	     [HTTPD_CLOSE_TIMEOUT] = "timeout",
	[HTTPD_CLOSE_ERROR] = "error",	     [HTTPD_CLOSE_SERVER] = "server",
	[HTTPD_CLOSE_SHUTDOWN] = "shutdown",
};

static void log_stream_end(struct httpd_conn *c, enum httpd_close_reason why)
{
	struct httpd *h = c->h;
	char line[256];

	if (!h->cfg.log || h->cfg.quiet_requests)
		return;
	snprintf(line, sizeof(line),
		 "msg=\"stream ended\" peer=%s reason=%s seconds=%lld",
		 httpd_conn_peer(c), close_reasons[why],
		 (long long)((h->now_ms - c->since_ms) / 1000));
	h->cfg.log(h->cfg.arg, line);
}

/* ---- responses -------------------------------------------------------- */

static int add_head(struct httpd_conn *c, int status, const char *content_type,
		    const char *headers)
{
	struct httpd *h = c->h;
	struct buf *o = &c->out;
	int rc;

	char line[64];
	int n;

	/* Plain appends: this runs for every response, printf would show. */
	if (o->max == 0)
		buf_init(o, (size_t)-1 / 2);
	n = snprintf(line, sizeof(line), "HTTP/1.1 %d ", status);
	rc = buf_add(o, line, (size_t)n);
	if (rc == 0)
		rc = buf_addstr(o, http_reason(status));
	if (rc == 0)
		rc = buf_add(o, "\r\n", 2);
	if (rc == 0)
		rc = buf_addstr(o, h->date);
	if (rc == 0)
		rc = buf_addstr(o, "Server: winestore\r\n");
	if (rc == 0 && content_type)
		rc = buf_addstr(o, "Content-Type: ");
	if (rc == 0 && content_type)
		rc = buf_addstr(o, content_type);
	if (rc == 0 && content_type)
		rc = buf_add(o, "\r\n", 2);
	if (rc == 0 && headers)
		rc = buf_addstr(o, headers);
	return rc;
}

/* "Content-Length: N\r\n" without printf. */
static int add_length(struct buf *o, size_t len)
{
	char digits[24], *p = digits + sizeof(digits);
	int rc = buf_addstr(o, "Content-Length: ");

	do {
		*--p = (char)('0' + len % 10);
		len /= 10;
	} while (len);
	if (rc == 0)
		rc = buf_add(o, p, (size_t)(digits + sizeof(digits) - p));
	if (rc == 0)
		rc = buf_add(o, "\r\n", 2);
	return rc;
}

int httpd_respond(struct httpd_conn *c, int status, const char *content_type,
		  const char *headers, const void *body, size_t len)
{
	int rc;

	if (c->state != CONN_WAITING && c->state != CONN_READING)
		return -1;
	if (c->h->stopping)
		c->keep_alive = false;
	rc = add_head(c, status, content_type, headers);
	/* RFC 9110 8.6: no Content-Length on a 204 (nor a body); a 304
	 * has no body either, so it sends no length that could be taken
	 * for its own. */
	if (status == 304)
		len = 0;
	if (rc == 0 && status != 204 && status != 304)
		rc = add_length(&c->out, len);
	if (rc == 0)
		rc = buf_addstr(&c->out,
				!c->keep_alive ? "Connection: close\r\n\r\n"
				: c->chunked
					? "\r\n"
					: "Connection: keep-alive\r\n\r\n");
	/* HEAD: the head a GET would get, without its body. */
	if (rc == 0 && !c->head_only)
		rc = buf_add(&c->out, body, len);
	if (rc != 0) {
		httpd_close(c, HTTPD_CLOSE_ERROR);
		return -1;
	}
	log_line(c, status, len);
	c->state = CONN_WRITING;
	continue_writing(c);
	return 0;
}

int httpd_stream_start(struct httpd_conn *c, int status,
		       const char *content_type, const char *headers,
		       void *owner)
{
	struct httpd *h = c->h;
	int version = c->chunked ? 11 : 10;
	int rc;

	if (c->state != CONN_WAITING)
		return -1;
	rc = add_head(c, status, content_type, headers);
	if (rc == 0)
		rc = buf_addstr(&c->out,
				version == 11
					? "Transfer-Encoding: chunked\r\n\r\n"
					: "Connection: close\r\n\r\n");
	if (rc != 0) {
		httpd_close(c, HTTPD_CLOSE_ERROR);
		return -1;
	}
	log_line(c, status, 0);
	c->since_ms = h->now_ms;
	c->state = CONN_STREAM;
	c->owner = owner;
	c->keep_alive = false;
	h->stats.streams++;
	/* The request is done with: an idle stream holds no input buffer. */
	buf_release(&c->in);
	c->req_len = 0;
	/*
	 * The head is written at the end of the turn, before the first
	 * frame, and not now: a write failing here would close the stream
	 * and tell its owner before the owner even knows it has one.
	 */
	mark_dirty(c);
	set_interest(c, EPOLLIN);
	return 0;
}

/* ---- reading requests ------------------------------------------------- */

/* Answer a request that cannot be served and end the connection. */
static void refuse(struct httpd_conn *c, int status, const char *why)
{
	c->keep_alive = false;
	c->state = CONN_WAITING;
	httpd_respond(c, status, "text/plain; charset=utf-8", NULL, why,
		      strlen(why));
}

static void log_refused(struct httpd *h, const char *why);

/* 429 to a client past its connection limit, and the connection ends. */
static void refuse_client(struct httpd_conn *c)
{
	static const char body[] = "too many connections from this client\n";

	c->h->stats.refused++;
	log_refused(c->h, "too many connections from one client");
	c->keep_alive = false;
	httpd_respond(c, 429, "text/plain; charset=utf-8", CLIENT_RETRY, body,
		      sizeof(body) - 1);
}

/* Hand one complete request to the handler. */
static void dispatch(struct httpd_conn *c, struct http_request *head,
		     size_t head_len)
{
	struct httpd *h = c->h;
	struct httpd_request req;
	char *body = c->in.data + head_len;
	char saved = body[head->content_length];

	req.head = *head;
	req.body = body;
	req.body_len = head->content_length;
	c->req_len = head_len + head->content_length;
	c->keep_alive = head->keep_alive;
	c->chunked = head->version == 11;
	c->head_only = !strcmp(head->method, "HEAD");
	c->state = CONN_WAITING;
	/* EPOLLIN stays armed: turning it off and on again costs two
	 * syscalls a request; it is turned off only if the client sends
	 * more while the answer is pending (conn_event). */
	h->stats.requests++;
	if (h->cfg.log && !h->cfg.quiet_requests)
		c->reqline = log_reqline(head);
	/* The body is handed over NUL-terminated; the byte after it may
	 * already belong to the next request, so it is put back after. */
	body[head->content_length] = '\0';
	c->saved = saved;
	c->in_handler = true;
	if (c->over_limit)
		refuse_client(c);
	else
		h->cfg.handler(c, &req, h->cfg.arg);
	c->in_handler = false;
}

/*
 * Parse and dispatch whatever complete requests c->in holds. The head is
 * parsed in a copy (the parser writes into what it parses), so a request
 * whose body is still arriving is left intact until it is whole.
 */
static void process_input(struct httpd_conn *c)
{
	struct httpd *h = c->h;
	struct http_request head;
	size_t skip = 0, copy;
	int n;

	while (c->state == CONN_READING && c->in.len) {
		/* Blank lines between requests are allowed (RFC 9112 2.2). */
		while (skip < c->in.len &&
		       (c->in.data[skip] == '\r' || c->in.data[skip] == '\n'))
			skip++;
		buf_consume(&c->in, skip);
		skip = 0;
		if (c->in.len == 0 || c->in.len < c->need)
			return;
		copy = c->in.len < LIMIT_HTTP_HEAD_BYTES
			       ? c->in.len
			       : LIMIT_HTTP_HEAD_BYTES;
		memcpy(h->scratch, c->in.data, copy);
		h->scratch[copy] = '\0';
		n = http_parse_request(h->scratch, copy, &head);
		if (n == 0)
			return;
		if (n < 0) {
			refuse(c, -n, http_reason(-n));
			return;
		}
		if (head.chunked) {
			refuse(c, 411, "a request body needs Content-Length\n");
			return;
		}
		if (head.content_length > h->cfg.max_body) {
			refuse(c, 413, "request body too large\n");
			return;
		}
		c->need = (size_t)n + head.content_length;
		if (c->in.len < c->need) {
			if (head.expect_continue && !c->continue_sent &&
			    head.version == 11)
				send_continue(c);
			return;
		}
		c->need = 0;
		/* If the handler answered at once, the loop goes on with
		 * any pipelined request behind this one. */
		dispatch(c, &head, (size_t)n);
	}
}

static void send_continue(struct httpd_conn *c)
{
	static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

	c->continue_sent = true;
	/* A 25-byte write to a fresh socket does not block; if it fails the
	 * client will send the body anyway after its own timeout. */
	if (write(c->fd, cont, sizeof(cont) - 1) < 0)
		c->keep_alive = false;
}

static void read_input(struct httpd_conn *c)
{
	struct httpd *h = c->h;
	ssize_t n;
	size_t room;

	if (c->in.max == 0)
		buf_init(&c->in, LIMIT_HTTP_HEAD_BYTES + h->cfg.max_body + 2);
	room = c->in.max - c->in.len;
	if (room == 0 ||
	    buf_reserve(&c->in, room < READ_CHUNK ? room : READ_CHUNK) !=
		    BUF_OK) {
		refuse(c, c->need ? 413 : 431, "request too large\n");
		return;
	}
	n = read(c->fd, c->in.data + c->in.len, c->in.cap - c->in.len - 1);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		httpd_close(c, n == 0 ? HTTPD_CLOSE_PEER : HTTPD_CLOSE_ERROR);
		return;
	}
	if (c->in.len == 0)
		c->since_ms = h->now_ms; /* a request begins */
	c->in.len += (size_t)n;
	c->in.data[c->in.len] = '\0';
	process_input(c);
}

/* A stream's client sends nothing more; reading tells when it leaves. */
static void drain_stream(struct httpd_conn *c)
{
	char sink[512];
	ssize_t n = read(c->fd, sink, sizeof(sink));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		httpd_close(c, HTTPD_CLOSE_PEER);
}

static void conn_event(struct httpd_conn *c, unsigned events)
{
	if (c->state == CONN_CLOSED)
		return;
	if (events & EPOLLERR) {
		httpd_close(c, HTTPD_CLOSE_PEER);
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP)) {
		if (c->state == CONN_READING)
			read_input(c);
		else if (c->state == CONN_STREAM)
			drain_stream(c);
		else if (events & EPOLLHUP)
			httpd_close(c, HTTPD_CLOSE_PEER);
		else
			set_interest(c,
				     c->state == CONN_WRITING ? EPOLLOUT : 0);
	}
	if (c->state == CONN_CLOSED || !(events & EPOLLOUT))
		return;
	if (c->state == CONN_WRITING)
		continue_writing(c);
	else if (c->state == CONN_STREAM)
		flush_queue(c);
}

/* ---- accepting -------------------------------------------------------- */

/* Log refused connections once a second at most, with their count. */
static void log_refused(struct httpd *h, const char *why)
{
	char line[160];

	if (!h->cfg.log || h->unix_now == h->refused_logged_at)
		return;
	h->refused_logged_at = h->unix_now;
	snprintf(line, sizeof(line),
		 "level=warn msg=\"connection refused\" reason=\"%s\" "
		 "open=%lld refused=%llu",
		 why, (long long)h->stats.conns,
		 (unsigned long long)h->stats.refused);
	h->cfg.log(h->cfg.arg, line);
}

static void refuse_busy(struct httpd *h, int fd)
{
	static const char busy[] =
		"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
		"Content-Length: 28\r\nConnection: close\r\n\r\n"
		"too many connections, retry\n";

	h->stats.refused++;
	log_refused(h, "too many connections");
	if (write(fd, busy, sizeof(busy) - 1) < 0)
		(void)0; /* the client is told by the close anyway */
	close(fd);
}

static void accept_clients(struct httpd *h)
{
	int i;

	for (i = 0; i < ACCEPTS_PER_TURN; i++) {
		struct httpd_conn *c;
		struct epoll_event ev;
		socklen_t len = sizeof(c->peer);
		union {
			struct sockaddr sa;
			struct sockaddr_in6 in6;
		} peer;
		int one = 1;
		int fd = accept4(h->listen_fd, &peer.sa, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
			/* Out of descriptors: stop listening until a tick,
			 * instead of spinning on a listener that stays ready.
			 */
			epoll_ctl(h->epfd, EPOLL_CTL_DEL, h->listen_fd, NULL);
			h->listen_paused = true;
			h->stats.refused++;
			log_refused(h, "too many connections");
			return;
		}
		if (fd < 0)
			return;
		if (h->stats.conns >= h->cfg.max_conns || h->stopping) {
			refuse_busy(h, fd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c->h = h;
		c->fd = fd;
		c->state = CONN_READING;
		c->since_ms = h->now_ms;
		memcpy(&c->peer, &peer,
		       len < sizeof(c->peer) ? len : sizeof(c->peer));
		if (h->cfg.max_conns_per_client && client_enter(h, c) != 0) {
			close(fd);
			free(c);
			continue;
		}
		c->events = EPOLLIN;
		ev.events = EPOLLIN;
		ev.data.ptr = c;
		if (epoll_ctl(h->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			if (c->client)
				client_leave(h, c->client);
			close(fd);
			free(c);
			continue;
		}
		c->next = h->conns;
		if (h->conns)
			h->conns->prev = c;
		h->conns = c;
		h->stats.conns++;
		h->stats.accepted++;
	}
}

static void resume_listening(struct httpd *h)
{
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.ptr = &h->listen_fd };

	if (h->listen_paused && !h->stopping &&
	    epoll_ctl(h->epfd, EPOLL_CTL_ADD, h->listen_fd, &ev) == 0)
		h->listen_paused = false;
}

/* ---- timers ----------------------------------------------------------- */

/* End requests that take too long and keep-alive connections left idle. */
static void expire_requests(struct httpd *h)
{
	struct httpd_conn *c, *next;
	int64_t request_ms = LIMIT_HTTP_REQUEST_SECONDS * 1000;
	int64_t idle_ms = (int64_t)h->cfg.idle_seconds * 1000;

	for (c = h->conns; c; c = next) {
		next = c->next;
		if (c->state != CONN_READING)
			continue;
		if (c->in.len && h->now_ms - c->since_ms > request_ms)
			refuse(c, 408, "request timeout\n");
		else if (!c->in.len && h->now_ms - c->since_ms > idle_ms)
			httpd_close(c, HTTPD_CLOSE_TIMEOUT);
	}
}

static void end_turn(struct httpd *h);

static void tick(struct httpd *h)
{
	if (h->now_ms < h->next_tick_ms)
		return;
	h->next_tick_ms = h->now_ms + TICK_MS;
	resume_listening(h);
	expire_requests(h);
	if (h->cfg.tick)
		h->cfg.tick(h->cfg.arg, h->now_ms, false);
	/* What the tick queued (heartbeats, the end of expired streams)
	 * goes out now, not after the next event or tick. */
	end_turn(h);
}

/* ---- the loop --------------------------------------------------------- */

static void end_turn(struct httpd *h)
{
	if (h->cfg.turn_end)
		h->cfg.turn_end(h->cfg.arg);
	flush_dirty(h);
	free_dead(h);
}

/*
 * A stop signal arrived. It must be read: one left pending would be
 * delivered, and kill the process, as soon as httpd_free unblocks it.
 */
static void take_signals(struct httpd *h)
{
	struct signalfd_siginfo si;

	while (read(h->signal_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		;
	httpd_stop(h);
}

static int turn(struct httpd *h, int timeout_ms, struct err *e)
{
	struct epoll_event events[EVENTS_PER_TURN];
	int i, n = epoll_wait(h->epfd, events, EVENTS_PER_TURN, timeout_ms);

	if (n < 0 && errno != EINTR)
		return err_set_errno(e, ERR_RUNTIME, errno, "epoll_wait");
	update_clock(h);
	for (i = 0; i < n; i++) {
		void *p = events[i].data.ptr;

		if (p == &h->listen_fd)
			accept_clients(h);
		else if (p == &h->signal_fd)
			take_signals(h);
		else
			conn_event(p, events[i].events);
	}
	end_turn(h);
	return 0;
}

/* Whether responses are still being written (the stop waits for them). */
static bool writing(const struct httpd *h)
{
	const struct httpd_conn *c;

	for (c = h->conns; c; c = c->next)
		if (c->state == CONN_WRITING || c->state == CONN_WAITING ||
		    c->state == CONN_STREAM)
			return true;
	return false;
}

static void stop_gracefully(struct httpd *h, struct err *e)
{
	struct httpd_conn *c, *next;
	int64_t deadline;

	if (h->cfg.tick)
		h->cfg.tick(h->cfg.arg, h->now_ms, true);
	end_turn(h);
	if (!h->listen_paused)
		epoll_ctl(h->epfd, EPOLL_CTL_DEL, h->listen_fd, NULL);
	h->listen_paused = true;
	/* Idle connections end now; in-flight responses and ending streams
	 * get a grace period. */
	for (c = h->conns; c; c = next) {
		next = c->next;
		if (c->state == CONN_READING && c->in.len == 0)
			httpd_close(c, HTTPD_CLOSE_SHUTDOWN);
		else if (c->state == CONN_STREAM)
			httpd_stream_end(c, HTTPD_CLOSE_SHUTDOWN);
	}
	flush_dirty(h);
	free_dead(h);
	deadline = h->now_ms + STOP_GRACE_MS;
	while (writing(h) && h->now_ms < deadline)
		if (turn(h, 100, e) < 0)
			break;
}

int httpd_run(struct httpd *h, struct err *e)
{
	int rc = 0;

	update_clock(h);
	h->next_tick_ms = h->now_ms + TICK_MS;
	while (rc == 0 && !h->stopping) {
		int64_t wait = h->next_tick_ms - h->now_ms;

		rc = turn(h, wait < 0 ? 0 : (int)wait, e);
		tick(h);
	}
	if (rc == 0)
		stop_gracefully(h, e);
	return rc;
}

void httpd_stop(struct httpd *h)
{
	h->stopping = true;
}

/* ---- set-up ----------------------------------------------------------- */

/* Split "host:port", ":port" or "[v6]:port"; host is "" for any. */
static int split_addr(const char *addr, char *host, size_t hsize, char *port,
		      size_t psize, struct err *e)
{
	const char *colon = strrchr(addr, ':');
	const char *h = addr;
	size_t hlen;

	if (!colon || !colon[1])
		return err_set(e, ERR_USAGE,
			       "invalid address '%s' (want host:port or :port)",
			       addr);
	hlen = (size_t)(colon - addr);
	if (hlen >= 2 && addr[0] == '[' && colon[-1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen >= hsize || strlen(colon + 1) >= psize)
		return err_set(e, ERR_USAGE, "invalid address '%s'", addr);
	/* A number: getaddrinfo would take a service name, and 99999 as
	 * 99999 % 65536. */
	if (strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    strlen(colon + 1) > 5 || strtol(colon + 1, NULL, 10) > 65535)
		return err_set(e, ERR_USAGE,
			       "invalid port in '%s' (want 0 to 65535)", addr);
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	snprintf(port, psize, "%s", colon + 1);
	return 0;
}

static int bind_listener(struct httpd *h, const char *addr, struct err *e)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	char host[256], port[16];
	int rc, fd = -1, one = 1, saved = 0;

	if (split_addr(addr, host, sizeof(host), port, sizeof(port), e) < 0)
		return -1;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0)
		return err_set(e, ERR_USAGE, "cannot resolve '%s': %s", addr,
			       gai_strerror(rc));
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
			    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 4096) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_set_errno(e, ERR_UNAVAIL,
				     saved ? saved : EADDRNOTAVAIL,
				     "cannot listen on '%s'", addr);
	h->listen_fd = fd;
	return 0;
}

static int local_port(int fd)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;
	} a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, &a.sa, &len) < 0)
		return 0;
	return ntohs(a.sa.sa_family == AF_INET6 ? a.in6.sin6_port
						: a.in4.sin_port);
}

static int watch(struct httpd *h, int fd, void *tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };

	return epoll_ctl(h->epfd, EPOLL_CTL_ADD, fd, &ev);
}

static int watch_signals(struct httpd *h, struct err *e)
{
	sigset_t mask;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, &h->old_mask) < 0)
		return err_set_errno(e, ERR_RUNTIME, errno, "sigprocmask");
	h->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (h->signal_fd < 0)
		return err_set_errno(e, ERR_RUNTIME, errno, "signalfd");
	return watch(h, h->signal_fd, &h->signal_fd);
}

struct httpd *httpd_new(const struct httpd_config *cfg, struct err *e)
{
	struct httpd *h = calloc(1, sizeof(*h));
	int rc = 0;

	if (!h) {
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	h->cfg = *cfg;
	if (!h->cfg.max_body)
		h->cfg.max_body = LIMIT_HTTP_BODY_BYTES;
	if (!h->cfg.max_conns)
		h->cfg.max_conns = LIMIT_HTTP_CONNECTIONS;
	if (!h->cfg.idle_seconds)
		h->cfg.idle_seconds = 75;
	h->listen_fd = h->signal_fd = -1;
	h->last_chunk = httpd_frame_new("", 0);
	if (h->last_chunk)
		h->last_chunk->raw = true; /* "0\r\n\r\n" as is */
	h->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!h->last_chunk)
		rc = err_set(e, ERR_RUNTIME, "out of memory");
	else if (h->epfd < 0)
		rc = err_set_errno(e, ERR_RUNTIME, errno, "epoll_create1");
	if (rc == 0)
		rc = bind_listener(h, cfg->addr, e);
	if (rc == 0 && watch(h, h->listen_fd, &h->listen_fd) < 0)
		rc = err_set_errno(e, ERR_RUNTIME, errno, "epoll_ctl");
	if (rc == 0)
		rc = watch_signals(h, e);
	if (rc < 0) {
		httpd_free(h);
		return NULL;
	}
	h->port = local_port(h->listen_fd);
	update_clock(h);
	return h;
}

void httpd_free(struct httpd *h)
{
	struct qnode *n;

	if (!h)
		return;
	while (h->conns)
		httpd_close(h->conns, HTTPD_CLOSE_SHUTDOWN);
	free_dead(h);
	for (n = h->free_nodes; n; n = h->free_nodes) {
		h->free_nodes = n->next;
		free(n);
	}
	if (h->listen_fd >= 0)
		close(h->listen_fd);
	if (h->signal_fd >= 0) {
		close(h->signal_fd);
		sigprocmask(SIG_SETMASK, &h->old_mask, NULL);
	}
	if (h->epfd >= 0)
		close(h->epfd);
	httpd_frame_unref(h->last_chunk);
	free(h);
}

int httpd_port(const struct httpd *h)
{
	return h->port;
}

const struct httpd_stats *httpd_stats(const struct httpd *h)
{
	return &h->stats;
}

const char *httpd_conn_peer(const struct httpd_conn *c)
{
	static char text[INET6_ADDRSTRLEN + 8];
	char ip[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (c->peer.sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &c->peer.in6.sin6_addr, ip, sizeof(ip));
		port = ntohs(c->peer.in6.sin6_port);
		snprintf(text, sizeof(text), "[%s]:%d", ip, port);
	} else {
		inet_ntop(AF_INET, &c->peer.in4.sin_addr, ip, sizeof(ip));
		port = ntohs(c->peer.in4.sin_port);
		snprintf(text, sizeof(text), "%s:%d", ip, port);
	}
	return text;
}

struct httpd *httpd_conn_server(const struct httpd_conn *c)
{
	return c->h;
}

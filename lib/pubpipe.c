/* pubpipe: publishing lines with HTTP/1.1 pipelining. */
#include "compat.h"

#include "pubpipe.h"

#include "httpc.h"
#include "httpresp.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 10000L
#define READ_CHUNK	   (64 * 1024)
#define HOST_MAX	   255
/* The request line and fields other than the URL and the token. */
#define HEAD_MAX 512

/* Where an http:// URL points. */
struct target {
	char host[HOST_MAX + 1]; /* an IPv6 address without its brackets */
	char port[6];
	const char *authority; /* for Host */
	size_t authority_len;
	const char *path; /* up to the fragment; may be "" or start "?" */
	size_t path_len;
};

/* Whether s[0..n) holds only bytes a request line or field may carry
 * as they are (no controls, spaces or percent-escaped zones). */
static bool plain_bytes(const char *s, size_t n, const char *also_banned)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 ||
		    (unsigned char)s[i] >= 0x7f || strchr(also_banned, s[i]))
			return false;
	return true;
}

static bool parse_port(const char *s, size_t n, char *out)
{
	size_t i;
	long v = 0;

	if (n == 0) {
		memcpy(out, "80", 3);
		return true;
	}
	if (n > 5)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* http://host[:port][/path][?query][#fragment]; false for the rest. */
static bool parse_url(const char *url, struct target *t)
{
	const char *a, *end, *host, *hend, *port;
	size_t n;

	if (strncasecmp(url, "http://", 7) != 0)
		return false;
	a = url + 7;
	end = a + strcspn(a, "/?#");
	t->authority = a;
	t->authority_len = (size_t)(end - a);
	if (!plain_bytes(a, t->authority_len, "@%\\"))
		return false;
	if (*a == '[') {
		host = a + 1;
		hend = memchr(host, ']', t->authority_len);
		if (!hend)
			return false;
		port = hend + 1;
		if (port < end && *port != ':')
			return false;
	} else {
		host = a;
		hend = memchr(a, ':', t->authority_len);
		if (!hend)
			hend = end;
		port = hend;
	}
	n = (size_t)(hend - host);
	if (n == 0 || n > HOST_MAX || memchr(host, '[', n) ||
	    memchr(host, ']', n))
		return false;
	memcpy(t->host, host, n);
	t->host[n] = '\0';
	if (port < end)
		port++; /* past ':' */
	if (!parse_port(port, (size_t)(end - port), t->port))
		return false;
	t->path = end;
	t->path_len = strcspn(end, "#");
	return t->authority_len + t->path_len <= LIMIT_URL_BYTES &&
	       plain_bytes(t->path, t->path_len, "");
}

/* Whether no_proxy (or NO_PROXY) exempts host, as curl reads it. */
static bool no_proxy_for(const char *host)
{
	const char *np = getenv("no_proxy");
	size_t hl = strlen(host);

	if (!np || !*np)
		np = getenv("NO_PROXY");
	while (np && *np) {
		size_t n;

		np += strspn(np, ", \t");
		n = strcspn(np, ", \t");
		if (n == 1 && *np == '*')
			return true;
		if (n && *np == '.') {
			np++;
			n--;
		}
		if (n && n <= hl && strncasecmp(host + hl - n, np, n) == 0 &&
		    (n == hl || host[hl - n - 1] == '.'))
			return true;
		np += n;
	}
	return false;
}

bool pubpipe_usable(const char *url)
{
	static const char *const vars[] = { "http_proxy", "HTTP_PROXY",
					    "all_proxy", "ALL_PROXY" };
	struct target t;
	size_t i;

	if (!url || !parse_url(url, &t))
		return false;
	for (i = 0; i < WS_ARRAY_LEN(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return no_proxy_for(t.host);
	}
	return true;
}

struct pipe {
	const struct pubreq *r;
	struct target t;
	int window;
	FILE *out;
	long timeout_ms;
	/* the connection */
	int fd;	      /* -1: none */
	bool open;    /* its first answer kept it alive: pipeline */
	bool broken;  /* writing failed: read what is left, then end */
	int answered; /* answers it carried */
	size_t sent;  /* bytes of reqs written to it */
	int64_t deadline;
	struct httpresp resp;
	/* the requests not yet answered, oldest first, and their lengths
	 * in a ring of window entries */
	struct buf reqs;
	size_t *lens;
	int first, count;
	/* how it goes */
	int failures;	   /* failed attempts in a row */
	bool stopping;	   /* an answer was an error: send nothing new */
	bool input_failed; /* a line could not be read or sent */
	bool printed;	   /* ids written and not yet flushed */
	struct err first_err, input_err;
	struct pubreq_bearer bearer;
	struct buf body;
	struct pubreq_input in;
	char rbuf[READ_CHUNK];
};

static size_t *len_at(struct pipe *p, int i)
{
	return &p->lens[(p->first + i) % p->window];
}

static void set_deadline(struct pipe *p)
{
	p->deadline = httpc_now_ms() + p->timeout_ms;
}

static void hangup(struct pipe *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	p->open = false;
	p->broken = false;
	p->answered = 0;
	p->sent = 0;
	httpresp_reset(&p->resp, false);
}

/* Keep the first len bytes of the queued requests. */
static void cut_reqs(struct pipe *p, size_t len)
{
	p->reqs.len = len;
	if (p->reqs.data)
		p->reqs.data[len] = '\0';
}

/* Forget the requests none of which was sent on the connection. */
static void drop_unsent(struct pipe *p)
{
	size_t off = 0;
	int keep = 0;

	while (p->fd >= 0 && keep < p->count && off < p->sent)
		off += *len_at(p, keep++);
	p->count = keep;
	cut_reqs(p, off);
}

/* An answer (or the connection) failed for good: the first one decides
 * the result; nothing new is sent after it. */
static void fail(struct pipe *p, const struct err *why)
{
	if (!p->stopping)
		p->first_err = *why;
	p->stopping = true;
	drop_unsent(p);
}

static int flush_ids(struct pipe *p, struct err *e)
{
	if (!p->printed)
		return 0;
	p->printed = false;
	return pubreq_flush(p->out, e);
}

/*
 * The connection is gone with requests unanswered (why says how). When
 * it broke (may_reuse) after answers came on it and before anything of
 * the next one, it is opened again at once: a server may close a
 * connection it thinks idle. Else that counts as a failure, retried
 * after a backoff while r->retries allows. While stopping, what was in
 * flight is forgotten.
 */
static int lost(struct pipe *p, const struct err *why, bool may_reuse,
		struct err *e)
{
	bool again = may_reuse && p->answered > 0 && p->resp.seen == 0;

	hangup(p);
	if (p->stopping)
		drop_unsent(p);
	if (p->stopping || again)
		return 0;
	if (++p->failures > p->r->retries) {
		fail(p, why);
		return 0;
	}
	if (flush_ids(p, e))
		return -1;
	pubreq_backoff(p->failures);
	return 0;
}

static int wait_connected(int fd, int64_t deadline)
{
	struct pollfd pf = { fd, POLLOUT, 0 };
	socklen_t len = sizeof(int);
	int rc, why = 0;

	do {
		int64_t left = deadline - httpc_now_ms();

		rc = poll(&pf, 1, left < 0 ? 0 : (int)left);
	} while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return errno;
	if (rc == 0)
		return ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &why, &len) < 0)
		return errno;
	return why;
}

/* Connect to the hub, each of its addresses in turn, within the
 * connection timeout (10 s, or less when r->timeout_ms is less). */
static int dial(struct pipe *p, struct err *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	long limit = p->timeout_ms < CONNECT_TIMEOUT_MS ? p->timeout_ms
							: CONNECT_TIMEOUT_MS;
	int64_t deadline = httpc_now_ms() + limit;
	int rc, fd = -1, why = 0, one = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(p->t.host, p->t.port, &hints, &res);
	if (rc != 0)
		return err_set(e, ERR_UNAVAIL,
			       "cannot reach '%.*s': cannot resolve '%s': %s",
			       httpc_url_shown(p->r->hub), p->r->hub, p->t.host,
			       gai_strerror(rc));
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0) {
			why = errno;
			continue;
		}
		if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
		    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
			why = errno;
		else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			why = 0;
		else if (errno == EINPROGRESS)
			why = wait_connected(fd, deadline);
		else
			why = errno;
		if (why) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_set(e, ERR_UNAVAIL, "cannot reach '%.*s': %s",
			       httpc_url_shown(p->r->hub), p->r->hub,
			       why == ETIMEDOUT ? "connection timed out"
						: strerror(why));
	/* Requests go as soon as they are written, not in 40 ms. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	hangup(p);
	p->fd = fd;
	set_deadline(p);
	return 0;
}

/* Append the request for one line to the queue. */
static int queue_line(struct pipe *p, const char *line, size_t len,
		      struct err *e)
{
	const struct target *t = &p->t;
	size_t before = p->reqs.len;
	const char *token;
	bool slash = !t->path_len || t->path[0] == '?';
	int rc = pubreq_bearer_get(p->r, &p->bearer, &token, e);

	if (rc == 0 && token && strpbrk(token, "\r\n"))
		rc = err_set(e, ERR_USAGE, "Authorization holds a line break");
	if (rc == 0)
		rc = pubreq_body(p->r, line, len, &p->body, e);
	if (rc < 0)
		return -1;
	rc = buf_printf(&p->reqs,
			"POST %s%.*s HTTP/1.1\r\nHost: %.*s\r\n"
			"User-Agent: winestore/" WS_VERSION "\r\n"
			"Accept: */*\r\n%s%s%s"
			"Content-Type: application/x-www-form-urlencoded\r\n"
			"Content-Length: %zu\r\n\r\n",
			slash ? "/" : "", (int)t->path_len, t->path,
			(int)t->authority_len, t->authority,
			token ? "Authorization: Bearer " : "",
			token ? token : "", token ? "\r\n" : "", p->body.len);
	if (rc == 0)
		rc = buf_add(&p->reqs, p->body.data ? p->body.data : "",
			     p->body.len);
	if (rc != 0) {
		cut_reqs(p, before);
		return err_set(e, ERR_RUNTIME, "out of memory");
	}
	*len_at(p, p->count) = p->reqs.len - before;
	if (p->count++ == 0)
		set_deadline(p);
	return 0;
}

/*
 * Queue lines while the window has room. Returns whether it stopped for
 * want of input. A line that cannot be read or sent ends the input; the
 * lines before it still go.
 */
static bool fill(struct pipe *p)
{
	const char *line;
	size_t len;
	int rc;

	while (!p->stopping && !p->input_failed && p->count < p->window &&
	       (p->count == 0 || p->reqs.len < LIMIT_PUB_PIPELINE_BYTES)) {
		rc = pubreq_input_next(&p->in, &line, &len, &p->input_err);
		if (rc == 0)
			return !p->in.eof;
		if (rc > 0)
			rc = queue_line(p, line, len, &p->input_err);
		if (rc < 0)
			p->input_failed = true;
	}
	return false;
}

/* How far the queue may be written: all of it once the connection is
 * known to persist, else its first request alone. */
static size_t write_limit(struct pipe *p)
{
	if (p->open)
		return p->reqs.len;
	return p->count ? *len_at(p, 0) : 0;
}

static void write_some(struct pipe *p)
{
	size_t limit = write_limit(p);
	ssize_t n;

	while (!p->broken && p->sent < limit) {
		n = send(p->fd, p->reqs.data + p->sent, limit - p->sent,
			 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		/* The answers already sent may still be there to read. */
		if (n < 0)
			p->broken = true;
		else
			p->sent += (size_t)n;
	}
}

/* A whole answer to the oldest request. */
static int answer(struct pipe *p, struct err *e)
{
	const struct httpresp *rs = &p->resp;
	long status = rs->head.status;
	size_t len = *len_at(p, 0);
	/* An answer before the request was all sent ends the connection. */
	bool keep = rs->head.keep_alive && p->sent >= len;
	struct err why;

	err_init(&why);
	if (status >= 200 && status < 300) {
		pubreq_put_id(p->out, rs->body.data ? rs->body.data : "",
			      rs->body.len);
		p->printed = true;
		p->failures = 0;
	} else {
		httpc_refused(p->r->hub, status, rs->body.data, rs->body.len,
			      &why);
		/* A 5xx is retried like a failed connection, from this
		 * request on, so the lines still reach the hub in order. */
		if (why.cls == ERR_UNAVAIL && !p->stopping &&
		    p->failures < p->r->retries)
			return lost(p, &why, false, e);
		fail(p, &why);
	}
	buf_consume(&p->reqs, len);
	p->sent = p->sent > len ? p->sent - len : 0;
	p->first = (p->first + 1) % p->window;
	p->count--;
	p->answered++;
	p->open |= keep;
	set_deadline(p);
	httpresp_reset(&p->resp, false);
	if (!keep) {
		hangup(p);
		if (p->stopping)
			drop_unsent(p);
	}
	return 0;
}

/* Bytes from the connection: answers, in order. */
static int take(struct pipe *p, const char *data, size_t n, struct err *e)
{
	struct err why;
	size_t off = 0, used;
	int rc;

	err_init(&why);
	while (off < n && p->fd >= 0) {
		/* Bytes no request asked for: the connection is done. */
		if (p->count == 0) {
			hangup(p);
			return 0;
		}
		rc = httpresp_feed(&p->resp, data + off, n - off, &used, &why);
		off += used;
		if (rc < 0) {
			err_prefix(&why, "'%.*s'", httpc_url_shown(p->r->hub),
				   p->r->hub);
			hangup(p);
			fail(p, &why);
			return 0;
		}
		if (rc == 0)
			break;
		rc = answer(p, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_some(struct pipe *p, struct err *e)
{
	ssize_t n = recv(p->fd, p->rbuf, sizeof(p->rbuf), 0);
	struct err why;
	int rc;

	if (n < 0 &&
	    (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n > 0)
		return take(p, p->rbuf, (size_t)n, e);
	err_init(&why);
	if (n < 0)
		err_set(&why, ERR_UNAVAIL, "cannot reach '%.*s': %s",
			httpc_url_shown(p->r->hub), p->r->hub, strerror(errno));
	rc = n < 0 ? -1 : httpresp_eof(&p->resp, &why);
	if (rc == 1 && p->count)
		return answer(p, e);
	if (p->count == 0) {
		hangup(p); /* an idle connection the hub closed */
		return 0;
	}
	if (rc == 0)
		err_set(&why, ERR_UNAVAIL,
			"'%.*s' closed the connection before answering",
			httpc_url_shown(p->r->hub), p->r->hub);
	else if (n == 0)
		err_prefix(&why, "'%.*s'", httpc_url_shown(p->r->hub),
			   p->r->hub);
	return lost(p, &why, true, e);
}

/* Wait for the input, the socket or the deadline, and act on it. */
static int step(struct pipe *p, bool want_input, struct err *e)
{
	struct pollfd pf[2];
	nfds_t n = 0;
	int in_at = -1, fd_at = -1, wait = -1, rc;
	struct err why;

	if (want_input) {
		pf[n] = (struct pollfd){ p->in.fd, POLLIN, 0 };
		in_at = (int)n++;
	}
	if (p->fd >= 0) {
		pf[n] = (struct pollfd){ p->fd, POLLIN, 0 };
		if (!p->broken && p->sent < write_limit(p))
			pf[n].events |= POLLOUT;
		fd_at = (int)n++;
	}
	if (n == 0)
		return 0;
	if (p->count) {
		int64_t left = p->deadline - httpc_now_ms();

		wait = left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
	}
	rc = poll(pf, n, wait);
	if (rc < 0 && errno == EINTR)
		return 0;
	if (rc < 0)
		return err_set_errno(e, ERR_RUNTIME, errno, "cannot poll");
	err_init(&why);
	if (rc == 0 && p->count && httpc_now_ms() >= p->deadline) {
		err_set(&why, ERR_UNAVAIL,
			"'%.*s' timed out: no answer in %ld ms",
			httpc_url_shown(p->r->hub), p->r->hub, p->timeout_ms);
		return lost(p, &why, false, e);
	}
	if (fd_at >= 0 && (pf[fd_at].revents & POLLOUT))
		write_some(p);
	if (fd_at >= 0 && p->fd >= 0 &&
	    (pf[fd_at].revents & (POLLIN | POLLHUP | POLLERR))) {
		rc = read_some(p, e);
		if (rc)
			return rc;
	}
	if (in_at >= 0 && pf[in_at].revents &&
	    pubreq_input_read(&p->in, &p->input_err) < 0)
		p->input_failed = true;
	return flush_ids(p, e);
}

static int run(struct pipe *p, struct err *e)
{
	struct err why;
	bool want_input;
	int rc = 0;

	while (rc == 0) {
		want_input = fill(p);
		if (p->count == 0 && !want_input)
			break;
		if (p->count && p->fd < 0) {
			err_init(&why);
			if (dial(p, &why) < 0)
				rc = lost(p, &why, false, e);
			continue;
		}
		rc = step(p, want_input, e);
	}
	if (rc == 0)
		rc = flush_ids(p, e);
	if (rc == 0 && (p->stopping || p->input_failed)) {
		*e = p->stopping ? p->first_err : p->input_err;
		rc = -1;
	}
	return rc;
}

int pubpipe_lines(const struct pubreq *r, int window, int fd, FILE *out,
		  struct err *e)
{
	struct pipe *p;
	int rc;

	if (window < 1 || window > LIMIT_PUB_PIPELINE)
		return err_set(e, ERR_USAGE, "the window must be 1 to %d",
			       LIMIT_PUB_PIPELINE);
	p = calloc(1, sizeof(*p));
	if (!p)
		return err_set(e, ERR_RUNTIME, "out of memory");
	p->lens = calloc((size_t)window, sizeof(*p->lens));
	p->r = r;
	p->window = window;
	p->out = out;
	p->timeout_ms = pubreq_timeout_ms(r);
	p->fd = -1;
	err_init(&p->first_err);
	err_init(&p->input_err);
	httpresp_init(&p->resp, LIMIT_HTTP_RESPONSE_BYTES);
	httpresp_reset(&p->resp, false);
	buf_init(&p->reqs, LIMIT_PUB_PIPELINE_BYTES + PUBREQ_BODY_MAX +
				   LIMIT_URL_BYTES + LIMIT_JWT_BYTES +
				   HEAD_MAX);
	buf_init(&p->body, PUBREQ_BODY_MAX);
	pubreq_input_init(&p->in, fd);
	if (!p->lens)
		rc = err_set(e, ERR_RUNTIME, "out of memory");
	else if (!parse_url(r->hub, &p->t))
		rc = err_set(e, ERR_USAGE, "'%.*s' is not a plain http:// URL",
			     httpc_url_shown(r->hub), r->hub);
	else
		rc = run(p, e);
	hangup(p);
	httpresp_release(&p->resp);
	buf_release(&p->reqs);
	buf_release(&p->body);
	pubreq_input_release(&p->in);
	pubreq_bearer_release(&p->bearer);
	free(p->lens);
	free(p);
	return rc;
}

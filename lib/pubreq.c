/* pubreq: Mercure publish requests, one or one per input line. */
#include "compat.h"

#include "pubreq.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#define TIMEOUT_MS 30000L
#define RETRY_BASE 250
#define RETRY_CAP  8000
#define READ_CHUNK (64 * 1024)

long pubreq_timeout_ms(const struct pubreq *r)
{
	return r->timeout_ms ? r->timeout_ms : TIMEOUT_MS;
}

void pubreq_backoff(int failures)
{
	httpc_sleep_ms(httpc_backoff_ms(RETRY_BASE, failures, RETRY_CAP));
}

char *pubreq_mint(const struct jwtx_key *key, const char *claim,
		  const char *const *topics, int n, time_t exp, struct err *e)
{
	json_t *list = json_array(), *claims = NULL;
	char *token;
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad |= json_array_append_new(list, json_string(topics[i]));
	if (!bad)
		claims = json_pack("{s{so}}", "mercure", claim, list);
	else
		json_decref(list);
	if (!claims) {
		err_set(e, ERR_DATA, "a topic is not valid UTF-8");
		return NULL;
	}
	if (exp)
		json_object_set_new(claims, "exp",
				    json_integer((json_int_t)exp));
	token = jwtx_sign(key, claims, e);
	json_decref(claims);
	return token;
}

int pubreq_bearer_get(const struct pubreq *r, struct pubreq_bearer *b,
		      const char **token, struct err *e)
{
	time_t now = time(NULL);

	*token = r->token;
	if (r->token || !r->key)
		return 0;
	if (!b->minted || now + 60 >= b->exp) {
		free(b->minted);
		b->exp = now + PUBREQ_TOKEN_TTL;
		b->minted = pubreq_mint(r->key, "publish", r->topics,
					r->ntopics, b->exp, e);
		if (!b->minted)
			return -1;
	}
	*token = b->minted;
	return 0;
}

void pubreq_bearer_release(struct pubreq_bearer *b)
{
	free(b->minted);
	b->minted = NULL;
}

static int body_add(struct buf *body, const char *name, const char *value,
		    size_t len, struct err *e)
{
	if (httpc_param(body, name, value, len) != BUF_OK)
		return err_set(e, ERR_LIMIT,
			       "the update is larger than %zu bytes",
			       body->max);
	return 0;
}

int pubreq_body(const struct pubreq *r, const char *data, size_t len,
		struct buf *body, struct err *e)
{
	int i, rc = 0;

	buf_reset(body);
	for (i = 0; rc == 0 && i < r->ntopics; i++)
		rc = body_add(body, "topic", r->topics[i], strlen(r->topics[i]),
			      e);
	if (rc == 0 && data)
		rc = body_add(body, "data", data, len, e);
	if (rc == 0 && r->private)
		rc = body_add(body, "private", "on", 2, e);
	if (rc == 0 && r->id)
		rc = body_add(body, "id", r->id, strlen(r->id), e);
	if (rc == 0 && r->type)
		rc = body_add(body, "type", r->type, strlen(r->type), e);
	if (rc == 0 && r->retry)
		rc = body_add(body, "retry", r->retry, strlen(r->retry), e);
	return rc;
}

/* The body is the id; tolerate a trailing line feed. */
static size_t id_len(const char *body, size_t len)
{
	while (len && strchr(" \t\r\n", body[len - 1]))
		len--;
	return len;
}

void pubreq_put_id(FILE *out, const char *body, size_t len)
{
	fwrite(body, 1, id_len(body, len), out);
	fputc('\n', out);
}

int pubreq_flush(FILE *out, struct err *e)
{
	if (fflush(out) == 0)
		return 0;
	return errno == EPIPE ? 1
			      : err_set_errno(e, ERR_RUNTIME, errno,
					      "cannot write the output");
}

/* POST body, retrying connection failures and 5xx r->retries times. */
static int post(struct httpc *h, const struct pubreq *r, const char *token,
		const struct buf *body, struct buf *id_out, struct err *e)
{
	struct httpc_req rq = { 0 };
	struct httpc_resp rs = { 0, "", BUF_INIT(LIMIT_HTTP_RESPONSE_BYTES) };
	int attempt, rc = 0;

	rq.url = r->hub;
	rq.bearer = token;
	rq.content_type = "application/x-www-form-urlencoded";
	rq.body = body->data ? body->data : "";
	rq.body_len = body->len;
	rq.timeout_ms = pubreq_timeout_ms(r);
	for (attempt = 0;; attempt++) {
		rc = httpc_request(h, &rq, &rs, e);
		if (rc == 0 && rs.status >= 200 && rs.status < 300)
			break;
		if (rc == 0)
			rc = httpc_refused(r->hub, rs.status, rs.body.data,
					   rs.body.len, e);
		if (e->cls != ERR_UNAVAIL || attempt >= r->retries)
			break;
		pubreq_backoff(attempt + 1);
	}
	if (rc == 0) {
		buf_reset(id_out);
		if (buf_add(id_out, rs.body.data ? rs.body.data : "",
			    id_len(rs.body.data, rs.body.len)) != BUF_OK)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
	}
	buf_release(&rs.body);
	return rc;
}

int pubreq_publish(struct httpc *h, const struct pubreq *r, const char *data,
		   size_t len, struct buf *id_out, struct err *e)
{
	struct buf body = BUF_INIT(PUBREQ_BODY_MAX);
	struct pubreq_bearer b = { NULL, 0 };
	const char *token;
	int rc = pubreq_bearer_get(r, &b, &token, e);

	if (rc == 0)
		rc = pubreq_body(r, data, len, &body, e);
	if (rc == 0)
		rc = post(h, r, token, &body, id_out, e);
	pubreq_bearer_release(&b);
	buf_release(&body);
	return rc;
}

void pubreq_input_init(struct pubreq_input *in, int fd)
{
	in->fd = fd;
	in->eof = false;
	buf_init(&in->in, LIMIT_PUB_DATA_BYTES + READ_CHUNK);
	in->start = 0;
	in->seen = 0;
}

void pubreq_input_release(struct pubreq_input *in)
{
	buf_release(&in->in);
}

int pubreq_input_next(struct pubreq_input *in, const char **line, size_t *len,
		      struct err *e)
{
	size_t n = in->in.len - in->start;
	const char *s, *nl;

	if (n == 0)
		return 0;
	s = in->in.data + in->start;
	nl = memchr(in->in.data + in->seen, '\n', in->in.len - in->seen);
	if (nl)
		n = (size_t)(nl - s);
	if (!nl && n > LIMIT_PUB_DATA_BYTES)
		return err_set(e, ERR_LIMIT, "a line is longer than %d bytes",
			       LIMIT_PUB_DATA_BYTES);
	if (!nl && !in->eof) {
		in->seen = in->in.len;
		return 0;
	}
	/* Past the LF, or the end: a last line without LF counts. */
	in->start = nl ? in->start + n + 1 : in->in.len;
	in->seen = in->start;
	if (n && s[n - 1] == '\r')
		n--;
	*line = s;
	*len = n;
	return 1;
}

int pubreq_input_read(struct pubreq_input *in, struct err *e)
{
	ssize_t n;

	/* Lines handed out are done with: make room at the front. */
	in->seen -= in->start;
	buf_consume(&in->in, in->start);
	in->start = 0;
	if (buf_reserve(&in->in, READ_CHUNK) != BUF_OK)
		return err_set(e, ERR_RUNTIME, "out of memory");
	n = read(in->fd, in->in.data + in->in.len, READ_CHUNK);
	if (n < 0 && errno == EINTR)
		return 0;
	if (n < 0)
		return err_set_errno(e, ERR_NOINPUT, errno,
				     "cannot read the lines");
	if (n == 0)
		in->eof = true;
	in->in.len += (size_t)n;
	in->in.data[in->in.len] = '\0';
	return 0;
}

int pubreq_lines(struct httpc *h, const struct pubreq *r, int fd, FILE *out,
		 struct err *e)
{
	struct pubreq_bearer b = { NULL, 0 };
	struct buf body = BUF_INIT(PUBREQ_BODY_MAX),
		   id = BUF_INIT(LIMIT_HTTP_RESPONSE_BYTES);
	struct pubreq_input in;
	const char *line, *token;
	size_t len;
	int rc = 0;

	pubreq_input_init(&in, fd);
	while (rc == 0) {
		rc = pubreq_input_next(&in, &line, &len, e);
		if (rc == 0 && in.eof)
			break;
		if (rc == 0) {
			rc = pubreq_input_read(&in, e);
			continue;
		}
		if (rc < 0)
			break;
		rc = pubreq_bearer_get(r, &b, &token, e);
		if (rc == 0)
			rc = pubreq_body(r, line, len, &body, e);
		if (rc == 0)
			rc = post(h, r, token, &body, &id, e);
		if (rc == 0) {
			pubreq_put_id(out, id.data ? id.data : "", id.len);
			rc = pubreq_flush(out, e);
		}
	}
	pubreq_bearer_release(&b);
	buf_release(&body);
	buf_release(&id);
	pubreq_input_release(&in);
	return rc;
}

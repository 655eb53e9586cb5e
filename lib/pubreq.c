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

/* The token to present, minted again when the last one runs out. */
struct bearer {
	char *minted;
	time_t exp;
};

static int bearer_get(const struct pubreq *r, struct bearer *b,
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

static int body_add(struct buf *body, const char *name, const char *value,
		    size_t len, struct err *e)
{
	if (httpc_param(body, name, value, len) != BUF_OK)
		return err_set(e, ERR_LIMIT,
			       "the update is larger than %zu bytes",
			       body->max);
	return 0;
}

static int build_body(const struct pubreq *r, const char *data, size_t len,
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

/* The hub's answer as an error of the class its status calls for. */
static int answer_error(const char *hub, const struct httpc_resp *rs,
			struct err *e)
{
	const char *msg = buf_cstr(&rs->body);
	size_t n = strcspn(msg, "\r\n");
	int shown = (int)strcspn(hub, "?#");
	enum err_class cls = ERR_PROTOCOL;

	if (rs->status == 401 || rs->status == 403)
		cls = ERR_DENIED;
	else if (rs->status >= 400 && rs->status < 500)
		cls = ERR_DATA;
	else if (rs->status >= 500 && rs->status < 600)
		cls = ERR_UNAVAIL;
	if (n > 200)
		n = 200;
	if (n == 0)
		return err_set(e, cls, "'%.*s' answered %ld", shown, hub,
			       rs->status);
	return err_set(e, cls, "'%.*s' answered %ld: %.*s", shown, hub,
		       rs->status, (int)n, msg);
}

/* POST body, retrying connection failures and 5xx r->retries times. */
static int post(struct httpc *h, const struct pubreq *r, const char *token,
		const struct buf *body, struct buf *id_out, struct err *e)
{
	struct httpc_req rq = { 0 };
	struct httpc_resp rs = { 0, "", BUF_INIT(LIMIT_HTTP_BODY_BYTES) };
	int attempt, rc = 0;

	rq.url = r->hub;
	rq.bearer = token;
	rq.content_type = "application/x-www-form-urlencoded";
	rq.body = body->data ? body->data : "";
	rq.body_len = body->len;
	rq.timeout_ms = r->timeout_ms ? r->timeout_ms : TIMEOUT_MS;
	for (attempt = 0;; attempt++) {
		rc = httpc_request(h, &rq, &rs, e);
		if (rc == 0 && rs.status >= 200 && rs.status < 300)
			break;
		if (rc == 0)
			rc = answer_error(r->hub, &rs, e);
		if (e->cls != ERR_UNAVAIL || attempt >= r->retries)
			break;
		httpc_sleep_ms(
			httpc_backoff_ms(RETRY_BASE, attempt + 1, RETRY_CAP));
	}
	if (rc == 0) {
		/* The body is the id; tolerate a trailing line feed. */
		while (rs.body.len &&
		       strchr(" \t\r\n", rs.body.data[rs.body.len - 1]))
			rs.body.len--;
		buf_reset(id_out);
		if (buf_add(id_out, rs.body.data ? rs.body.data : "",
			    rs.body.len) != BUF_OK)
			rc = err_set(e, ERR_RUNTIME, "out of memory");
	}
	buf_release(&rs.body);
	return rc;
}

int pubreq_publish(struct httpc *h, const struct pubreq *r, const char *data,
		   size_t len, struct buf *id_out, struct err *e)
{
	struct buf body =
		BUF_INIT(3 * (size_t)LIMIT_PUB_DATA_BYTES + LIMIT_URL_BYTES);
	struct bearer b = { NULL, 0 };
	const char *token;
	int rc = bearer_get(r, &b, &token, e);

	if (rc == 0)
		rc = build_body(r, data, len, &body, e);
	if (rc == 0)
		rc = post(h, r, token, &body, id_out, e);
	free(b.minted);
	buf_release(&body);
	return rc;
}

struct lines {
	struct httpc *h;
	const struct pubreq *r;
	struct bearer b;
	struct buf body, id;
	FILE *out;
};

static int publish_line(struct lines *l, const char *s, size_t n, struct err *e)
{
	const char *token;
	int rc;

	if (n && s[n - 1] == '\r')
		n--;
	rc = bearer_get(l->r, &l->b, &token, e);
	if (rc == 0)
		rc = build_body(l->r, s, n, &l->body, e);
	if (rc == 0)
		rc = post(l->h, l->r, token, &l->body, &l->id, e);
	if (rc == 0) {
		fwrite(buf_cstr(&l->id), 1, l->id.len, l->out);
		fputc('\n', l->out);
		if (fflush(l->out) != 0)
			rc = errno == EPIPE
				     ? 1
				     : err_set_errno(e, ERR_RUNTIME, errno,
						     "cannot write the output");
	}
	return rc;
}

int pubreq_lines(struct httpc *h, const struct pubreq *r, int fd, FILE *out,
		 struct err *e)
{
	struct lines l = { h,
			   r,
			   { NULL, 0 },
			   BUF_INIT(3 * (size_t)LIMIT_PUB_DATA_BYTES +
				    LIMIT_URL_BYTES),
			   BUF_INIT(LIMIT_HTTP_BODY_BYTES),
			   out };
	struct buf in = BUF_INIT(LIMIT_PUB_DATA_BYTES + READ_CHUNK);
	size_t start = 0;
	int rc = 0;

	for (;;) {
		ssize_t n;
		char *nl;

		/* Publish every whole line held, then read more. */
		while (rc == 0 && start < in.len &&
		       (nl = memchr(in.data + start, '\n', in.len - start))) {
			rc = publish_line(&l, in.data + start,
					  (size_t)(nl - in.data) - start, e);
			start = (size_t)(nl - in.data) + 1;
		}
		if (rc)
			break;
		buf_consume(&in, start);
		start = 0;
		if (in.len > LIMIT_PUB_DATA_BYTES) {
			rc = err_set(e, ERR_LIMIT,
				     "a line is longer than %d bytes",
				     LIMIT_PUB_DATA_BYTES);
			break;
		}
		if (buf_reserve(&in, READ_CHUNK) != BUF_OK) {
			rc = err_set(e, ERR_RUNTIME, "out of memory");
			break;
		}
		n = read(fd, in.data + in.len, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set_errno(e, ERR_NOINPUT, errno,
					   "cannot read the lines");
			break;
		}
		if (n == 0) {
			if (in.len)
				rc = publish_line(&l, in.data, in.len, e);
			break;
		}
		in.len += (size_t)n;
		in.data[in.len] = '\0';
	}
	free(l.b.minted);
	buf_release(&l.body);
	buf_release(&l.id);
	buf_release(&in);
	return rc;
}

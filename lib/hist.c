/*
 * hist: transport URLs, update checks and id generation shared by every
 * history transport, and the calls the hub core makes.
 */
#include "compat.h"

#include "hist.h"

#include "form.h"
#include "uuid.h"

#include <stdlib.h>
#include <string.h>

int hist_new_id(char out[HIST_ID_BUF])
{
	memcpy(out, "urn:uuid:", 9);
	return uuid_v7(out + 9);
}

/* Parse a decimal size in 0..LIMIT_HIST_SIZE. */
static int parse_size(const struct form_str *v, uint64_t *out)
{
	uint64_t n = 0;
	size_t i;

	if (!v->len || v->len > 12)
		return -1;
	for (i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9')
			return -1;
		n = n * 10 + (uint64_t)(v->s[i] - '0');
	}
	if (n > LIMIT_HIST_SIZE)
		return -1;
	*out = n;
	return 0;
}

struct url_opts {
	uint64_t size;
	bool has_size;
	bool sync_full;
};

static int parse_query(const char *scheme, const char *q, size_t len,
		       bool sqlite, struct url_opts *o, struct err *e)
{
	const struct form_field *fl;
	struct form f;
	size_t i;
	int rc = -1;

	if (form_parse(&f, q, len, NULL, e))
		return err_prefix(e, "%s transport url", scheme);
	for (i = 0; i < f.nfields; i++) {
		fl = &f.fields[i];
		if (!strcmp(fl->name.s, "size")) {
			if (parse_size(&fl->value, &o->size)) {
				err_set(e, ERR_USAGE,
					"%s transport url: size must be a "
					"number from %d to %d",
					scheme, sqlite ? 1 : 0,
					LIMIT_HIST_SIZE);
				goto out;
			}
			if (sqlite && !o->size) {
				err_set(e, ERR_USAGE,
					"%s transport url: size must be a "
					"number from 1 to %d",
					scheme, LIMIT_HIST_SIZE);
				goto out;
			}
			o->has_size = true;
		} else if (sqlite && !strcmp(fl->name.s, "sync") &&
			   (!strcmp(fl->value.s, "normal") ||
			    !strcmp(fl->value.s, "full"))) {
			o->sync_full = !strcmp(fl->value.s, "full");
		} else if (sqlite && !strcmp(fl->name.s, "sync")) {
			err_set(e, ERR_USAGE,
				"%s transport url: sync must be 'normal' or "
				"'full'",
				scheme);
			goto out;
		} else {
			char name[41];
			size_t n = fl->name.len < 40 ? fl->name.len : 40, j;

			for (j = 0; j < n; j++)
				name[j] = fl->name.s[j] > 0x20 &&
							  fl->name.s[j] < 0x7f
						  ? fl->name.s[j]
						  : '?';
			name[n] = '\0';
			err_set(e, ERR_USAGE,
				"%s transport url: unknown parameter '%s'",
				scheme, name);
			goto out;
		}
	}
	rc = 0;
out:
	form_release(&f);
	return rc;
}

struct hist *hist_new(const char *url, struct err *e)
{
	struct hist_sqlite_opts so;
	struct url_opts o = { 0, false, false };
	const char *rest, *q;
	size_t len = strlen(url), plen;
	struct hist *h = NULL;
	long n;
	char *path = NULL;

	if (len > LIMIT_TRANSPORT_URL_BYTES) {
		err_set(e, ERR_USAGE, "transport url longer than %d bytes",
			LIMIT_TRANSPORT_URL_BYTES);
		return NULL;
	}
	if (strchr(url, '#')) {
		err_set(e, ERR_USAGE, "transport url: unexpected '#'");
		return NULL;
	}
	if (!strncmp(url, "sqlite://", 9)) {
		rest = url + 9;
		q = strchr(rest, '?');
		plen = q ? (size_t)(q - rest) : strlen(rest);
		if (q &&
		    parse_query("sqlite", q + 1, strlen(q + 1), true, &o, e))
			return NULL;
		/* sqlite://host/path joins host and path, as bolt:// did. */
		path = malloc(plen + 1);
		if (!path) {
			err_set(e, ERR_RUNTIME, "out of memory");
			return NULL;
		}
		n = form_unescape(path, rest, plen, false, e);
		if (n < 0) {
			err_prefix(e, "sqlite transport url");
			goto out;
		}
		if (!n || strlen(path) != (size_t)n) {
			err_set(e, ERR_USAGE, "sqlite transport url: %s",
				n ? "NUL in the database path"
				  : "missing database path");
			goto out;
		}
		so.path = path;
		so.size = o.has_size ? o.size : LIMIT_HIST_SIZE_DEFAULT;
		so.sync_full = o.sync_full;
		h = hist_sqlite_open(&so, e);
	} else if (!strncmp(url, "local://", 8)) {
		rest = url + 8;
		q = strchr(rest, '?');
		plen = q ? (size_t)(q - rest) : strlen(rest);
		if (plen && !(plen == 5 && !strncmp(rest, "local", 5))) {
			err_set(e, ERR_USAGE,
				"local transport url: expected local:// or "
				"local://local");
			return NULL;
		}
		if (q &&
		    parse_query("local", q + 1, strlen(q + 1), false, &o, e))
			return NULL;
		h = hist_local_open(
			o.has_size ? o.size : LIMIT_HIST_LOCAL_SIZE_DEFAULT, e);
	} else {
		const char *colon = strstr(url, "://");

		if (colon && colon - url < 20)
			err_set(e, ERR_USAGE,
				"unsupported transport '%.*s' (expected "
				"sqlite:// or local://)",
				(int)(colon - url), url);
		else
			err_set(e, ERR_USAGE,
				"transport url: expected sqlite:// or local://");
	}
out:
	free(path);
	return h;
}

void hist_free(struct hist *h)
{
	if (h)
		h->ops->close(h);
}

const char *hist_name(const struct hist *h)
{
	return h->ops->name;
}

/* Whether s could end an SSE field line early or cut a C string. */
static bool bad_text(const char *s, size_t max, size_t *len)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] == '\r' || s[i] == '\n' || i >= max)
			return true;
	*len = i;
	return false;
}

/*
 * Check what the protocol and the storage need, and give an id to an
 * update that has none.
 */
static int prepare(struct hist_update *u, struct err *e)
{
	size_t i, len;

	if (!u->ntopics || !u->topics)
		return err_set(e, ERR_USAGE, "update without a topic");
	if (u->ntopics > LIMIT_TOPIC_COUNT)
		return err_set(e, ERR_USAGE, "update with more than %d topics",
			       LIMIT_TOPIC_COUNT);
	for (i = 0; i < u->ntopics; i++)
		if (bad_text(u->topics[i], LIMIT_TOPIC_BYTES, &len))
			return err_set(e, ERR_USAGE,
				       "invalid topic: line break or over %d "
				       "bytes",
				       LIMIT_TOPIC_BYTES);
	if (u->type && bad_text(u->type, LIMIT_EVENT_TYPE_BYTES, &len))
		return err_set(e, ERR_USAGE,
			       "invalid type: line break or over %d bytes",
			       LIMIT_EVENT_TYPE_BYTES);
	if (u->data_len > LIMIT_FORM_BYTES)
		return err_set(e, ERR_LIMIT, "data over %d bytes",
			       LIMIT_FORM_BYTES);
	if (u->data_len && !u->data)
		return err_set(e, ERR_USAGE,
			       "update with data_len but no data");
	if (u->id && u->id[0]) {
		if (bad_text(u->id, LIMIT_EVENT_ID_BYTES, &len))
			return err_set(e, ERR_USAGE,
				       "invalid id: line break or over %d "
				       "bytes",
				       LIMIT_EVENT_ID_BYTES);
		return 0;
	}
	if (hist_new_id(u->idbuf))
		return err_set(e, ERR_RUNTIME, "no randomness for an id");
	u->id = u->idbuf;
	return 0;
}

int hist_append_batch(struct hist *h, struct hist_update *const *u, size_t n,
		      struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (prepare(u[i], e))
			return -1;
	if (!n)
		return 0;
	if (h->ops->append(h, u, n, e)) {
		for (i = 0; i < n; i++)
			u[i]->seq = 0;
		return -1;
	}
	return 0;
}

int hist_append(struct hist *h, struct hist_update *u, struct err *e)
{
	return hist_append_batch(h, &u, 1, e);
}

int hist_since(struct hist *h, const struct hist_query *q, hist_each_fn *each,
	       void *arg, struct hist_result *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	if (!q->after && !q->after_seq)
		return err_set(e, ERR_USAGE, "replay without a cursor");
	return h->ops->since(h, q, each, arg, r, e);
}

int hist_last(struct hist *h, char *id, size_t size, uint64_t *seq,
	      struct err *e)
{
	uint64_t dummy;

	if (id && size)
		id[0] = '\0';
	return h->ops->last(h, id, id ? size : 0, seq ? seq : &dummy, e);
}

/*
 * Golden driver for lib/form: the whole input (less one final newline)
 * is a form body. Prints JSON lines: the decoded fields, what the
 * Mercure publish and subscribe readers make of them, and the fields
 * encoded again.
 */
#include "compat.h"

#include "buf.h"
#include "driver.h"
#include "form.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void put_str(const struct form_str *v)
{
	if (v && v->s)
		put_json(v->s, v->len);
	else
		printf("null");
}

static void put_list(const struct form_str *v, size_t n)
{
	size_t i;

	putchar('[');
	for (i = 0; i < n; i++) {
		if (i)
			putchar(',');
		put_str(&v[i]);
	}
	putchar(']');
}

static void put_error(const char *key, const struct err *e)
{
	static const char *const cls[] = { "none",     "runtime", "usage",
					   "data",     "noinput", "unavail",
					   "protocol", "denied",  "limit" };

	printf("{\"%s\":", key);
	put_json(e->msg, strlen(e->msg));
	printf(",\"class\":\"%s\"", cls[e->cls]);
	if (e->column)
		printf(",\"column\":%ld", e->column);
	printf("}\n");
}

int main(void)
{
	struct buf in = BUF_INIT(2 * LIMIT_FORM_BYTES),
		   enc = BUF_INIT(4 * LIMIT_FORM_BYTES);
	struct form f;
	struct form_publish p;
	struct form_subscribe s;
	struct err e;
	char chunk[4096];
	size_t n, i;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(&in, chunk, n))
			return 1;
	if (in.len && in.data[in.len - 1] == '\n')
		in.len--;
	err_init(&e);
	if (form_parse(&f, in.len ? in.data : "", in.len, NULL, &e)) {
		put_error("error", &e);
		buf_release(&in);
		return 0;
	}
	printf("{\"fields\":[");
	for (i = 0; i < f.nfields; i++) {
		printf(i ? ",[" : "[");
		put_str(&f.fields[i].name);
		putchar(',');
		put_str(&f.fields[i].value);
		putchar(']');
		if (form_add(&enc, f.fields[i].name.s, f.fields[i].value.s,
			     f.fields[i].value.len))
			return 1;
	}
	printf("]}\n");

	if (form_publish_read(&f, &p, &e)) {
		put_error("publish_error", &e);
	} else {
		printf("{\"publish\":{\"topics\":");
		put_list(p.topics, p.ntopics);
		printf(",\"data\":");
		put_str(&p.data);
		printf(",\"id\":");
		put_str(&p.id);
		printf(",\"type\":");
		put_str(&p.type);
		printf(",\"retry\":%" PRIu64 ",\"private\":%s}}\n", p.retry,
		       p.is_private ? "true" : "false");
	}

	if (form_subscribe_read(&f, &s, &e)) {
		put_error("subscribe_error", &e);
	} else {
		printf("{\"subscribe\":{\"selectors\":");
		put_list(s.selectors, s.nselectors);
		printf(",\"exact\":");
		put_list(s.exact, s.nexact);
		/* Only when there are some: older outputs stay as they are. */
		if (s.nurlpattern) {
			printf(",\"urlpattern\":");
			put_list(s.urlpattern, s.nurlpattern);
		}
		printf(",\"last_event_id\":");
		put_str(&s.last_event_id);
		printf(",\"lastEventID\":");
		put_str(&s.last_event_id_0x);
		printf(",\"Last-Event-ID\":");
		put_str(&s.last_event_id_v7);
		printf(",\"authorization\":");
		put_str(&s.authorization);
		printf(",\"cursor\":");
		put_str(form_subscribe_cursor(&s, false));
		printf(",\"cursor_v7\":");
		put_str(form_subscribe_cursor(&s, true));
		printf("}}\n");
	}

	printf("{\"encoded\":");
	put_json(enc.len ? enc.data : "", enc.len);
	printf("}\n");
	form_release(&f);
	buf_release(&in);
	buf_release(&enc);
	return 0;
}

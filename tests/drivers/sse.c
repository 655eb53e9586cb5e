/*
 * Golden driver for the SSE parser: reads a stream on stdin and prints one
 * JSON line per event ({"id","type","data","retry"}, as mercure-sub does),
 * one per comment ({"comment"}), then the state at the end of the stream
 * ({"end":{"last_id","retry","cut"}}) or the error ({"error"}).
 *
 * The input is parsed whole, then again one byte at a time and in chunks
 * of 2, 3 and 7 bytes; any difference between the runs is a failure.
 */
#include "compat.h"

#include "buf.h"
#include "slurp.h"
#include "sse.h"
#include "sseout.h"

#include <stdio.h>
#include <string.h>

static int on_event(void *ctx, const struct sse_event *ev)
{
	struct buf *out = ctx;
	int rc = buf_addstr(out, "{\"id\":");

	rc = rc ? rc : sseout_json_string(out, ev->id, ev->id_len);
	rc = rc ? rc : buf_addstr(out, ",\"type\":");
	rc = rc ? rc : sseout_json_string(out, ev->type, ev->type_len);
	rc = rc ? rc : buf_addstr(out, ",\"data\":");
	rc = rc ? rc : sseout_json_string(out, ev->data, ev->data_len);
	if (rc == 0 && ev->retry >= 0)
		rc = buf_printf(out, ",\"retry\":%lld}\n", ev->retry);
	else if (rc == 0)
		rc = buf_addstr(out, ",\"retry\":null}\n");
	return rc;
}

static int on_comment(void *ctx, const char *text, size_t len)
{
	struct buf *out = ctx;
	int rc = buf_addstr(out, "{\"comment\":");

	rc = rc ? rc : sseout_json_string(out, text, len);
	return rc ? rc : buf_addstr(out, "}\n");
}

/* Parse in chunks of step bytes (0: all at once) into out. */
static int run(const char *in, size_t len, size_t step, struct buf *out)
{
	static const struct sse_callbacks cb = { on_event, NULL, on_comment };
	struct sse_parser p;
	struct err e;
	size_t at = 0, id_len;
	const char *id;
	bool cut;
	int rc = 0;

	err_init(&e);
	sse_parser_init(&p, 0, &cb, out);
	while (rc == 0 && at < len) {
		size_t n = step && len - at > step ? step : len - at;

		rc = sse_parser_feed(&p, in + at, n);
		at += n;
	}
	if (rc < 0) {
		sse_error(rc, p.max, &e);
		rc = buf_addstr(out, "{\"error\":");
		rc = rc ? rc : sseout_json_string(out, e.msg, strlen(e.msg));
		rc = rc ? rc : buf_addstr(out, "}\n");
	} else {
		id = sse_parser_last_id(&p, &id_len);
		cut = sse_parser_end(&p);
		rc = buf_addstr(out, "{\"end\":{\"last_id\":");
		rc = rc ? rc : sseout_json_string(out, id, id_len);
		if (rc == 0 && sse_parser_retry(&p) >= 0)
			rc = buf_printf(out, ",\"retry\":%lld",
					sse_parser_retry(&p));
		else if (rc == 0)
			rc = buf_addstr(out, ",\"retry\":null");
		rc = rc ? rc
			: buf_printf(out, ",\"cut\":%s}}\n",
				     cut ? "true" : "false");
	}
	sse_parser_release(&p);
	return rc;
}

int main(void)
{
	static const size_t steps[] = { 1, 2, 3, 7 };
	struct buf in = BUF_INIT(64 * 1024 * 1024);
	struct buf whole = BUF_INIT(256 * 1024 * 1024);
	struct buf again = BUF_INIT(256 * 1024 * 1024);
	struct err e;
	size_t i;
	int rc = 0;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0) {
		fprintf(stderr, "sse: %s\n", e.msg);
		return 1;
	}
	rc = run(in.data ? in.data : "", in.len, 0, &whole);
	for (i = 0; rc == 0 && i < WS_ARRAY_LEN(steps); i++) {
		buf_reset(&again);
		rc = run(in.data ? in.data : "", in.len, steps[i], &again);
		if (rc == 0 && (again.len != whole.len ||
				memcmp(again.data, whole.data, whole.len))) {
			printf("chunks of %zu bytes give:\n%s", steps[i],
			       buf_cstr(&again));
			rc = 1;
		}
	}
	fwrite(buf_cstr(&whole), 1, whole.len, stdout);
	buf_release(&in);
	buf_release(&whole);
	buf_release(&again);
	return rc ? 1 : 0;
}

/*
 * Golden driver for the SSE encoder: each input line is a JSON object,
 * either {"id","type","data","retry"} (any member may be left out) or
 * {"comment"}; the driver prints the bytes the encoder appends, or
 * "error: <message>" for an event the encoder refuses.
 */
#include "compat.h"

#include "buf.h"
#include "slurp.h"
#include "sse.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *str(json_t *obj, const char *key, size_t *len)
{
	json_t *v = json_object_get(obj, key);

	*len = json_is_string(v) ? json_string_length(v) : 0;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int encode_line(const char *line, size_t n, struct buf *out)
{
	json_t *j = json_loadb(line, n, JSON_ALLOW_NUL, NULL);
	struct sse_event ev = { 0 };
	struct err e;
	int rc;

	if (!json_is_object(j)) {
		json_decref(j);
		return buf_addstr(out, "error: not a JSON object\n");
	}
	if (json_object_get(j, "comment")) {
		ev.data = str(j, "comment", &ev.data_len);
		rc = sse_encode_comment(out, ev.data, ev.data_len);
	} else {
		ev.id = str(j, "id", &ev.id_len);
		ev.type = str(j, "type", &ev.type_len);
		ev.data = str(j, "data", &ev.data_len);
		ev.retry = json_integer_value(json_object_get(j, "retry"));
		rc = sse_encode(out, &ev);
	}
	if (rc < 0) {
		err_init(&e);
		sse_error(rc, 0, &e);
		rc = buf_printf(out, "error: %s\n", e.msg);
	}
	json_decref(j);
	return rc;
}

int main(void)
{
	struct buf in = BUF_INIT(16 * 1024 * 1024);
	struct buf out = BUF_INIT(64 * 1024 * 1024);
	struct err e;
	const char *s, *end, *nl;
	int rc = 0;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0) {
		fprintf(stderr, "sse_enc: %s\n", e.msg);
		return 1;
	}
	s = buf_cstr(&in);
	end = s + in.len;
	for (; rc == 0 && s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end;
		if (nl > s)
			rc = encode_line(s, (size_t)(nl - s), &out);
	}
	fwrite(buf_cstr(&out), 1, out.len, stdout);
	buf_release(&in);
	buf_release(&out);
	return rc ? 1 : 0;
}

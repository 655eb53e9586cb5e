/*
 * Golden driver for lib/multipart: the first line is the Content-Type
 * header's value, the rest the body (bytes as they are, CRLFs included).
 * Prints the boundary, then one JSON line per part, or the error.
 */
#include "compat.h"

#include "buf.h"
#include "multipart.h"
#include "slurp.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *str(const struct multipart_str *s)
{
	return s->s ? json_stringn_nocheck(s->s, s->len) : json_null();
}

int main(void)
{
	struct buf in = BUF_INIT(4 * 1024 * 1024);
	struct multipart_part parts[MULTIPART_MAX_PARTS];
	char boundary[MULTIPART_BOUNDARY_MAX + 1], ct[1024];
	struct err e;
	const char *nl;
	int n, i;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0)
		return 1;
	nl = strchr(buf_cstr(&in), '\n');
	if (!nl || (size_t)(nl - in.data) >= sizeof(ct)) {
		buf_release(&in);
		return 1;
	}
	memcpy(ct, in.data, (size_t)(nl - in.data));
	ct[nl - in.data] = '\0';
	if (multipart_boundary(ct, boundary, &e) < 0) {
		printf("{\"error\":\"%s\"}\n", e.msg);
		buf_release(&in);
		return 0;
	}
	printf("{\"boundary\":\"%s\"}\n", boundary);
	n = multipart_parse(nl + 1, in.len - (size_t)(nl + 1 - in.data),
			    boundary, parts, MULTIPART_MAX_PARTS, &e);
	if (n < 0) {
		printf("{\"error\":\"%s\",\"offset\":%ld}\n", e.msg, e.column);
		buf_release(&in);
		return 0;
	}
	for (i = 0; i < n; i++) {
		json_t *o = json_pack(
			"{s:o,s:o,s:o,s:o}", "name", str(&parts[i].name),
			"filename", str(&parts[i].filename), "type",
			str(&parts[i].type), "data",
			json_stringn_nocheck(parts[i].data, parts[i].len));
		char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
						   JSON_ENSURE_ASCII);

		puts(line ? line : "null");
		free(line);
		json_decref(o);
	}
	buf_release(&in);
	return 0;
}

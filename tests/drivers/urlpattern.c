/*
 * Golden driver for lib/urlpattern. Each input line is
 *	pattern<TAB>base<TAB>topic
 * and prints one JSON line: the result "match", "no match" or
 * "error: <message>". A base of "-" is the default (NULL, the Mercure
 * hub's fallback URL); any other text, even empty, is the base itself.
 * A line without a topic (pattern<TAB>base) prints the pattern's eight
 * normalized components instead, or its error. Lines starting with "# "
 * are comments (they name where the cases come from) and print nothing;
 * a pattern "#..." is a hash, so only the space makes a comment.
 */
#include "compat.h"

#include "buf.h"
#include "driver.h"
#include "urlpattern.h"

#include <stdio.h>
#include <string.h>

static void put_field(const char *name, const char *s, size_t len)
{
	printf(",\"%s\":", name);
	put_json(s, len);
}

static void one(const char *line, size_t len)
{
	const char *f[3];
	size_t n[3], k = 0, i, start = 0;
	struct urlpattern *p;
	const char *base;
	char basebuf[4096];
	struct err e;
	int c;

	if (len >= 2 && line[0] == '#' && line[1] == ' ')
		return;
	for (i = 0; i <= len && k < 3; i++) {
		if (i < len && line[i] != '\t')
			continue;
		f[k] = line + start;
		n[k++] = i - start;
		start = i + 1;
	}
	if (k < 2 || n[1] >= sizeof(basebuf)) {
		printf("{\"error\":\"bad test line\"}\n");
		return;
	}
	if (n[1] == 1 && f[1][0] == '-') {
		base = NULL;
	} else {
		memcpy(basebuf, f[1], n[1]);
		basebuf[n[1]] = '\0';
		base = basebuf;
	}
	if (k == 3)
		n[2] = len - (size_t)(f[2] - line);
	err_init(&e);
	p = urlpattern_compile(f[0], n[0], base, &e);
	printf("{\"pattern\":");
	put_json(f[0], n[0]);
	if (base)
		put_field("base", f[1], n[1]);
	if (k == 3)
		put_field("topic", f[2], n[2]);
	if (!p) {
		char msg[sizeof(e.msg) + 8];

		snprintf(msg, sizeof(msg), "error: %s", e.msg);
		put_field("result", msg, strlen(msg));
		printf("}\n");
		return;
	}
	if (k == 3) {
		printf(",\"result\":\"%s\"}\n",
		       urlpattern_match(p, f[2], n[2]) ? "match" : "no match");
	} else {
		for (c = 0; c < URLPATTERN_COMPONENTS; c++) {
			size_t cl;
			const char *cs = urlpattern_component(p, c, &cl);

			put_field(urlpattern_component_name(c), cs, cl);
		}
		printf("}\n");
	}
	urlpattern_free(p);
}

int main(void)
{
	char chunk[4096];
	struct buf in = BUF_INIT(1024 * 1024);
	size_t n, i, start;
	int rc = 0;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(&in, chunk, n)) {
			printf("{\"error\":\"input too large\"}\n");
			rc = 1;
			goto out;
		}
	for (i = start = 0; i < in.len; i++) {
		if (in.data[i] != '\n')
			continue;
		if (i > start)
			one(in.data + start, i - start);
		start = i + 1;
	}
	if (start < in.len)
		one(in.data + start, in.len - start);
out:
	buf_release(&in);
	return rc;
}

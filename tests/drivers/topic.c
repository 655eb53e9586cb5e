/*
 * Golden driver for lib/topic: each input line is "selector<TAB>topic"
 * and prints one JSON line with the selector's kind and whether the
 * topic matches. A line without a TAB is a selector alone: the output
 * says whether it is a valid URI template and, if not, why.
 */
#include "compat.h"

#include "buf.h"
#include "driver.h"
#include "topic.h"

#include <stdio.h>
#include <string.h>

static const char *kind_name(enum topic_kind k)
{
	return k == TOPIC_ANY ? "any" : k == TOPIC_EXACT ? "exact" : "template";
}

static int one(const char *line, size_t len)
{
	const char *tab = memchr(line, '\t', len);
	size_t slen = tab ? (size_t)(tab - line) : len;
	struct topic_selector *sel;
	struct err e;

	err_init(&e);
	sel = topic_selector_new(line, slen, &e);
	printf("{\"selector\":");
	put_json(line, slen);
	if (!sel) {
		printf(",\"error\":");
		put_json(e.msg, strlen(e.msg));
		printf("}\n");
		return 0;
	}
	printf(",\"kind\":\"%s\"", kind_name(topic_selector_kind(sel)));
	if (tab) {
		printf(",\"topic\":");
		put_json(tab + 1, len - slen - 1);
		printf(",\"match\":%s",
		       topic_selector_match(sel, tab + 1, len - slen - 1)
			       ? "true"
			       : "false");
	} else if (topic_template_check(line, slen, &e)) {
		printf(",\"why\":");
		put_json(e.msg, strlen(e.msg));
	}
	printf("}\n");
	topic_selector_free(sel);
	return 0;
}

int main(void)
{
	char chunk[4096];
	struct buf line = BUF_INIT(1024 * 1024);
	size_t n, i, start;
	int rc = 0;

	/* Read everything, then split on LF, so NUL bytes survive. */
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(&line, chunk, n)) {
			fprintf(stdout, "{\"error\":\"input too large\"}\n");
			rc = 1;
			goto out;
		}
	for (i = start = 0; i < line.len; i++) {
		if (line.data[i] != '\n')
			continue;
		if (i > start)
			one(line.data + start, i - start);
		start = i + 1;
	}
	if (start < line.len)
		one(line.data + start, line.len - start);
out:
	buf_release(&line);
	return rc;
}

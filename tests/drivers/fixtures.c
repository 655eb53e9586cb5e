/*
 * Golden driver for the fixture loader: reads one fixture file (YAML or
 * JSON) on stdin and prints each generated row as a JSON line, in the
 * order the loader writes them, then a summary line; or one error line.
 *
 * The seed is 1 and "now" is 2026-01-01T00:00:00Z unless the first line
 * is a comment "# test: seed=N now=TIME".
 */
#include "compat.h"

#include "buf.h"
#include "db.h"
#include "faker.h"
#include "fixtures.h"
#include "slurp.h"
#include "timex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(const char *s, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int print_row(void *ctx, const struct fixtures_row *row, struct err *e)
{
	const struct db_table *t = db_table(row->table);
	size_t k;

	(void)ctx;
	(void)e;
	printf("{\"table\":\"%s\",\"id\":%lld,\"fixture\":", t->name,
	       (long long)row->id);
	put_string(row->fixture, strlen(row->fixture));
	if (row->replace)
		printf(",\"replace\":true");
	for (k = 0; k < t->ncolumns; k++) {
		const struct db_value *v = &row->values[k];
		char num[40];

		printf(",\"%s\":", t->columns[k].name);
		switch (v->type) {
		case DBV_NULL:
			printf("null");
			break;
		case DBV_INT:
			printf("%lld", (long long)v->i);
			break;
		case DBV_FLOAT:
			faker_format_float(v->d, num, sizeof(num));
			printf("%s%s", num, strpbrk(num, ".eE") ? "" : ".0");
			break;
		case DBV_TEXT:
			put_string(v->s, v->len);
			break;
		}
	}
	printf("}\n");
	return 0;
}

static int64_t no_rows(void *ctx, int table)
{
	(void)ctx;
	(void)table;
	return 0;
}

static const char *class_name(enum err_class c)
{
	switch (c) {
	case ERR_DATA:
		return "data";
	case ERR_NOINPUT:
		return "noinput";
	case ERR_LIMIT:
		return "limit";
	case ERR_USAGE:
		return "usage";
	default:
		return "runtime";
	}
}

int main(void)
{
	struct buf in = BUF_INIT(64 * 1024 * 1024);
	struct fixtures_options o = { 1, 1767225600, false, true, NULL, NULL };
	struct fixtures_sink sink = { no_rows, print_row, NULL };
	struct fixtures *f = NULL;
	const char *text;
	struct err e;
	int t, rc;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0) {
		fprintf(stderr, "fixtures: %s\n", e.msg);
		return 1;
	}
	text = buf_cstr(&in);
	if (strncmp(text, "# test:", 7) == 0) {
		const char *seed = strstr(text, "seed="),
			   *eol = strchr(text, '\n');
		const char *now = strstr(text, "now=");
		char when[64];
		time_t tt;

		if (seed && (!eol || seed < eol))
			o.seed = strtoull(seed + 5, NULL, 10);
		if (now && (!eol || now < eol) &&
		    sscanf(now + 4, "%63s", when) == 1 &&
		    timex_parse_time(when, &tt, NULL) == 0)
			o.now = (int64_t)tt;
	}
	f = fixtures_new(&o, &sink, &e);
	rc = f ? fixtures_add_buffer(f, "stdin", text, in.len, &e) : -1;
	if (rc == 0)
		rc = fixtures_run(f, &e);
	if (rc < 0) {
		printf("{\"error\":");
		put_string(e.msg, strlen(e.msg));
		printf(",\"class\":\"%s\",\"line\":%ld,\"column\":%ld}\n",
		       class_name(e.cls), e.line, e.column);
	} else {
		printf("{\"rows\":{");
		for (t = 0; t < DB_NTABLES; t++)
			printf("%s\"%s\":%llu", t ? "," : "", db_table(t)->name,
			       (unsigned long long)fixtures_rows(f, t));
		printf("}}\n");
	}
	fixtures_free(f);
	buf_release(&in);
	return 0;
}

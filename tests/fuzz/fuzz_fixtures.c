/*
 * Fuzz target for the fixture loader: the input is one fixture file
 * (YAML or JSON). Includes are refused and a load stops after a bounded
 * number of rows, so a short input cannot ask for hours of work.
 */
#include "compat.h"

#include "fixtures.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT (256 * 1024)
#define MAX_ROWS  20000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct count {
	unsigned rows;
};

static int64_t last_id(void *ctx, int table)
{
	(void)ctx;
	return table; /* a different base per table */
}

static int take_row(void *ctx, const struct fixtures_row *row, struct err *e)
{
	struct count *c = ctx;
	const struct db_table *t = db_table(row->table);
	size_t k;

	/* Touch every value so ASan sees any dangling pointer. */
	for (k = 0; k < t->ncolumns; k++)
		if (row->values[k].type == DBV_TEXT && row->values[k].len &&
		    memchr(row->values[k].s, '\0', row->values[k].len) ==
			    row->values[k].s + row->values[k].len)
			c->rows += 0;
	if (++c->rows > MAX_ROWS)
		return err_set(e, ERR_LIMIT, "too many rows for the fuzzer");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fixtures_options o = { 1, 1767225600, false, true, NULL, NULL };
	struct count c = { 0 };
	struct fixtures_sink sink = { last_id, take_row, &c };
	struct fixtures *f;
	struct err e;
	char *text;

	if (size > MAX_INPUT)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err_init(&e);
	f = fixtures_new(&o, &sink, &e);
	if (f && fixtures_add_buffer(f, "fuzz", text, size, &e) == 0)
		(void)!fixtures_run(f, &e);
	fixtures_free(f);
	free(text);
	return 0;
}

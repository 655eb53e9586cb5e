/*
 * fixtures_export: the database back into a fixture file (wine-db export).
 *
 * Separate from the loader because it shares nothing with it but the
 * format: it walks the tables with a cursor and writes each row as a
 * fixture that fixtures_load reads back to the same row.
 */
#include "compat.h"

#include "alice.h"
#include "bounds.h"
#include "buf.h"
#include "db.h"
#include "faker.h"
#include "fixtures.h"
#include "fixtures_int.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int put_json_string(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (buf_addch(out, '"') != BUF_OK)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;

		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };

			rc = buf_add(out, esc, 2);
		} else if (c == '\n') {
			rc = buf_add(out, "\\n", 2);
		} else if (c == '\t') {
			rc = buf_add(out, "\\t", 2);
		} else if (c == '\r') {
			rc = buf_add(out, "\\r", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char esc[6] = { '\\', 'u',	   '0',
					'0',  hex[c >> 4], hex[c & 15] };

			rc = buf_add(out, esc, 6);
		} else {
			rc = buf_addch(out, (char)c);
		}
		if (rc != BUF_OK)
			return -1;
	}
	return buf_addch(out, '"') == BUF_OK ? 0 : -1;
}

/*
 * A YAML double-quoted scalar is a JSON string as far as these escapes
 * go, so one writer serves both formats; the text is escaped for alice
 * first.
 */
static int put_text(struct buf *out, const char *s, size_t n)
{
	struct buf esc = BUF_INIT(LIMIT_FIXTURE_ROW_BYTES * 2);
	int rc = alice_escape(&esc, s, n);

	if (rc == 0)
		rc = put_json_string(out, buf_cstr(&esc), esc.len);
	buf_release(&esc);
	return rc;
}

static int put_value(struct buf *out, const struct db_column *col,
		     const struct db_value *v)
{
	char num[40];

	switch (v->type) {
	case DBV_NULL:
		return buf_addstr(out, "null") == BUF_OK ? 0 : -1;
	case DBV_INT:
		if (col->type == DB_REF)
			return buf_printf(out, "\"@%s_%lld\"",
					  db_table(col->ref)->name,
					  (long long)v->i) == BUF_OK
				       ? 0
				       : -1;
		if (col->type == DB_FLOAT)
			return buf_printf(out, "%lld.0", (long long)v->i) ==
					       BUF_OK
				       ? 0
				       : -1;
		if (col->type == DB_TEXT || col->type == DB_DATETIME) {
			snprintf(num, sizeof(num), "%lld", (long long)v->i);
			return put_text(out, num, strlen(num));
		}
		return buf_printf(out, "%lld", (long long)v->i) == BUF_OK ? 0
									  : -1;
	case DBV_FLOAT:
		faker_format_float(v->d, num, sizeof(num));
		if (col->type == DB_TEXT || col->type == DB_DATETIME)
			return put_text(out, num, strlen(num));
		if (!strpbrk(num, ".eEn"))
			return buf_printf(out, "%s.0", num) == BUF_OK ? 0 : -1;
		return buf_addstr(out, num) == BUF_OK ? 0 : -1;
	case DBV_TEXT:
		return put_text(out, v->s, v->len);
	}
	return -1;
}

static int flush_out(struct buf *b, FILE *out, struct err *e)
{
	if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
		return err_set_errno(e, ERR_RUNTIME, errno,
				     "cannot write the export");
	buf_reset(b);
	return 0;
}

int fixtures_export(struct db *db, enum fixtures_format format, FILE *out,
		    struct err *e)
{
	struct buf b = BUF_INIT(LIMIT_FIXTURE_ROW_BYTES * 16);
	bool json = format == FIXTURES_JSON, first_class = true;
	int t, rc = 0;

	if (db_require_current(db, e) < 0)
		return -1;
	if (json && buf_addch(&b, '{') != BUF_OK)
		rc = fixtures_no_memory(e);
	for (t = 0; rc == 0 && t < DB_NTABLES; t++) {
		const struct db_table *tab = db_table(t);
		struct db_cursor *c = db_cursor_new(db, t, e);
		struct db_value values[16];
		bool first = true;
		int64_t id;
		size_t k;
		int got;

		if (!c)
			return buf_release(&b), -1;
		if (json) {
			rc = buf_addstr(&b, first_class ? "\n  " : ",\n  ") ||
			     put_json_string(&b, tab->entity,
					     strlen(tab->entity)) ||
			     buf_addstr(&b, ": {");
		} else {
			rc = buf_printf(&b, "%s%s:\n", first_class ? "" : "\n",
					tab->entity);
		}
		first_class = false;
		while (rc == 0 &&
		       (got = db_cursor_next(c, &id, values, e)) > 0) {
			if (json)
				rc = buf_printf(
					&b,
					"%s\n    \"%s_%lld\": {\"id\": %lld",
					first ? "" : ",", tab->name,
					(long long)id, (long long)id);
			else
				rc = buf_printf(&b,
						"  %s_%lld:\n    id: %lld\n",
						tab->name, (long long)id,
						(long long)id);
			for (k = 0; rc == 0 && k < tab->ncolumns; k++) {
				if (values[k].type == DBV_NULL)
					continue; /* absent is null */
				if (json)
					rc = buf_printf(
						&b, ", \"%s\": ",
						tab->columns[k].property);
				else
					rc = buf_printf(
						&b, "    %s: ",
						tab->columns[k].property);
				if (rc == 0)
					rc = put_value(&b, &tab->columns[k],
						       &values[k]);
				if (rc == 0 && !json)
					rc = buf_addch(&b, '\n');
			}
			if (rc == 0 && json)
				rc = buf_addch(&b, '}');
			first = false;
			if (rc == 0 && b.len > 64 * 1024)
				rc = flush_out(&b, out, e);
			if (rc > 0)
				rc = fixtures_no_memory(e);
		}
		if (rc == 0 && got < 0)
			rc = -1;
		if (rc == 0 && json)
			rc = buf_addstr(&b, first ? "}" : "\n  }");
		else if (rc == 0 && first)
			rc = buf_addstr(&b, "  {}\n") ? -1 : 0;
		db_cursor_free(c);
		if (rc > 0)
			rc = fixtures_no_memory(e);
	}
	if (rc == 0 && json)
		rc = buf_addstr(&b, "\n}\n") ? fixtures_no_memory(e) : 0;
	if (rc == 0)
		rc = flush_out(&b, out, e);
	buf_release(&b);
	return rc;
}

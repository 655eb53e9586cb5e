/* Unit tests for fixtures: loading files, determinism, errors, export. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "db.h"
#include "faker.h"
#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

/* Rows as text lines "table fixture id col=value ...", in write order. */
struct capture {
	struct buf text;
	int64_t last_id;
	unsigned rows, replaced;
};

static int64_t cap_last_id(void *ctx, int table)
{
	(void)table;
	return ((struct capture *)ctx)->last_id;
}

static int cap_row(void *ctx, const struct fixtures_row *row, struct err *e)
{
	struct capture *c = ctx;
	const struct db_table *t = db_table(row->table);
	size_t k;
	int rc;

	(void)e;
	rc = buf_printf(&c->text, "%s %s %lld", t->name, row->fixture,
			(long long)row->id);
	for (k = 0; rc == 0 && k < t->ncolumns; k++) {
		const struct db_value *v = &row->values[k];

		if (v->type == DBV_NULL)
			rc = buf_printf(&c->text, " %s=null",
					t->columns[k].name);
		else if (v->type == DBV_INT)
			rc = buf_printf(&c->text, " %s=%lld",
					t->columns[k].name, (long long)v->i);
		else if (v->type == DBV_FLOAT)
			rc = buf_printf(&c->text, " %s=%.17g",
					t->columns[k].name, v->d);
		else
			rc = buf_printf(&c->text, " %s=%.*s",
					t->columns[k].name, (int)v->len, v->s);
	}
	if (rc == 0)
		rc = buf_addch(&c->text, '\n');
	c->rows++;
	c->replaced += row->replace;
	return rc == 0 ? 0 : -1;
}

struct result {
	int rc;
	struct err e;
	char file[256];
	uint64_t rows[DB_NTABLES];
};

static struct options {
	uint64_t seed;
	bool threads;
} opts = { 1, false };

/* Load the inputs (buffers "name=text" or paths) into a capture. */
static struct result load(struct capture *c, const char *const *inputs, int n)
{
	struct fixtures_options o = { opts.seed, NOW,  opts.threads,
				      false,	 NULL, NULL };
	struct fixtures_sink sink = { cap_last_id, cap_row, c };
	struct result r;
	struct fixtures *f;
	int i, t;

	memset(&r, 0, sizeof(r));
	err_init(&r.e);
	buf_init(&c->text, 64 * 1024 * 1024);
	f = fixtures_new(&o, &sink, &r.e);
	assert_non_null(f);
	r.rc = 0;
	for (i = 0; r.rc == 0 && i < n; i++) {
		const char *eq = strchr(inputs[i], '=');

		if (eq && strchr(inputs[i], '\n'))
			r.rc = fixtures_add_buffer(f, "buffer", eq + 1,
						   strlen(eq + 1), &r.e);
		else
			r.rc = fixtures_add_path(f, inputs[i], &r.e);
	}
	if (r.rc == 0)
		r.rc = fixtures_run(f, &r.e);
	if (fixtures_error_file(f))
		snprintf(r.file, sizeof(r.file), "%s", fixtures_error_file(f));
	for (t = 0; t < DB_NTABLES; t++)
		r.rows[t] = fixtures_rows(f, t);
	fixtures_free(f);
	return r;
}

static struct result load_text(struct capture *c, const char *yaml)
{
	char *input = malloc(strlen(yaml) + 3);
	const char *inputs[1];
	struct result r;

	snprintf(input, strlen(yaml) + 3, "=\n%s", yaml);
	inputs[0] = input;
	r = load(c, inputs, 1);
	free(input);
	return r;
}

static int make_dir(void **state)
{
	char *dir = strdup("/tmp/test_fixtures.XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int remove_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	opts.seed = 1;
	opts.threads = false;
	return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(void **state, const char *name, const char *text)
{
	static char paths[8][256];
	static int next_path;
	char *path = paths[next_path++ % 8];
	FILE *f;

	snprintf(path, 256, "%s/%s", (char *)*state, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define WINES_FILE "tests/data/fixtures/001-wines.in"

static void the_original_wines_file_loads_unmodified(void **state)
{
	const char *inputs[] = { WINES_FILE };
	struct capture c = { .last_id = 0 };
	struct result r = load(&c, inputs, 1);
	const char *p;

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rows[DB_MEDIA_OBJECT], 7);
	assert_int_equal(r.rows[DB_WINE], 10);
	assert_int_equal(r.rows[DB_COMMENT], 20);
	/* Every wine points at one of the 7 images, every comment at a wine. */
	for (p = c.text.data; (p = strstr(p, "image_id=")); p++) {
		int id = (int)strtol(p + 9, NULL, 10);

		assert_true(id >= 1 && id <= 7);
	}
	for (p = c.text.data; (p = strstr(p, "wine_id=")); p++) {
		int id = (int)strtol(p + 8, NULL, 10);

		assert_true(id >= 1 && id <= 10);
	}
	for (p = c.text.data; (p = strstr(p, " price=")); p++) {
		double d = strtod(p + 7, NULL);

		assert_true(d >= 2 && d <= 20);
		assert_true(d * 100 - (double)(int64_t)(d * 100 + 0.5) < 1e-6);
	}
	for (p = c.text.data; (p = strstr(p, " stock=")); p++) {
		long v = strtol(p + 7, NULL, 10);

		assert_true(v >= 1 && v <= 100);
	}
	for (p = c.text.data; (p = strstr(p, " created_at=")); p++)
		assert_true(strncmp(p + 12, "2026-01-01 00:00:01", 19) < 0);
	buf_release(&c.text);
}

static void the_same_seed_and_time_give_the_same_rows(void **state)
{
	const char *inputs[] = { WINES_FILE };
	struct capture a = { .last_id = 0 }, b = { .last_id = 0 };

	(void)state;
	assert_int_equal(load(&a, inputs, 1).rc, 0);
	assert_int_equal(load(&b, inputs, 1).rc, 0);
	assert_string_equal(buf_cstr(&a.text), buf_cstr(&b.text));
	buf_release(&b.text);
	opts.seed = 2;
	assert_int_equal(load(&b, inputs, 1).rc, 0);
	opts.seed = 1;
	assert_string_not_equal(buf_cstr(&a.text), buf_cstr(&b.text));
	buf_release(&a.text);
	buf_release(&b.text);
}

/* The line of fixture name in a capture ("" when absent). */
static const char *row_of(const struct capture *c, const char *name)
{
	static char line[4096];
	char key[128];
	const char *p, *end;

	snprintf(key, sizeof(key), " %s ", name);
	p = strstr(c->text.data, key);
	line[0] = '\0';
	if (!p)
		return line;
	end = strchr(p, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
	return line;
}

static void adding_a_fixture_changes_no_other_value(void **state)
{
	static const char *base = "App\\Entity\\Wine:\n"
				  "  wine_{1..5}:\n"
				  "    name: <name()>\n"
				  "    description: <sentence()>\n"
				  "    stock: <numberBetween(1, 100)>\n"
				  "    price: <randomFloat(2, 2, 20)>\n";
	static const char *more = "App\\Entity\\Wine:\n"
				  "  wine_{1..5}:\n"
				  "    name: <name()>\n"
				  "    description: <sentence()>\n"
				  "    stock: <numberBetween(1, 100)>\n"
				  "    price: <randomFloat(2, 2, 20)>\n"
				  "  wine_extra:\n"
				  "    name: <name()>\n"
				  "    description: <sentence()>\n"
				  "    stock: <numberBetween(1, 100)>\n"
				  "    price: <randomFloat(2, 2, 20)>\n";
	struct capture a = { .last_id = 0 }, b = { .last_id = 0 };
	char line[4096];
	int i;

	(void)state;
	assert_int_equal(load_text(&a, base).rc, 0);
	assert_int_equal(load_text(&b, more).rc, 0);
	assert_int_equal(b.rows, 6);
	for (i = 1; i <= 5; i++) {
		char name[24];

		snprintf(name, sizeof(name), "wine_%d", i % 10);
		snprintf(line, sizeof(line), "%s", row_of(&a, name));
		assert_true(line[0]);
		assert_string_equal(line, row_of(&b, name));
	}
	buf_release(&a.text);
	buf_release(&b.text);
}

static void errors_name_the_file_line_and_column(void **state)
{
	const char *path = write_file(state, "bad.yaml",
				      "App\\Entity\\Wine:\n"
				      "  wine_1:\n"
				      "    name: <nmae()>\n");
	const char *inputs[] = { path };
	struct capture c = { .last_id = 0 };
	struct result r = load(&c, inputs, 1);

	assert_int_equal(r.rc, -1);
	assert_int_equal(r.e.cls, ERR_DATA);
	assert_string_equal(r.file, path);
	assert_int_equal(r.e.line, 3);
	assert_int_equal(r.e.column, 12);
	assert_string_equal(r.e.msg,
			    "unknown formatter 'nmae' (did you mean 'name'?)");
	buf_release(&c.text);
}

static void a_missing_file_is_no_input(void **state)
{
	const char *inputs[] = { "/nonexistent/fixtures.yaml" };
	struct capture c = { .last_id = 0 };
	struct result r = load(&c, inputs, 1);

	(void)state;
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.e.cls, ERR_NOINPUT);
	assert_non_null(strstr(r.e.msg, "/nonexistent/fixtures.yaml"));
	buf_release(&c.text);
}

static void a_directory_loads_its_fixture_files_in_name_order(void **state)
{
	const char *inputs[] = { *state };
	struct capture c = { .last_id = 0 };
	struct result r;

	write_file(state, "B.yaml",
		   "App\\Entity\\MediaObject:\n  b: {filePath: b.png}\n");
	write_file(state, "a.yml",
		   "App\\Entity\\MediaObject:\n  a: {filePath: a.png}\n");
	write_file(
		state, "c.JSON",
		"{\"App\\\\Entity\\\\MediaObject\": {\"c\": {\"filePath\": \"c.png\"}}}\n");
	write_file(state, "notes.txt", "not a fixture file\n");
	r = load(&c, inputs, 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(buf_cstr(&c.text),
			    "media_object a 1 file_path=a.png\n"
			    "media_object b 2 file_path=b.png\n"
			    "media_object c 3 file_path=c.png\n");
	buf_release(&c.text);
}

static void an_empty_directory_is_no_input(void **state)
{
	const char *inputs[] = { *state };
	struct capture c = { .last_id = 0 };
	struct result r = load(&c, inputs, 1);

	assert_int_equal(r.rc, -1);
	assert_int_equal(r.e.cls, ERR_NOINPUT);
	assert_non_null(strstr(r.e.msg, "no fixture files"));
	buf_release(&c.text);
}

static void includes_merge_and_the_including_file_wins(void **state)
{
	const char *main_file;
	const char *inputs[1];
	struct capture c = { .last_id = 0 };
	struct result r;

	write_file(state, "common.yaml",
		   "include: [main.yaml]\n" /* a cycle: read once */
		   "App\\Entity\\MediaObject:\n"
		   "  shared: {filePath: from-common.png}\n"
		   "  only_common: {filePath: common.png}\n");
	main_file = write_file(state, "main.yaml",
			       "App\\Entity\\MediaObject:\n"
			       "  shared: {filePath: from-main.png}\n"
			       "include:\n"
			       "  - common.yaml\n");
	inputs[0] = main_file;
	r = load(&c, inputs, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rows[DB_MEDIA_OBJECT], 2);
	assert_non_null(strstr(
		c.text.data, "media_object shared 1 file_path=from-main.png"));
	assert_non_null(strstr(c.text.data, "only_common 2"));
	buf_release(&c.text);
}

static void a_missing_include_points_at_the_include_line(void **state)
{
	const char *path = write_file(state, "inc.yaml",
				      "include:\n"
				      "  - nothere.yaml\n");
	const char *inputs[] = { path };
	struct capture c = { .last_id = 0 };
	struct result r = load(&c, inputs, 1);

	assert_int_equal(r.rc, -1);
	assert_int_equal(r.e.cls, ERR_NOINPUT);
	assert_string_equal(r.file, path);
	assert_int_equal(r.e.line, 2);
	buf_release(&c.text);
}

static void a_later_file_overrides_a_fixture_of_an_earlier_one(void **state)
{
	const char *inputs[2];
	struct capture c = { .last_id = 0 };
	struct result r;

	inputs[0] = write_file(state, "1.yaml",
			       "App\\Entity\\MediaObject:\n"
			       "  m: {filePath: first.png}\n"
			       "  n: {filePath: n.png}\n");
	inputs[1] = write_file(state, "2.yaml",
			       "App\\Entity\\MediaObject:\n"
			       "  m: {filePath: second.png}\n");
	r = load(&c, inputs, 2);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rows[DB_MEDIA_OBJECT], 2);
	assert_int_equal(c.replaced, 1);
	/* The row keeps its id and takes the later values. */
	assert_non_null(
		strstr(c.text.data, "media_object m 1 file_path=second.png"));
	buf_release(&c.text);
}

static void ids_continue_after_the_rows_already_there(void **state)
{
	struct capture c = { .last_id = 40 };
	struct result r = load_text(&c, "App\\Entity\\MediaObject:\n"
					"  a: ~\n"
					"  b_{1..2}: ~\n"
					"  c: {id: 7}\n");

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_string_equal(buf_cstr(&c.text),
			    "media_object a 41 file_path=null\n"
			    "media_object b_1 42 file_path=null\n"
			    "media_object b_2 43 file_path=null\n"
			    "media_object c 7 file_path=null\n");
	buf_release(&c.text);
}

static void many_forward_references_spill_to_a_temporary_file(void **state)
{
	struct buf yaml = BUF_INIT(64 * 1024 * 1024);
	struct capture c = { .last_id = 0 };
	struct result r;
	int i, n = 30000;

	(void)state;
	/* Comments first: each waits for its wine, defined afterwards. */
	assert_int_equal(buf_addstr(&yaml, "App\\Entity\\Comment:\n"), 0);
	for (i = 1; i <= n; i++)
		assert_int_equal(
			buf_printf(
				&yaml,
				"  c%d:\n    text: '%0200d'\n    createdAt: '2020-01-01'\n    wine: '@w%d'\n",
				i, i, i),
			0);
	assert_int_equal(buf_addstr(&yaml, "App\\Entity\\Wine:\n"), 0);
	for (i = 1; i <= n; i++)
		assert_int_equal(
			buf_printf(
				&yaml,
				"  w%d: {name: n, description: d, stock: %d, price: 1}\n",
				i, i),
			0);
	r = load_text(&c, buf_cstr(&yaml));
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.rows[DB_COMMENT], n);
	assert_int_equal(r.rows[DB_WINE], n);
	assert_non_null(
		strstr(c.text.data, "comment c30000 30000 wine_id=30000"));
	buf_release(&yaml);
	buf_release(&c.text);
}

static void the_threaded_reader_gives_the_same_rows(void **state)
{
	struct buf yaml = BUF_INIT(64 * 1024 * 1024);
	struct capture a = { .last_id = 0 }, b = { .last_id = 0 };
	const char *inputs[1];
	FILE *f;
	int i;

	assert_int_equal(buf_addstr(&yaml, "App\\Entity\\Wine:\n"), 0);
	/* Over a megabyte, so the reader thread starts. */
	for (i = 1; i <= 12000; i++)
		assert_int_equal(
			buf_printf(
				&yaml,
				"  w%d: {name: \"<name()> %d\", description: \"%080d\", stock: %d, price: 1}\n",
				i, i, i, i),
			0);
	inputs[0] = write_file(state, "big.yaml", "");
	f = fopen(inputs[0], "w");
	fwrite(yaml.data, 1, yaml.len, f);
	fclose(f);
	opts.threads = false;
	assert_int_equal(load(&a, inputs, 1).rc, 0);
	opts.threads = true;
	assert_int_equal(load(&b, inputs, 1).rc, 0);
	assert_int_equal(b.rows, 12000);
	assert_string_equal(buf_cstr(&a.text), buf_cstr(&b.text));
	buf_release(&yaml);
	buf_release(&a.text);
	buf_release(&b.text);
}

/* Keep the last report. */
static void keep_progress(void *ctx, const struct fixtures_progress *p)
{
	memcpy(ctx, p, sizeof(*p));
}

static void progress_is_reported_with_totals(void **state)
{
	struct fixtures_progress last;
	struct capture c = { .last_id = 0 };
	struct fixtures_sink sink = { cap_last_id, cap_row, &c };
	struct fixtures_options o = { 1, NOW, false, false, NULL, NULL };
	const char *yaml = "App\\Entity\\MediaObject:\n"
			   "  m_{1..40000}: ~\n"
			   "App\\Entity\\Wine:\n"
			   "  w: {name: n, description: d, stock: 1, price: 1,"
			   " image: '@m_*'}\n";
	struct fixtures *f;
	struct err e;

	(void)state;
	memset(&last, 0, sizeof(last));
	err_init(&e);
	buf_init(&c.text, 64 * 1024 * 1024);
	o.progress = keep_progress;
	o.progress_ctx = &last;
	f = fixtures_new(&o, &sink, &e);
	assert_int_equal(fixtures_add_buffer(f, "p", yaml, strlen(yaml), &e),
			 0);
	assert_int_equal(fixtures_run(f, &e), 0);
	fixtures_free(f);
	assert_int_equal(last.rows, 40001);
	assert_int_equal(last.rows_total, 40001);
	assert_true(last.spooled);
	assert_int_equal(last.bytes, strlen(yaml));
	buf_release(&c.text);
}

static struct db *fresh_db(void **state, const char *name)
{
	char path[256];
	struct err e;
	struct db *db;

	snprintf(path, sizeof(path), "%s/%s", (char *)*state, name);
	err_init(&e);
	db = db_open(path, DB_OPEN_CREATE, &e);
	assert_non_null(db);
	return db;
}

static char *export_text(struct db *db, enum fixtures_format format)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	struct err e;

	err_init(&e);
	assert_non_null(out);
	assert_int_equal(fixtures_export(db, format, out, &e), 0);
	fclose(out);
	return text;
}

static void export_then_load_gives_the_same_database(void **state)
{
	struct fixtures_options o = { 1, NOW, false, false, NULL, NULL };
	const char *inputs[] = { WINES_FILE };
	struct fixtures_report report;
	struct db *a = fresh_db(state, "a.db"), *b = fresh_db(state, "b.db");
	struct err e;
	char *first, *second, path[256];
	int format;

	err_init(&e);
	assert_int_equal(
		fixtures_load(a, DB_PURGE_TRUNCATE, &o, inputs, 1, &report, &e),
		0);
	assert_int_equal(report.rows[DB_COMMENT], 20);
	for (format = FIXTURES_YAML; format <= FIXTURES_JSON; format++) {
		FILE *f;

		first = export_text(a, (enum fixtures_format)format);
		snprintf(path, sizeof(path), "%s/export.%s", (char *)*state,
			 format == FIXTURES_JSON ? "json" : "yaml");
		f = fopen(path, "w");
		fputs(first, f);
		fclose(f);
		inputs[0] = path;
		assert_int_equal(fixtures_load(b, DB_PURGE_TRUNCATE, &o, inputs,
					       1, &report, &e),
				 0);
		second = export_text(b, (enum fixtures_format)format);
		assert_string_equal(first, second);
		free(first);
		free(second);
	}
	db_free(a);
	db_free(b);
}

static void a_failed_load_leaves_the_database_as_it_was(void **state)
{
	struct fixtures_options o = { 1, NOW, false, false, NULL, NULL };
	const char *inputs[1];
	struct fixtures_report report;
	struct db *db = fresh_db(state, "keep.db");
	struct err e;
	char *before, *after;

	err_init(&e);
	inputs[0] = WINES_FILE;
	assert_int_equal(
		fixtures_load(db, DB_PURGE_DELETE, &o, inputs, 1, &report, &e),
		0);
	before = export_text(db, FIXTURES_YAML);
	inputs[0] = write_file(state, "late-error.yaml",
			       "App\\Entity\\MediaObject:\n"
			       "  m_{1..100}: {filePath: x.png}\n"
			       "App\\Entity\\Wine:\n"
			       "  w:\n"
			       "    name: n\n"
			       "    description: d\n"
			       "    stock: lots\n"
			       "    price: 1\n");
	assert_int_equal(fixtures_load(db, DB_PURGE_TRUNCATE, &o, inputs, 1,
				       &report, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(report.where, inputs[0]);
	assert_int_equal(e.line, 7);
	after = export_text(db, FIXTURES_YAML);
	assert_string_equal(before, after);
	free(before);
	free(after);
	db_free(db);
}

static void a_duplicate_explicit_id_is_reported_at_its_fixture(void **state)
{
	struct fixtures_options o = { 1, NOW, false, false, NULL, NULL };
	const char *inputs[1];
	struct fixtures_report report;
	struct db *db = fresh_db(state, "dup.db");
	struct err e;

	err_init(&e);
	inputs[0] = write_file(state, "dup.yaml",
			       "App\\Entity\\MediaObject:\n"
			       "  a: {filePath: a.png}\n"
			       "  b:\n"
			       "    id: 1\n"
			       "    filePath: b.png\n");
	assert_int_equal(fixtures_load(db, DB_PURGE_TRUNCATE, &o, inputs, 1,
				       &report, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_string_equal(e.msg,
			    "id 1 is used twice in table 'media_object'");
	assert_string_equal(report.where, inputs[0]);
	assert_int_equal(e.line, 3);
	db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_original_wines_file_loads_unmodified),
		cmocka_unit_test(the_same_seed_and_time_give_the_same_rows),
		cmocka_unit_test(adding_a_fixture_changes_no_other_value),
		cmocka_unit_test_setup_teardown(
			errors_name_the_file_line_and_column, make_dir,
			remove_dir),
		cmocka_unit_test(a_missing_file_is_no_input),
		cmocka_unit_test_setup_teardown(
			a_directory_loads_its_fixture_files_in_name_order,
			make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(an_empty_directory_is_no_input,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(
			includes_merge_and_the_including_file_wins, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			a_missing_include_points_at_the_include_line, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			a_later_file_overrides_a_fixture_of_an_earlier_one,
			make_dir, remove_dir),
		cmocka_unit_test(ids_continue_after_the_rows_already_there),
		cmocka_unit_test(
			many_forward_references_spill_to_a_temporary_file),
		cmocka_unit_test_setup_teardown(
			the_threaded_reader_gives_the_same_rows, make_dir,
			remove_dir),
		cmocka_unit_test(progress_is_reported_with_totals),
		cmocka_unit_test_setup_teardown(
			export_then_load_gives_the_same_database, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			a_failed_load_leaves_the_database_as_it_was, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			a_duplicate_explicit_id_is_reported_at_its_fixture,
			make_dir, remove_dir),
	};

	return cmocka_run_group_tests_name("fixtures", tests, NULL, NULL);
}

/*
 * wine-db: create and migrate the winestore database, load alice-style
 * fixtures into it, and export it back.
 */
#include "compat.h"

#include "db.h"
#include "faker.h"
#include "fixtures.h"
#include "log.h"
#include "opt.h"
#include "timex.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct opt_spec opts[] = {
	{ "database", 'd', "PATH", "DATABASE_URL", 0,
	  "the SQLite file, or sqlite:///path (default var/data.db)" },
	{ "force", 'f', NULL, NULL, 0, "schema drop: really drop the tables" },
	{ "dump-sql", 0, NULL, NULL, 0,
	  "schema create/drop/update: print the SQL instead of running it" },
	{ "purge-with-truncate", 0, NULL, NULL, 0,
	  "load, purge: empty the tables and restart ids at 1" },
	{ "append", 'a', NULL, NULL, 0, "load: keep the rows already there" },
	{ "seed", 's', "N", NULL, 0,
	  "load: seed of the fake data (default 1)" },
	{ "now", 0, "TIME", "SOURCE_DATE_EPOCH", 0,
	  "load: the time dates are relative to (Unix seconds or ISO 8601)" },
	{ "format", 'F', "FORMAT", NULL, 0,
	  "export: yaml (default) or json; stats: text (default) or json" },
	{ "quiet", 'q', NULL, NULL, 0, "print nothing but data and errors" },
	{ 0 }
};

static const struct opt_command commands[] = {
	{ "schema",
	  "create, drop --force, update or show (status) the schema" },
	{ "purge", "delete every row, keeping the schema" },
	{ "load", "load fixture files or directories in one transaction" },
	{ "export", "write every row as a fixture file that load reads back" },
	{ "stats", "print the number of rows in each table" },
	{ 0 }
};

static const struct opt_tool tool = {
	.name = "wine-db",
	.usage =
		"[--database PATH] schema create|drop --force|update|status [--dump-sql]\n"
		"[--database PATH] purge [--purge-with-truncate]\n"
		"[--database PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...\n"
		"[--database PATH] export [--format yaml|json]\n"
		"[--database PATH] stats [--format text|json]",
	.summary =
		"Manage the winestore database and its alice-style fixtures.",
	.opts = opts,
	.commands = commands,
	.versions = fixtures_versions,
};

/* Options each command accepts besides --database and --quiet. */
static const char *const accepted[][6] = {
	{ "schema", "force", "dump-sql", NULL },
	{ "purge", "purge-with-truncate", NULL },
	{ "load", "purge-with-truncate", "append", "seed", "now", NULL },
	{ "export", "format", NULL },
	{ "stats", "format", NULL },
};

static bool quiet;
static struct timespec started;
static char where[4096]; /* the file a load error is in */

static int check_options(const struct opt_values *v, int cmd, struct err *e)
{
	int i, k;

	for (i = 0; opts[i].name; i++) {
		if (!v->values[i].count || v->values[i].from_env ||
		    !strcmp(opts[i].name, "database") ||
		    !strcmp(opts[i].name, "quiet"))
			continue;
		for (k = 1; accepted[cmd][k]; k++)
			if (!strcmp(accepted[cmd][k], opts[i].name))
				break;
		if (!accepted[cmd][k])
			return err_set(e, ERR_USAGE,
				       "option '--%s' does not apply to '%s'",
				       opts[i].name, accepted[cmd][0]);
	}
	return 0;
}

static struct db *open_db(const struct opt_values *v, unsigned flags,
			  struct err *e)
{
	const char *url = opt_str(v, "database");

	return db_open(url ? url : "var/data.db", flags, e);
}

static void say(const char *fmt, ...) WS_PRINTF(1, 2);

static void say(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int schema(const struct opt_values *v, struct err *e)
{
	const char *what = v->argc > 1 ? v->argv[1] : "";
	bool create = !strcmp(what, "create"), drop = !strcmp(what, "drop");
	bool update = !strcmp(what, "update"), status = !strcmp(what, "status");
	struct buf sql = BUF_INIT(1024 * 1024);
	struct db_status st;
	struct db *db = NULL;
	int rc = 0, from = 0, to = 0;

	if (!create && !drop && !update && !status)
		return err_set(
			e, ERR_USAGE,
			v->argc > 1
				? "unknown schema action '%s' (want create, drop, update or status)"
				: "missing schema action%s (want create, drop, update or status)",
			what);
	if (v->argc > 2)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[2]);
	if (drop && !opt_count(v, "force") && !opt_count(v, "dump-sql"))
		return err_set(
			e, ERR_USAGE,
			"refusing to drop the schema without '--force' (all data would be lost)");
	if (status && opt_count(v, "dump-sql"))
		return err_set(
			e, ERR_USAGE,
			"option '--dump-sql' does not apply to 'schema status'");
	db = open_db(v, create || update ? DB_OPEN_CREATE : 0, e);
	if (!db)
		return -1;
	if (opt_count(v, "dump-sql")) {
		rc = db_schema_sql(db, what, &sql, e);
		if (rc == 0)
			fputs(buf_cstr(&sql), stdout);
	} else if (create) {
		rc = db_schema_create(db, e);
		if (rc == 0)
			say("created schema version %d in '%s'",
			    db_schema_latest(), db_path(db));
	} else if (drop) {
		rc = db_schema_drop(db, e);
		if (rc == 0)
			say("dropped the schema of '%s'", db_path(db));
	} else if (update) {
		rc = db_schema_update(db, &from, &to, e);
		if (rc == 0 && from == to)
			say("'%s' is up to date (version %d)", db_path(db), to);
		else if (rc == 0)
			say("updated '%s' from version %d to %d", db_path(db),
			    from, to);
	} else if ((rc = db_status(db, &st, e)) == 0) {
		printf("database: %s\nversion: %d\nlatest: %d\nstatus: %s\n",
		       db_path(db), st.version, st.latest,
		       st.version == st.latest	? "up to date"
		       : st.version > st.latest ? "newer than this wine-db"
		       : st.version == 0 && !st.has_tables ? "no schema"
							   : "update needed");
	}
	buf_release(&sql);
	db_free(db);
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* rows/s and ETA on a terminal, once a load has run for a second. */
static void progress(void *ctx, const struct fixtures_progress *p)
{
	double secs = seconds_since(&started), done, eta;

	(void)ctx;
	if (secs < 1.0)
		return;
	done = p->rows_total && (p->spooled || p->bytes >= p->bytes_total)
		       ? (double)p->rows / (double)p->rows_total
	       : p->bytes_total ? (double)p->bytes / (double)p->bytes_total
				: 0;
	eta = done > 0.01 ? secs / done - secs : 0;
	log_progress("%llu rows, %.0f rows/s, %.0f%%, about %.0fs left",
		     (unsigned long long)p->rows, (double)p->rows / secs,
		     done * 100, eta < 0 ? 0 : eta);
}

static int parse_now(const char *s, int64_t *now, struct err *e)
{
	time_t t;
	struct err ignore;

	err_init(&ignore);
	if (timex_parse_time(s, &t, &ignore) == 0) {
		*now = (int64_t)t;
		return 0;
	}
	if (faker_strtotime(s, strlen(s), (int64_t)time(NULL), now, e) == 0)
		return 0;
	return err_set(
		e, ERR_USAGE,
		"invalid time '%s' for '--now' (want Unix seconds or 2026-11-28T12:00:00Z)",
		s);
}

static int load(const struct opt_values *v, struct err *e)
{
	struct fixtures_options o = { 1, 0, true, false, NULL, NULL };
	struct fixtures_report report;
	enum db_purge purge = opt_count(v, "append") ? DB_PURGE_NONE
			      : opt_count(v, "purge-with-truncate")
				      ? DB_PURGE_TRUNCATE
				      : DB_PURGE_DELETE;
	const char *seed = opt_str(v, "seed");
	struct db *db;
	char *end;
	int rc;

	if (opt_count(v, "append") && opt_count(v, "purge-with-truncate"))
		return err_set(
			e, ERR_USAGE,
			"cannot append and purge at the same time; choose one of '--append' and '--purge-with-truncate'");
	if (v->argc < 2)
		return err_set(e, ERR_USAGE,
			       "missing fixture file or directory");
	if (seed) {
		errno = 0;
		o.seed = strtoull(seed, &end, 10);
		if (errno || end == seed || *end || seed[0] == '-')
			return err_set(
				e, ERR_USAGE,
				"invalid seed '%s' (want a whole number)",
				seed);
	}
	o.now = (int64_t)time(NULL);
	if (opt_str(v, "now") && parse_now(opt_str(v, "now"), &o.now, e) < 0)
		return -1;
	if (!quiet && isatty(STDERR_FILENO))
		o.progress = progress;
	db = open_db(v, DB_OPEN_CREATE, e);
	if (!db)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &started);
	rc = fixtures_load(db, purge, &o, (const char *const *)v->argv + 1,
			   v->argc - 1, &report, e);
	if (o.progress)
		log_progress_end();
	if (rc < 0)
		snprintf(where, sizeof(where), "%s", report.where);
	else
		say("loaded %llu rows into '%s'",
		    (unsigned long long)(report.rows[DB_MEDIA_OBJECT] +
					 report.rows[DB_WINE] +
					 report.rows[DB_COMMENT]),
		    db_path(db));
	db_free(db);
	return rc;
}

static int simple(const struct opt_values *v, int cmd, struct err *e)
{
	const char *format = opt_str(v, "format");
	struct db *db;
	int rc = 0, t;

	if (v->argc > 1)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[1]);
	if (format && strcmp(format, "json") != 0 &&
	    strcmp(format, cmd == 3 ? "yaml" : "text") != 0)
		return err_set(e, ERR_USAGE,
			       "unknown format '%s' (want %s or json)", format,
			       cmd == 3 ? "yaml" : "text");
	db = open_db(v, 0, e);
	if (!db)
		return -1;
	if (cmd == 1) {
		rc = db_purge(db,
			      opt_count(v, "purge-with-truncate")
				      ? DB_PURGE_TRUNCATE
				      : DB_PURGE_DELETE,
			      e);
		if (rc == 0)
			say("purged '%s'", db_path(db));
	} else if (cmd == 3) {
		rc = fixtures_export(db,
				     format && !strcmp(format, "json")
					     ? FIXTURES_JSON
					     : FIXTURES_YAML,
				     stdout, e);
	} else if ((rc = db_require_current(db, e)) == 0) {
		bool json = format && !strcmp(format, "json");

		for (t = 0; rc == 0 && t < DB_NTABLES; t++) {
			int64_t n;

			rc = db_count(db, t, &n, e);
			if (rc == 0)
				printf(json ? "%s\"%s\": %lld" : "%s%s\t%lld\n",
				       json ? (t ? ", " : "{") : "",
				       db_table(t)->name, (long long)n);
		}
		if (rc == 0 && json)
			printf("}\n");
	}
	db_free(db);
	return rc;
}

static int run(const struct opt_values *v, struct err *e)
{
	const char *name = v->argc > 0 ? v->argv[0] : NULL;
	int cmd;

	if (!name)
		return err_set(
			e, ERR_USAGE,
			"missing command (want schema, purge, load, export or stats)");
	for (cmd = 0; cmd < (int)WS_ARRAY_LEN(accepted); cmd++)
		if (!strcmp(accepted[cmd][0], name))
			break;
	if (cmd == (int)WS_ARRAY_LEN(accepted))
		return err_set(e, ERR_USAGE, "unknown command '%s'", name);
	if (check_options(v, cmd, e) < 0)
		return -1;
	quiet = opt_count(v, "quiet") > 0;
	if (cmd == 0)
		return schema(v, e);
	if (cmd == 2)
		return load(v, e);
	return simple(v, cmd, e);
}

int main(int argc, char **argv)
{
	struct opt_values v = { 0 };
	struct err e;
	int rc;

	log_init(argv[0]);
	err_init(&e);
	rc = opt_parse(&v, &tool, argc, argv, &e);
	if (rc == 0) {
		rc = run(&v, &e);
		if (rc < 0)
			rc = e.cls == ERR_USAGE
				     ? log_usage(&tool, &e)
				     : log_err(&e, where[0] ? where : NULL);
	} else {
		rc = rc < 0 ? log_usage(&tool, &e) : EXIT_OK;
	}
	opt_values_release(&v);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_warn("cannot write the output:");
		rc = EXIT_FAILURE_RUNTIME;
	}
	return rc;
}

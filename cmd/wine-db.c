/*
 * wine-db: create and migrate the winestore database, load alice-style
 * fixtures into it, and export it back.
 */
#include "compat.h"

#include "buf.h"
#include "db.h"
#include "faker.h"
#include "fixtures.h"
#include "log.h"
#include "opt.h"
#include "timex.h"
#include "tool.h"

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
		"[-d PATH] schema create|drop --force|update|status [--dump-sql]\n"
		"[-d PATH] purge [--purge-with-truncate]\n"
		"[-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...\n"
		"[-d PATH] export [--format yaml|json]\n"
		"[-d PATH] stats [--format text|json]",
	.summary =
		"Manage the winestore database and its alice-style fixtures.",
	.opts = opts,
	.commands = commands,
	.versions = fixtures_versions,
};

/* In the order of commands[]. */
enum command { SCHEMA, PURGE, LOAD, EXPORT, STATS, NCOMMANDS };

/* The options each command accepts. */
static const char *const accepted[NCOMMANDS][8] = {
	{ "database", "quiet", "force", "dump-sql", NULL },
	{ "database", "quiet", "purge-with-truncate", NULL },
	{ "database", "quiet", "purge-with-truncate", "append", "seed", "now",
	  NULL },
	{ "database", "quiet", "format", NULL },
	{ "database", "quiet", "format", NULL },
};

static bool quiet;
static struct timespec started;
static char where[4096]; /* the file a load error is in */

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
	static const char *const actions[] = { "create", "drop", "update",
					       "status" };
	const char *what = v->argc > 1 ? v->argv[1] : "";
	struct buf sql = BUF_INIT(1024 * 1024);
	struct db_status st;
	struct db *db;
	int rc = 0, a = 0, from, to;

	while (a < 4 && strcmp(what, actions[a]) != 0)
		a++;
	if (v->argc > 2)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[2]);
	if (a == 4)
		return err_set(
			e, ERR_USAGE,
			"%s schema action%s%s%s (want create, drop, update or status)",
			*what ? "unknown" : "missing", *what ? " '" : "", what,
			*what ? "'" : "");
	if (a == 1 && !opt_count(v, "force") && !opt_count(v, "dump-sql"))
		return err_set(
			e, ERR_USAGE,
			"refusing to drop the schema without '--force' (all data would be lost)");
	if (a == 3 && opt_count(v, "dump-sql"))
		return err_set(
			e, ERR_USAGE,
			"option '--dump-sql' does not apply to 'schema status'");
	/* Only status needs an existing file: dropping nothing is fine. */
	db = open_db(v, a == 3 ? 0 : DB_OPEN_CREATE, e);
	if (!db)
		return -1;
	if (opt_count(v, "dump-sql")) {
		rc = db_schema_sql(db, what, &sql, e);
		fputs(buf_cstr(&sql), stdout);
	} else if (a == 0 && (rc = db_schema_create(db, e)) == 0) {
		say("created schema version %d in '%s'", db_schema_latest(),
		    db_path(db));
	} else if (a == 1 && (rc = db_schema_drop(db, e)) == 0) {
		say("dropped the schema of '%s'", db_path(db));
	} else if (a == 2 && (rc = db_schema_update(db, &from, &to, e)) == 0) {
		if (from == to)
			say("'%s' is up to date (version %d)", db_path(db), to);
		else
			say("updated '%s' from version %d to %d", db_path(db),
			    from, to);
	} else if (a == 3 && (rc = db_status(db, &st, e)) == 0) {
		printf("database: %s\nversion: %d\nlatest: %d\nstatus: %s\n",
		       db_path(db), st.version, st.latest, db_status_word(&st));
	}
	buf_release(&sql);
	db_free(db);
	return rc;
}

/* rows/s and the time left, on a terminal, once a load takes a second. */
static void progress(void *ctx, const struct fixtures_progress *p)
{
	struct timespec t;
	char line[128];
	double secs;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &t);
	secs = (double)(t.tv_sec - started.tv_sec) +
	       (double)(t.tv_nsec - started.tv_nsec) / 1e9;
	if (secs < 1.0)
		return;
	fixtures_progress_text(p, secs, line, sizeof(line));
	log_progress("%s", line);
}

static int load(const struct opt_values *v, struct err *e)
{
	struct fixtures_options o = { 1, 0, true, false, NULL, NULL };
	struct fixtures_report report;
	const char *seed = opt_str(v, "seed"), *now = opt_str(v, "now");
	struct db *db;
	char *end;
	time_t t = time(NULL);
	int rc;

	if (opt_count(v, "append") && opt_count(v, "purge-with-truncate"))
		return err_set(
			e, ERR_USAGE,
			"cannot append and purge at the same time; choose '--append' or '--purge-with-truncate'");
	if (v->argc < 2)
		return err_set(e, ERR_USAGE,
			       "missing fixture file or directory");
	if (seed) {
		errno = 0;
		o.seed = strtoull(seed, &end, 10);
		if (errno || *end || end == seed || seed[0] == '-')
			return err_set(
				e, ERR_USAGE,
				"invalid seed '%s' (want a whole number)",
				seed);
	}
	o.now = (int64_t)t;
	if (now && timex_parse_time(now, &t, NULL) == 0)
		o.now = (int64_t)t;
	else if (now && faker_strtotime(now, strlen(now), o.now, &o.now, e) < 0)
		return err_set(
			e, ERR_USAGE,
			"invalid time '%s' for '--now' (want Unix seconds or 2026-11-28T12:00:00Z)",
			now);
	if (!quiet && isatty(STDERR_FILENO))
		o.progress = progress;
	db = open_db(v, DB_OPEN_CREATE, e);
	if (!db)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &started);
	rc = fixtures_load(
		db,
		opt_count(v, "append")		      ? DB_PURGE_NONE
		: opt_count(v, "purge-with-truncate") ? DB_PURGE_TRUNCATE
						      : DB_PURGE_DELETE,
		&o, (const char *const *)v->argv + 1, v->argc - 1, &report, e);
	log_progress_end();
	if (rc < 0)
		snprintf(where, sizeof(where), "%s", report.where);
	else
		say("loaded %llu row%s into '%s'",
		    (unsigned long long)report.total,
		    report.total == 1 ? "" : "s", db_path(db));
	db_free(db);
	return rc;
}

/* purge, export and stats. */
static int simple(const struct opt_values *v, int cmd, struct err *e)
{
	const char *format = opt_str(v, "format");
	bool json = format && !strcmp(format, "json");
	struct buf out = BUF_INIT(1024 * 1024);
	struct db *db;
	int rc;

	if (v->argc > 1)
		return err_set(e, ERR_USAGE, "unexpected argument '%s'",
			       v->argv[1]);
	if (format && !json &&
	    strcmp(format, cmd == EXPORT ? "yaml" : "text") != 0)
		return err_set(e, ERR_USAGE,
			       "unknown format '%s' (want %s or json)", format,
			       cmd == EXPORT ? "yaml" : "text");
	db = open_db(v, 0, e);
	if (!db)
		return -1;
	if (cmd == PURGE) {
		rc = db_purge(db,
			      opt_count(v, "purge-with-truncate")
				      ? DB_PURGE_TRUNCATE
				      : DB_PURGE_DELETE,
			      e);
		if (rc == 0)
			say("purged '%s'", db_path(db));
	} else if (cmd == EXPORT) {
		rc = fixtures_export(db, json ? FIXTURES_JSON : FIXTURES_YAML,
				     stdout, e);
	} else if ((rc = db_stats(db, json, &out, e)) == 0) {
		fputs(buf_cstr(&out), stdout);
	}
	buf_release(&out);
	db_free(db);
	return rc;
}

static int run(const struct opt_values *v, struct err *e)
{
	int cmd = 0;

	if (v->argc == 0)
		return err_set(
			e, ERR_USAGE,
			"missing command (want schema, purge, load, export or stats)");
	while (cmd < NCOMMANDS && strcmp(commands[cmd].name, v->argv[0]) != 0)
		cmd++;
	if (cmd == NCOMMANDS)
		return err_set(e, ERR_USAGE, "unknown command '%s'",
			       v->argv[0]);
	if (opt_only(v, commands[cmd].name, accepted[cmd], e) < 0)
		return -1;
	quiet = opt_count(v, "quiet") > 0;
	if (cmd == SCHEMA)
		return schema(v, e);
	if (cmd == LOAD)
		return load(v, e);
	return simple(v, cmd, e);
}

int main(int argc, char **argv)
{
	return tool_main(&tool, argc, argv, run, where);
}

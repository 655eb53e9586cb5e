/*
 * fixtures: load alice-style fixture files (YAML or JSON) into rows, and
 * export the database back into such files.
 *
 * The format is nelmio/alice 3.x's as hautelook/alice-bundle loads it:
 *
 *   include: [other.yaml]                 # merged; the includer wins
 *   parameters: { brand: Winestore }      # <{brand}> in values
 *   App\Entity\Wine:                      # a class mapped to a table
 *     wine_base (template):               # not stored; extended below
 *       stock: <numberBetween(1, 100)>
 *     wine_{1..10} (extends wine_base):   # ids wine_1 .. wine_10
 *       name: <name()>
 *       image: '@madia_object_*'
 *
 * Ranges {1..10} and {1..10, 2}, lists {a, b}, property flags (unique),
 * YAML anchors, aliases and merge keys are understood; values use the
 * language described in alice.h. A JSON file holds an object per class
 * whose value is an object of fixtures by id or an array of records
 * (named "<table>_1", "<table>_2", ... in the order given).
 *
 * Every value is drawn from its own stream, keyed by the seed, the
 * fixture id and the property name, and "now" is fixed for the whole
 * load: the same files, seed and now give the same rows everywhere, and
 * adding a fixture does not change any other.
 *
 * Loading streams: files are read once, in the order given (a directory
 * gives its *.yml, *.yaml and *.json files sorted by name, without case),
 * and each fixture is written as soon as everything it refers to is
 * known; the rest (wildcard references, forward references, templates
 * defined later) waits in a spool and is written at the end. Memory thus
 * grows with the number of fixture ids, not with the data.
 */
#ifndef WS_FIXTURES_H
#define WS_FIXTURES_H

#include "compat.h"

#include "db.h"
#include "err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct fixtures_progress {
	uint64_t rows;	      /* rows written so far */
	uint64_t rows_total;  /* fixtures met so far: all of them once the
			       * inputs are read (spooled is then set) */
	uint64_t bytes;	      /* input bytes parsed so far */
	uint64_t bytes_total; /* size of the inputs given (includes not
			       * counted) */
	bool spooled;	      /* now writing what waited for the end */
};

/*
 * Write p as one line for a terminal into out ("123456 rows, 80000 rows/s,
 * 45%, about 2s left"), given the seconds since the load started: the
 * share done is of the input read until it is all read, then of the rows.
 */
void fixtures_progress_text(const struct fixtures_progress *p, double seconds,
			    char *out, size_t size);

struct fixtures_options {
	uint64_t seed;	  /* 1 is alice's default */
	int64_t now;	  /* Unix seconds every date is relative to */
	bool threads;	  /* parse large files on a second thread */
	bool no_includes; /* refuse include: (for untrusted input) */
	/* Called now and then while loading; may be NULL. */
	void (*progress)(void *ctx, const struct fixtures_progress *p);
	void *progress_ctx;
};

/* One generated row as the sink receives it; everything is borrowed. */
struct fixtures_row {
	int table; /* db_table() index */
	int64_t id;
	const char *fixture;	       /* its fixture id ("wine_3") */
	const struct db_value *values; /* one per column, DATETIME as text */
	bool replace; /* overrides a row already written with this id */
	uint64_t tag; /* where it was defined, for fixtures_locate */
};

/* Where rows go: the database, or a test driver. */
struct fixtures_sink {
	/* The highest id table has used; rows without an id take the next. */
	int64_t (*last_id)(void *ctx, int table);
	/* Take one row; -1 with e set to stop the load. */
	int (*row)(void *ctx, const struct fixtures_row *row, struct err *e);
	void *ctx;
};

struct fixtures;

/* New: a load with these options into sink (both copied). */
struct fixtures *fixtures_new(const struct fixtures_options *o,
			      const struct fixtures_sink *sink, struct err *e);

/* Free; NULL is a no-op. */
void fixtures_free(struct fixtures *f);

/*
 * Queue a file or a directory (its fixture files, sorted). ERR_NOINPUT
 * when it does not exist, or a directory has no fixture file.
 */
int fixtures_add_path(struct fixtures *f, const char *path,
		      struct err *e) WS_MUST_USE;

/* Queue data[0..len) (borrowed until fixtures_run returns) named name. */
int fixtures_add_buffer(struct fixtures *f, const char *name, const char *data,
			size_t len, struct err *e) WS_MUST_USE;

/*
 * Read every queued input and send the rows to the sink. On error returns
 * -1 with e set: ERR_DATA with the line and column for a problem in a
 * file (fixtures_error_file names the file), ERR_NOINPUT for a file that
 * cannot be read, ERR_LIMIT when a ceiling of bounds.h is reached.
 */
int fixtures_run(struct fixtures *f, struct err *e) WS_MUST_USE;

/* Borrowed: the file the last error is in, or NULL. */
const char *fixtures_error_file(const struct fixtures *f);

/*
 * Set e's position (and fixtures_error_file) to where the row with this
 * tag was defined, for an error the sink reported later.
 */
void fixtures_locate(struct fixtures *f, uint64_t tag, struct err *e);

/* Rows written per table. */
uint64_t fixtures_rows(const struct fixtures *f, int table);

/* What fixtures_load reports. */
struct fixtures_report {
	uint64_t rows[DB_NTABLES];
	uint64_t total;	  /* rows of every table */
	char where[4096]; /* on error: the file, or "" */
};

/*
 * Load the files or directories in paths into db in one transaction,
 * purging first as asked. On any error the database is left exactly as
 * it was, report->where names the file at fault (if any) and e carries
 * the class, message and position.
 */
int fixtures_load(struct db *db, enum db_purge purge,
		  const struct fixtures_options *o, const char *const *paths,
		  int npaths, struct fixtures_report *report,
		  struct err *e) WS_MUST_USE;

enum fixtures_format { FIXTURES_YAML, FIXTURES_JSON };

/*
 * Write every row of db to out as a fixture file that fixtures_load reads
 * back to the same rows: one fixture per row, named "<table>_<id>", with
 * its id, references as '@<table>_<id>' and strings escaped for alice.
 */
int fixtures_export(struct db *db, enum fixtures_format format, FILE *out,
		    struct err *e) WS_MUST_USE;

/* "libyaml 0.2.5, sqlite 3.40.1": library versions for --version. */
const char *fixtures_versions(void);

#endif

/*
 * yamlread: libyaml's event stream with positions, optionally parsed
 * ahead on a second thread.
 *
 * libyaml reads about 65 MB/s; a large fixture file would spend most of
 * its load time there. In threaded mode a reader thread parses events
 * into batches (a bounded queue of a few hundred kilobytes) while the
 * caller turns the previous ones into rows, so parsing and inserting
 * overlap on two cores. Both modes give the same events and errors.
 */
#ifndef WS_YAMLREAD_H
#define WS_YAMLREAD_H

#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum yamlread_kind {
	YR_STREAM_END = 0,
	YR_DOC_START,
	YR_DOC_END,
	YR_MAP_START,
	YR_MAP_END,
	YR_SEQ_START,
	YR_SEQ_END,
	YR_SCALAR,
	YR_ALIAS
};

/* One event; its strings are borrowed until the next yamlread_next. */
struct yamlread_event {
	enum yamlread_kind kind;
	bool plain;	   /* scalar: plain style, so its type resolves */
	const char *value; /* scalar text or alias name, NUL-terminated */
	size_t len;
	const char *anchor; /* "&name" given on this node, or NULL */
	const char *tag;    /* an explicit tag, or NULL */
	long line, column;  /* where the node starts, 1-based */
};

struct yamlread;

/*
 * New: a reader over the file at path ("-" is standard input), threaded
 * when asked; a *.json file is read as strict JSON. ERR_NOINPUT when the
 * file cannot be opened. NULL on error.
 */
struct yamlread *yamlread_open_file(const char *path, bool threaded,
				    struct err *e);

/*
 * New: a reader over data[0..len), which must outlive the reader; data
 * that starts as a JSON object ('{' then '"' or '}') is read as JSON.
 */
struct yamlread *yamlread_open_buffer(const char *data, size_t len,
				      bool threaded, struct err *e);

/*
 * The next event into *ev. Returns 0, or -1 with ERR_DATA and the
 * position for invalid YAML (ERR_NOINPUT for a read error). After
 * YR_STREAM_END or an error, every call repeats it.
 */
int yamlread_next(struct yamlread *r, struct yamlread_event *ev,
		  struct err *e) WS_MUST_USE;

/* Bytes of input the parser has consumed so far (for progress). */
uint64_t yamlread_consumed(const struct yamlread *r);

/* Stop the reader thread if any and free; NULL is a no-op. */
void yamlread_free(struct yamlread *r);

/* "libyaml 0.2.5" */
const char *yamlread_version(void);

#endif

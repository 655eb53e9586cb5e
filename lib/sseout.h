/*
 * sseout: events written out for a shell, fast.
 *
 * Three formats: JSON Lines (one {"id","type","data","retry"} object per
 * event), data only (each event's data and a line feed), and raw (the
 * stream's bytes as received). Output collects in a buffer and goes out
 * with write(2) in whole events only: a stream cut in the middle of an
 * event never prints half of it, also in raw mode. A reader that went
 * away (EPIPE) is a normal end, told apart from a write error.
 *
 * JSON strings are written as UTF-8; invalid sequences become U+FFFD as
 * the WHATWG decoder does, so every line is valid JSON whatever the bytes.
 */
#ifndef WS_SSEOUT_H
#define WS_SSEOUT_H

#include "buf.h"
#include "compat.h"
#include "err.h"
#include "sse.h"

#include <stdbool.h>

enum sseout_format {
	SSEOUT_JSON, /* JSON Lines */
	SSEOUT_DATA, /* the data alone, then a line feed */
	SSEOUT_RAW   /* the event stream as received */
};

/* What sseout_flush and friends return besides 0 and -1. */
#define SSEOUT_CLOSED 1 /* the reader went away: stop quietly */

struct sseout {
	int fd;
	enum sseout_format format;
	bool json_data;	 /* JSON: put data that parses as JSON in as JSON */
	bool closed;	 /* the reader went away */
	struct buf out;	 /* whole events ready to write */
	struct buf pend; /* raw: the bytes of an event not yet complete */
};

/* Parse "json", "data" or "raw". ERR_USAGE on anything else. */
int sseout_parse_format(const char *name, enum sseout_format *format,
			struct err *e) WS_MUST_USE;

/*
 * Start writing to fd. max_event bounds what raw mode holds back for an
 * event not yet complete (0 means LIMIT_SSE_EVENT_BYTES). Allocates
 * nothing.
 */
void sseout_init(struct sseout *o, int fd, enum sseout_format format,
		 bool json_data, size_t max_event);

/* Free the buffers; unwritten output is lost (flush first). */
void sseout_release(struct sseout *o);

/*
 * Format ev (JSON or data; nothing in raw mode). May write when the
 * buffer is full. Returns 0, SSEOUT_CLOSED, or -1 with e set.
 */
int sseout_event(struct sseout *o, const struct sse_event *ev,
		 struct err *e) WS_MUST_USE;

/*
 * Raw mode: n more bytes of the stream, of which the first safe bytes
 * complete what came before into whole events (sse_parser's "safe"); the
 * rest is held until a later call completes it. Returns as sseout_event;
 * ERR_LIMIT when more than max_event bytes are held.
 */
int sseout_raw(struct sseout *o, const char *bytes, size_t n, size_t safe,
	       struct err *e) WS_MUST_USE;

/* The stream ended: forget raw bytes held for an incomplete event. */
void sseout_cut(struct sseout *o);

/* Write everything complete. Returns 0, SSEOUT_CLOSED, or -1 with e. */
int sseout_flush(struct sseout *o, struct err *e) WS_MUST_USE;

/*
 * Append s[0..n) to b as a JSON string literal with its quotes, invalid
 * UTF-8 replaced by U+FFFD. Returns 0 or a negative buf_err.
 */
int sseout_json_string(struct buf *b, const char *s, size_t n) WS_MUST_USE;

#endif

/*
 * sse: Server-Sent Events, both directions.
 *
 * The encoder writes the bytes a Mercure hub sends for one update (event,
 * retry, id, then one "data:" line per line of data), so that no value can
 * inject a field. The parser is the WHATWG HTML "interpret an event
 * stream" algorithm as a byte state machine, incremental over arbitrary
 * read boundaries, with a ceiling on memory.
 *
 * Bytes, not text: data may hold NUL. The parser does not decode UTF-8;
 * line breaks, colons and spaces are ASCII and never occur inside a UTF-8
 * sequence, so a byte parse splits lines and fields exactly as decoding
 * first would. Consumers that need text replace invalid sequences
 * themselves (sseout does, with U+FFFD).
 */
#ifndef WS_SSE_H
#define WS_SSE_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>

enum sse_err {
	SSE_OK = 0,
	SSE_ENOMEM = -1, /* the allocator said no */
	SSE_ELIMIT = -2, /* a line or an event passed the ceiling */
	SSE_EINVAL = -3	 /* encoder: an id or type holds CR, LF or NUL */
};

/*
 * One event. Strings are counted, not NUL-terminated (the parser's are
 * followed by a NUL all the same). Borrowed from whoever hands it out.
 */
struct sse_event {
	const char *id; /* parser: the last event ID; encoder: NULL is "" */
	size_t id_len;
	const char *type; /* parser: "message" when the stream named none;
			   * encoder: NULL or "" writes no "event:" line */
	size_t type_len;
	const char *data; /* without the final line feed */
	size_t data_len;
	long long retry; /* parser: the "retry" given in this event's block,
			  * or -1; encoder: written when > 0 */
};

/* The bytes of a keep-alive comment, as the Mercure hub sends them. */
#define SSE_HEARTBEAT ":\n"

/*
 * Append ev to out as Mercure does: "event: <type>\n" when the type is not
 * empty, "retry: <n>\n" when retry > 0, "id: <id>\n" always, one
 * "data: <line>\n" per line of data (split at CRLF, CR and LF; empty data
 * still gives "data: \n"), then "\n". Returns 0, SSE_EINVAL when the id or
 * type holds CR, LF or NUL, or a negative buf_err when out is full; out is
 * unchanged on error.
 */
int sse_encode(struct buf *out, const struct sse_event *ev) WS_MUST_USE;

/*
 * Append a comment: one ":<line>\n" per line of text (split like data),
 * or ":\n" for empty text (SSE_HEARTBEAT). Errors as sse_encode.
 */
int sse_encode_comment(struct buf *out, const char *text,
		       size_t len) WS_MUST_USE;

/*
 * What the parser calls. Each returns 0 to go on, or any other value to
 * stop sse_parser_feed at once and make it return that value (use
 * positive values to tell them from enum sse_err). NULL members are
 * allowed.
 */
struct sse_callbacks {
	/* A dispatched event; ev and its strings live until the callback
	 * returns. */
	int (*event)(void *ctx, const struct sse_event *ev);
	/* A valid "retry" field: the new reconnection time in ms (clamped
	 * to LLONG_MAX). */
	int (*retry)(void *ctx, long long ms);
	/* A comment line, without its colon. When NULL, comment lines are
	 * skipped without being buffered, whatever their length. */
	int (*comment)(void *ctx, const char *text, size_t len);
};

/*
 * The parser. Embed it and use the functions below. cb, ctx and max are
 * set by sse_parser_init; used and safe may be read after each feed; the
 * rest is private state.
 */
struct sse_parser {
	struct sse_callbacks cb;
	void *ctx;
	size_t max; /* ceiling on a line and on an event's data */

	/* results of the last sse_parser_feed */
	size_t used; /* bytes consumed (less than len only after a stop) */
	size_t safe; /* bytes after which no event was left half-read: the
		      * end of the last line that ended a block, or that
		      * left nothing pending; 0 when none */

	struct buf line;    /* a line cut by a read boundary */
	struct buf data;    /* the data buffer, each line followed by LF */
	struct buf type;    /* the event type buffer */
	struct buf id;	    /* the last event ID buffer */
	struct buf last_id; /* the last event ID string (set on dispatch) */
	long long retry;    /* the reconnection time, -1 until a stream sets
			     * it */
	long long block_retry;
	int err;	   /* sticky enum sse_err */
	unsigned char bom; /* BOM bytes matched at the start; 3 = past it */
	bool block;	   /* the current block has had a field line */
	bool cr;	   /* a read ended with CR: skip one LF */
	bool skip;	   /* inside a comment line not being reported */
	bool id_dirty;	   /* the ID buffer differs from last_id */
};

/*
 * Start a parser for a new stream. max is the ceiling on one line and on
 * one event's data (0 means LIMIT_SSE_EVENT_BYTES); cb is copied and may
 * be NULL. Allocates nothing.
 */
void sse_parser_init(struct sse_parser *p, size_t max,
		     const struct sse_callbacks *cb, void *ctx);

/* Free the parser's buffers. */
void sse_parser_release(struct sse_parser *p);

/*
 * Parse len more bytes of the stream. Returns 0 when all were consumed,
 * the non-zero value a callback returned to stop (p->used then says how
 * many bytes were consumed; feed the rest later to go on), or a negative
 * enum sse_err. SSE_ELIMIT and SSE_ENOMEM are sticky: every later feed
 * returns them until sse_parser_end.
 */
int sse_parser_feed(struct sse_parser *p, const void *buf,
		    size_t len) WS_MUST_USE;

/*
 * End of the stream: pending data, a partial line and a half-read block
 * are discarded (never dispatched), and the parser is ready for a new
 * stream (a BOM is stripped again). The last event ID string and the
 * reconnection time survive, as an EventSource keeps them across
 * reconnections. Clears a sticky error. Returns whether anything was
 * discarded (a stream cut in the middle of an event, or one that failed).
 */
bool sse_parser_end(struct sse_parser *p);

/* Borrowed: the last event ID string (what Last-Event-ID should send);
 * "" when none. *len may be NULL. */
const char *sse_parser_last_id(const struct sse_parser *p, size_t *len);

/* The reconnection time the stream asked for, or -1. */
long long sse_parser_retry(const struct sse_parser *p);

/*
 * Fill e with the reason for a negative result of sse_parser_feed or
 * sse_encode (ERR_LIMIT, ERR_DATA or ERR_RUNTIME) and return -1.
 */
int sse_error(int rc, size_t max, struct err *e);

#endif

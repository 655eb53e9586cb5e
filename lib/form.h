/*
 * form: application/x-www-form-urlencoded parsing and encoding.
 *
 * Parsing follows the WHATWG URL standard's urlencoded parser (pairs split
 * on "&", name and value on the first "=", "+" is a space, empty pairs
 * are skipped, a name without "=" has an empty value) with one change:
 * a "%" that does not start a %XX escape is an error, as in the reference
 * hub (Go's url.ParseQuery), instead of being kept. Decoded bytes are
 * returned as they are (they may include NUL): lengths are authoritative,
 * and every name and value is also NUL-terminated for convenience.
 *
 * A parse costs one allocation at most: the decoded text is written into
 * the input itself (form_parse_inplace: zero copy) or into one copy of
 * it (form_parse), and the field array shares the same block.
 *
 * On top sit the two readers the Mercure hub needs: the publish body
 * (topic, data, private, id, type, retry) and the subscribe query string
 * (topic, match, match_exact, match_urlpattern, lastEventID,
 * last_event_id, Last-Event-ID, authorization). Their values point into the
 * parsed form.
 */
#ifndef WS_FORM_H
#define WS_FORM_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A decoded byte string, borrowed from the form it came from. */
struct form_str {
	const char *s; /* NUL-terminated; NULL only in an absent field */
	size_t len;
};

struct form_field {
	struct form_str name;
	struct form_str value;
};

struct form {
	struct form_field *fields; /* in input order */
	size_t nfields;
	struct form_str *scratch; /* nfields entries the readers fill */
	char *text;		  /* the decoded bytes, owned or borrowed */
	void *mem;		  /* the one allocation */
};

/* Ceilings of one parse; fields left 0 take the bounds.h default. */
struct form_limits {
	size_t max_bytes;  /* LIMIT_FORM_BYTES: the encoded input */
	size_t max_fields; /* LIMIT_FORM_FIELDS: non-empty pairs */
};

/* An empty form; cannot fail. */
void form_init(struct form *f);

/* Free what a parse allocated; the form is empty again. */
void form_release(struct form *f);

/*
 * Parse s[0..len) into f (initialised, or released after an earlier
 * parse), copying it first. lim may be NULL. Returns 0, or -1 with
 * ERR_LIMIT (input or field count over the limits), ERR_DATA (a bad
 * escape; e->column is its 1-based byte offset) or ERR_RUNTIME. On
 * error f is left empty.
 */
int form_parse(struct form *f, const char *s, size_t len,
	       const struct form_limits *lim, struct err *e) WS_MUST_USE;

/*
 * As form_parse, decoding in place: s[0..len] must be writable (one byte
 * past the input too, as a struct buf always has) and is overwritten.
 * The fields borrow from s, which must outlive the form.
 */
int form_parse_inplace(struct form *f, char *s, size_t len,
		       const struct form_limits *lim,
		       struct err *e) WS_MUST_USE;

/* Borrowed: the first field called name, or NULL. */
const struct form_field *form_get(const struct form *f, const char *name);

/* How many fields are called name. */
size_t form_count(const struct form *f, const char *name);

/* The value of hex digit c (either case), or -1. */
int form_hexval(int c);

/*
 * Percent-decode s[0..len) into out (which may be s itself: decoding
 * never grows), "+" becoming a space when plus is set. Writes a NUL
 * after the result. Returns the decoded length, or -1 with ERR_DATA for a
 * "%" without two hex digits.
 */
long form_unescape(char *out, const char *s, size_t len, bool plus,
		   struct err *e) WS_MUST_USE;

/* How form_escape writes bytes that need escaping. */
enum form_escape_mode {
	/* WHATWG urlencoded: keep A-Z a-z 0-9 * - . _, space as "+". */
	FORM_ESC_FORM,
	/* RFC 3986 component: keep A-Z a-z 0-9 - . _ ~, space as %20. */
	FORM_ESC_URI
};

/* Append s[0..len) escaped (uppercase hex). Returns a buf_err. */
int form_escape(struct buf *out, const char *s, size_t len,
		enum form_escape_mode mode) WS_MUST_USE;

/*
 * Append one "name=value" pair to a form body, preceded by "&" unless out
 * is empty. Returns a buf_err.
 */
int form_add(struct buf *out, const char *name, const char *value,
	     size_t value_len) WS_MUST_USE;

/* A Mercure publish request, read from its parsed body. */
struct form_publish {
	const struct form_str *topics; /* canonical first, then alternates */
	size_t ntopics;
	struct form_str data; /* .s NULL when absent (empty data) */
	struct form_str id;   /* .s NULL when absent: the hub makes one */
	struct form_str type; /* .s NULL when absent */
	uint64_t retry;	      /* 0 when absent */
	bool is_private;      /* a "private" field, whatever its value */
};

/*
 * Read a publish body. As in the reference hub, a single-valued field
 * takes its first occurrence and unknown fields are ignored. Returns 0,
 * or -1 with:
 *   ERR_DATA   no topic; a topic holding NUL; "retry" not a decimal
 *              uint64; "id" or "type"
 *              holding CR, LF or NUL (they would forge SSE fields); an
 *              "id" that is "earliest" or starts with "#" (reserved by
 *              the protocol); the reserved "type" "mercure";
 *   ERR_LIMIT  over LIMIT_TOPIC_COUNT topics, a topic over
 *              LIMIT_TOPIC_BYTES, an id over LIMIT_EVENT_ID_BYTES, a type
 *              over LIMIT_EVENT_TYPE_BYTES.
 * The message names the field in single quotes, fit for a 400 body.
 * p borrows from f: its topic array is f's scratch space, which the next
 * form_publish_read or form_subscribe_read on f overwrites.
 */
int form_publish_read(struct form *f, struct form_publish *p,
		      struct err *e) WS_MUST_USE;

/* A Mercure subscribe request, read from its parsed query string. */
struct form_subscribe {
	const struct form_str *selectors; /* topic= (0.x selectors) */
	size_t nselectors;
	const struct form_str *exact; /* match= and match_exact= (1.0) */
	size_t nexact;
	const struct form_str *urlpattern; /* match_urlpattern= (1.0) */
	size_t nurlpattern;
	/* The cursor in each spelling, first occurrence; .s NULL if absent. */
	struct form_str last_event_id;	  /* 1.0 "last_event_id" */
	struct form_str last_event_id_0x; /* 0.x "lastEventID" */
	struct form_str last_event_id_v7; /* "Last-Event-ID" (version 7) */
	struct form_str authorization;	  /* 0.x token in the URL; redact it */
};

/*
 * Read a subscribe query string. Returns 0, or -1 with:
 *   ERR_DATA   no topic=, match=, match_exact= nor match_urlpattern=;
 *              a name starting with "match" (any case) other than
 *              those three (an unsupported matcher type, which 1.0 says
 *              MUST be refused);
 *   ERR_LIMIT  over LIMIT_TOPIC_COUNT selectors and matchers together,
 *              one over LIMIT_TOPIC_BYTES, a cursor over
 *              LIMIT_EVENT_ID_BYTES, a token over LIMIT_JWT_BYTES.
 * s borrows from f and its scratch space, as form_publish_read.
 */
int form_subscribe_read(struct form *f, struct form_subscribe *s,
			struct err *e) WS_MUST_USE;

/*
 * Borrowed: the cursor a subscriber sent in the query, by the reference
 * hub's precedence (a non-empty lastEventID, then a non-empty
 * last_event_id, then Last-Event-ID even empty when legacy is set, as
 * --protocol-version-compatibility 7 asks); NULL when none applies. The
 * Last-Event-ID request header, when present, beats all of them.
 */
const struct form_str *form_subscribe_cursor(const struct form_subscribe *s,
					     bool legacy);

#endif

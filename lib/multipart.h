/*
 * multipart: reading a multipart/form-data body (RFC 7578) in place.
 *
 * The parser walks the parts between boundary lines and reports each
 * part's field name, file name, content type and bytes, all pointing
 * into the body (nothing is copied or allocated). Only the part headers
 * a form upload uses are read: Content-Disposition (name, filename) and
 * Content-Type. Anything that does not frame as multipart is an error.
 */
#ifndef WS_MULTIPART_H
#define WS_MULTIPART_H

#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>

#define MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 */
#define MULTIPART_MAX_PARTS    64

struct multipart_str {
	const char *s; /* NULL when absent; not NUL-terminated */
	size_t len;
};

struct multipart_part {
	struct multipart_str name;     /* the form field */
	struct multipart_str filename; /* a file's name as the client gave */
	struct multipart_str type;     /* its Content-Type */
	const char *data;
	size_t len;
};

/*
 * Copy the boundary parameter of a Content-Type value
 * ("multipart/form-data; boundary=xyz", quoted or not) into out (at least
 * MULTIPART_BOUNDARY_MAX + 1 bytes). Returns 0, or -1 with ERR_DATA when
 * the type is not multipart/form-data or has no valid boundary.
 */
int multipart_boundary(const char *content_type, char *out,
		       struct err *e) WS_MUST_USE;

/*
 * Parse body[0..len) with boundary into parts (at most max). Returns the
 * number of parts, or -1 with ERR_DATA (and the byte offset in e's
 * column) when the body is malformed, or ERR_LIMIT past max parts.
 */
int multipart_parse(const char *body, size_t len, const char *boundary,
		    struct multipart_part *parts, int max,
		    struct err *e) WS_MUST_USE;

/* Borrowed: the first part whose field name is name, or NULL. */
const struct multipart_part *multipart_find(const struct multipart_part *parts,
					    int n, const char *name);

#endif

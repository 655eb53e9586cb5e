/*
 * webassets: the web page (the files under web/), compiled in.
 *
 * The table is generated at build time by web/embed from the files under
 * web/ (build/gen/webassets.c), so the page needs no files at run time
 * and no build step of its own.
 */
#ifndef WS_WEBASSETS_H
#define WS_WEBASSETS_H

#include "compat.h"

#include <stddef.h>

struct webassets_file {
	const char *path; /* "/index.html" */
	const char *type; /* Content-Type */
	const unsigned char *data;
	size_t len;
};

/* The generated table; the last entry has a NULL path. */
extern const struct webassets_file webassets_table[];

/* Borrowed: the file served at path[0..len) ("/" is /index.html), or
 * NULL. Only exact names match: nothing else is ever read. */
const struct webassets_file *webassets_find(const char *path, size_t len);

#endif

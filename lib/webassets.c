/* webassets: lookup in the generated table of web files. */
#include "compat.h"

#include "webassets.h"

#include <string.h>

const struct webassets_file *webassets_find(const char *path, size_t len)
{
	const struct webassets_file *f;

	if (len == 1 && path[0] == '/')
		return webassets_find("/index.html", 11);
	for (f = webassets_table; f->path; f++)
		if (strlen(f->path) == len && !memcmp(f->path, path, len))
			return f;
	return NULL;
}

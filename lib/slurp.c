/* slurp: whole files and @file arguments into bounded buffers. */
#include "compat.h"

#include "slurp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int read_stream(struct buf *out, FILE *f, const char *name,
		       struct err *e)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		int rc = buf_add(out, chunk, n);

		if (rc == BUF_ELIMIT)
			return err_set(e, ERR_LIMIT,
				       "'%s' is larger than %zu bytes", name,
				       out->max);
		if (rc != BUF_OK)
			return err_set(e, ERR_RUNTIME, "out of memory");
	}
	if (ferror(f))
		return err_set_errno(e, ERR_NOINPUT, errno, "cannot read '%s'",
				     name);
	return 0;
}

int slurp_file(struct buf *out, const char *path, struct err *e)
{
	FILE *f;
	int rc;

	if (strcmp(path, "-") == 0)
		return read_stream(out, stdin, "<stdin>", e);
	f = fopen(path, "rb");
	if (!f)
		return err_set_errno(e, ERR_NOINPUT, errno, "cannot read '%s'",
				     path);
	rc = read_stream(out, f, path, e);
	fclose(f);
	return rc;
}

int slurp_arg(struct buf *out, const char *value, bool trim, struct err *e)
{
	int rc;

	if (value[0] != '@') {
		if (buf_addstr(out, value) != BUF_OK)
			return err_set(e, ERR_LIMIT,
				       "value is larger than %zu bytes",
				       out->max);
		return 0;
	}
	rc = slurp_file(out, value + 1, e);
	if (rc == 0 && trim && out->len && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	if (rc == 0 && trim && out->len && out->data[out->len - 1] == '\r')
		out->data[--out->len] = '\0';
	return rc;
}

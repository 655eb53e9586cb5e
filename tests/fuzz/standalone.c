/*
 * standalone: a main() for the fuzz targets, so that gcc builds each one
 * (no bit-rot) and make check replays it over its seeds under the
 * sanitizers. Each file argument is one input; with none, standard input
 * is. An argument still holding a '*' is a glob that matched nothing and
 * is skipped; any other unreadable file is an error.
 */
#include "compat.h"

#include "bounds.h"
#include "buf.h"
#include "slurp.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Seeds are small; this is only a guard against a wrong argument. */
#define MAX_INPUT (16 * 1024 * 1024)

static int replay(const char *path)
{
	struct buf in = BUF_INIT(MAX_INPUT);
	struct err e;
	int rc;

	err_init(&e);
	rc = slurp_file(&in, path, &e);
	if (rc == 0)
		LLVMFuzzerTestOneInput((const uint8_t *)buf_cstr(&in), in.len);
	else
		fprintf(stderr, "standalone: %s\n", e.msg);
	buf_release(&in);
	return rc;
}

int main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2)
		return replay("-") < 0;
	for (i = 1; i < argc; i++) {
		if (strchr(argv[i], '*'))
			continue;
		if (replay(argv[i]) < 0)
			status = 1;
	}
	return status;
}

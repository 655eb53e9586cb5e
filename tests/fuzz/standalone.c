/*
 * Replays fuzz inputs without libFuzzer: each argument is a file whose
 * bytes go to LLVMFuzzerTestOneInput once. make check builds every fuzz
 * target with this main() under ASan+UBSan and runs it over its seeds,
 * so the targets cannot rot and every seed stays a regression test.
 */
#include "compat.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Larger inputs are a fuzzing mistake, not a test. */
#define MAX_INPUT (16 * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 1;

	if (!f) {
		/* An unmatched shell glob ("seeds/x/ *") names no seed. */
		if (errno == ENOENT && strchr(path, '*'))
			return 0;
		fprintf(stderr, "standalone: cannot open '%s': %s\n", path,
			strerror(errno));
		return 1;
	}
	for (;;) {
		if (len == cap) {
			unsigned char *p;

			cap = cap ? cap * 2 : 4096;
			if (cap > MAX_INPUT) {
				fprintf(stderr,
					"standalone: '%s' is too large\n",
					path);
				goto out;
			}
			p = malloc(cap);
			if (!p)
				goto out;
			if (len)
				memcpy(p, data, len);
			free(data);
			data = p;
		}
		n = fread(data + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	if (ferror(f)) {
		fprintf(stderr, "standalone: cannot read '%s'\n", path);
		goto out;
	}
	LLVMFuzzerTestOneInput(data, len);
	rc = 0;
out:
	free(data);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++)
		rc |= replay(argv[i]);
	return rc;
}

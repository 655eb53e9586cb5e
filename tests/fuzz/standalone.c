/*
 * Replays fuzz inputs without libFuzzer: each file named on the command
 * line is read and passed to LLVMFuzzerTestOneInput, so every fuzz target
 * builds with gcc and runs over its seeds in make check.
 */
#include "compat.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *data = NULL;
		size_t size = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (size == cap) {
				unsigned char *more;

				cap = cap ? cap * 2 : 4096;
				more = malloc(cap);
				if (!more) {
					fclose(f);
					free(data);
					return 1;
				}
				if (size)
					memcpy(more, data, size);
				free(data);
				data = more;
			}
			n = fread(data + size, 1, cap - size, f);
			size += n;
		} while (n > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return 0;
}

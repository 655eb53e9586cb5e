/*
 * A main() for every fuzz target when libFuzzer is not linked: runs
 * LLVMFuzzerTestOneInput once over each file named on the command line,
 * so gcc builds the targets (no bit-rot) and make check replays their
 * seeds under the sanitizers.
 */
#include "compat.h"

#include "buf.h"
#include "slurp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		struct buf in = BUF_INIT((size_t)64 * 1024 * 1024);
		struct err e;

		err_init(&e);
		if (slurp_file(&in, argv[i], &e) < 0) {
			fprintf(stderr, "%s\n", e.msg);
			status = 1;
		} else {
			LLVMFuzzerTestOneInput((const uint8_t *)buf_cstr(&in),
					       in.len);
		}
		buf_release(&in);
	}
	return status;
}

/*
 * Golden driver for sseout's JSON strings: prints standard input as one
 * JSON string literal (invalid UTF-8 replaced by U+FFFD) and a line feed.
 */
#include "compat.h"

#include "buf.h"
#include "slurp.h"
#include "sseout.h"

#include <stdio.h>

int main(void)
{
	struct buf in = BUF_INIT(16 * 1024 * 1024);
	struct buf out = BUF_INIT(128 * 1024 * 1024);
	struct err e;
	int rc;

	err_init(&e);
	rc = slurp_file(&in, "-", &e);
	if (rc == 0)
		rc = sseout_json_string(&out, buf_cstr(&in), in.len);
	if (rc == 0)
		printf("%s\n", buf_cstr(&out));
	else
		fprintf(stderr, "sseout: %s\n", e.msg[0] ? e.msg : "failed");
	buf_release(&in);
	buf_release(&out);
	return rc ? 1 : 0;
}

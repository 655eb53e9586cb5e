/*
 * Fuzz sseout's JSON strings: whatever the bytes, the result must parse as
 * one JSON string; valid UTF-8 (NUL included) must decode back to exactly
 * the same bytes, and invalid input must show U+FFFD.
 */
#include "compat.h"

#include "buf.h"
#include "sseout.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool has_replacement(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "\xef\xbf\xbd", 3) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT((size_t)1 << 30);
	json_t *got, *valid;

	if (sseout_json_string(&out, (const char *)data, size) != 0)
		abort();
	got = json_loadb(out.data, out.len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
			 NULL);
	if (!json_is_string(got))
		abort();
	/* jansson makes a string of the bytes only if they are UTF-8. */
	valid = json_stringn((const char *)data, size);
	if (valid && !json_equal(valid, got))
		abort();
	if (!valid &&
	    !has_replacement(json_string_value(got), json_string_length(got)))
		abort();
	if (json_string_length(got) > 3 * size)
		abort();
	json_decref(valid);
	json_decref(got);
	buf_release(&out);
	return 0;
}

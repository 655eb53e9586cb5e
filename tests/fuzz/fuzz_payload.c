/*
 * Fuzz target for lib/payload: the input is read as the golden files
 * are, a first line naming the resource and the operation ("wine
 * create", "comment update"), then a request body. Besides crashes it checks
 * what a write relies on: a body with no violations leaves a wine or comment
 * that the database accepts (text present, not blank, at most 255
 * characters; stock and price not negative; relations positive).
 */
#include "compat.h"

#include "payload.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void check_text(const char *s)
{
	if (!s || !*s || chars(s) > PAYLOAD_TEXT_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t head;
	struct payload p;
	struct err e;
	bool wine, create;

	if (!nl)
		return 0;
	head = (size_t)(nl - (const char *)data);
	wine = head >= 4 && !memcmp(data, "wine", 4);
	create = head >= 6 && !memcmp(data + head - 6, "create", 6);
	if (payload_parse(&p, wine ? PAYLOAD_WINE : PAYLOAD_COMMENT, nl + 1,
			  size - head - 1, &e) < 0) {
		payload_release(&p);
		if (e.cls != ERR_DATA)
			abort();
		return 0;
	}
	if (p.nviolations < 0 || p.nviolations > PAYLOAD_MAX_VIOLATIONS)
		abort();
	if (wine) {
		struct store_wine w = { 0 };

		if (!create) {
			w.name = strdup("Base");
			w.description = strdup("Base.");
		}
		payload_apply_wine(&p, &w, create);
		if (p.nviolations == 0) {
			check_text(w.name);
			check_text(w.description);
			if (w.stock < 0 || !(w.price >= 0) || w.image_id < 0)
				abort();
		}
		store_wine_release(&w);
	} else {
		struct store_comment c = { 0 };

		if (!create) {
			c.text = strdup("Base.");
			c.created_at = strdup("2020-01-01 00:00:00");
			c.wine_id = 1;
		}
		payload_apply_comment(&p, &c, create, "2026-01-01 12:00:00");
		if (p.nviolations == 0) {
			check_text(c.text);
			if (!c.created_at || strlen(c.created_at) != 19 ||
			    c.wine_id <= 0)
				abort();
		}
		store_comment_release(&c);
	}
	payload_release(&p);
	return 0;
}

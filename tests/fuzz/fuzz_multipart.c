/*
 * Fuzz target for lib/multipart: the input is a Content-Type line, then
 * a body. Besides crashes it checks that every part lies inside the body
 * and that no part's data holds the delimiter that should have ended it.
 */
#define _GNU_SOURCE /* memmem */
#include "compat.h"

#include "multipart.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const char *p, size_t len, const char *body, size_t size)
{
	if (p && (p < body || p + len > body + size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct multipart_part parts[MULTIPART_MAX_PARTS];
	char boundary[MULTIPART_BOUNDARY_MAX + 1], ct[512], delim[80];
	const char *nl = memchr(data, '\n', size), *body;
	size_t blen, dlen;
	struct err e;
	int n, i;

	if (!nl || (size_t)(nl - (const char *)data) >= sizeof(ct))
		return 0;
	memcpy(ct, data, (size_t)(nl - (const char *)data));
	ct[nl - (const char *)data] = '\0';
	if (multipart_boundary(ct, boundary, &e) < 0)
		return 0;
	if (!*boundary || strlen(boundary) > MULTIPART_BOUNDARY_MAX)
		abort();
	body = nl + 1;
	blen = size - (size_t)(body - (const char *)data);
	n = multipart_parse(body, blen, boundary, parts, MULTIPART_MAX_PARTS,
			    &e);
	if (n < 0 || n > MULTIPART_MAX_PARTS)
		return 0;
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	for (i = 0; i < n; i++) {
		const struct multipart_part *p = &parts[i];

		inside(p->data, p->len, body, blen);
		inside(p->name.s, p->name.len, body, blen);
		inside(p->filename.s, p->filename.len, body, blen);
		inside(p->type.s, p->type.len, body, blen);
		if (p->len >= dlen && memmem(p->data, p->len, delim, dlen))
			abort();
	}
	return 0;
}

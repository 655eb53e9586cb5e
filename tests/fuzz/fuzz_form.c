/*
 * Fuzz target for lib/form: the input is a form body or query string.
 * Besides looking for crashes it checks that parsing a copy and parsing
 * in place agree, that encoding the fields and parsing the result gives
 * them back, and that what the Mercure readers accept is safe to put on
 * an SSE line.
 */
#include "compat.h"

#include "buf.h"
#include "form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_str(const struct form_str *a, const struct form_str *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len) &&
	       a->s[a->len] == '\0' && b->s[b->len] == '\0';
}

static bool same_fields(const struct form *a, const struct form *b)
{
	size_t i;

	if (a->nfields != b->nfields)
		return false;
	for (i = 0; i < a->nfields; i++)
		if (!same_str(&a->fields[i].name, &b->fields[i].name) ||
		    !same_str(&a->fields[i].value, &b->fields[i].value))
			return false;
	return true;
}

static void check_publish(struct form *f)
{
	struct form_publish p;
	struct err e;
	size_t i;

	if (form_publish_read(f, &p, &e))
		return;
	if (!p.ntopics || p.ntopics > LIMIT_TOPIC_COUNT)
		abort();
	for (i = 0; p.id.s && i < p.id.len; i++)
		if (strchr("\r\n", p.id.s[i]) || !p.id.s[i])
			abort();
	for (i = 0; p.type.s && i < p.type.len; i++)
		if (strchr("\r\n", p.type.s[i]) || !p.type.s[i])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form a, b, c;
	struct form_subscribe s;
	struct buf enc = BUF_INIT(3 * LIMIT_FORM_BYTES + LIMIT_FORM_FIELDS);
	char *copy;
	struct err e;
	size_t i;
	int ra, rb;

	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	ra = form_parse(&a, (const char *)data, size, NULL, &e);
	rb = form_parse_inplace(&b, copy, size, NULL, &e);
	if (ra != rb || (!ra && !same_fields(&a, &b)))
		abort();
	if (!ra) {
		for (i = 0; i < a.nfields; i++)
			if (form_add(&enc, a.fields[i].name.s,
				     a.fields[i].value.s,
				     a.fields[i].value.len))
				abort();
		/* Names are C strings: a NUL in one ends it early. */
		for (i = 0; i < a.nfields; i++)
			if (strlen(a.fields[i].name.s) != a.fields[i].name.len)
				goto skip;
		if (form_parse(&c, enc.len ? enc.data : "", enc.len,
			       &(struct form_limits){ enc.len + 1, 0 }, &e) ||
		    !same_fields(&a, &c))
			abort();
		form_release(&c);
	skip:
		check_publish(&a);
		if (!form_subscribe_read(&a, &s, &e) &&
		    (!(s.nselectors + s.nexact) ||
		     s.nselectors + s.nexact > LIMIT_TOPIC_COUNT))
			abort();
	}
	form_release(&a);
	form_release(&b);
	buf_release(&enc);
	free(copy);
	return 0;
}

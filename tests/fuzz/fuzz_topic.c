/*
 * Fuzz target for lib/topic. The input is a selector, a NUL byte and a
 * topic (without a NUL the selector is also the topic). Besides looking
 * for crashes it checks invariants that must hold for any input:
 * compiling fails only on a limit, a selector always matches its own
 * text, a template is exactly what topic_template_check accepts, and a
 * set answers as its one selector does.
 */
#include "compat.h"

#include "topic.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *t = s;
	const char *nul = memchr(s, '\0', size);
	size_t slen = nul ? (size_t)(nul - s) : size, tlen = slen;
	struct topic_selector *sel;
	struct topic_set *set;
	struct err e;
	bool m;

	if (nul) {
		t = nul + 1;
		tlen = size - slen - 1;
	}
	err_init(&e);
	sel = topic_selector_new(s, slen, &e);
	if (!sel) {
		if (e.cls != ERR_LIMIT)
			abort();
		return 0;
	}
	if (!topic_selector_match(sel, s, slen))
		abort();
	if ((topic_selector_kind(sel) == TOPIC_TEMPLATE) !=
	    (topic_template_check(s, slen, &e) == 0 &&
	     !(slen == 1 && s[0] == '*')))
		abort();
	m = topic_selector_match(sel, t, tlen);
	set = topic_set_new();
	if (set) {
		if (topic_set_add(set, s, slen, &e) == 0 &&
		    topic_set_match_one(set, t, tlen) != m)
			abort();
		topic_set_free(set);
	}
	topic_selector_free(sel);
	return 0;
}

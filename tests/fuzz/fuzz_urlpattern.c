/*
 * Fuzz target for lib/urlpattern (and the lib/urlparse beneath it).
 *
 * An input holding a NUL byte is split on NUL bytes: a pattern, a base
 * URL (empty: the default base) and any number of topics. Otherwise it is
 * read as the golden files are: lines of pattern<TAB>base<TAB>topic, so
 * the golden cases seed the corpus as they are. Lines beyond MAX_LINES
 * and topics beyond MAX_TOPICS are ignored, which with the limits of the
 * library (pattern and topic length, regexp match limits) bounds the time
 * one input takes.
 *
 * Besides crashes, leaks and time, it checks what must hold whatever the
 * input: compiling fails only with a data, limit or memory error and
 * always says why, a compiled pattern has its eight component strings,
 * and matching the same topic twice gives the same answer.
 */
#include "compat.h"

#include "bounds.h"
#include "urlpattern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES  16
#define MAX_TOPICS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *pat, size_t plen, const char *base,
		  const char *const *topics, const size_t *tlen, size_t ntopics)
{
	struct urlpattern *p;
	struct err e;
	size_t i, n;
	int c;

	err_init(&e);
	p = urlpattern_compile(pat, plen, base, &e);
	if (!p) {
		if ((e.cls != ERR_DATA && e.cls != ERR_LIMIT &&
		     e.cls != ERR_RUNTIME) ||
		    !e.msg[0] || memchr(e.msg, '\n', strlen(e.msg)))
			abort();
		return;
	}
	for (c = 0; c < URLPATTERN_COMPONENTS; c++)
		if (!urlpattern_component(p, c, &n) ||
		    strlen(urlpattern_component(p, c, NULL)) != n)
			abort();
	for (i = 0; i < ntopics; i++)
		if (urlpattern_match(p, topics[i], tlen[i]) !=
		    urlpattern_match(p, topics[i], tlen[i]))
			abort();
	urlpattern_free(p);
}

/* pattern NUL base NUL topic NUL topic ... */
static void split_nul(const char *s, size_t size)
{
	const char *field[2 + MAX_TOPICS];
	size_t len[2 + MAX_TOPICS], n = 0, start = 0, i;
	char *base = NULL;

	for (i = 0; i <= size && n < WS_ARRAY_LEN(field); i++) {
		if (i < size && s[i] != '\0')
			continue;
		field[n] = s + start;
		len[n++] = i - start;
		start = i + 1;
	}
	if (n >= 2 && len[1] > 0) {
		base = malloc(len[1] + 1);
		if (!base)
			return;
		memcpy(base, field[1], len[1]);
		base[len[1]] = '\0';
	}
	check(field[0], len[0], base, field + 2, len + 2, n > 2 ? n - 2 : 0);
	free(base);
}

/* Lines as in tests/data/urlpattern: pattern TAB base ("-": default) TAB topic.
 */
static void split_lines(const char *s, size_t size)
{
	size_t start = 0, end, lines = 0, tab1, tab2;
	char *base;

	while (start < size && lines++ < MAX_LINES) {
		const char *line = s + start, *t1, *t2, *topic = NULL;
		size_t len, tlen = 0;

		end = start;
		while (end < size && s[end] != '\n')
			end++;
		len = end - start;
		start = end + 1;
		t1 = memchr(line, '\t', len);
		tab1 = t1 ? (size_t)(t1 - line) : len;
		base = NULL;
		if (t1) {
			t2 = memchr(t1 + 1, '\t', len - tab1 - 1);
			tab2 = t2 ? (size_t)(t2 - line) : len;
			if (!(tab2 - tab1 - 1 == 1 && line[tab1 + 1] == '-')) {
				base = malloc(tab2 - tab1);
				if (!base)
					return;
				memcpy(base, line + tab1 + 1, tab2 - tab1 - 1);
				base[tab2 - tab1 - 1] = '\0';
			}
			if (t2) {
				topic = t2 + 1;
				tlen = len - tab2 - 1;
			}
		}
		check(line, tab1, base, &topic, &tlen, topic ? 1 : 0);
		free(base);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (memchr(s, '\0', size))
		split_nul(s, size);
	else
		split_lines(s, size);
	return 0;
}

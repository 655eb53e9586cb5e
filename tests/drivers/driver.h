/*
 * driver.h: what the golden drivers print alike. A driver reads a golden
 * case's input and prints JSON lines; its strings go through here, so
 * every .out file quotes them the same way.
 */
#ifndef WS_DRIVER_H
#define WS_DRIVER_H

#include "compat.h"

#include <stddef.h>
#include <stdio.h>

/* s[0..len) as a JSON string: '"' and '\' escaped, control bytes and
 * DEL as \u00XX, every other byte as it is. */
static inline void put_json(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

#endif

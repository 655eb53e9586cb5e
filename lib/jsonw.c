/* jsonw: PHP-compatible JSON escaping and number formatting. */
#include "compat.h"

#include "jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

/* Decode one UTF-8 sequence at s[0..len); returns its length (1 for an
 * invalid byte, with *cp = 0xFFFD). */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07;
	else
		goto bad;
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}

static int add_u(struct buf *b, uint32_t v, bool upper)
{
	return buf_printf(b, upper ? "\\u%04X" : "\\u%04x", (unsigned)v);
}

int jsonw_str(struct buf *b, const char *s, size_t len, enum jsonw_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc = buf_addch(b, '"');

	while (rc == 0 && i < len) {
		unsigned char c = p[i];
		const char *esc = NULL;
		uint32_t cp;
		size_t n;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' &&
		    c != '/' &&
		    (mode == JSONW_PLAIN ||
		     (c != '<' && c != '>' && c != '&' && c != '\''))) {
			i++;
			run++;
			continue;
		}
		rc = buf_add(b, s + i - run, run);
		run = 0;
		if (rc)
			break;
		switch (c) {
		case '\\':
			esc = "\\\\";
			break;
		case '/':
			esc = "\\/";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '"':
			esc = mode == JSONW_LD ? "\\u0022" : "\\\"";
			break;
		case '<':
			esc = "\\u003C";
			break;
		case '>':
			esc = "\\u003E";
			break;
		case '&':
			esc = "\\u0026";
			break;
		case '\'':
			esc = "\\u0027";
			break;
		default:
			break;
		}
		if (esc) {
			rc = buf_addstr(b, esc);
			i++;
			continue;
		}
		if (c < 0x20) {
			rc = add_u(b, c, false);
			i++;
			continue;
		}
		n = utf8_next(p + i, len - i, &cp);
		i += n;
		if (mode == JSONW_LD && cp != 0xFFFD) {
			rc = buf_add(b, p + i - n, n);
		} else if (mode == JSONW_LD) {
			rc = buf_addstr(b, "\xEF\xBF\xBD");
		} else if (cp >= 0x10000) {
			cp -= 0x10000;
			rc = add_u(b, 0xD800 + (cp >> 10), false);
			if (rc == 0)
				rc = add_u(b, 0xDC00 + (cp & 0x3FF), false);
		} else {
			rc = add_u(b, cp, false);
		}
	}
	if (rc == 0)
		rc = buf_add(b, s + i - run, run);
	if (rc == 0)
		rc = buf_addch(b, '"');
	return rc;
}

int jsonw_cstr(struct buf *b, const char *s, enum jsonw_mode mode)
{
	return s ? jsonw_str(b, s, strlen(s), mode) : buf_addstr(b, "null");
}

int jsonw_key(struct buf *b, const char *key, enum jsonw_mode mode)
{
	int rc = 0;

	if (b->len && b->data[b->len - 1] != '{' && b->data[b->len - 1] != '[')
		rc = buf_addch(b, ',');
	if (rc == 0)
		rc = jsonw_cstr(b, key, mode);
	if (rc == 0)
		rc = buf_addch(b, ':');
	return rc;
}

int jsonw_int(struct buf *b, int64_t v)
{
	return buf_printf(b, "%" PRId64, v);
}

int jsonw_double(struct buf *b, double v)
{
	char tmp[40], *e;
	int prec;

	if (!isfinite(v))
		return buf_addch(b, '0');
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	e = strchr(tmp, 'e');
	if (e && !memchr(tmp, '.', (size_t)(e - tmp))) {
		/* PHP writes 1.0e+25 where C writes 1e+25 */
		int rc = buf_add(b, tmp, (size_t)(e - tmp));

		if (rc == 0)
			rc = buf_addstr(b, ".0");
		if (rc == 0)
			rc = buf_printf(b, "e%c%d", e[1],
					abs((int)strtol(e + 2, NULL, 10)));
		return rc;
	}
	if (e)
		return buf_printf(b, "%.*se%c%d", (int)(e - tmp), tmp, e[1],
				  abs((int)strtol(e + 2, NULL, 10)));
	return buf_addstr(b, tmp);
}

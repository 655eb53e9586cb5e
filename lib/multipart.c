/* multipart: multipart/form-data framing and part headers. */
#include "compat.h"

#include "multipart.h"

#include <strings.h>

static const char *find(const char *hay, size_t len, const char *needle,
			size_t nlen)
{
	const char *p = hay, *end = hay + len;

	if (nlen == 0 || len < nlen)
		return NULL;
	while ((p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1))) {
		if (!memcmp(p, needle, nlen))
			return p;
		if (++p > end - nlen)
			break;
	}
	return NULL;
}

static bool bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c);
}

int multipart_boundary(const char *ct, char *out, struct err *e)
{
	const char *p;
	size_t n = 0;
	bool quoted;

	if (!ct || strncasecmp(ct, "multipart/form-data", 19) ||
	    (ct[19] && ct[19] != ';' && ct[19] != ' '))
		return err_set(e, ERR_DATA, "not multipart/form-data");
	for (p = ct + 19; *p; p++) {
		if (strncasecmp(p, "boundary=", 9) ||
		    (p[-1] != ';' && p[-1] != ' '))
			continue;
		p += 9;
		quoted = *p == '"';
		p += quoted;
		while (*p && n <= MULTIPART_BOUNDARY_MAX &&
		       (quoted ? *p != '"' : (*p != ';' && *p != ' '))) {
			if (!bchar(*p))
				return err_set(e, ERR_DATA,
					       "invalid multipart boundary");
			out[n++] = *p++;
		}
		if (n == 0 || n > MULTIPART_BOUNDARY_MAX ||
		    (quoted && *p != '"'))
			return err_set(e, ERR_DATA,
				       "invalid multipart boundary");
		out[n] = '\0';
		return 0;
	}
	return err_set(e, ERR_DATA, "multipart/form-data without a boundary");
}

/* The value of parameter key in a header value (quoted or token). */
static void param(const char *v, size_t len, const char *key,
		  struct multipart_str *out)
{
	size_t klen = strlen(key), i = 0;

	while (i < len) {
		/* Skip to the start of a parameter. */
		while (i < len && v[i] != ';')
			i++;
		i++;
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (i + klen + 1 > len || strncasecmp(v + i, key, klen) ||
		    v[i + klen] != '=')
			continue;
		i += klen + 1;
		if (i < len && v[i] == '"') {
			size_t start = ++i;

			while (i < len && v[i] != '"')
				i += v[i] == '\\' && i + 1 < len ? 2 : 1;
			out->s = v + start;
			out->len = (i < len ? i : len) - start;
		} else {
			size_t start = i;

			while (i < len && v[i] != ';' && v[i] != ' ')
				i++;
			out->s = v + start;
			out->len = i - start;
		}
		return;
	}
}

static int read_headers(const char *h, size_t len, struct multipart_part *part,
			struct err *e, size_t base)
{
	size_t i = 0;

	while (i < len) {
		const char *line = h + i, *eol = find(line, len - i, "\r\n", 2);
		size_t llen = eol ? (size_t)(eol - line) : len - i;
		const char *colon = memchr(line, ':', llen);
		const char *v;
		size_t vlen;

		if (!colon)
			return err_set_at(e, ERR_DATA, 0, (long)(base + i + 1),
					  "malformed part header");
		v = colon + 1;
		while (v < line + llen && (*v == ' ' || *v == '\t'))
			v++;
		vlen = (size_t)(line + llen - v);
		if ((size_t)(colon - line) == 19 &&
		    !strncasecmp(line, "Content-Disposition", 19)) {
			if (vlen < 9 || strncasecmp(v, "form-data", 9))
				return err_set_at(e, ERR_DATA, 0,
						  (long)(base + i + 1),
						  "a part is not form-data");
			param(v, vlen, "name", &part->name);
			param(v, vlen, "filename", &part->filename);
		} else if ((size_t)(colon - line) == 12 &&
			   !strncasecmp(line, "Content-Type", 12)) {
			part->type.s = v;
			part->type.len = vlen;
		}
		i += llen + 2;
	}
	return 0;
}

int multipart_parse(const char *body, size_t len, const char *boundary,
		    struct multipart_part *parts, int max, struct err *e)
{
	char delim[MULTIPART_BOUNDARY_MAX + 5];
	size_t dlen =
		(size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	const char *p, *end = body + len;
	int n = 0;

	/* The first delimiter may open the body without its CRLF. */
	if (len >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2))
		p = body + dlen - 2;
	else if ((p = find(body, len, delim, dlen)))
		p += dlen;
	else
		return err_set_at(e, ERR_DATA, 0, 1, "no multipart boundary");
	for (;;) {
		const char *hend, *next;
		struct multipart_part *part;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return n; /* the close delimiter; the epilogue is
				     ignored */
		/* Transport padding, then CRLF. */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return err_set_at(e, ERR_DATA, 0, (long)(p - body + 1),
					  "malformed multipart delimiter");
		p += 2;
		if (n >= max)
			return err_set(e, ERR_LIMIT, "too many parts (over %d)",
				       max);
		part = &parts[n];
		memset(part, 0, sizeof(*part));
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			hend = p; /* no headers */
		else if ((hend = find(p, (size_t)(end - p), "\r\n\r\n", 4)))
			hend += 2;
		else
			return err_set_at(e, ERR_DATA, 0, (long)(p - body + 1),
					  "unterminated part headers");
		if (read_headers(p, (size_t)(hend - p), part, e,
				 (size_t)(p - body)) < 0)
			return -1;
		p = hend + 2;
		next = find(p, (size_t)(end - p), delim, dlen);
		if (!next)
			return err_set_at(e, ERR_DATA, 0, (long)(p - body + 1),
					  "unterminated part");
		part->data = p;
		part->len = (size_t)(next - p);
		n++;
		p = next + dlen;
	}
}

const struct multipart_part *multipart_find(const struct multipart_part *parts,
					    int n, const char *name)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < n; i++)
		if (parts[i].name.s && parts[i].name.len == len &&
		    !memcmp(parts[i].name.s, name, len))
			return &parts[i];
	return NULL;
}

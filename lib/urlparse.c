/*
 * urlparse: the WHATWG URL Standard's basic URL parser (url.spec.whatwg.org,
 * "URL parsing"), without encoding override or state override, plus the
 * state-override runs that the URL Pattern standard's canonicalization
 * needs.
 *
 * The standard works on code points; this works on UTF-8 bytes, which is
 * the same thing here: every character the state machine looks at is
 * ASCII, and every non-ASCII code point is either percent-encoded (each
 * of its bytes is in every percent-encode set) or refused (hosts).
 *
 * Memory: one allocation per parsed URL, split into one region per
 * component, each as large as the component can grow (three times the
 * input for percent-encoding, plus what is copied from the base). Every
 * append is still checked, so a wrong estimate fails the parse instead of
 * writing past a region.
 */
#include "compat.h"

#include "urlparse.h"

#include "form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define C_EOF (-1)

/* Percent-encode sets, as bits (the C0 control set is in all of them). */
#define PE_C0	     0x00
#define PE_FRAGMENT  0x01
#define PE_QUERY     0x02
#define PE_SQUERY    0x04 /* the special-query set */
#define PE_PATH	     0x08
#define PE_USERINFO  0x10
#define PE_ALL	     0x1f
#define PE_QUERYLIKE (PE_QUERY | PE_SQUERY | PE_PATH | PE_USERINFO)

static unsigned pe_bits(unsigned char c)
{
	switch (c) {
	case ' ':
	case '"':
	case '<':
	case '>':
		return PE_ALL;
	case '#':
		return PE_QUERYLIKE;
	case '`':
		return PE_FRAGMENT | PE_PATH | PE_USERINFO;
	case '\'':
		return PE_SQUERY;
	case '?':
	case '^':
	case '{':
	case '}':
		return PE_PATH | PE_USERINFO;
	case '/':
	case ':':
	case ';':
	case '=':
	case '@':
	case '[':
	case '\\':
	case ']':
	case '|':
		return PE_USERINFO;
	}
	return 0;
}

static bool pe_needs(unsigned char c, unsigned set)
{
	if (c < 0x20 || c > 0x7e)
		return true;
	return (pe_bits(c) & set) != 0;
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

bool urlparse_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, len;
	uint32_t cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			len = 2;
			cp = p[i] & 0x1f;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			len = 3;
			cp = p[i] & 0x0f;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			len = 4;
			cp = p[i] & 0x07;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* ---- Component strings inside the record's one allocation. ---- */

static int s_add(struct urlparse_str *f, const char *p, size_t n)
{
	if (n > f->cap - f->len)
		return -1;
	if (n)
		memcpy(f->s + f->len, p, n);
	f->len += n;
	f->s[f->len] = '\0';
	return 0;
}

static int s_addch(struct urlparse_str *f, char c)
{
	return s_add(f, &c, 1);
}

static void s_clear(struct urlparse_str *f)
{
	f->len = 0;
	f->s[0] = '\0';
}

static int s_set(struct urlparse_str *f, const struct urlparse_str *from)
{
	s_clear(f);
	return s_add(f, from->s, from->len);
}

static int s_enc(struct urlparse_str *f, unsigned char c, unsigned set)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];

	if (!pe_needs(c, set))
		return s_addch(f, (char)c);
	esc[0] = '%';
	esc[1] = hex[c >> 4];
	esc[2] = hex[c & 15];
	return s_add(f, esc, 3);
}

/* Percent-encode to a buf (the canonicalization entry points). */
static int b_enc(struct buf *b, const char *v, size_t n, unsigned set)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (!pe_needs(c, set)) {
			if (buf_addch(b, (char)c))
				return -1;
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 15];
		if (buf_add(b, esc, 3))
			return -1;
	}
	return 0;
}

void urlparse_init(struct urlparse_url *u)
{
	memset(u, 0, sizeof(*u));
	u->port = -1;
}

void urlparse_release(struct urlparse_url *u)
{
	free(u->mem);
	urlparse_init(u);
}

static bool scheme_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(s, name, n) == 0;
}

bool urlparse_is_special(const char *scheme, size_t len)
{
	return scheme_is(scheme, len, "http") ||
	       scheme_is(scheme, len, "https") ||
	       scheme_is(scheme, len, "ws") || scheme_is(scheme, len, "wss") ||
	       scheme_is(scheme, len, "ftp") || scheme_is(scheme, len, "file");
}

int urlparse_default_port(const char *scheme, size_t len)
{
	if (scheme_is(scheme, len, "http") || scheme_is(scheme, len, "ws"))
		return 80;
	if (scheme_is(scheme, len, "https") || scheme_is(scheme, len, "wss"))
		return 443;
	if (scheme_is(scheme, len, "ftp"))
		return 21;
	return -1;
}

/* ---- Hosts. ---- */

/* Forbidden host code points (ASCII); domains also forbid % and DEL. */
static bool forbidden_host(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' ||
	       c == '#' || c == '/' || c == ':' || c == '<' || c == '>' ||
	       c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' ||
	       c == '^' || c == '|';
}

static bool forbidden_domain(unsigned char c)
{
	return forbidden_host(c) || c < 0x20 || c == '%' || c == 0x7f;
}

/*
 * The IPv4 number parser: 0 with *v set, or -1. Values saturate above
 * 2^40, which every caller refuses anyway.
 */
static int ipv4_number(const char *s, size_t n, uint64_t *v)
{
	unsigned radix = 10;
	size_t i;

	*v = 0;
	if (n == 0)
		return -1;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		radix = 16;
		s += 2;
		n -= 2;
	} else if (n >= 2 && s[0] == '0') {
		radix = 8;
		s++;
		n--;
	}
	for (i = 0; i < n; i++) {
		int d = form_hexval((unsigned char)s[i]);

		if (d < 0 || (unsigned)d >= radix)
			return -1;
		if (*v < (1ULL << 40))
			*v = *v * radix + (unsigned)d;
	}
	return 0;
}

static bool ends_in_number(const char *s, size_t n)
{
	size_t start, end = n;
	uint64_t v;
	size_t i;

	if (n == 0)
		return false;
	if (s[n - 1] == '.')
		end = n - 1;
	start = end;
	while (start > 0 && s[start - 1] != '.')
		start--;
	if (end > start) {
		for (i = start; i < end && is_digit((unsigned char)s[i]); i++)
			;
		if (i == end)
			return true;
	}
	return ipv4_number(s + start, end - start, &v) == 0;
}

static int ipv4_parse(const char *s, size_t n, uint32_t *out)
{
	uint64_t nums[4], v;
	size_t count = 0, i, start = 0;
	uint64_t addr;

	if (n && s[n - 1] == '.')
		n--;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (count == 4)
			return -1;
		if (ipv4_number(s + start, i - start, &v))
			return -1;
		nums[count++] = v;
		start = i + 1;
	}
	for (i = 0; i + 1 < count; i++)
		if (nums[i] > 255)
			return -1;
	if (nums[count - 1] >= (1ULL << (8 * (5 - count))))
		return -1;
	addr = nums[count - 1];
	for (i = 0; i + 1 < count; i++)
		addr += nums[i] << (8 * (3 - i));
	*out = (uint32_t)addr;
	return 0;
}

static int ipv6_parse(const char *s, size_t n, uint16_t addr[8])
{
	size_t p = 0, len;
	int piece = 0, compress = -1, swaps, numbers;
	unsigned value, ipv4;
	bool have;

#define AT(i) ((i) < n ? (unsigned char)s[i] : C_EOF)
	memset(addr, 0, 8 * sizeof(addr[0]));
	if (AT(p) == ':') {
		if (AT(p + 1) != ':')
			return -1;
		p += 2;
		compress = ++piece;
	}
	while (AT(p) != C_EOF) {
		if (piece == 8)
			return -1;
		if (AT(p) == ':') {
			if (compress >= 0)
				return -1;
			p++;
			compress = ++piece;
			continue;
		}
		value = 0;
		len = 0;
		while (len < 4 && form_hexval(AT(p)) >= 0) {
			value = value * 16 + (unsigned)form_hexval(AT(p));
			p++;
			len++;
		}
		if (AT(p) == '.') {
			if (len == 0)
				return -1;
			p -= len;
			if (piece > 6)
				return -1;
			numbers = 0;
			while (AT(p) != C_EOF) {
				have = false;
				ipv4 = 0;
				if (numbers > 0) {
					if (AT(p) == '.' && numbers < 4)
						p++;
					else
						return -1;
				}
				if (!is_digit(AT(p)))
					return -1;
				while (is_digit(AT(p))) {
					unsigned d = (unsigned)(AT(p) - '0');

					if (!have)
						ipv4 = d;
					else if (ipv4 == 0)
						return -1;
					else
						ipv4 = ipv4 * 10 + d;
					have = true;
					if (ipv4 > 255)
						return -1;
					p++;
				}
				addr[piece] =
					(uint16_t)(addr[piece] * 0x100 + ipv4);
				numbers++;
				if (numbers == 2 || numbers == 4)
					piece++;
			}
			if (numbers != 4)
				return -1;
			break;
		} else if (AT(p) == ':') {
			p++;
			if (AT(p) == C_EOF)
				return -1;
		} else if (AT(p) != C_EOF) {
			return -1;
		}
		addr[piece++] = (uint16_t)value;
	}
#undef AT
	if (compress >= 0) {
		swaps = piece - compress;
		piece = 7;
		while (piece != 0 && swaps > 0) {
			uint16_t t = addr[piece];

			addr[piece] = addr[compress + swaps - 1];
			addr[compress + swaps - 1] = t;
			piece--;
			swaps--;
		}
	} else if (piece != 8) {
		return -1;
	}
	return 0;
}

static int ipv6_serialize(struct urlparse_str *f, const uint16_t a[8])
{
	int best = -1, best_len = 1, i, j;
	bool ignore0 = false;
	char num[16];

	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && a[j] == 0; j++)
			;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
	}
	if (s_addch(f, '['))
		return -1;
	for (i = 0; i < 8; i++) {
		if (ignore0 && a[i] == 0)
			continue;
		ignore0 = false;
		if (best == i) {
			if (s_add(f, i == 0 ? "::" : ":", i == 0 ? 2 : 1))
				return -1;
			ignore0 = true;
			continue;
		}
		snprintf(num, sizeof(num), "%x", (unsigned)a[i]);
		if (s_add(f, num, strlen(num)))
			return -1;
		if (i != 7 && s_addch(f, ':'))
			return -1;
	}
	return s_addch(f, ']');
}

/*
 * The host parser: the serialized host of s[0..n) appended to out, which
 * must be empty. tmp is scratch of at least n bytes. Returns 0 or -1.
 */
static int host_parse(struct urlparse_str *out, const char *s, size_t n,
		      bool not_special, char *tmp)
{
	uint16_t a6[8];
	uint32_t a4;
	size_t i, m = 0;
	char num[20];

	if (n && s[0] == '[') {
		if (n < 2 || s[n - 1] != ']' || ipv6_parse(s + 1, n - 2, a6))
			return -1;
		return ipv6_serialize(out, a6);
	}
	if (not_special) {
		for (i = 0; i < n; i++)
			if (forbidden_host((unsigned char)s[i]))
				return -1;
		for (i = 0; i < n; i++)
			if (s_enc(out, (unsigned char)s[i], PE_C0))
				return -1;
		return 0;
	}
	/* Percent-decode, then domain to ASCII (ASCII only: no IDNA). */
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    form_hexval((unsigned char)s[i + 1]) >= 0 &&
		    form_hexval((unsigned char)s[i + 2]) >= 0) {
			tmp[m++] = (char)(form_hexval((unsigned char)s[i + 1]) *
						  16 +
					  form_hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			tmp[m++] = s[i];
		}
	}
	if (m == 0)
		return -1;
	for (i = 0; i < m; i++) {
		unsigned char c = (unsigned char)tmp[i];

		if (c >= 0x80 || forbidden_domain(c))
			return -1;
		tmp[i] = (char)lower(c);
	}
	if (ends_in_number(tmp, m)) {
		if (ipv4_parse(tmp, m, &a4))
			return -1;
		snprintf(num, sizeof(num), "%u.%u.%u.%u", a4 >> 24,
			 (a4 >> 16) & 255, (a4 >> 8) & 255, a4 & 255);
		return s_add(out, num, strlen(num));
	}
	return s_add(out, tmp, m);
}

/* ---- Paths. ---- */

static bool is_drive(const char *s, size_t n)
{
	return n == 2 && is_alpha((unsigned char)s[0]) &&
	       (s[1] == ':' || s[1] == '|');
}

static bool is_normalized_drive(const char *s, size_t n)
{
	return is_drive(s, n) && s[1] == ':';
}

/* "Starts with a Windows drive letter": s[0..n) is the rest of the input. */
static bool starts_with_drive(const char *s, size_t n)
{
	return n >= 2 && is_drive(s, 2) &&
	       (n == 2 || s[2] == '/' || s[2] == '\\' || s[2] == '?' ||
		s[2] == '#');
}

static bool single_dot(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') ||
	       (n == 3 && s[0] == '%' && s[1] == '2' && lower(s[2]) == 'e');
}

static bool double_dot(const char *s, size_t n)
{
	if (n == 2)
		return s[0] == '.' && s[1] == '.';
	if (n == 4)
		return (s[0] == '.' && single_dot(s + 1, 3)) ||
		       (single_dot(s, 3) && s[3] == '.');
	if (n == 6)
		return single_dot(s, 3) && single_dot(s + 3, 3);
	return false;
}

/* The first segment of a serialized path, for the file drive rules. */
static void first_segment(const struct urlparse_str *path, const char **s,
			  size_t *n)
{
	const char *end;

	*s = path->s + 1;
	end = memchr(*s, '/', path->len - 1);
	*n = end ? (size_t)(end - *s) : path->len - 1;
}

static void shorten_path(struct urlparse_url *u)
{
	const char *seg;
	size_t n;
	char *last;

	if (u->path.len == 0)
		return;
	first_segment(&u->path, &seg, &n);
	if (scheme_is(u->scheme.s, u->scheme.len, "file") &&
	    n + 1 == u->path.len && is_normalized_drive(seg, n))
		return;
	last = u->path.s + u->path.len;
	while (last > u->path.s && last[-1] != '/')
		last--;
	u->path.len = (size_t)(last - u->path.s) - 1;
	u->path.s[u->path.len] = '\0';
}

static int path_append(struct urlparse_url *u, const char *seg, size_t n)
{
	if (s_addch(&u->path, '/'))
		return -1;
	return s_add(&u->path, seg, n);
}

/*
 * The path state's end of a segment (at "/", "\\" in special URLs, "?",
 * "#" or the end): dot segments, the file drive letter, then the segment
 * in buf is appended and buf emptied.
 */
static int end_segment(struct urlparse_url *u, struct urlparse_str *buf,
		       bool slash)
{
	if (double_dot(buf->s, buf->len)) {
		shorten_path(u);
		if (!slash && path_append(u, "", 0))
			return -1;
	} else if (single_dot(buf->s, buf->len)) {
		if (!slash && path_append(u, "", 0))
			return -1;
	} else {
		if (scheme_is(u->scheme.s, u->scheme.len, "file") &&
		    u->path.len == 0 && is_drive(buf->s, buf->len))
			buf->s[1] = ':';
		if (path_append(u, buf->s, buf->len))
			return -1;
	}
	s_clear(buf);
	return 0;
}

/* ---- The parser. ---- */

enum state {
	ST_SCHEME_START,
	ST_SCHEME,
	ST_NO_SCHEME,
	ST_SPECIAL_RELATIVE_OR_AUTHORITY,
	ST_PATH_OR_AUTHORITY,
	ST_RELATIVE,
	ST_RELATIVE_SLASH,
	ST_SPECIAL_AUTHORITY_SLASHES,
	ST_SPECIAL_AUTHORITY_IGNORE_SLASHES,
	ST_AUTHORITY,
	ST_HOST,
	ST_PORT,
	ST_FILE,
	ST_FILE_SLASH,
	ST_FILE_HOST,
	ST_PATH_START,
	ST_PATH,
	ST_OPAQUE_PATH,
	ST_QUERY,
	ST_FRAGMENT
};

struct parser {
	struct urlparse_url *u;
	const struct urlparse_url *base;
	const char *in; /* the input, trimmed, without tabs and newlines */
	size_t n;
	struct urlparse_str buf; /* the state machine's buffer */
	char *tmp;		 /* scratch for the host parser */
	bool special;
};

/* Share one allocation between the components, each as large as needed. */
static int layout(struct urlparse_url *u, size_t n,
		  const struct urlparse_url *base, struct parser *ps)
{
	struct urlparse_str *f[] = { &u->scheme,  &u->username, &u->password,
				     &u->host,	  &u->path,	&u->query,
				     &u->fragment };
	const struct urlparse_str *bf[] = { base ? &base->scheme : NULL,
					    base ? &base->username : NULL,
					    base ? &base->password : NULL,
					    base ? &base->host : NULL,
					    base ? &base->path : NULL,
					    base ? &base->query : NULL,
					    NULL };
	size_t caps[WS_ARRAY_LEN(f)], total, i, each;
	char *p;

	if (n > SIZE_MAX / 32)
		return -1;
	/* Percent-encoding triples; 64 covers an IPv6 or IPv4 host. */
	each = 3 * n + 64;
	total = 2 * n + 2 + each + 1;
	for (i = 0; i < WS_ARRAY_LEN(f); i++) {
		caps[i] = each + (bf[i] ? bf[i]->len : 0);
		total += caps[i] + 1;
	}
	u->mem = malloc(total);
	if (!u->mem)
		return -1;
	p = u->mem;
	for (i = 0; i < WS_ARRAY_LEN(f); i++) {
		f[i]->s = p;
		f[i]->len = 0;
		f[i]->cap = caps[i];
		p[0] = '\0';
		p += caps[i] + 1;
	}
	ps->buf.s = p;
	ps->buf.len = 0;
	ps->buf.cap = each;
	p[0] = '\0';
	p += each + 1;
	ps->tmp = p;
	p += n + 1;
	ps->in = p; /* filled by the caller: n bytes and a NUL */
	return 0;
}

static int copy_authority(struct urlparse_url *u, const struct urlparse_url *b)
{
	if (s_set(&u->username, &b->username) ||
	    s_set(&u->password, &b->password) || s_set(&u->host, &b->host))
		return -1;
	u->has_host = b->has_host;
	u->port = b->port;
	return 0;
}

/* One step of the state machine; *p may move. Returns 0, or -1 (failure). */
static int step(struct parser *ps, enum state *st, ptrdiff_t *p, bool *at_seen,
		bool *pw_seen, bool *brackets)
{
	struct urlparse_url *u = ps->u;
	const struct urlparse_url *base = ps->base;
	const char *in = ps->in;
	ptrdiff_t n = (ptrdiff_t)ps->n;
	int c = *p < n ? (unsigned char)in[*p] : C_EOF;
	const char *rest = *p + 1 < n ? in + *p + 1 : in + n;
	size_t rest_n = *p + 1 < n ? (size_t)(n - *p - 1) : 0;
	size_t i;

	switch (*st) {
	case ST_SCHEME_START:
		if (is_alpha(c)) {
			if (s_addch(&ps->buf, (char)lower(c)))
				return -1;
			*st = ST_SCHEME;
		} else {
			*st = ST_NO_SCHEME;
			(*p)--;
		}
		return 0;
	case ST_SCHEME:
		if (is_alpha(c) || is_digit(c) || c == '+' || c == '-' ||
		    c == '.') {
			return s_addch(&ps->buf, (char)lower(c));
		}
		if (c == ':') {
			if (s_set(&u->scheme, &ps->buf))
				return -1;
			s_clear(&ps->buf);
			ps->special =
				urlparse_is_special(u->scheme.s, u->scheme.len);
			if (scheme_is(u->scheme.s, u->scheme.len, "file")) {
				*st = ST_FILE;
			} else if (ps->special && base &&
				   base->scheme.len == u->scheme.len &&
				   !memcmp(base->scheme.s, u->scheme.s,
					   u->scheme.len)) {
				*st = ST_SPECIAL_RELATIVE_OR_AUTHORITY;
			} else if (ps->special) {
				*st = ST_SPECIAL_AUTHORITY_SLASHES;
			} else if (rest_n && rest[0] == '/') {
				*st = ST_PATH_OR_AUTHORITY;
				(*p)++;
			} else {
				u->opaque_path = true;
				*st = ST_OPAQUE_PATH;
			}
			return 0;
		}
		/* Not a scheme after all: start over without one. */
		s_clear(&ps->buf);
		*st = ST_NO_SCHEME;
		*p = -1;
		return 0;
	case ST_NO_SCHEME:
		if (!base || (base->opaque_path && c != '#'))
			return -1;
		if (s_set(&u->scheme, &base->scheme))
			return -1;
		ps->special = urlparse_is_special(u->scheme.s, u->scheme.len);
		if (base->opaque_path) {
			if (s_set(&u->path, &base->path) ||
			    s_set(&u->query, &base->query))
				return -1;
			u->opaque_path = true;
			u->has_query = base->has_query;
			u->has_fragment = true;
			*st = ST_FRAGMENT;
		} else if (!scheme_is(base->scheme.s, base->scheme.len,
				      "file")) {
			*st = ST_RELATIVE;
			(*p)--;
		} else {
			*st = ST_FILE;
			(*p)--;
		}
		return 0;
	case ST_SPECIAL_RELATIVE_OR_AUTHORITY:
		if (c == '/' && rest_n && rest[0] == '/') {
			*st = ST_SPECIAL_AUTHORITY_IGNORE_SLASHES;
			(*p)++;
		} else {
			*st = ST_RELATIVE;
			(*p)--;
		}
		return 0;
	case ST_PATH_OR_AUTHORITY:
		if (c == '/') {
			*st = ST_AUTHORITY;
		} else {
			*st = ST_PATH;
			(*p)--;
		}
		return 0;
	case ST_RELATIVE:
		if (s_set(&u->scheme, &base->scheme))
			return -1;
		ps->special = urlparse_is_special(u->scheme.s, u->scheme.len);
		if (c == '/' || (ps->special && c == '\\')) {
			*st = ST_RELATIVE_SLASH;
			return 0;
		}
		if (copy_authority(u, base) || s_set(&u->path, &base->path) ||
		    s_set(&u->query, &base->query))
			return -1;
		u->has_query = base->has_query;
		if (c == '?') {
			s_clear(&u->query);
			u->has_query = true;
			*st = ST_QUERY;
		} else if (c == '#') {
			u->has_fragment = true;
			*st = ST_FRAGMENT;
		} else if (c != C_EOF) {
			s_clear(&u->query);
			u->has_query = false;
			shorten_path(u);
			*st = ST_PATH;
			(*p)--;
		}
		return 0;
	case ST_RELATIVE_SLASH:
		if (ps->special && (c == '/' || c == '\\')) {
			*st = ST_SPECIAL_AUTHORITY_IGNORE_SLASHES;
		} else if (c == '/') {
			*st = ST_AUTHORITY;
		} else {
			if (copy_authority(u, base))
				return -1;
			*st = ST_PATH;
			(*p)--;
		}
		return 0;
	case ST_SPECIAL_AUTHORITY_SLASHES:
		*st = ST_SPECIAL_AUTHORITY_IGNORE_SLASHES;
		if (c == '/' && rest_n && rest[0] == '/')
			(*p)++;
		else
			(*p)--;
		return 0;
	case ST_SPECIAL_AUTHORITY_IGNORE_SLASHES:
		if (c != '/' && c != '\\') {
			*st = ST_AUTHORITY;
			(*p)--;
		}
		return 0;
	case ST_AUTHORITY:
		if (c == '@') {
			if (*at_seen) {
				/* Earlier "@"s become part of the userinfo. */
				if (ps->buf.len + 3 > ps->buf.cap)
					return -1;
				memmove(ps->buf.s + 3, ps->buf.s, ps->buf.len);
				memcpy(ps->buf.s, "%40", 3);
				ps->buf.len += 3;
				ps->buf.s[ps->buf.len] = '\0';
			}
			*at_seen = true;
			for (i = 0; i < ps->buf.len; i++) {
				unsigned char b = (unsigned char)ps->buf.s[i];

				if (b == ':' && !*pw_seen) {
					*pw_seen = true;
					continue;
				}
				if (s_enc(*pw_seen ? &u->password
						   : &u->username,
					  b, PE_USERINFO))
					return -1;
			}
			s_clear(&ps->buf);
		} else if (c == C_EOF || c == '/' || c == '?' || c == '#' ||
			   (ps->special && c == '\\')) {
			if (*at_seen && ps->buf.len == 0)
				return -1;
			*p -= (ptrdiff_t)ps->buf.len + 1;
			s_clear(&ps->buf);
			*st = ST_HOST;
		} else {
			return s_addch(&ps->buf, (char)c);
		}
		return 0;
	case ST_HOST:
		if (c == ':' && !*brackets) {
			if (ps->buf.len == 0)
				return -1;
			s_clear(&u->host);
			if (host_parse(&u->host, ps->buf.s, ps->buf.len,
				       !ps->special, ps->tmp))
				return -1;
			u->has_host = true;
			s_clear(&ps->buf);
			*st = ST_PORT;
		} else if (c == C_EOF || c == '/' || c == '?' || c == '#' ||
			   (ps->special && c == '\\')) {
			(*p)--;
			if (ps->special && ps->buf.len == 0)
				return -1;
			s_clear(&u->host);
			if (host_parse(&u->host, ps->buf.s, ps->buf.len,
				       !ps->special, ps->tmp))
				return -1;
			u->has_host = true;
			s_clear(&ps->buf);
			*st = ST_PATH_START;
		} else {
			if (c == '[')
				*brackets = true;
			if (c == ']')
				*brackets = false;
			return s_addch(&ps->buf, (char)c);
		}
		return 0;
	case ST_PORT:
		if (is_digit(c)) {
			/* Leading zeros are fine; a sixth digit is not. */
			if (ps->buf.len == 1 && ps->buf.s[0] == '0')
				s_clear(&ps->buf);
			if (ps->buf.len >= 5)
				return -1;
			return s_addch(&ps->buf, (char)c);
		}
		if (c == C_EOF || c == '/' || c == '?' || c == '#' ||
		    (ps->special && c == '\\')) {
			if (ps->buf.len) {
				long port = strtol(ps->buf.s, NULL, 10);

				if (port > 65535)
					return -1;
				u->port = (int)port;
				if (port == urlparse_default_port(
						    u->scheme.s, u->scheme.len))
					u->port = -1;
				s_clear(&ps->buf);
			}
			*st = ST_PATH_START;
			(*p)--;
			return 0;
		}
		return -1;
	case ST_FILE:
		s_clear(&u->scheme);
		if (s_add(&u->scheme, "file", 4))
			return -1;
		ps->special = true;
		s_clear(&u->host);
		u->has_host = true;
		if (c == '/' || c == '\\') {
			*st = ST_FILE_SLASH;
		} else if (base && scheme_is(base->scheme.s, base->scheme.len,
					     "file")) {
			if (s_set(&u->host, &base->host) ||
			    s_set(&u->path, &base->path) ||
			    s_set(&u->query, &base->query))
				return -1;
			u->has_host = base->has_host;
			u->has_query = base->has_query;
			if (c == '?') {
				s_clear(&u->query);
				u->has_query = true;
				*st = ST_QUERY;
			} else if (c == '#') {
				u->has_fragment = true;
				*st = ST_FRAGMENT;
			} else if (c != C_EOF) {
				s_clear(&u->query);
				u->has_query = false;
				if (!starts_with_drive(in + *p,
						       (size_t)(n - *p)))
					shorten_path(u);
				else
					s_clear(&u->path);
				*st = ST_PATH;
				(*p)--;
			}
		} else {
			*st = ST_PATH;
			(*p)--;
		}
		return 0;
	case ST_FILE_SLASH:
		if (c == '/' || c == '\\') {
			*st = ST_FILE_HOST;
			return 0;
		}
		if (base &&
		    scheme_is(base->scheme.s, base->scheme.len, "file")) {
			const char *seg;
			size_t segn;

			if (s_set(&u->host, &base->host))
				return -1;
			u->has_host = base->has_host;
			if (base->path.len) {
				first_segment(&base->path, &seg, &segn);
				if (!starts_with_drive(in + *p,
						       (size_t)(n - *p)) &&
				    is_normalized_drive(seg, segn) &&
				    path_append(u, seg, segn))
					return -1;
			}
		}
		*st = ST_PATH;
		(*p)--;
		return 0;
	case ST_FILE_HOST:
		if (c == C_EOF || c == '/' || c == '\\' || c == '?' ||
		    c == '#') {
			(*p)--;
			if (is_drive(ps->buf.s, ps->buf.len)) {
				/* Not a host: the drive letter starts the path.
				 */
				*st = ST_PATH;
			} else if (ps->buf.len == 0) {
				s_clear(&u->host);
				u->has_host = true;
				*st = ST_PATH_START;
			} else {
				s_clear(&u->host);
				if (host_parse(&u->host, ps->buf.s, ps->buf.len,
					       false, ps->tmp))
					return -1;
				if (scheme_is(u->host.s, u->host.len,
					      "localhost"))
					s_clear(&u->host);
				u->has_host = true;
				s_clear(&ps->buf);
				*st = ST_PATH_START;
			}
			return 0;
		}
		return s_addch(&ps->buf, (char)c);
	case ST_PATH_START:
		if (ps->special) {
			*st = ST_PATH;
			if (c != '/' && c != '\\')
				(*p)--;
		} else if (c == '?') {
			u->has_query = true;
			*st = ST_QUERY;
		} else if (c == '#') {
			u->has_fragment = true;
			*st = ST_FRAGMENT;
		} else if (c != C_EOF) {
			*st = ST_PATH;
			if (c != '/')
				(*p)--;
		}
		return 0;
	case ST_PATH:
		if (c == C_EOF || c == '/' || (ps->special && c == '\\') ||
		    c == '?' || c == '#') {
			if (end_segment(u, &ps->buf,
					c == '/' || (ps->special && c == '\\')))
				return -1;
			if (c == '?') {
				u->has_query = true;
				*st = ST_QUERY;
			} else if (c == '#') {
				u->has_fragment = true;
				*st = ST_FRAGMENT;
			}
			return 0;
		}
		return s_enc(&ps->buf, (unsigned char)c, PE_PATH);
	case ST_OPAQUE_PATH:
		if (c == '?') {
			u->has_query = true;
			*st = ST_QUERY;
		} else if (c == '#') {
			u->has_fragment = true;
			*st = ST_FRAGMENT;
		} else if (c == ' ') {
			if (rest_n && (rest[0] == '?' || rest[0] == '#'))
				return s_add(&u->path, "%20", 3);
			return s_addch(&u->path, ' ');
		} else if (c != C_EOF) {
			return s_enc(&u->path, (unsigned char)c, PE_C0);
		}
		return 0;
	case ST_QUERY:
		if (c == '#') {
			u->has_fragment = true;
			*st = ST_FRAGMENT;
		} else if (c != C_EOF) {
			return s_enc(&u->query, (unsigned char)c,
				     ps->special ? PE_SQUERY : PE_QUERY);
		}
		return 0;
	case ST_FRAGMENT:
		if (c != C_EOF)
			return s_enc(&u->fragment, (unsigned char)c,
				     PE_FRAGMENT);
		return 0;
	}
	return -1;
}

int urlparse_parse(struct urlparse_url *u, const char *in, size_t len,
		   const struct urlparse_url *base)
{
	struct parser ps;
	enum state st = ST_SCHEME_START;
	ptrdiff_t p = 0;
	bool at_seen = false, pw_seen = false, brackets = false;
	size_t start = 0, end = len, i, n = 0;
	char *clean;

	urlparse_release(u);
	if (len && !in)
		return -1;
	if (!urlparse_utf8_valid(in, len))
		return -1;
	/* Leading and trailing C0 controls and spaces go. */
	while (start < end && (unsigned char)in[start] <= 0x20)
		start++;
	while (end > start && (unsigned char)in[end - 1] <= 0x20)
		end--;
	memset(&ps, 0, sizeof(ps));
	ps.u = u;
	ps.base = base;
	if (layout(u, end - start, base, &ps))
		return -1;
	/* So do tabs and newlines anywhere. */
	clean = (char *)ps.in;
	for (i = start; i < end; i++)
		if (in[i] != '\t' && in[i] != '\n' && in[i] != '\r')
			clean[n++] = in[i];
	clean[n] = '\0';
	ps.n = n;
	for (;;) {
		if (step(&ps, &st, &p, &at_seen, &pw_seen, &brackets)) {
			urlparse_release(u);
			return -1;
		}
		if (p >= (ptrdiff_t)n)
			break;
		p++;
	}
	return 0;
}

int urlparse_href(const struct urlparse_url *u, struct buf *out)
{
	char port[16];
	int rc;

	rc = buf_add(out, u->scheme.s, u->scheme.len);
	if (!rc)
		rc = buf_addch(out, ':');
	if (!rc && u->has_host) {
		rc = buf_addstr(out, "//");
		if (!rc && (u->username.len || u->password.len)) {
			rc = buf_add(out, u->username.s, u->username.len);
			if (!rc && u->password.len) {
				rc = buf_addch(out, ':');
				if (!rc)
					rc = buf_add(out, u->password.s,
						     u->password.len);
			}
			if (!rc)
				rc = buf_addch(out, '@');
		}
		if (!rc)
			rc = buf_add(out, u->host.s, u->host.len);
		if (!rc && u->port >= 0) {
			snprintf(port, sizeof(port), ":%d", u->port);
			rc = buf_addstr(out, port);
		}
	}
	/* "/." keeps a path starting with "//" from reading as a host. */
	if (!rc && !u->has_host && !u->opaque_path && u->path.len > 1 &&
	    u->path.s[1] == '/')
		rc = buf_addstr(out, "/.");
	if (!rc && u->path.len)
		rc = buf_add(out, u->path.s, u->path.len);
	if (!rc && u->has_query) {
		rc = buf_addch(out, '?');
		if (!rc)
			rc = buf_add(out, u->query.s, u->query.len);
	}
	if (!rc && u->has_fragment) {
		rc = buf_addch(out, '#');
		if (!rc)
			rc = buf_add(out, u->fragment.s, u->fragment.len);
	}
	return rc;
}

/* ---- State-override runs for the URL Pattern standard. ---- */

/* v without tabs and newlines, which every parser run removes first. */
static char *strip_tabs(const char *v, size_t n, size_t *out_n)
{
	char *s = malloc(n + 1);
	size_t i, m = 0;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++)
		if (v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
			s[m++] = v[i];
	s[m] = '\0';
	*out_n = m;
	return s;
}

int urlparse_canon_protocol(struct buf *out, const char *v, size_t n)
{
	static const char tail[] = "://dummy.invalid/";
	struct urlparse_url u;
	struct buf b = BUF_INIT(n + sizeof(tail));
	int rc = -1;

	urlparse_init(&u);
	if (n == 0)
		return 0;
	if (buf_add(&b, v, n) || buf_addstr(&b, tail))
		goto out;
	if (urlparse_parse(&u, b.data, b.len, NULL))
		goto out;
	rc = buf_add(out, u.scheme.s, u.scheme.len) ? -1 : 0;
out:
	urlparse_release(&u);
	buf_release(&b);
	return rc;
}

int urlparse_canon_userinfo(struct buf *out, const char *v, size_t n)
{
	return b_enc(out, v, n, PE_USERINFO);
}

int urlparse_canon_hostname(struct buf *out, const char *v, size_t n)
{
	struct urlparse_url u;
	size_t m, i;
	bool brackets = false;
	char *s = NULL, *tmp = NULL;
	int rc = -1;

	urlparse_init(&u);
	if (n == 0)
		return 0;
	s = strip_tabs(v, n, &m);
	if (!s)
		goto out;
	for (i = 0; i < m; i++) {
		if (s[i] == ':' && !brackets)
			goto out; /* a port: not a hostname */
		if (s[i] == '/' || s[i] == '?' || s[i] == '#' || s[i] == '\\')
			break;
		if (s[i] == '[')
			brackets = true;
		if (s[i] == ']')
			brackets = false;
	}
	if (i == 0)
		goto out;
	u.mem = malloc(3 * i + 64 + 1 + i + 1);
	if (!u.mem)
		goto out;
	u.host.s = u.mem;
	u.host.cap = 3 * i + 64;
	u.host.s[0] = '\0';
	tmp = u.mem + u.host.cap + 1;
	if (host_parse(&u.host, s, i, false, tmp))
		goto out;
	rc = buf_add(out, u.host.s, u.host.len) ? -1 : 0;
out:
	free(s);
	urlparse_release(&u);
	return rc;
}

int urlparse_canon_port(struct buf *out, const char *v, size_t n)
{
	size_t i, digits = 0;
	long port = 0;
	char num[24];

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] == '\t' || v[i] == '\n' || v[i] == '\r')
			continue;
		if (!is_digit((unsigned char)v[i]))
			break;
		digits++;
		port = port * 10 + (v[i] - '0');
		if (port > 65535)
			return -1;
	}
	if (!digits)
		return -1;
	if (port == 443) /* the dummy URL's scheme is https */
		return 0;
	snprintf(num, sizeof(num), "%ld", port);
	return buf_addstr(out, num) ? -1 : 0;
}

int urlparse_canon_pathname(struct buf *out, const char *v, size_t n)
{
	struct urlparse_url u;
	struct urlparse_str seg;
	bool leading = n && v[0] == '/';
	size_t m, i, cap;
	char *s = NULL;
	int rc = -1;

	/*
	 * The path start and path states of a special URL with a state
	 * override: "?" and "#" are percent-encoded, not delimiters, and
	 * nothing is trimmed. A piece that does not start with "/" gets a
	 * "/-" in front (so that a leading "." or ".." stays text), which
	 * is cut from the result.
	 */
	urlparse_init(&u);
	if (n == 0)
		return 0;
	s = strip_tabs(v, n, &m);
	if (!s)
		goto out;
	cap = 3 * m + 64;
	u.mem = malloc(2 * (cap + 1) + 8);
	if (!u.mem)
		goto out;
	u.scheme.s = u.mem;
	u.scheme.cap = 5;
	memcpy(u.scheme.s, "https", 6);
	u.scheme.len = 5;
	u.path.s = u.mem + 6;
	u.path.cap = cap;
	u.path.s[0] = '\0';
	seg.s = u.path.s + cap + 1;
	seg.cap = cap;
	seg.len = 0;
	seg.s[0] = '\0';
	if (!leading && s_add(&seg, "-", 1))
		goto out;
	i = leading ? 1 : 0;
	for (; i <= m; i++) {
		if (i == m || s[i] == '/' || s[i] == '\\') {
			if (end_segment(&u, &seg, i < m))
				goto out;
		} else if (s_enc(&seg, (unsigned char)s[i], PE_PATH)) {
			goto out;
		}
	}
	if (leading)
		rc = buf_add(out, u.path.s, u.path.len) ? -1 : 0;
	else if (u.path.len > 2)
		rc = buf_add(out, u.path.s + 2, u.path.len - 2) ? -1 : 0;
	else
		rc = 0; /* "a/../.." climbed above the "/-" */
out:
	free(s);
	urlparse_release(&u);
	return rc;
}

int urlparse_canon_opaque_pathname(struct buf *out, const char *v, size_t n)
{
	size_t m, i;
	char *s = strip_tabs(v, n, &m);
	int rc = -1;

	if (!s)
		return -1;
	/* The opaque path state; "?" or "#" end the path (the rest is lost). */
	for (i = 0; i < m && s[i] != '?' && s[i] != '#'; i++) {
		if (s[i] == ' ') {
			if (i + 1 < m && (s[i + 1] == '?' || s[i + 1] == '#')) {
				if (buf_addstr(out, "%20"))
					goto out;
			} else if (buf_addch(out, ' ')) {
				goto out;
			}
		} else if (b_enc(out, s + i, 1, PE_C0)) {
			goto out;
		}
	}
	rc = 0;
out:
	free(s);
	return rc;
}

/* Tabs and newlines dropped, then percent-encoded with set. */
static int canon_enc(struct buf *out, const char *v, size_t n, unsigned set)
{
	size_t m;
	char *s = strip_tabs(v, n, &m);
	int rc;

	if (!s)
		return -1;
	rc = b_enc(out, s, m, set);
	free(s);
	return rc;
}

int urlparse_canon_search(struct buf *out, const char *v, size_t n)
{
	return canon_enc(out, v, n, PE_SQUERY);
}

int urlparse_canon_hash(struct buf *out, const char *v, size_t n)
{
	return canon_enc(out, v, n, PE_FRAGMENT);
}

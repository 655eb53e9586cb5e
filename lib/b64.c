/* b64: base64url without padding (RFC 4648 section 5). */
#include "compat.h"

#include "b64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int b64_url_encode(struct buf *out, const void *p, size_t n)
{
	const unsigned char *in = p;
	char quad[4];
	size_t i;
	int rc = buf_reserve(out, (n + 2) / 3 * 4);

	for (i = 0; rc == BUF_OK && i < n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16;
		size_t take = n - i < 3 ? n - i : 3;

		if (take > 1)
			v |= (unsigned long)in[i + 1] << 8;
		if (take > 2)
			v |= in[i + 2];
		quad[0] = alphabet[(v >> 18) & 63];
		quad[1] = alphabet[(v >> 12) & 63];
		quad[2] = alphabet[(v >> 6) & 63];
		quad[3] = alphabet[v & 63];
		rc = buf_add(out, quad, take + 1);
	}
	return rc;
}

static int sextet(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

int b64_url_decode(struct buf *out, const char *s, size_t n)
{
	unsigned long v = 0;
	unsigned char bytes[3];
	size_t i, bits = 0, start = out->len;
	int rc = BUF_OK;

	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n && rc == BUF_OK; i++) {
		int x = sextet((unsigned char)s[i]);

		if (x < 0) {
			rc = -1;
			break;
		}
		v = (v << 6) | (unsigned long)x;
		bits += 6;
		if (bits == 24) {
			bytes[0] = (unsigned char)(v >> 16);
			bytes[1] = (unsigned char)(v >> 8);
			bytes[2] = (unsigned char)v;
			rc = buf_add(out, bytes, 3);
			v = 0;
			bits = 0;
		}
	}
	/* 2 or 3 trailing characters hold 1 or 2 bytes. */
	if (rc == BUF_OK && bits == 12) {
		bytes[0] = (unsigned char)(v >> 4);
		rc = buf_add(out, bytes, 1);
	} else if (rc == BUF_OK && bits == 18) {
		bytes[0] = (unsigned char)(v >> 10);
		bytes[1] = (unsigned char)(v >> 2);
		rc = buf_add(out, bytes, 2);
	}
	/* Leave out as it was, not holding half a decoding. */
	if (rc != BUF_OK && out->data) {
		out->len = start;
		out->data[start] = '\0';
	}
	return rc;
}

/*
 * b64: base64url without padding (RFC 4648 section 5), as JWS uses it.
 */
#ifndef WS_B64_H
#define WS_B64_H

#include "buf.h"
#include "compat.h"

/* Append the base64url form of p[0..n) to out. Returns a buf_err. */
int b64_url_encode(struct buf *out, const void *p, size_t n) WS_MUST_USE;

/*
 * Append the bytes that s[0..n) encodes to out. The input must use only
 * the base64url alphabet, carry no padding, and have a length that is not
 * 1 modulo 4. Returns 0, -1 for an invalid input, or a buf_err
 * (BUF_ENOMEM is also -1). On failure out is left as it was.
 */
int b64_url_decode(struct buf *out, const char *s, size_t n) WS_MUST_USE;

#endif

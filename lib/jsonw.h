/*
 * jsonw: a JSON writer that escapes as PHP's json_encode does, so that
 * wine-serve's documents read like API Platform's.
 *
 * Two dialects: JSONW_LD is API Platform's JSON-LD and problem encoder
 * (JSON_HEX_TAG|HEX_APOS|HEX_AMP|HEX_QUOT|UNESCAPED_UNICODE: '/' as "\/",
 * '"' as \u0022, '<' '>' '&' '\'' as \u003C \u003E \u0026 \u0027, other
 * characters as they are); JSONW_PLAIN is Symfony's default JSON encoder
 * ('/' as "\/", '"' as \", every non-ASCII character as \uXXXX). Floats
 * are written in their shortest round-trip form without a forced ".0",
 * as PHP's serialize_precision=-1 writes them. Invalid UTF-8 becomes
 * U+FFFD. Every function appends to a struct buf and returns a buf_err.
 */
#ifndef WS_JSONW_H
#define WS_JSONW_H

#include "buf.h"
#include "compat.h"

#include <stdint.h>

enum jsonw_mode {
	JSONW_LD,   /* application/ld+json, application/problem+json */
	JSONW_PLAIN /* application/json */
};

/* Append s[0..len) as a quoted JSON string. */
int jsonw_str(struct buf *b, const char *s, size_t len,
	      enum jsonw_mode mode) WS_MUST_USE;

/* As jsonw_str for a C string; NULL writes null. */
int jsonw_cstr(struct buf *b, const char *s, enum jsonw_mode mode) WS_MUST_USE;

/* Append ,"key": (the comma unless b ends with '{' or '['). */
int jsonw_key(struct buf *b, const char *key, enum jsonw_mode mode) WS_MUST_USE;

/* Append an integer. */
int jsonw_int(struct buf *b, int64_t v) WS_MUST_USE;

/* Append a double, shortest round trip ("14.63", "12", "1.0e+25");
 * NaN and infinities (not JSON) are written as 0. */
int jsonw_double(struct buf *b, double v) WS_MUST_USE;

#endif

/*
 * bounds.h: every ceiling the toolkit enforces, named in one place.
 *
 * Going over one of these is an error with its own message, never a crash
 * or unbounded memory. Tools may lower (never raise) them with options.
 */
#ifndef WS_BOUNDS_H
#define WS_BOUNDS_H

/* A JWT longer than this is refused before any decoding. */
#define LIMIT_JWT_BYTES (8 * 1024)

/* A key, secret or PEM file read with --key or @file. */
#define LIMIT_KEY_BYTES (64 * 1024)

/* JSON given on a command line or in a file (--claims, --payload). */
#define LIMIT_JSON_ARG_BYTES (1024 * 1024)

/* Seconds of clock skew tolerated on exp and nbf by default. */
#define LIMIT_JWT_LEEWAY_SECONDS 5

/* Nesting depth allowed in recursive matchers and parsers. */
#define LIMIT_NESTING 64

/* An error message kept in struct err, including the terminating NUL. */
#define LIMIT_ERR_MESSAGE 256

#endif

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

/* Fixture loading (wine-db load). */

/* Bytes the values of one generated fixture may take. */
#define LIMIT_FIXTURE_ROW_BYTES (4 * 1024 * 1024)

/* Bytes one fixture definition (its YAML tree, compiled) may take. */
#define LIMIT_FIXTURE_DEF_BYTES (16 * 1024 * 1024)

/* Bytes kept for the whole load: ids, templates, parameters, anchors. */
#define LIMIT_FIXTURE_STATE_BYTES ((size_t)1024 * 1024 * 1024)

/* Characters in a fixture id. */
#define LIMIT_FIXTURE_ID_CHARS 1024

/* Fixtures of one load (ids are 32-bit inside). */
#define LIMIT_FIXTURES 200000000

/* Files in one load, includes counted. */
#define LIMIT_FIXTURE_FILES 65535

/* How deep include: may nest. */
#define LIMIT_INCLUDE_DEPTH 15

/* Attempts at a fresh value for a (unique) property, as alice's default. */
#define LIMIT_UNIQUE_RETRIES 150

/* Deferred definitions kept in memory before spilling to a temp file. */
#define LIMIT_SPOOL_MEMORY (8 * 1024 * 1024)

#endif

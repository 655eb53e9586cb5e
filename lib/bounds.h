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

/*
 * Server-Sent Events: the default ceiling on one event's data and on any
 * single line of a stream (tools may lower it, never raise it).
 */
#define LIMIT_SSE_EVENT_BYTES (16 * 1024 * 1024)

/* The data of one update given to mercure-pub (--data, or one line). */
#define LIMIT_PUB_DATA_BYTES (16 * 1024 * 1024)

/* The body of an HTTP response read whole (a publish id, an error). */
#define LIMIT_HTTP_BODY_BYTES (64 * 1024)

/* A hub URL with its query (topics, match selectors) built for a GET. */
#define LIMIT_URL_BYTES (64 * 1024)

#endif

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

/* HTTP requests: the request line and headers together, and their count. */
#define LIMIT_HTTP_HEAD_BYTES (16 * 1024)
#define LIMIT_HTTP_HEADERS    64

/* A request body (a publish form, a JSON document) unless a tool lowers it. */
#define LIMIT_HTTP_BODY_BYTES (1024 * 1024)

/* Connections one server process holds; the descriptor limit caps it too. */
#define LIMIT_HTTP_CONNECTIONS 19800

/* A stream's (an SSE subscriber's) queue of unsent events: past either
 * bound the subscriber is too slow and is disconnected. */
#define LIMIT_STREAM_QUEUE_EVENTS 1000
#define LIMIT_STREAM_QUEUE_BYTES  (1024 * 1024)

/* Seconds a client may take to send a whole request. */
#define LIMIT_HTTP_REQUEST_SECONDS 30

#endif

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

/* One page of the history replayed to a subscriber that sent a cursor:
 * it fits in half its queue (the other half is for live updates); the
 * next page is read once this one is written. */
#define LIMIT_REPLAY_EVENTS (LIMIT_STREAM_QUEUE_EVENTS / 2)
#define LIMIT_REPLAY_BYTES  (LIMIT_STREAM_QUEUE_BYTES / 2)

/* Seconds a client may take to send a whole request. */
#define LIMIT_HTTP_REQUEST_SECONDS 30

/*
 * Mercure topics and selectors. A topic or selector longer than this is
 * refused (the reference hub caps matcher patterns at 4096 bytes too).
 */
#define LIMIT_TOPIC_BYTES 4096

/* Topics of one update, or selectors of one subscription (reference: 1000). */
#define LIMIT_TOPIC_COUNT 1000

/*
 * Mercure 1.0 grants in one token (authorization_details entries of the
 * Mercure type) and topics in one of them: past either the token is
 * invalid (the reference hub's limits).
 */
#define LIMIT_GRANT_DETAILS 100
#define LIMIT_GRANT_TOPICS  100

/* Variables in one URI template expression, such as {a,b,c}. */
#define LIMIT_TOPIC_VARS 32

/*
 * URL Pattern matchers (Mercure 1.0 match_urlpattern): a pattern's length,
 * and per component (pathname, hostname, ...) its matching groups (:name,
 * *, (regexp)) and its parts (texts and groups).
 */
#define LIMIT_URLPATTERN_BYTES	LIMIT_TOPIC_BYTES
#define LIMIT_URLPATTERN_GROUPS 64
#define LIMIT_URLPATTERN_PARTS	256

/*
 * One URL Pattern regexp match gives up (the topic does not match) after
 * this many backtracking steps, this nesting depth of backtracking, or
 * this much heap (KiB): whatever the regexp, a topic costs at most a
 * couple of milliseconds per component (a typical match: well under one
 * microsecond).
 */
#define LIMIT_URLPATTERN_MATCH_STEPS	100000
#define LIMIT_URLPATTERN_MATCH_DEPTH	10000
#define LIMIT_URLPATTERN_MATCH_HEAP_KIB 1024

/* An application/x-www-form-urlencoded body or query string (413 above). */
#define LIMIT_FORM_BYTES (1024 * 1024)

/* Fields (name=value pairs) of one form or query string. */
#define LIMIT_FORM_FIELDS 2048

/* An event id (the publisher's or a Last-Event-ID cursor). */
#define LIMIT_EVENT_ID_BYTES 1024

/* An event type (the SSE "event" field). */
#define LIMIT_EVENT_TYPE_BYTES 256

/* A history transport URL such as sqlite:///var/lib/hub.db?size=1000. */
#define LIMIT_TRANSPORT_URL_BYTES 4096

/* Updates a history may keep (the size= of a transport URL). */
#define LIMIT_HIST_SIZE 100000000

/* Updates kept when a transport URL gives no size= (sqlite, local). */
#define LIMIT_HIST_SIZE_DEFAULT	      100000
#define LIMIT_HIST_LOCAL_SIZE_DEFAULT 10000

/*
 * Server-Sent Events: the default ceiling on one event's data and on any
 * single line of a stream (tools may lower it, never raise it).
 */
#define LIMIT_SSE_EVENT_BYTES (16 * 1024 * 1024)

/* The data of one update given to mercure-pub (--data, or one line). */
#define LIMIT_PUB_DATA_BYTES (16 * 1024 * 1024)

/* The body of an HTTP response read whole (a publish id, an error). */
#define LIMIT_HTTP_RESPONSE_BYTES (64 * 1024)

/* Interim (1xx) responses skipped before a final one, and the line that
 * starts a chunk of a chunked body (its size and any extensions). */
#define LIMIT_HTTP_INTERIM_RESPONSES 16
#define LIMIT_HTTP_CHUNK_LINE_BYTES  4096

/* Requests mercure-pub --lines keeps in flight on its connection
 * (--pipeline), and the bytes they may take together: a new one is sent
 * only while the unanswered ones are below that (one always may). */
#define LIMIT_PUB_PIPELINE	 1024
#define LIMIT_PUB_PIPELINE_BYTES (4 * 1024 * 1024)

/* A hub URL with its query (topics, match selectors) built for a GET. */
#define LIMIT_URL_BYTES (64 * 1024)

/* A JSON request body of the REST API (413 above). */
#define LIMIT_API_JSON_BYTES (1024 * 1024)

/* A file uploaded to /api/media_objects (the whole multipart body). */
#define LIMIT_UPLOAD_BYTES (16 * 1024 * 1024)

/* Items of a collection page, as API Platform's default. */
#define LIMIT_PAGE_ITEMS 30

/* Outbox rows handed to a hub in one batch. */
#define LIMIT_OUTBOX_BATCH 256
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

/*
 * buf: growable byte buffers with a ceiling (curl's dynbuf, git's strbuf).
 *
 * Every buffer is created with the most it may ever hold; an append that
 * would go over returns BUF_ELIMIT and leaves the buffer as it was. The
 * contents are always followed by a NUL byte (not counted in len), so a
 * buffer of text can be used as a C string, while binary data with NULs
 * is kept whole. Only this module calls realloc.
 */
#ifndef WS_BUF_H
#define WS_BUF_H

#include "compat.h"

#include <stdarg.h>
#include <stddef.h>

enum buf_err {
	BUF_OK = 0,
	BUF_ENOMEM = -1, /* the allocator said no */
	BUF_ELIMIT = -2	 /* the append would pass the buffer's ceiling */
};

struct buf {
	char *data; /* NULL until the first append */
	size_t len; /* bytes held, excluding the trailing NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* the ceiling on len */
};

#define BUF_INIT(maxlen) \
 {                       \
  NULL, 0, 0, (maxlen)   \
 }

/* Start empty with a ceiling of max bytes. Allocates nothing. */
void buf_init(struct buf *b, size_t max);

/* Free the contents; the buffer must be initialised again before use. */
void buf_release(struct buf *b);

/* Forget the contents but keep the memory for reuse. */
void buf_reset(struct buf *b);

/* Append n bytes (n may be 0). Returns BUF_OK or a negative buf_err. */
int buf_add(struct buf *b, const void *p, size_t n) WS_MUST_USE;
int buf_addstr(struct buf *b, const char *s) WS_MUST_USE;
int buf_addch(struct buf *b, char c) WS_MUST_USE;
int buf_printf(struct buf *b, const char *fmt, ...) WS_PRINTF(2, 3) WS_MUST_USE;
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	WS_PRINTF(2, 0) WS_MUST_USE;

/* Make room for n more bytes without changing len. */
int buf_reserve(struct buf *b, size_t n) WS_MUST_USE;

/* Drop the first n bytes (n <= len), moving the rest to the front. */
void buf_consume(struct buf *b, size_t n);

/* Borrowed: the contents as a C string ("" when empty), valid until the
 * next call that changes b. */
const char *buf_cstr(const struct buf *b);

/*
 * New: hand the contents to the caller, who frees them with free(). The
 * result is never NULL unless memory runs out (an empty buffer gives "").
 * The buffer is left empty with the same ceiling. *len may be NULL.
 */
char *buf_detach(struct buf *b, size_t *len);

#endif

/*
 * err: the error a library call reports to its caller.
 *
 * The library never prints or exits. A fallible call returns a negative
 * value (or NULL) and, when given a non-NULL struct err, fills it with an
 * error class, one line of text in git's wording (lowercase, no final
 * period, the subject quoted), and where it applies a position in the
 * input. Tools turn the class into an exit code.
 */
#ifndef WS_ERR_H
#define WS_ERR_H

#include "bounds.h"
#include "compat.h"

enum err_class {
	ERR_NONE = 0,
	ERR_RUNTIME,  /* anything else: out of memory, a failed system call */
	ERR_USAGE,    /* the caller asked for something that makes no sense */
	ERR_DATA,     /* the input is malformed (bad JSON, bad key, ...) */
	ERR_NOINPUT,  /* a file or stream could not be opened or read */
	ERR_UNAVAIL,  /* a service could not be reached */
	ERR_PROTOCOL, /* a peer answered outside the protocol */
	ERR_DENIED,   /* not permitted: an invalid or expired token, 401/403 */
	ERR_LIMIT     /* a named limit was exceeded */
};

struct err {
	enum err_class cls;
	long line;   /* 1-based, or 0 when the input has no lines */
	long column; /* 1-based, or 0 when unknown */
	char msg[LIMIT_ERR_MESSAGE];
};

/* Reset to "no error". */
void err_init(struct err *e);

/*
 * Record an error of class cls with a printf-style message and return -1,
 * so that "return err_set(e, ERR_DATA, ...);" fits on one line. A NULL e
 * is allowed (the caller does not care why). A message that does not fit
 * is cut.
 */
int err_set(struct err *e, enum err_class cls, const char *fmt, ...)
	WS_PRINTF(3, 4);

/* As err_set, with a position in the input. */
int err_set_at(struct err *e, enum err_class cls, long line, long column,
	       const char *fmt, ...) WS_PRINTF(5, 6);

/* As err_set, appending ": " and strerror(errnum). */
int err_set_errno(struct err *e, enum err_class cls, int errnum,
		  const char *fmt, ...) WS_PRINTF(4, 5);

/*
 * Prefix the message already held by e with "<prefix>: ", keeping its
 * class and position. Returns -1 like err_set.
 */
int err_prefix(struct err *e, const char *fmt, ...) WS_PRINTF(2, 3);

#endif

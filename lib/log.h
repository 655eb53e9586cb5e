/*
 * log: the one place that writes diagnostics to stderr.
 *
 * Messages follow git's rules: one line, program name first, lowercase,
 * no final period, the subject in single quotes. A format that ends in
 * ':' gets ' ' and strerror(errno) appended (sbase's eprintf).
 */
#ifndef WS_LOG_H
#define WS_LOG_H

#include "compat.h"
#include "err.h"

struct opt_tool;

/* The exit codes every tool documents in its man page. */
enum log_exit {
	EXIT_OK = 0,
	EXIT_FAILURE_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_DATAERR = 65,     /* sysexits EX_DATAERR */
	EXIT_NOINPUT = 66,     /* EX_NOINPUT */
	EXIT_UNAVAILABLE = 69, /* EX_UNAVAILABLE */
	EXIT_PROTOCOL = 76,    /* EX_PROTOCOL */
	EXIT_NOPERM = 77       /* EX_NOPERM */
};

/* Name diagnostics after argv[0]'s last component. Call first in main. */
void log_init(const char *argv0);

/* Borrowed: the program name given to log_init. */
const char *log_program(void);

/* "prog: message" on stderr. */
void log_warn(const char *fmt, ...) WS_PRINTF(1, 2);

/*
 * A structured line for servers' logs on stderr, logfmt style:
 * "time=2026-11-28T12:00:00Z level=info prog=mercure-hub <line>".
 */
void log_event(const char *level, const char *line);

/*
 * Report e ("prog: [where:line:column: ]message") and return the exit
 * code its class maps to. where may be NULL; the position is printed
 * only when e carries one.
 */
int log_err(const struct err *e, const char *where);

/* The exit code for an error class. */
int log_exit_code(enum err_class cls);

/*
 * Report a usage error: "prog: message", the usage lines and a hint to
 * run --help, all on stderr. Returns EXIT_USAGE.
 */
int log_usage(const struct opt_tool *tool, const struct err *e);

/*
 * A progress line on stderr ("\rprog: message", cleared to the end of
 * the line), rewritten by each call; for terminals only.
 */
void log_progress(const char *fmt, ...) WS_PRINTF(1, 2);

/* End a progress line, if one was written, with a newline. */
void log_progress_end(void);

#endif

/* log: diagnostics on stderr, and the mapping of errors to exit codes. */
#include "compat.h"

#include "log.h"
#include "opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *program = "winestore";

void log_init(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	program = slash ? slash + 1 : argv0;
}

const char *log_program(void)
{
	return program;
}

void log_warn(const char *fmt, ...)
{
	int saved = errno;
	size_t len = strlen(fmt);
	va_list ap;

	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (len && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void log_event(const char *level, const char *line)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "time=%s level=%s prog=%s %s\n", when, level, program,
		line);
}

int log_exit_code(enum err_class cls)
{
	switch (cls) {
	case ERR_NONE:
		return EXIT_OK;
	case ERR_USAGE:
		return EXIT_USAGE;
	case ERR_DATA:
	case ERR_LIMIT:
		return EXIT_DATAERR;
	case ERR_NOINPUT:
		return EXIT_NOINPUT;
	case ERR_UNAVAIL:
		return EXIT_UNAVAILABLE;
	case ERR_PROTOCOL:
		return EXIT_PROTOCOL;
	case ERR_DENIED:
		return EXIT_NOPERM;
	case ERR_RUNTIME:
		break;
	}
	return EXIT_FAILURE_RUNTIME;
}

int log_err(const struct err *e, const char *where)
{
	fprintf(stderr, "%s: ", program);
	if (where && e->line > 0 && e->column > 0)
		fprintf(stderr, "%s:%ld:%ld: ", where, e->line, e->column);
	else if (where && e->line > 0)
		fprintf(stderr, "%s:%ld: ", where, e->line);
	else if (where)
		fprintf(stderr, "%s: ", where);
	fprintf(stderr, "%s\n", e->msg[0] ? e->msg : "unknown error");
	return log_exit_code(e->cls);
}

int log_usage(const struct opt_tool *tool, const struct err *e)
{
	if (e && e->msg[0])
		fprintf(stderr, "%s: %s\n", program, e->msg);
	opt_print_usage(tool, stderr);
	fprintf(stderr, "Try '%s --help' for more information.\n", tool->name);
	return EXIT_USAGE;
}

static bool progress_shown;

void log_progress(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\r%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	fflush(stderr);
	progress_shown = true;
}

void log_progress_end(void)
{
	if (progress_shown)
		fputc('\n', stderr);
	progress_shown = false;
}

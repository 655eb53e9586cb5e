/* err: error values carried from the library to the tools. */
#include "compat.h"

#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_init(struct err *e)
{
	e->cls = ERR_NONE;
	e->line = 0;
	e->column = 0;
	e->msg[0] = '\0';
}

static void err_vset(struct err *e, enum err_class cls, const char *fmt,
		     va_list ap) WS_PRINTF(3, 0);

static void err_vset(struct err *e, enum err_class cls, const char *fmt,
		     va_list ap)
{
	e->cls = cls;
	e->line = 0;
	e->column = 0;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

int err_set(struct err *e, enum err_class cls, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	err_vset(e, cls, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_at(struct err *e, enum err_class cls, long line, long column,
	       const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	err_vset(e, cls, fmt, ap);
	va_end(ap);
	e->line = line;
	e->column = column;
	return -1;
}

int err_set_errno(struct err *e, enum err_class cls, int errnum,
		  const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (!e)
		return -1;
	va_start(ap, fmt);
	err_vset(e, cls, fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	snprintf(e->msg + len, sizeof(e->msg) - len, ": %s", strerror(errnum));
	return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	char old[sizeof(e->msg)];
	va_list ap;
	size_t len;

	if (!e)
		return -1;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	snprintf(e->msg + len, sizeof(e->msg) - len, ": %s", old);
	return -1;
}

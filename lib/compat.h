/*
 * compat.h: included first by every file of the project.
 *
 * It turns the C library's unbounded or error-swallowing functions into
 * compile errors (git's banned.h): use snprintf, strtol with an end
 * pointer, and the buf module instead.
 */
#ifndef WS_COMPAT_H
#define WS_COMPAT_H

/*
 * The headers that declare the banned functions come first, so the macros
 * below only affect our own code.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WS_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) WS_BANNED(strcpy)
#undef strcat
#define strcat(x, y) WS_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) WS_BANNED(strncpy)
#undef sprintf
#define sprintf(...) WS_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) WS_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) WS_BANNED(strtok)
#undef gets
#define gets(x) WS_BANNED(gets)
#undef atoi
#define atoi(x) WS_BANNED(atoi)
#undef atol
#define atol(x) WS_BANNED(atol)

#define WS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define WS_MUST_USE	     __attribute__((warn_unused_result))
#define WS_ARRAY_LEN(a)	     (sizeof(a) / sizeof((a)[0]))

#endif

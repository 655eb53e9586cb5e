/*
 * tool: the main() every winestore tool shares.
 *
 * Name diagnostics after argv[0], parse the options (answering --help,
 * --version and --dump-options), run the tool, report its error with the
 * exit code the error's class maps to, and check that standard output
 * was written: a full disk is an error, a reader that went away
 * (mercure-sub | head -1) is a normal end.
 */
#ifndef WS_TOOL_H
#define WS_TOOL_H

#include "compat.h"
#include "err.h"
#include "opt.h"

/*
 * The body of a tool: returns 0, a positive exit code of its own (for
 * outcomes that are not errors, such as "no event came"), or -1 with e
 * filled.
 */
typedef int tool_run_fn(const struct opt_values *v, struct err *e);

/*
 * Run tool and return the process's exit status. where, when not NULL,
 * is read after run returns: a non-empty string names the file an
 * error's line and column are in.
 */
int tool_main(const struct opt_tool *tool, int argc, char **argv,
	      tool_run_fn *run, const char *where);

#endif

/*
 * slurp: read a whole file, standard input, or a command-line value given
 * as curl's "@file" / "@-", into a bounded buffer.
 */
#ifndef WS_SLURP_H
#define WS_SLURP_H

#include "buf.h"
#include "compat.h"
#include "err.h"

#include <stdbool.h>

/*
 * Append the contents of path ("-" is standard input) to out. Fails with
 * ERR_NOINPUT naming the file and the system error, or ERR_LIMIT when the
 * contents pass out's ceiling.
 */
int slurp_file(struct buf *out, const char *path, struct err *e) WS_MUST_USE;

/*
 * Resolve a command-line value into out: "@-" reads standard input,
 * "@path" reads a file, anything else is taken literally. When the value
 * was read and trim is set, one trailing "\n" and then one "\r" are
 * removed (a secret saved by an editor). Errors as slurp_file.
 */
int slurp_arg(struct buf *out, const char *value, bool trim,
	      struct err *e) WS_MUST_USE;

#endif

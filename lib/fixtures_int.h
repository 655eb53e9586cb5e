/*
 * fixtures_int: what the modules of the fixture loader share.
 *
 * Private to lib/fixtures.c and lib/fixtures_*.c: this is not an API, and
 * nothing else includes it (fixtures.h is the interface). The loader is
 * one module cut into files by stage so that each can be read on its own;
 * what one stage needs of another is declared here, and kept small.
 */
#ifndef WS_FIXTURES_INT_H
#define WS_FIXTURES_INT_H

#include "compat.h"

#include "err.h"

/* ERR_LIMIT: the load needs more memory than its ceilings allow; -1. */
int fixtures_no_memory(struct err *e);

#endif

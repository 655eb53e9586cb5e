/* tool: the main() every winestore tool shares (see tool.h). */
#include "compat.h"

#include "tool.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>

int tool_main(const struct opt_tool *tool, int argc, char **argv,
	      tool_run_fn *run, const char *where)
{
	struct opt_values v = { 0 };
	struct err e;
	int rc;

	log_init(argv[0]);
	err_init(&e);
	/* A closed pipe shows as EPIPE on write, and ends the output. */
	signal(SIGPIPE, SIG_IGN);
	rc = opt_parse(&v, tool, argc, argv, &e);
	if (rc == OPT_CONTINUE)
		rc = run(&v, &e);
	else if (rc == OPT_DONE)
		rc = EXIT_OK;
	if (rc < 0 && e.cls == ERR_USAGE)
		rc = log_usage(tool, &e);
	else if (rc < 0)
		rc = log_err(&e, where && where[0] ? where : NULL);
	opt_values_release(&v);
	if ((fflush(stdout) != 0 || ferror(stdout)) && errno != EPIPE) {
		log_warn("cannot write the output:");
		rc = EXIT_FAILURE_RUNTIME;
	}
	return rc;
}

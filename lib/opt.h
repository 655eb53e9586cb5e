/*
 * opt: one option table per tool, the single source of truth.
 *
 * From the table this module derives the getopt_long arrays, the --help
 * text, --version, and a hidden --dump-options that prints one
 * tab-separated line per option and command; the man page checks and the
 * shell completions are generated from that dump. Values come from the
 * command line first, then from the option's environment variable; the
 * tool supplies defaults when neither is present.
 */
#ifndef WS_OPT_H
#define WS_OPT_H

#include "compat.h"
#include "err.h"

#include <stdbool.h>
#include <stdio.h>

enum opt_flags {
	OPT_MULTI = 1 << 0,	   /* may be given more than once */
	OPT_OPTIONAL_ARG = 1 << 1, /* --name or --name=VALUE */
	OPT_HIDDEN = 1 << 2	   /* left out of --help and completions */
};

struct opt_spec {
	const char *name; /* long name without the leading "--" */
	int letter;	  /* short option letter, or 0 */
	const char *arg;  /* argument name (FILE, URL, ...), NULL for a flag */
	const char *env;  /* environment variable consulted, or NULL */
	unsigned flags;	  /* enum opt_flags */
	const char *help; /* one line, lowercase, no final period */
};

struct opt_command {
	const char *name; /* the first operand that selects it */
	const char *help; /* one line */
};

struct opt_tool {
	const char *name;    /* the binary's name */
	const char *usage;   /* synopsis lines without the tool name prefix,
			      * separated by '\n' ("[options] TOKEN") */
	const char *summary; /* one sentence for --help */
	const struct opt_spec *opts;	    /* ends with a zeroed entry */
	const struct opt_command *commands; /* NULL, or ends zeroed */
	const char *(*versions)(void);	    /* library versions for --version */
};

struct opt_value {
	int count;	    /* times given (or 1 from the environment) */
	bool from_env;	    /* the value came from the environment */
	const char **items; /* every value in order; borrowed from argv/env */
};

struct opt_values {
	const struct opt_tool *tool;
	struct opt_value *values; /* one per spec, in table order */
	int argc;		  /* operands left after the options */
	char **argv;
	int argc_total; /* the whole command line's count */
};

enum opt_result {
	OPT_CONTINUE = 0, /* run the tool */
	OPT_DONE = 1	  /* --help, --version or --dump-options answered */
};

/*
 * Parse argv against tool's table, then fill unset options from their
 * environment variables. Answers --help, --version and --dump-options on
 * stdout and returns OPT_DONE. Returns OPT_CONTINUE when the tool should
 * run, or -1 with a usage error in e. v must be released with
 * opt_values_release whatever the result.
 */
int opt_parse(struct opt_values *v, const struct opt_tool *tool, int argc,
	      char **argv, struct err *e) WS_MUST_USE;

void opt_values_release(struct opt_values *v);

/* Borrowed: the last value of option name, or NULL when not given. */
const char *opt_str(const struct opt_values *v, const char *name);

/* Whether the option was given on the command line (not only in the
 * environment): a flag beats another option's variable. */
bool opt_given(const struct opt_values *v, const char *name);

/* Times the option was given (0 when absent). */
int opt_count(const struct opt_values *v, const char *name);

/* Borrowed: every value of option name; *n receives how many. */
const char *const *opt_list(const struct opt_values *v, const char *name,
			    int *n);

/*
 * For tools with commands: fail with ERR_USAGE naming the first option
 * given on the command line (not from the environment) that is not in
 * allowed (a NULL-terminated list of long names), for command.
 */
int opt_only(const struct opt_values *v, const char *command,
	     const char *const *allowed, struct err *e) WS_MUST_USE;

/* The usage lines ("usage: tool ...") on f. */
void opt_print_usage(const struct opt_tool *tool, FILE *f);

/* The full --help text on f. */
void opt_print_help(const struct opt_tool *tool, FILE *f);

#endif

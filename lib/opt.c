/* opt: getopt_long, --help, --version and --dump-options from one table. */
#include "compat.h"

#include "opt.h"

#include <assert.h>
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Options every tool answers, appended to its own table. */
static const struct opt_spec builtin_opts[] = {
	{ "help", 'h', NULL, NULL, 0, "show this help and exit" },
	{ "version", 'V', NULL, NULL, 0, "show the version and exit" },
	{ "dump-options", 0, NULL, NULL, OPT_HIDDEN,
	  "print the option table as tab-separated lines" },
};

enum { BUILTIN_HELP, BUILTIN_VERSION, BUILTIN_DUMP, BUILTIN_COUNT };

/* getopt_long's val for long-only option i; above every char value. */
#define LONG_VAL(i) (0x100 + (i))

static int table_len(const struct opt_spec *opts)
{
	int n = 0;

	while (opts[n].name)
		n++;
	return n;
}

/* The spec at index i, counting the tool's table then the built-ins. */
static const struct opt_spec *spec_at(const struct opt_tool *t, int i)
{
	int n = table_len(t->opts);

	return i < n ? &t->opts[i] : &builtin_opts[i - n];
}

static int find_letter(const struct opt_tool *t, int letter)
{
	int i, total = table_len(t->opts) + BUILTIN_COUNT;

	for (i = 0; i < total; i++)
		if (spec_at(t, i)->letter == letter)
			return i;
	return -1;
}

static int find_name(const struct opt_tool *t, const char *name)
{
	int i, n = table_len(t->opts);

	for (i = 0; i < n; i++)
		if (strcmp(t->opts[i].name, name) == 0)
			return i;
	return -1;
}

static int has_arg(const struct opt_spec *s)
{
	if (!s->arg)
		return no_argument;
	return s->flags & OPT_OPTIONAL_ARG ? optional_argument
					   : required_argument;
}

/*
 * Build getopt_long's arrays. The optstring starts with ':' so a missing
 * argument is told apart from an unknown option.
 */
static int build_getopt(const struct opt_tool *t, struct option **longs,
			char **shorts)
{
	int i, total = table_len(t->opts) + BUILTIN_COUNT;
	struct option *lo = calloc((size_t)total + 1, sizeof(*lo));
	char *so = malloc((size_t)total * 3 + 2);
	size_t k = 0;

	if (!lo || !so) {
		free(lo);
		free(so);
		return -1;
	}
	so[k++] = ':';
	for (i = 0; i < total; i++) {
		const struct opt_spec *s = spec_at(t, i);

		lo[i].name = s->name;
		lo[i].has_arg = has_arg(s);
		lo[i].val = s->letter ? s->letter : LONG_VAL(i);
		if (!s->letter)
			continue;
		so[k++] = (char)s->letter;
		if (s->arg)
			so[k++] = ':';
		if (s->arg && (s->flags & OPT_OPTIONAL_ARG))
			so[k++] = ':';
	}
	so[k] = '\0';
	*longs = lo;
	*shorts = so;
	return 0;
}

/*
 * Record one more value. An option cannot be given more often than there
 * are arguments, plus once from the environment, so the list is sized
 * for that on first use and never grows.
 */
static int add_value(struct opt_value *val, const char *item, int argc)
{
	if (!val->items)
		val->items = calloc((size_t)argc + 2, sizeof(*val->items));
	if (!val->items || val->count > argc)
		return -1;
	val->items[val->count++] = item;
	return 0;
}

/*
 * Name the option getopt_long refused, as the user wrote it. optopt
 * tells the cases apart: a letter the table lacks is an unknown short
 * option, which may sit inside a cluster ("-vx") and so has no argv
 * element of its own; anything else was the last element read, named
 * without its "=value" ("--nope=1", "--help=x"), or by its letter when
 * it ends a cluster ("-vk" missing k's argument).
 */
static const char *refused(const struct opt_tool *t, char **argv, char *out,
			   size_t size)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	unsigned char letter = (unsigned char)optopt;

	if (optopt != 0 && optopt < 0x100 && find_letter(t, optopt) < 0)
		snprintf(out, size, isprint(letter) ? "-%c" : "-\\x%02x",
			 letter);
	else if (strncmp(arg, "--", 2) == 0)
		snprintf(out, size, "%.*s", (int)strcspn(arg, "="), arg);
	else if (optopt > 0 && optopt < 0x100)
		snprintf(out, size, "-%c", optopt);
	else
		snprintf(out, size, "%s", arg);
	return out;
}

static int parse_env_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Fill options not given on the command line from the environment. */
static int apply_env(struct opt_values *v, struct err *e)
{
	const struct opt_spec *opts = v->tool->opts;
	int i, on;

	for (i = 0; opts[i].name; i++) {
		const char *env = opts[i].env ? getenv(opts[i].env) : NULL;

		if (!env || !*env || v->values[i].count)
			continue;
		if (opts[i].arg) {
			if (add_value(&v->values[i], env, v->argc_total) < 0)
				return err_set(e, ERR_RUNTIME, "out of memory");
		} else if (parse_env_bool(env, &on) < 0) {
			return err_set(
				e, ERR_USAGE,
				"invalid value '%s' for %s (want 1 or 0, true or false)",
				env, opts[i].env);
		} else if (on &&
			   add_value(&v->values[i], env, v->argc_total) < 0) {
			return err_set(e, ERR_RUNTIME, "out of memory");
		}
		v->values[i].from_env = v->values[i].count > 0;
	}
	return 0;
}

static void print_version(const struct opt_tool *t)
{
	printf("%s %s\n", t->name, WS_VERSION);
	if (t->versions)
		printf("%s\n", t->versions());
}

static void print_dump(const struct opt_tool *t)
{
	int i, total = table_len(t->opts) + BUILTIN_COUNT;

	for (i = 0; i < total; i++) {
		const struct opt_spec *s = spec_at(t, i);
		char letter[2] = { (char)s->letter, '\0' };

		if (s->flags & OPT_HIDDEN)
			continue;
		printf("option\t%s\t%s\t%s\t%s\t%s%s\t%s\n", s->name, letter,
		       s->arg ? s->arg : "", s->env ? s->env : "",
		       s->flags & OPT_MULTI ? "multi" : "",
		       s->flags & OPT_OPTIONAL_ARG ? "optional" : "", s->help);
	}
	for (i = 0; t->commands && t->commands[i].name; i++)
		printf("command\t%s\t%s\n", t->commands[i].name,
		       t->commands[i].help);
}

/* React to one getopt_long result; idx is the matched spec or -1. */
static int take_option(struct opt_values *v, int c, int idx, char **argv,
		       int *builtin, struct err *e)
{
	int n = table_len(v->tool->opts);
	const struct opt_spec *s;
	char name[64];

	if (c == ':')
		return err_set(e, ERR_USAGE, "option '%s' requires an argument",
			       refused(v->tool, argv, name, sizeof(name)));
	/* A known option refused with '?' was given "=value" it takes not. */
	if (c == '?' && (optopt >= LONG_VAL(0) ||
			 (optopt > 0 && find_letter(v->tool, optopt) >= 0)))
		return err_set(e, ERR_USAGE, "option '%s' takes no argument",
			       refused(v->tool, argv, name, sizeof(name)));
	if (c == '?' || idx < 0)
		return err_set(e, ERR_USAGE, "unknown option '%s'",
			       refused(v->tool, argv, name, sizeof(name)));
	if (idx >= n) {
		*builtin = idx - n;
		return 0;
	}
	s = &v->tool->opts[idx];
	if (v->values[idx].count && !(s->flags & OPT_MULTI) && !s->arg)
		return 0; /* a repeated flag is still just on */
	if (add_value(&v->values[idx], optarg ? optarg : "", v->argc_total) < 0)
		return err_set(e, ERR_RUNTIME, "out of memory");
	return 0;
}

int opt_parse(struct opt_values *v, const struct opt_tool *tool, int argc,
	      char **argv, struct err *e)
{
	struct option *longs = NULL;
	char *shorts = NULL;
	int c, idx, rc = 0, builtin = -1;

	v->tool = tool;
	v->argc_total = argc;
	v->argc = 0;
	v->argv = NULL;
	v->values =
		calloc((size_t)table_len(tool->opts) + 1, sizeof(*v->values));
	if (!v->values || build_getopt(tool, &longs, &shorts) < 0) {
		rc = err_set(e, ERR_RUNTIME, "out of memory");
		goto out;
	}
	optind = 0; /* glibc: start afresh, also for a second parse */
	opterr = 0;
	while (rc == 0 && builtin < 0) {
		c = getopt_long(argc, argv, shorts, longs, NULL);
		if (c == -1)
			break;
		if (c >= LONG_VAL(0))
			idx = c - LONG_VAL(0);
		else if (c == '?' || c == ':')
			idx = -1;
		else
			idx = find_letter(tool, c);
		rc = take_option(v, c, idx, argv, &builtin, e);
	}
	if (rc == 0 && builtin < 0)
		rc = apply_env(v, e);
	v->argc = argc - optind;
	v->argv = argv + optind;
	if (rc == 0 && builtin == BUILTIN_HELP)
		opt_print_help(tool, stdout);
	else if (rc == 0 && builtin == BUILTIN_VERSION)
		print_version(tool);
	else if (rc == 0 && builtin == BUILTIN_DUMP)
		print_dump(tool);
	if (rc == 0 && builtin >= 0)
		rc = OPT_DONE;
out:
	free(longs);
	free(shorts);
	return rc;
}

void opt_values_release(struct opt_values *v)
{
	int i;

	if (!v->values)
		return;
	for (i = 0; v->tool->opts[i].name; i++)
		free(v->values[i].items);
	free(v->values);
	v->values = NULL;
}

static const struct opt_value *value_of(const struct opt_values *v,
					const char *name)
{
	int i = find_name(v->tool, name);

	assert(i >= 0 && "option name missing from the tool's table");
	return &v->values[i];
}

const char *opt_str(const struct opt_values *v, const char *name)
{
	const struct opt_value *val = value_of(v, name);

	return val->count ? val->items[val->count - 1] : NULL;
}

bool opt_given(const struct opt_values *v, const char *name)
{
	const struct opt_value *val = value_of(v, name);

	return val->count && !val->from_env;
}

int opt_count(const struct opt_values *v, const char *name)
{
	return value_of(v, name)->count;
}

const char *const *opt_list(const struct opt_values *v, const char *name,
			    int *n)
{
	const struct opt_value *val = value_of(v, name);

	*n = val->count;
	return val->items;
}

int opt_only(const struct opt_values *v, const char *command,
	     const char *const *allowed, struct err *e)
{
	const struct opt_spec *opts = v->tool->opts;
	int i, k;

	for (i = 0; opts[i].name; i++) {
		for (k = 0; allowed[k]; k++)
			if (strcmp(allowed[k], opts[i].name) == 0)
				break;
		if (!allowed[k] && v->values[i].count && !v->values[i].from_env)
			return err_set(e, ERR_USAGE,
				       "option '--%s' does not apply to '%s'",
				       opts[i].name, command);
	}
	return 0;
}

void opt_print_usage(const struct opt_tool *tool, FILE *f)
{
	const char *line = tool->usage;
	const char *prefix = "usage: ";

	while (*line) {
		size_t len = strcspn(line, "\n");

		fprintf(f, "%s%s %.*s\n", prefix, tool->name, (int)len, line);
		prefix = "       ";
		line += len + (line[len] == '\n');
	}
}

/* "  -k, --key=KEY" or "      --ttl=DURATION", padded to a column. */
static void print_option(const struct opt_spec *s, FILE *f)
{
	char left[64];
	int len;

	if (s->letter)
		len = snprintf(left, sizeof(left), "  -%c, --%s", s->letter,
			       s->name);
	else
		len = snprintf(left, sizeof(left), "      --%s", s->name);
	if (s->arg && len > 0 && (size_t)len < sizeof(left))
		snprintf(left + len, sizeof(left) - (size_t)len,
			 s->flags & OPT_OPTIONAL_ARG ? "[=%s]" : " %s", s->arg);
	fprintf(f, "%-30s", left);
	if (strlen(left) >= 30)
		fprintf(f, "\n%-30s", "");
	fprintf(f, "%s", s->help);
	if (s->env)
		fprintf(f, " [$%s]", s->env);
	fputc('\n', f);
}

void opt_print_help(const struct opt_tool *tool, FILE *f)
{
	int i, total = table_len(tool->opts) + BUILTIN_COUNT;

	opt_print_usage(tool, f);
	fprintf(f, "\n%s\n", tool->summary);
	if (tool->commands && tool->commands[0].name) {
		fprintf(f, "\nCommands:\n");
		for (i = 0; tool->commands[i].name; i++)
			fprintf(f, "  %-28s%s\n", tool->commands[i].name,
				tool->commands[i].help);
	}
	fprintf(f, "\nOptions:\n");
	for (i = 0; i < total; i++)
		if (!(spec_at(tool, i)->flags & OPT_HIDDEN))
			print_option(spec_at(tool, i), f);
	fprintf(f, "\nSee %s(1) for details and exit codes.\n", tool->name);
}

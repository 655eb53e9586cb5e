/*
 * Golden driver for the faker formatters: each input line is a value in
 * the fixture language ("<email()>"); it is evaluated for three fixtures
 * (seed 1, now 2026-06-15T12:00:00Z) and printed as a JSON line with the
 * values and their shapes (A upper, a lower, 9 digit, other characters
 * kept), or the error. Lines starting with '#' are comments.
 */
#include "compat.h"

#include "alice.h"
#include "arena.h"
#include "buf.h"
#include "faker.h"
#include "slurp.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void put_string(const char *s, size_t n, bool shape)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (shape && isupper(c))
			c = 'A';
		else if (shape && islower(c))
			c = 'a';
		else if (shape && isdigit(c))
			c = '9';
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void put_value(struct arena *a, const struct faker_value *v, bool shape)
{
	size_t i, len;
	const char *text;

	if (v->kind == FAKER_ARRAY) {
		putchar('[');
		for (i = 0; i < v->u.a.n; i++) {
			if (i)
				putchar(',');
			put_value(a, &v->u.a.items[i], shape);
		}
		putchar(']');
		return;
	}
	text = faker_to_text(a, v, &len);
	if (v->kind == FAKER_NULL)
		printf("null");
	else if (v->kind == FAKER_BOOL)
		printf(v->u.b ? "true" : "false");
	else
		put_string(text ? text : "?", text ? len : 1, shape);
}

static int no_ref(void *ctx, const char *name, size_t len,
		  struct faker_value *out, struct err *e)
{
	(void)ctx;
	(void)out;
	return err_set(e, ERR_DATA, "no fixtures here ('%.*s')", (int)len,
		       name);
}

static int no_wildcard(void *ctx, const char *prefix, size_t len,
		       struct faker_rng *rng, struct faker_value *out,
		       struct err *e)
{
	(void)rng;
	return no_ref(ctx, prefix, len, out, e);
}

static int no_self(void *ctx, struct faker_value *out, struct err *e)
{
	return no_ref(ctx, "self", 4, out, e);
}

static int no_name(void *ctx, const char *name, size_t len,
		   struct faker_value *out, struct err *e)
{
	return no_ref(ctx, name, len, out, e);
}

static void run_line(const char *line, size_t len)
{
	struct arena code = ARENA_INIT(1 << 20), values = ARENA_INIT(1 << 22);
	struct faker_value v[3];
	struct alice_node *n;
	struct err e;
	int k;

	err_init(&e);
	printf("{\"expr\":");
	put_string(line, len, false);
	n = alice_compile(&code, line, len, 1, 1, false, &e);
	for (k = 0; n && k < 3; k++) {
		struct faker f = { .arena = &values, .now = 1781524800 };
		struct alice_env env = {
			&f,	     NULL,    NULL,    no_ref,
			no_wildcard, no_self, no_name, no_name
		};
		char fixture[16];

		snprintf(fixture, sizeof(fixture), "row_%d", k + 1);
		faker_rng_key(&f.rng, 1, fixture, strlen(fixture), "p", 1);
		if (alice_eval(n, &env, &v[k], &e) < 0)
			n = NULL;
	}
	if (!n) {
		printf(",\"error\":");
		put_string(e.msg, strlen(e.msg), false);
		printf(",\"column\":%ld}\n", e.column);
	} else {
		for (k = 0; k < 2; k++) {
			int i;

			printf(k ? ",\"shapes\":[" : ",\"values\":[");
			for (i = 0; i < 3; i++) {
				if (i)
					putchar(',');
				put_value(&values, &v[i], k == 1);
			}
			putchar(']');
		}
		printf("}\n");
	}
	arena_release(&code);
	arena_release(&values);
}

int main(void)
{
	struct buf in = BUF_INIT(1024 * 1024);
	const char *p, *end;
	struct err e;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0) {
		fprintf(stderr, "faker: %s\n", e.msg);
		return 1;
	}
	p = buf_cstr(&in);
	end = p + in.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[1024];

		if (len && p[0] != '#' && len < sizeof(line)) {
			/* alice_compile wants a NUL-terminated value. */
			memcpy(line, p, len);
			line[len] = '\0';
			run_line(line, len);
		}
		p += len + 1;
	}
	buf_release(&in);
	return 0;
}

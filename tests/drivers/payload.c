/*
 * Golden driver for lib/payload: the first line names the resource and
 * the operation ("wine create", "wine update", "comment create",
 * "comment update"), the rest is the request body. Prints one JSON line:
 * the fields read and the resulting object with its violations, or the
 * syntax error with its position. An update applies to a fixed row.
 */
#include "compat.h"

#include "buf.h"
#include "payload.h"
#include "slurp.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int main(void)
{
	struct buf in = BUF_INIT(4 * 1024 * 1024);
	struct payload p;
	struct err e;
	json_t *out = json_object(), *v = json_array();
	const char *nl;
	bool wine, create;
	int i, rc;
	char *line;

	err_init(&e);
	if (slurp_file(&in, "-", &e) < 0)
		return 1;
	nl = strchr(buf_cstr(&in), '\n');
	if (!nl)
		return 1;
	wine = !strncmp(in.data, "wine ", 5);
	create = strstr(in.data, "create") && strstr(in.data, "create") < nl;
	rc = payload_parse(&p, wine ? PAYLOAD_WINE : PAYLOAD_COMMENT, nl + 1,
			   in.len - (size_t)(nl + 1 - in.data), &e);
	if (rc < 0) {
		json_object_set_new(out, "error", json_string(e.msg));
		json_object_set_new(out, "line", json_integer(e.line));
		json_object_set_new(out, "column", json_integer(e.column));
	} else if (wine) {
		struct store_wine w = { 0 };

		if (!create) {
			w.id = 7;
			w.name = strdup("Base");
			w.description = strdup("Base.");
			w.stock = 1;
			w.price = 2;
			w.image_id = 3;
		}
		json_object_set_new(out, "present", json_integer(p.present));
		payload_apply_wine(&p, &w, create);
		json_object_set_new(
			out, "wine",
			json_pack("{s:o,s:o,s:I,s:f,s:I}", "name",
				  str_or_null(w.name), "description",
				  str_or_null(w.description), "stock",
				  (json_int_t)w.stock, "price", w.price,
				  "image", (json_int_t)w.image_id));
		store_wine_release(&w);
	} else {
		struct store_comment c = { 0 };

		if (!create) {
			c.id = 5;
			c.text = strdup("Base.");
			c.created_at = strdup("2020-01-01 00:00:00");
			c.wine_id = 2;
		}
		json_object_set_new(out, "present", json_integer(p.present));
		payload_apply_comment(&p, &c, create, "2026-01-01 12:00:00");
		json_object_set_new(out, "comment",
				    json_pack("{s:o,s:o,s:I}", "text",
					      str_or_null(c.text), "createdAt",
					      str_or_null(c.created_at), "wine",
					      (json_int_t)c.wine_id));
		store_comment_release(&c);
	}
	for (i = 0; i < p.nviolations; i++)
		json_array_append_new(
			v, json_pack("{s:s,s:s}", "path", p.violations[i].path,
				     "message", p.violations[i].message));
	json_object_set_new(out, "violations", v);
	payload_release(&p);
	line = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER |
				       JSON_ENSURE_ASCII);
	puts(line);
	free(line);
	json_decref(out);
	buf_release(&in);
	return 0;
}

/* jsonx: jansson helpers. */
#include "compat.h"

#include "jsonx.h"

static int dump_cb(const char *p, size_t n, void *data)
{
	return buf_add(data, p, n) == BUF_OK ? 0 : -1;
}

json_t *jsonx_parse(const char *text, size_t len, struct err *e)
{
	json_error_t je;
	json_t *v;

	v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!v)
		err_set_at(e, ERR_DATA, je.line, je.column,
			   "invalid JSON at line %d, column %d: %s", je.line,
			   je.column, je.text);
	return v;
}

json_t *jsonx_parse_object(const char *text, size_t len, const char *what,
			   struct err *e)
{
	json_t *v = jsonx_parse(text, len, e);

	if (!v) {
		err_prefix(e, "%s", what);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		err_set(e, ERR_DATA, "%s must be a JSON object", what);
		return NULL;
	}
	return v;
}

int jsonx_dump(struct buf *out, const json_t *v)
{
	int flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER;

	return json_dump_callback(v, dump_cb, out, (size_t)flags) == 0
		       ? BUF_OK
		       : BUF_ELIMIT;
}

const char *jsonx_version(void)
{
	return "jansson " JANSSON_VERSION;
}

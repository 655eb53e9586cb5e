/* payload: JSON write bodies to resource fields, with violations. */
#define _DEFAULT_SOURCE /* timegm */
#include "compat.h"

#include "payload.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void payload_violation(struct payload *p, const char *path, const char *message)
{
	struct payload_violation *v;

	if (p->nviolations >= PAYLOAD_MAX_VIOLATIONS)
		return;
	v = &p->violations[p->nviolations++];
	snprintf(v->path, sizeof(v->path), "%s", path);
	snprintf(v->message, sizeof(v->message), "%s", message);
}

void payload_release(struct payload *p)
{
	free(p->name);
	free(p->description);
	free(p->text);
	p->name = p->description = p->text = NULL;
}

int64_t payload_iri_id(const char *iri, const char *collection)
{
	const char *p = iri, *end;
	size_t clen = strlen(collection);
	long long id;

	/* An absolute IRI: skip scheme and authority. */
	if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8)) {
		p = strchr(strstr(p, "//") + 2, '/');
		if (!p)
			return 0;
	}
	if (strncmp(p, "/api/", 5) || strncmp(p + 5, collection, clen) ||
	    p[5 + clen] != '/')
		return 0;
	p += 6 + clen;
	if (*p < '1' || *p > '9')
		return 0;
	errno = 0;
	id = strtoll(p, (char **)&end, 10);
	if (*end || id <= 0 || errno)
		return 0;
	return id;
}

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int payload_datetime(const char *s, char out[20])
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	struct tm tm = { 0 };
	const char *p = s;
	time_t t;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };

	if (digits(p, 4, &y) || p[4] != '-' || digits(p + 5, 2, &mo) ||
	    p[7] != '-' || digits(p + 8, 2, &d))
		return -1;
	p += 10;
	if (*p == 'T' || *p == ' ') {
		if (digits(p + 1, 2, &h) || p[3] != ':' ||
		    digits(p + 4, 2, &mi))
			return -1;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec))
				return -1;
			p += 3;
			if (*p == '.')
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
		}
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			if (digits(p + 1, 2, &oh))
				return -1;
			p += 3;
			if (*p == ':')
				p++;
			if (digits(p, 2, &om))
				return -1;
			p += 2;
		}
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59 || y < 1)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm) - (time_t)sign * (oh * 3600 + om * 60);
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1)
		return -1;
	/* Feb 30 and the like roll over in timegm: refuse them. */
	if (!sign && (tm.tm_mday != d || tm.tm_mon != mo - 1))
		return -1;
	/* %Y would not pad years before 1000 */
	{
		char tmp[64];

		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d %02d:%02d:%02d",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec);
		memcpy(out, tmp, 19);
		out[19] = '\0';
	}
	return 0;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "array";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "int";
	case JSON_REAL:
		return "float";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	default:
		return "null";
	}
}

static void wrong_type(struct payload *p, const char *key, const char *want,
		       const json_t *v)
{
	char msg[128];

	if (json_is_null(v))
		snprintf(msg, sizeof(msg), "This value should not be null.");
	else
		snprintf(msg, sizeof(msg),
			 "This value should be of type %s, %s given.", want,
			 type_name(v));
	payload_violation(p, key, msg);
}

static void read_string(struct payload *p, json_t *obj, const char *key,
			unsigned bit, char **dst)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return;
	if (!json_is_string(v)) {
		wrong_type(p, key, "string", v);
		return;
	}
	*dst = strndup(json_string_value(v), json_string_length(v));
	if (*dst)
		p->present |= bit;
}

static void read_relation(struct payload *p, json_t *obj, const char *key,
			  const char *collection, bool nullable, unsigned bit,
			  int64_t *dst)
{
	json_t *v = json_object_get(obj, key);
	char msg[128];

	if (!v)
		return;
	if (json_is_null(v) && nullable) {
		*dst = 0;
		p->present |= bit;
		return;
	}
	if (!json_is_string(v)) {
		snprintf(msg, sizeof(msg),
			 "Expected IRI or nested document, %s given.",
			 type_name(v));
		if (json_is_null(v))
			snprintf(msg, sizeof(msg),
				 "This value should not be null.");
		payload_violation(p, key, msg);
		return;
	}
	*dst = payload_iri_id(json_string_value(v), collection);
	if (!*dst) {
		snprintf(msg, sizeof(msg), "Invalid IRI \"%.80s\".",
			 json_string_value(v));
		payload_violation(p, key, msg);
		return;
	}
	p->present |= bit;
}

static void read_wine(struct payload *p, json_t *obj)
{
	json_t *v;

	read_string(p, obj, "name", PAYLOAD_NAME, &p->name);
	read_string(p, obj, "description", PAYLOAD_DESCRIPTION,
		    &p->description);
	v = json_object_get(obj, "stock");
	if (v && json_is_integer(v)) {
		p->stock = json_integer_value(v);
		p->present |= PAYLOAD_STOCK;
	} else if (v) {
		wrong_type(p, "stock", "int", v);
	}
	v = json_object_get(obj, "price");
	if (v && json_is_number(v)) {
		p->price = json_number_value(v);
		p->present |= PAYLOAD_PRICE;
	} else if (v) {
		wrong_type(p, "price", "float", v);
	}
	read_relation(p, obj, "image", "media_objects", true, PAYLOAD_IMAGE,
		      &p->image_id);
}

static void read_comment(struct payload *p, json_t *obj)
{
	json_t *v;

	read_string(p, obj, "text", PAYLOAD_TEXT, &p->text);
	v = json_object_get(obj, "createdAt");
	if (v && json_is_string(v)) {
		if (payload_datetime(json_string_value(v), p->created_at) == 0)
			p->present |= PAYLOAD_CREATED_AT;
		else
			payload_violation(
				p, "createdAt",
				"This value is not a valid datetime.");
	} else if (v) {
		wrong_type(p, "createdAt", "string", v);
	}
	read_relation(p, obj, "wine", "wines", false, PAYLOAD_WINE_REF,
		      &p->wine_id);
}

int payload_parse(struct payload *p, enum payload_resource resource,
		  const char *body, size_t len, struct err *e)
{
	json_error_t je;
	json_t *obj;

	memset(p, 0, sizeof(*p));
	p->resource = resource;
	obj = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!obj)
		return err_set_at(
			e, ERR_DATA, je.line, je.column,
			"Syntax error: %s at line %d, column %d (position %d)",
			je.text, je.line, je.column, je.position);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return err_set_at(
			e, ERR_DATA, 1, 1,
			"Syntax error: the body must be a JSON object at line 1, column 1 (position 0)");
	}
	if (resource == PAYLOAD_WINE)
		read_wine(p, obj);
	else
		read_comment(p, obj);
	json_decref(obj);
	return 0;
}

/* Count UTF-8 characters, as Symfony's Length constraint does. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void check_text(struct payload *p, const char *path, const char *s)
{
	const char *q = s;

	if (!s) {
		payload_violation(p, path, "This value should not be blank.");
		return;
	}
	while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
		q++;
	if (!*q)
		payload_violation(p, path, "This value should not be blank.");
	else if (chars(s) > PAYLOAD_TEXT_MAX)
		payload_violation(
			p, path,
			"This value is too long. It should have 255 characters or less.");
}

static void take(char **dst, char **src)
{
	free(*dst);
	*dst = *src;
	*src = NULL;
}

void payload_apply_wine(struct payload *p, struct store_wine *w, bool create)
{
	unsigned has = p->present;
	int before = p->nviolations, i;
	bool typed_stock = false, typed_price = false;

	for (i = 0; i < before; i++) {
		typed_stock |= !strcmp(p->violations[i].path, "stock");
		typed_price |= !strcmp(p->violations[i].path, "price");
	}
	if (has & PAYLOAD_NAME)
		take(&w->name, &p->name);
	if (has & PAYLOAD_DESCRIPTION)
		take(&w->description, &p->description);
	if (has & PAYLOAD_STOCK)
		w->stock = p->stock;
	if (has & PAYLOAD_PRICE)
		w->price = p->price;
	if (has & PAYLOAD_IMAGE)
		w->image_id = p->image_id;
	check_text(p, "name", w->name);
	check_text(p, "description", w->description);
	if (create && !(has & PAYLOAD_STOCK) && !typed_stock)
		payload_violation(p, "stock", "This value should not be null.");
	else if ((has & PAYLOAD_STOCK) && w->stock < 0)
		payload_violation(
			p, "stock",
			"This value should be either positive or zero.");
	if (create && !(has & PAYLOAD_PRICE) && !typed_price)
		payload_violation(p, "price", "This value should not be null.");
	else if ((has & PAYLOAD_PRICE) && !(w->price >= 0))
		payload_violation(
			p, "price",
			"This value should be either positive or zero.");
}

void payload_apply_comment(struct payload *p, struct store_comment *c,
			   bool create, const char *now)
{
	unsigned has = p->present;
	bool typed_wine = false;
	int i;

	for (i = 0; i < p->nviolations; i++)
		typed_wine |= !strcmp(p->violations[i].path, "wine");
	if (has & PAYLOAD_TEXT)
		take(&c->text, &p->text);
	if (has & PAYLOAD_CREATED_AT) {
		free(c->created_at);
		c->created_at = strdup(p->created_at);
	} else if (create) {
		free(c->created_at);
		c->created_at = strdup(now);
	}
	if (has & PAYLOAD_WINE_REF)
		c->wine_id = p->wine_id;
	check_text(p, "text", c->text);
	if (create && !(has & PAYLOAD_WINE_REF) && !typed_wine)
		payload_violation(p, "wine", "This value should not be null.");
}

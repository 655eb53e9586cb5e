/* apidoc: Hydra and OpenAPI documents built from one resource table. */
#include "compat.h"

#include "apidoc.h"

#include "jsonx.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum kind { SCALAR, TO_ONE, TO_MANY };

struct prop {
	const char *name;
	const char *range; /* xmls:... or the target class id */
	enum kind kind;
	bool writable;
	bool required;	     /* on create */
	const char *iri;     /* the property's own IRI, or NULL */
	const char *oa_type; /* OpenAPI type */
	const char *oa_format;
	bool link; /* serialized as an IRI (hydra:Link) */
};

struct resource {
	const char *shortname; /* "Wine" */
	const char *id;	       /* "#Wine" or the class IRI */
	const char *path;      /* "wines" */
	const char *key;       /* entrypoint key: "wine" */
	const struct prop *props;
	bool item_write; /* PUT, PATCH, DELETE */
	bool multipart;	 /* POST takes a file */
};

static const struct prop wine_props[] = {
	{ "name", "xmls:string", SCALAR, true, true, NULL, "string", NULL,
	  false },
	{ "description", "xmls:string", SCALAR, true, true, NULL, "string",
	  NULL, false },
	{ "stock", "xmls:integer", SCALAR, true, true, NULL, "integer", NULL,
	  false },
	{ "price", "xmls:decimal", SCALAR, true, true, NULL, "number", NULL,
	  false },
	{ "comments", "#Comment", TO_MANY, false, false, NULL, "array", NULL,
	  false },
	{ "image", "http://schema.org/MediaObject", TO_ONE, true, false,
	  "http://schema.org/image", "string", "iri-reference", false },
	{ 0 },
};

static const struct prop comment_props[] = {
	{ "text", "xmls:string", SCALAR, true, true, NULL, "string", NULL,
	  false },
	{ "createdAt", "xmls:dateTime", SCALAR, true, false, NULL, "string",
	  "date-time", false },
	{ "wine", "#Wine", TO_ONE, true, true, NULL, "string", "iri-reference",
	  true },
	{ 0 },
};

static const struct prop media_props[] = {
	{ "contentUrl", "xmls:string", SCALAR, false, false,
	  "http://schema.org/contentUrl", "string", NULL, false },
	{ 0 },
};

/* In resource-discovery order, as the entrypoint lists them. */
static const struct resource resources[] = {
	{ "Comment", "#Comment", "comments", "comment", comment_props, true,
	  false },
	{ "MediaObject", "http://schema.org/MediaObject", "media_objects",
	  "mediaObject", media_props, false, true },
	{ "Wine", "#Wine", "wines", "wine", wine_props, true, false },
};

static int dump(struct buf *b, json_t *v)
{
	int rc;

	if (!v)
		return -1;
	rc = jsonx_dump(b, v);
	json_decref(v);
	return rc ? -1 : 0;
}

int apidoc_entrypoint(struct buf *b, bool ld)
{
	json_t *o = json_object();
	size_t i;
	char url[64];

	if (ld) {
		json_object_set_new(o, "@context",
				    json_string("/api/contexts/Entrypoint"));
		json_object_set_new(o, "@id", json_string("/api"));
		json_object_set_new(o, "@type", json_string("Entrypoint"));
	}
	for (i = 0; i < WS_ARRAY_LEN(resources); i++) {
		snprintf(url, sizeof(url), "/api/%s", resources[i].path);
		json_object_set_new(o, resources[i].key, json_string(url));
	}
	return dump(b, o);
}

static json_t *base_context(const char *base)
{
	char vocab[1024];

	snprintf(vocab, sizeof(vocab), "%s/api/docs.jsonld#", base);
	return json_pack("{s:s,s:s}", "@vocab", vocab, "hydra",
			 "http://www.w3.org/ns/hydra/core#");
}

int apidoc_context(struct buf *b, const char *name, size_t len,
		   const char *base)
{
	json_t *ctx = base_context(base);
	const struct resource *r = NULL;
	const struct prop *p;
	char id[128];
	size_t i;

	if (len == 10 && !memcmp(name, "Entrypoint", 10)) {
		json_object_set_new(ctx, "Entrypoint",
				    json_string("Entrypoint"));
		for (i = 0; i < WS_ARRAY_LEN(resources); i++) {
			snprintf(id, sizeof(id), "Entrypoint/%s",
				 resources[i].key);
			json_object_set_new(ctx, resources[i].key,
					    json_pack("{s:s,s:s}", "@id", id,
						      "@type", "@id"));
		}
		return dump(b, json_pack("{s:o}", "@context", ctx));
	}
	if ((len == 5 && !memcmp(name, "Error", 5)) ||
	    (len == 23 && !memcmp(name, "ConstraintViolationList", 23)))
		return dump(b, json_pack("{s:o}", "@context", ctx));
	for (i = 0; i < WS_ARRAY_LEN(resources); i++)
		if (strlen(resources[i].shortname) == len &&
		    !memcmp(resources[i].shortname, name, len))
			r = &resources[i];
	if (!r) {
		json_decref(ctx);
		return 1;
	}
	for (p = r->props; p->name; p++) {
		snprintf(id, sizeof(id), "%s/%s", r->shortname, p->name);
		if (p->link)
			json_object_set_new(ctx, p->name,
					    json_pack("{s:s,s:s}", "@id", id,
						      "@type", "@id"));
		else
			json_object_set_new(ctx, p->name,
					    json_string(p->iri ? p->iri : id));
	}
	return dump(b, json_pack("{s:o}", "@context", ctx));
}

/* ---- Hydra ------------------------------------------------------------ */

static json_t *operation(const char *method, const char *types,
			 const char *title, const char *label,
			 const char *expects, const char *returns)
{
	json_t *op = json_object();

	if (types && strchr(types, ','))
		json_object_set_new(op, "@type",
				    json_pack("[s,s]", "hydra:Operation",
					      strchr(types, ',') + 1));
	else
		json_object_set_new(op, "@type",
				    json_string("hydra:Operation"));
	if (expects)
		json_object_set_new(op, "expects", json_string(expects));
	json_object_set_new(op, "hydra:method", json_string(method));
	json_object_set_new(op, "hydra:title", json_string(title));
	json_object_set_new(op, "rdfs:label", json_string(label));
	json_object_set_new(op, "returns", json_string(returns));
	return op;
}

static json_t *item_ops(const struct resource *r)
{
	json_t *ops = json_array();
	char t[160];

	snprintf(t, sizeof(t), "Retrieves %s resource.", r->shortname);
	json_array_append_new(ops, operation("GET", "h,schema:FindAction", t, t,
					     NULL, r->id));
	if (!r->item_write)
		return ops;
	snprintf(t, sizeof(t), "Replaces the %s resource.", r->shortname);
	json_array_append_new(ops, operation("PUT", "h,schema:ReplaceAction", t,
					     t, r->id, r->id));
	snprintf(t, sizeof(t), "Updates the %s resource.", r->shortname);
	json_array_append_new(ops,
			      operation("PATCH", NULL, t, t, r->id, r->id));
	snprintf(t, sizeof(t), "Deletes the %s resource.", r->shortname);
	json_array_append_new(ops, operation("DELETE", "h,schema:DeleteAction",
					     t, t, NULL, "owl:Nothing"));
	return ops;
}

static json_t *collection_ops(const struct resource *r)
{
	json_t *ops = json_array();
	char t[160];

	snprintf(t, sizeof(t), "Retrieves the collection of %s resources.",
		 r->shortname);
	json_array_append_new(
		ops, operation("GET", NULL, t, t, NULL, "hydra:Collection"));
	snprintf(t, sizeof(t), "Creates a %s resource.", r->shortname);
	json_array_append_new(ops, operation("POST", "h,schema:CreateAction", t,
					     t, r->id, r->id));
	return ops;
}

static json_t *class_doc(const struct resource *r)
{
	json_t *props = json_array(), *c;
	const struct prop *p;
	char id[128];

	for (p = r->props; p->name; p++) {
		json_t *hp = json_object();

		snprintf(id, sizeof(id), "#%s/%s", r->shortname, p->name);
		json_object_set_new(hp, "@id",
				    json_string(p->iri ? p->iri : id));
		json_object_set_new(
			hp, "@type",
			json_string(p->link ? "hydra:Link" : "rdf:Property"));
		json_object_set_new(hp, "rdfs:label", json_string(p->name));
		json_object_set_new(hp, "domain", json_string(r->id));
		json_object_set_new(hp, "range", json_string(p->range));
		if (p->kind == TO_ONE)
			json_object_set_new(hp, "owl:maxCardinality",
					    json_integer(1));
		json_array_append_new(
			props,
			json_pack("{s:s,s:o,s:s,s:b,s:b,s:b}", "@type",
				  "hydra:SupportedProperty", "hydra:property",
				  hp, "hydra:title", p->name, "hydra:required",
				  p->required, "hydra:readable", 1,
				  "hydra:writable", p->writable));
	}
	c = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "@id", r->id, "@type",
		      "hydra:Class", "rdfs:label", r->shortname, "hydra:title",
		      r->shortname, "hydra:supportedProperty", props,
		      "hydra:supportedOperation", item_ops(r));
	return c;
}

static json_t *entrypoint_class(void)
{
	json_t *props = json_array();
	char id[128], label[160];
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(resources); i++) {
		const struct resource *r = &resources[i];
		json_t *range;

		snprintf(id, sizeof(id), "#Entrypoint/%s", r->key);
		snprintf(label, sizeof(label), "The collection of %s resources",
			 r->shortname);
		range = json_pack("[{s:s},{s:{s:{s:s},s:{s:s}}}]", "@id",
				  "hydra:Collection", "owl:equivalentClass",
				  "owl:onProperty", "@id", "hydra:member",
				  "owl:allValuesFrom", "@id", r->id);
		json_array_append_new(
			props,
			json_pack(
				"{s:s,s:{s:s,s:s,s:s,s:s,s:o,s:o},s:s,s:b,s:b}",
				"@type", "hydra:SupportedProperty",
				"hydra:property", "@id", id, "@type",
				"hydra:Link", "domain", "#Entrypoint",
				"rdfs:label", label, "rdfs:range", range,
				"hydra:supportedOperation", collection_ops(r),
				"hydra:title", label, "hydra:readable", 1,
				"hydra:writable", 0));
	}
	return json_pack("{s:s,s:s,s:s,s:o,s:{s:s,s:s,s:s,s:s}}", "@id",
			 "#Entrypoint", "@type", "hydra:Class", "hydra:title",
			 "The API entrypoint", "hydra:supportedProperty", props,
			 "hydra:supportedOperation", "@type", "hydra:Operation",
			 "hydra:method", "GET", "rdfs:label",
			 "The API entrypoint.", "returns", "#EntryPoint");
}

int apidoc_hydra(struct buf *b, const char *base)
{
	json_t *ctx, *classes = json_array(), *doc;
	char vocab[1024];
	size_t i;

	snprintf(vocab, sizeof(vocab), "%s/api/docs.jsonld#", base);
	ctx = json_pack(
		"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s}}",
		"@vocab", vocab, "hydra", "http://www.w3.org/ns/hydra/core#",
		"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs",
		"http://www.w3.org/2000/01/rdf-schema#", "xmls",
		"http://www.w3.org/2001/XMLSchema#", "owl",
		"http://www.w3.org/2002/07/owl#", "schema",
		"http://schema.org/", "domain", "@id", "rdfs:domain", "@type",
		"@id", "range", "@id", "rdfs:range", "@type", "@id",
		"subClassOf", "@id", "rdfs:subClassOf", "@type", "@id",
		"expects", "@id", "hydra:expects", "@type", "@id", "returns",
		"@id", "hydra:returns", "@type", "@id");
	for (i = 0; i < WS_ARRAY_LEN(resources); i++)
		json_array_append_new(classes, class_doc(&resources[i]));
	json_array_append_new(classes, entrypoint_class());
	json_array_append_new(
		classes,
		json_pack(
			"{s:s,s:s,s:s,s:[{s:s,s:{s:s,s:s,s:s,s:s},s:s,s:b,s:b,s:b},{s:s,s:{s:s,s:s,s:s,s:s},s:s,s:b,s:b,s:b}]}",
			"@id", "#ConstraintViolation", "@type", "hydra:Class",
			"hydra:title", "A constraint violation",
			"hydra:supportedProperty", "@type",
			"hydra:SupportedProperty", "hydra:property", "@id",
			"#ConstraintViolation/propertyPath", "@type",
			"rdf:Property", "rdfs:label", "propertyPath", "range",
			"xmls:string", "hydra:title", "propertyPath",
			"hydra:readable", 1, "hydra:writable", 0,
			"hydra:required", 0, "@type", "hydra:SupportedProperty",
			"hydra:property", "@id", "#ConstraintViolation/message",
			"@type", "rdf:Property", "rdfs:label", "message",
			"range", "xmls:string", "hydra:title", "message",
			"hydra:readable", 1, "hydra:writable", 0,
			"hydra:required", 0));
	json_array_append_new(
		classes,
		json_pack(
			"{s:s,s:s,s:s,s:s,s:[{s:s,s:{s:s,s:s,s:s,s:s,s:s},s:s,s:b,s:b,s:b}]}",
			"@id", "#ConstraintViolationList", "@type",
			"hydra:Class", "subClassOf", "hydra:Error",
			"hydra:title", "A constraint violation list",
			"hydra:supportedProperty", "@type",
			"hydra:SupportedProperty", "hydra:property", "@id",
			"#ConstraintViolationList/violations", "@type",
			"rdf:Property", "rdfs:label", "violations", "domain",
			"#ConstraintViolationList", "range",
			"#ConstraintViolation", "hydra:title", "violations",
			"hydra:readable", 1, "hydra:writable", 0,
			"hydra:required", 0));
	doc = json_pack(
		"{s:o,s:s,s:s,s:s,s:s,s:s,s:o}", "@context", ctx, "@id",
		"/api/docs.jsonld", "@type", "hydra:ApiDocumentation",
		"hydra:title", "Winestore", "hydra:description",
		"The wine store: wines, their comments and images, with every change pushed over Mercure.",
		"hydra:entrypoint", "/api", "hydra:supportedClass", classes);
	return dump(b, doc);
}

/* ---- OpenAPI ---------------------------------------------------------- */

static json_t *schema(const struct resource *r, bool write)
{
	json_t *props = json_object(), *req = json_array();
	const struct prop *p;

	if (!write)
		json_object_set_new(props, "id",
				    json_pack("{s:s,s:b}", "type", "integer",
					      "readOnly", 1));
	for (p = r->props; p->name; p++) {
		json_t *s;

		if (write && !p->writable)
			continue;
		if (p->kind == TO_MANY)
			s = json_pack("{s:s,s:{s:s}}", "type", "array", "items",
				      "type", "object");
		else if (p->kind == TO_ONE && !write && !p->link)
			s = json_pack("{s:s,s:b}", "type", "object", "nullable",
				      1);
		else
			s = json_pack("{s:s}", "type", p->oa_type);
		if (p->oa_format && (write || p->kind == SCALAR || p->link))
			json_object_set_new(s, "format",
					    json_string(p->oa_format));
		if (!strcmp(p->name, "stock") || !strcmp(p->name, "price"))
			json_object_set_new(s, "minimum", json_integer(0));
		if (p->oa_type && !strcmp(p->oa_type, "string") &&
		    p->kind == SCALAR && p->writable && !p->oa_format)
			json_object_set_new(s, "maxLength", json_integer(255));
		json_object_set_new(props, p->name, s);
		if (write && p->required)
			json_array_append_new(req, json_string(p->name));
	}
	if (json_array_size(req))
		return json_pack("{s:s,s:o,s:o}", "type", "object", "required",
				 req, "properties", props);
	json_decref(req);
	return json_pack("{s:s,s:o}", "type", "object", "properties", props);
}

static json_t *content(const char *ref)
{
	json_t *c = json_object();
	static const char *const types[] = { "application/ld+json",
					     "application/json" };
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(types); i++)
		json_object_set_new(
			c, types[i],
			json_pack("{s:{s:s}}", "schema", "$ref", ref));
	return c;
}

static json_t *resp(const char *desc, const char *ref)
{
	if (!ref)
		return json_pack("{s:s}", "description", desc);
	return json_pack("{s:s,s:o}", "description", desc, "content",
			 content(ref));
}

int apidoc_openapi(struct buf *b, const char *base)
{
	json_t *paths = json_object(), *schemas = json_object(), *doc;
	char path[128], ref[128], wref[128], t[160];
	size_t i;

	for (i = 0; i < WS_ARRAY_LEN(resources); i++) {
		const struct resource *r = &resources[i];
		json_t *coll, *item, *idp;

		snprintf(ref, sizeof(ref), "#/components/schemas/%s",
			 r->shortname);
		snprintf(wref, sizeof(wref), "#/components/schemas/%s-write",
			 r->shortname);
		json_object_set_new(schemas, r->shortname, schema(r, false));
		idp = json_pack("[{s:s,s:s,s:b,s:{s:s}}]", "name", "id", "in",
				"path", "required", 1, "schema", "type",
				"integer");
		snprintf(t, sizeof(t),
			 "Retrieves the collection of %s resources.",
			 r->shortname);
		coll = json_pack(
			"{s:{s:[s],s:s,s:s,s:[{s:s,s:s,s:{s:s,s:i}}],s:{s:o}}}",
			"get", "tags", r->shortname, "operationId", r->path,
			"summary", t, "parameters", "name", "page", "in",
			"query", "schema", "type", "integer", "default", 1,
			"responses", "200", resp(t, ref));
		snprintf(t, sizeof(t), "Creates a %s resource.", r->shortname);
		if (r->multipart) {
			json_object_set_new(
				coll, "post",
				json_pack(
					"{s:[s],s:s,s:{s:{s:{s:{s:s,s:{s:{s:s,s:s}}}}}},s:{s:o,s:{s:s}}}",
					"tags", r->shortname, "summary", t,
					"requestBody", "content",
					"multipart/form-data", "schema", "type",
					"object", "properties", "file", "type",
					"string", "format", "binary",
					"responses", "201",
					resp("Created", ref), "400",
					"description", "Invalid input"));
		} else {
			json_object_set_new(schemas, strrchr(wref, '/') + 1,
					    schema(r, true));
			json_object_set_new(
				coll, "post",
				json_pack(
					"{s:[s],s:s,s:{s:o},s:{s:o,s:{s:s},s:{s:s}}}",
					"tags", r->shortname, "summary", t,
					"requestBody", "content", content(wref),
					"responses", "201",
					resp("Created", ref), "400",
					"description",
					"Invalid input (violations)", "415",
					"description",
					"Unsupported content type"));
		}
		snprintf(path, sizeof(path), "/api/%s", r->path);
		json_object_set_new(paths, path, coll);
		snprintf(t, sizeof(t), "Retrieves a %s resource.",
			 r->shortname);
		item = json_pack("{s:{s:[s],s:s,s:O,s:{s:o,s:{s:s}}}}", "get",
				 "tags", r->shortname, "summary", t,
				 "parameters", idp, "responses", "200",
				 resp(t, ref), "404", "description",
				 "Resource not found");
		if (r->item_write) {
			json_t *patch = json_object();

			json_object_set_new(
				patch, "application/merge-patch+json",
				json_pack("{s:{s:s}}", "schema", "$ref", wref));
			snprintf(t, sizeof(t), "Replaces the %s resource.",
				 r->shortname);
			json_object_set_new(
				item, "put",
				json_pack(
					"{s:[s],s:s,s:O,s:{s:o},s:{s:o,s:{s:s},s:{s:s}}}",
					"tags", r->shortname, "summary", t,
					"parameters", idp, "requestBody",
					"content", content(wref), "responses",
					"200", resp(t, ref), "400",
					"description", "Invalid input", "404",
					"description", "Resource not found"));
			snprintf(t, sizeof(t), "Updates the %s resource.",
				 r->shortname);
			json_object_set_new(
				item, "patch",
				json_pack(
					"{s:[s],s:s,s:O,s:{s:o},s:{s:o,s:{s:s},s:{s:s}}}",
					"tags", r->shortname, "summary", t,
					"parameters", idp, "requestBody",
					"content", patch, "responses", "200",
					resp(t, ref), "400", "description",
					"Invalid input", "404", "description",
					"Resource not found"));
			snprintf(t, sizeof(t), "Removes the %s resource.",
				 r->shortname);
			json_object_set_new(
				item, "delete",
				json_pack("{s:[s],s:s,s:O,s:{s:{s:s},s:{s:s}}}",
					  "tags", r->shortname, "summary", t,
					  "parameters", idp, "responses", "204",
					  "description", "Resource deleted",
					  "404", "description",
					  "Resource not found"));
		}
		json_decref(idp);
		snprintf(path, sizeof(path), "/api/%s/{id}", r->path);
		json_object_set_new(paths, path, item);
	}
	doc = json_pack(
		"{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:o,s:{s:o}}", "openapi",
		"3.0.2", "info", "title", "Winestore", "description",
		"The wine store API (JSON-LD/Hydra and JSON), every change published over Mercure.",
		"version", "0.1.0", "servers", "url", base, "paths", paths,
		"components", "schemas", schemas);
	return dump(b, doc);
}

/* ---- HTML ------------------------------------------------------------- */

int apidoc_html(struct buf *b, const char *base)
{
	size_t i;
	int rc = buf_addstr(
		b,
		"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		"<title>Winestore API</title><style>"
		"body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#2b1d24}"
		"h1{color:#7b1e3a}code,pre{background:#f6eef1;border-radius:4px;padding:.1em .35em}"
		"table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ead9df;padding:.35rem;text-align:left}"
		"a{color:#7b1e3a}</style></head><body>\n"
		"<h1>Winestore API</h1>\n<p>JSON-LD (Hydra) by default, plain JSON with <code>Accept: application/json</code> or a <code>.json</code> suffix. "
		"Machine-readable documentation: <a href=\"/api/docs.jsonld\">docs.jsonld</a> (Hydra) and "
		"<a href=\"/api/docs.json\">docs.json</a> (OpenAPI 3). Every change is published to the Mercure hub named by the "
		"<code>Link: rel=\"mercure\"</code> header, on the topic of the resource's absolute IRI.</p>\n"
		"<table><tr><th>Method</th><th>Path</th><th>What</th></tr>\n");

	for (i = 0; rc == 0 && i < WS_ARRAY_LEN(resources); i++) {
		const struct resource *r = &resources[i];

		rc = buf_printf(
			b,
			"<tr><td>GET</td><td><a href=\"/api/%s.jsonld\">/api/%s</a></td><td>the collection of %s resources (30 a page, <code>?page=N</code>)</td></tr>\n"
			"<tr><td>POST</td><td>/api/%s</td><td>creates a %s%s</td></tr>\n"
			"<tr><td>GET</td><td>/api/%s/{id}</td><td>one %s</td></tr>\n",
			r->path, r->path, r->shortname, r->path, r->shortname,
			r->multipart
				? " (multipart/form-data, field <code>file</code>)"
				: "",
			r->path, r->shortname);
		if (rc == 0 && r->item_write)
			rc = buf_printf(
				b,
				"<tr><td>PUT</td><td>/api/%s/{id}</td><td>updates the fields given</td></tr>\n"
				"<tr><td>PATCH</td><td>/api/%s/{id}</td><td>application/merge-patch+json</td></tr>\n"
				"<tr><td>DELETE</td><td>/api/%s/{id}</td><td>removes it (204)</td></tr>\n",
				r->path, r->path, r->path);
	}
	if (rc == 0)
		rc = buf_printf(
			b,
			"<tr><td>GET</td><td>/api/wines/{id}/comments</td><td>a wine's comments</td></tr>\n</table>\n"
			"<h2>Wine filters</h2><p><code>name=x</code> (partial match), <code>name[exact]=x</code>, "
			"<code>order[id|name|stock|price]=asc|desc</code>, <code>stock[gt|gte|lt|lte|between]=</code>, "
			"<code>price[gt|gte|lt|lte|between]=</code> (between: <code>a..b</code>).</p>\n"
			"<p>Base URL: <code>%s</code></p>\n</body></html>\n",
			base);
	return rc ? -1 : 0;
}

/* http: a strict, in-place HTTP/1.x request-head parser (RFC 9112). */
#include "compat.h"

#include "http.h"

#include <ctype.h>
#include <strings.h>

/* RFC 9110 tchar: the characters of methods and field names. */
static bool is_tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Field values: visible ASCII, obs-text, space and tab; no CR, LF, NUL. */
static bool is_value_char(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* The end of the head: the offset just past the blank line, or 0. */
static size_t find_head_end(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Cut the line starting at *p (ending in LF or CRLF) and advance. */
static char *next_line(char **p)
{
	char *line = *p, *lf = strchr(line, '\n');

	*lf = '\0';
	if (lf > line && lf[-1] == '\r')
		lf[-1] = '\0';
	*p = lf + 1;
	return line;
}

/* "HTTP/1.1" or "HTTP/1.0"; another "HTTP/d.d" is 505, anything else 400. */
static int parse_version(const char *v, struct http_request *req)
{
	if (strncmp(v, "HTTP/", 5) || !isdigit((unsigned char)v[5]) ||
	    v[6] != '.' || !isdigit((unsigned char)v[7]) || v[8])
		return -400;
	if (v[5] != '1' || (v[7] != '0' && v[7] != '1'))
		return -505;
	req->version = v[7] == '1' ? 11 : 10;
	return 0;
}

/* Point path (up to '?') and query (after it) into path_and_query. */
static int split_target(const char *path_and_query, struct http_request *req)
{
	const char *q = strchr(path_and_query, '?');

	req->path = path_and_query;
	req->path_len =
		q ? (size_t)(q - path_and_query) : strlen(path_and_query);
	req->query = q ? q + 1 : "";
	return 0;
}

/*
 * The absolute-form "http://host/path?query", which a server must accept
 * (RFC 9112 3.2.2): the path is what follows the authority, "/" when
 * nothing does. Only the http and https schemes are served.
 */
static int absolute_form(struct http_request *req)
{
	const char *t = req->target, *auth, *rest;

	if (!strncasecmp(t, "http://", 7))
		auth = t + 7;
	else if (!strncasecmp(t, "https://", 8))
		auth = t + 8;
	else
		return -400;
	rest = auth + strcspn(auth, "/?");
	if (rest == auth)
		return -400;
	if (*rest == '/')
		return split_target(rest, req);
	split_target("/", req);
	req->query = *rest == '?' ? rest + 1 : "";
	return 0;
}

static int parse_request_line(char *line, struct http_request *req)
{
	char *sp1 = strchr(line, ' '), *sp2;
	char *p;
	int rc;

	if (!sp1 || sp1 == line)
		return -400;
	*sp1 = '\0';
	for (p = line; *p; p++)
		if (!is_tchar((unsigned char)*p))
			return -400;
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || sp2 == sp1 + 1)
		return -400;
	*sp2 = '\0';
	req->method = line;
	req->target = sp1 + 1;
	/* No controls or spaces, and no fragment: '#' is never sent. */
	for (p = sp1 + 1; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f ||
		    *p == '#')
			return -400;
	rc = parse_version(sp2 + 1, req);
	if (rc < 0)
		return rc;
	if (req->target[0] == '/')
		return split_target(req->target, req);
	/* The asterisk-form is for OPTIONS only (RFC 9112 3.2.4). */
	if (!strcmp(req->target, "*"))
		return strcmp(req->method, "OPTIONS") ? -400
						      : split_target("*", req);
	return absolute_form(req);
}

static int parse_header(char *line, struct http_request *req)
{
	char *colon = strchr(line, ':'), *value, *end, *p;

	if (!colon || colon == line)
		return -400;
	for (p = line; p < colon; p++)
		if (!is_tchar((unsigned char)*p))
			return -400; /* also refuses obsolete line folding */
	*colon = '\0';
	value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	for (p = value; *p; p++)
		if (!is_value_char((unsigned char)*p))
			return -400;
	if (req->nheaders == LIMIT_HTTP_HEADERS)
		return -431;
	req->headers[req->nheaders].name = line;
	req->headers[req->nheaders].value = value;
	req->nheaders++;
	return 0;
}

static int parse_content_length(const char *v, size_t *out)
{
	size_t n = 0;

	if (!*v)
		return -400;
	for (; *v; v++) {
		if (!isdigit((unsigned char)*v) || n > (size_t)-1 / 10 - 10)
			return -400;
		n = n * 10 + (size_t)(*v - '0');
	}
	*out = n;
	return 0;
}

/* Whether the comma-separated header value holds token (any case). */
static bool has_token(const char *value, const char *token)
{
	size_t n = strlen(token);

	while (value && *value) {
		while (*value == ' ' || *value == ',')
			value++;
		if (strncasecmp(value, token, n) == 0 &&
		    (value[n] == '\0' || value[n] == ',' || value[n] == ' '))
			return true;
		value = strchr(value, ',');
	}
	return false;
}

/* Framing and connection semantics from the parsed fields. */
static int apply_fields(struct http_request *req)
{
	const char *connection = http_header(req, "Connection");
	const char *te = http_header(req, "Transfer-Encoding");
	const char *expect = http_header(req, "Expect");
	bool have_length = false;
	int i, hosts = 0;

	for (i = 0; i < req->nheaders; i++) {
		size_t n;

		if (!strcasecmp(req->headers[i].name, "Host"))
			hosts++;
		if (strcasecmp(req->headers[i].name, "Content-Length") != 0)
			continue;
		if (parse_content_length(req->headers[i].value, &n) < 0 ||
		    (have_length && n != req->content_length))
			return -400;
		req->content_length = n;
		have_length = true;
	}
	/* RFC 9112 3.2: HTTP/1.1 needs exactly one Host, and no request may
	 * have two (which one a proxy in front used is anyone's guess). */
	if (hosts > 1 || (req->version == 11 && hosts == 0))
		return -400;
	if (te && have_length)
		return -400; /* request smuggling: never accept both */
	if (te && !has_token(te, "chunked"))
		return -501;
	req->chunked = te != NULL;
	if (req->version == 11)
		req->keep_alive = !has_token(connection, "close");
	else
		req->keep_alive = has_token(connection, "keep-alive");
	req->expect_continue =
		expect && strcasecmp(expect, "100-continue") == 0;
	return 0;
}

int http_parse_request(char *buf, size_t len, struct http_request *req)
{
	size_t end;
	char *p, *line;
	int rc;

	if (len && (buf[0] == '\r' || buf[0] == '\n'))
		return -400; /* the server skips blank lines between requests */
	end = find_head_end(
		buf, len < LIMIT_HTTP_HEAD_BYTES ? len : LIMIT_HTTP_HEAD_BYTES);
	if (!end)
		return len >= LIMIT_HTTP_HEAD_BYTES ? -431 : 0;
	memset(req, 0, sizeof(*req));
	if (memchr(buf, '\0', end))
		return -400;
	/* End the head's final LF with a NUL so lines can use strchr. */
	buf[end - 1] = '\0';
	p = buf;
	line = next_line(&p);
	rc = parse_request_line(line, req);
	/* What remains after the last field is "" (LF LF) or "\r" (CRLF). */
	while (rc == 0 && *p && strcmp(p, "\r") != 0)
		rc = parse_header(next_line(&p), req);
	if (rc == 0)
		rc = apply_fields(req);
	return rc < 0 ? rc : (int)end;
}

const char *http_header(const struct http_request *req, const char *name)
{
	int i;

	for (i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

bool http_etag_listed(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list, *end;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return false;
		end = strchr(p + 1, '"');
		if (!end)
			return false;
		end++; /* past the closing quote */
		if ((size_t)(end - p) == elen && memcmp(p, etag, elen) == 0)
			return true;
		p = end;
	}
}

const char *http_reason(int status)
{
	switch (status) {
	case 100:
		return "Continue";
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 206:
		return "Partial Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 408:
		return "Request Timeout";
	case 409:
		return "Conflict";
	case 411:
		return "Length Required";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
	}
}

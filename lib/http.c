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

/* One field line into hdrs[*n]: -400 malformed, -431 one field too many. */
static int parse_header(char *line, struct http_header *hdrs, int *n)
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
	if (*n == LIMIT_HTTP_HEADERS)
		return -431;
	hdrs[*n].name = line;
	hdrs[*n].value = value;
	(*n)++;
	return 0;
}

/*
 * Find the end of the head at buf[0..len) and cut off its first line:
 * *first is that line, *rest the field lines after it (for
 * parse_fields). Returns the head's length, 0 when its end has not come,
 * -431 for a head longer than LIMIT_HTTP_HEAD_BYTES, -400 for a NUL.
 */
static int split_head(char *buf, size_t len, char **first, char **rest)
{
	size_t end = find_head_end(
		buf, len < LIMIT_HTTP_HEAD_BYTES ? len : LIMIT_HTTP_HEAD_BYTES);

	if (!end)
		return len >= LIMIT_HTTP_HEAD_BYTES ? -431 : 0;
	if (memchr(buf, '\0', end))
		return -400;
	/* End the head's final LF with a NUL so lines can use strchr. */
	buf[end - 1] = '\0';
	*rest = buf;
	*first = next_line(rest);
	return (int)end;
}

/* The field lines at p (from split_head) into hdrs, as parse_header. */
static int parse_fields(char *p, struct http_header *hdrs, int *n)
{
	int rc = 0;

	/* What remains after the last field is "" (LF LF) or "\r" (CRLF). */
	while (rc == 0 && *p && strcmp(p, "\r") != 0)
		rc = parse_header(next_line(&p), hdrs, n);
	return rc;
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

/* The first of the n fields named name (case-insensitive), or NULL. */
static const char *find_field(const struct http_header *h, int n,
			      const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcasecmp(h[i].name, name) == 0)
			return h[i].value;
	return NULL;
}

/* Content-Length from the n fields: *have says whether one came; two
 * that disagree, or one that is not a number, are -400. */
static int field_length(const struct http_header *h, int n, bool *have,
			size_t *len)
{
	int i;

	*have = false;
	*len = 0;
	for (i = 0; i < n; i++) {
		size_t v;

		if (strcasecmp(h[i].name, "Content-Length") != 0)
			continue;
		if (parse_content_length(h[i].value, &v) < 0 ||
		    (*have && v != *len))
			return -400;
		*len = v;
		*have = true;
	}
	return 0;
}

/* Framing and connection semantics from the parsed fields. */
static int apply_fields(struct http_request *req)
{
	const char *connection = http_header(req, "Connection");
	const char *te = http_header(req, "Transfer-Encoding");
	const char *expect = http_header(req, "Expect");
	bool have_length;
	int i, hosts = 0;

	for (i = 0; i < req->nheaders; i++)
		if (!strcasecmp(req->headers[i].name, "Host"))
			hosts++;
	if (field_length(req->headers, req->nheaders, &have_length,
			 &req->content_length) < 0)
		return -400;
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
	char *line, *rest;
	int rc, end;

	if (len && (buf[0] == '\r' || buf[0] == '\n'))
		return -400; /* the server skips blank lines between requests */
	memset(req, 0, sizeof(*req));
	end = split_head(buf, len, &line, &rest);
	if (end <= 0)
		return end;
	rc = parse_request_line(line, req);
	if (rc == 0)
		rc = parse_fields(rest, req->headers, &req->nheaders);
	if (rc == 0)
		rc = apply_fields(req);
	return rc < 0 ? rc : end;
}

const char *http_header(const struct http_request *req, const char *name)
{
	return find_field(req->headers, req->nheaders, name);
}

/* ---- responses ---------------------------------------------------------- */

static int bad_response(struct http_response *resp, const char *why)
{
	resp->error = why;
	return -1;
}

/* "HTTP/1.1 200 OK": any HTTP/1.x, three digits, an optional reason. */
static int parse_status_line(char *line, struct http_response *resp)
{
	const char *p = line + 9;

	if (strncmp(line, "HTTP/", 5) != 0 ||
	    !isdigit((unsigned char)line[5]) || line[6] != '.' ||
	    !isdigit((unsigned char)line[7]) || line[8] != ' ')
		return bad_response(resp, "malformed status line");
	if (line[5] != '1')
		return bad_response(resp, "unsupported HTTP version");
	resp->version = line[7] == '0' ? 10 : 11;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || (p[3] && p[3] != ' '))
		return bad_response(resp, "malformed status line");
	resp->status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	/* RFC 9110 15: codes outside 100..599 are invalid. */
	if (resp->status < 100 || resp->status > 599)
		return bad_response(resp, "invalid status code");
	resp->reason = p[3] ? p + 4 : "";
	for (p = resp->reason; *p; p++)
		if (!is_value_char((unsigned char)*p))
			return bad_response(resp, "malformed status line");
	return 0;
}

/*
 * Replace each obsolete line folding (a line break before a space or a
 * tab) in the field lines at p with spaces, as RFC 9112 5.2 asks of a
 * user agent. Whitespace before the first field is refused instead.
 */
static int unfold(char *p, struct http_response *resp)
{
	if (*p == ' ' || *p == '\t')
		return bad_response(resp, "whitespace before the first field");
	for (; *p; p++) {
		if (*p != '\n' || (p[1] != ' ' && p[1] != '\t'))
			continue;
		*p = ' ';
		if (p[-1] == '\r')
			p[-1] = ' ';
	}
	return 0;
}

/* Framing and persistence of a response from its fields. */
static int apply_response_fields(struct http_response *resp)
{
	const struct http_header *h = resp->headers;
	const char *te = NULL;
	bool close = false, keep = false;
	int i, tes = 0;

	if (field_length(h, resp->nheaders, &resp->has_length,
			 &resp->content_length) < 0)
		return bad_response(resp, "invalid Content-Length");
	for (i = 0; i < resp->nheaders; i++) {
		if (!strcasecmp(h[i].name, "Transfer-Encoding")) {
			te = h[i].value;
			tes++;
		} else if (!strcasecmp(h[i].name, "Connection")) {
			close |= has_token(h[i].value, "close");
			keep |= has_token(h[i].value, "keep-alive");
		}
	}
	/* RFC 9112 6.3: both is a sign of response splitting. */
	if (te && resp->has_length)
		return bad_response(resp, "both Content-Length and "
					  "Transfer-Encoding");
	/* Nothing else was asked for (no TE, no Accept-Encoding). */
	if (te && (tes > 1 || strcasecmp(te, "chunked") != 0))
		return bad_response(resp, "unsupported Transfer-Encoding");
	resp->chunked = te != NULL;
	resp->keep_alive = resp->version == 11 ? !close : keep && !close;
	return 0;
}

int http_parse_response(char *buf, size_t len, struct http_response *resp)
{
	char *line, *rest;
	int rc, end;

	memset(resp, 0, sizeof(*resp));
	end = split_head(buf, len, &line, &rest);
	if (end == -431)
		return bad_response(resp, "response head too large");
	if (end < 0)
		return bad_response(resp, "NUL in the response head");
	if (end == 0)
		return 0;
	rc = parse_status_line(line, resp);
	if (rc == 0)
		rc = unfold(rest, resp);
	if (rc == 0) {
		rc = parse_fields(rest, resp->headers, &resp->nheaders);
		if (rc == -431)
			return bad_response(resp, "too many header fields");
		if (rc < 0)
			return bad_response(resp, "malformed header field");
	}
	if (rc == 0)
		rc = apply_response_fields(resp);
	return rc < 0 ? rc : end;
}

const char *http_response_header(const struct http_response *resp,
				 const char *name)
{
	return find_field(resp->headers, resp->nheaders, name);
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

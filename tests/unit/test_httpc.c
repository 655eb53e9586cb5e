/* Unit tests for lib/httpc, with a loopback server where one is needed. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "httpc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Runs first: no other test has loaded libcurl yet. */
static void test_a_missing_libcurl_is_unavailable_and_named(void **state)
{
	struct err e;
	struct httpc *h;

	(void)state;
	err_init(&e);
	assert_int_equal(httpc_load("libwinestore-no-such-curl.so.4", &e), -1);
	assert_int_equal(e.cls, ERR_UNAVAIL);
	assert_non_null(strstr(e.msg, "cannot load libcurl: "));
	assert_non_null(strstr(e.msg, "libwinestore-no-such-curl.so.4"));
	/* A library without curl's functions is refused by name. */
	err_init(&e);
	assert_int_equal(httpc_load("libc.so.6", &e), -1);
	assert_int_equal(e.cls, ERR_UNAVAIL);
	assert_non_null(strstr(e.msg, "lacks 'curl_global_init'"));
	/* A failure is not remembered: the real library still loads. */
	err_init(&e);
	h = httpc_new(&e);
	assert_non_null(h);
	assert_int_equal(httpc_load("libwinestore-no-such-curl.so.4", &e), 0);
	assert_non_null(strstr(httpc_version(), "libcurl/"));
	httpc_free(h);
}

static void test_params_are_form_encoded(void **state)
{
	struct buf b = BUF_INIT(4096);

	(void)state;
	assert_int_equal(httpc_param(&b, "topic", "https://ex.com/b/{id}", 21),
			 0);
	assert_int_equal(httpc_param(&b, "data", "a b&c=d\n\0~-._", 13), 0);
	assert_int_equal(httpc_param(&b, "private", "", 0), 0);
	assert_string_equal(buf_cstr(&b),
			    "topic=https%3A%2F%2Fex.com%2Fb%2F%7Bid%7D"
			    "&data=a%20b%26c%3Dd%0A%00~-._&private=");
	buf_release(&b);
}

static void test_params_follow_a_question_mark_without_ampersand(void **state)
{
	struct buf b = BUF_INIT(4096);

	(void)state;
	assert_int_equal(buf_addstr(&b, "http://h/p?"), 0);
	assert_int_equal(httpc_param(&b, "topic", "\xc3\xa9", 2), 0);
	assert_string_equal(buf_cstr(&b), "http://h/p?topic=%C3%A9");
	buf_release(&b);
}

static void test_params_respect_the_ceiling(void **state)
{
	struct buf b = BUF_INIT(8);

	(void)state;
	assert_int_equal(httpc_param(&b, "topic", "abc", 3), BUF_ELIMIT);
	buf_release(&b);
}

static void test_backoff_doubles_up_to_the_cap_with_jitter(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		int64_t a = httpc_backoff_ms(100, 1, 1000);
		int64_t c = httpc_backoff_ms(100, 3, 1000);
		int64_t d = httpc_backoff_ms(100, 30, 1000);

		assert_true(a >= 50 && a <= 100);
		assert_true(c >= 200 && c <= 400);
		assert_true(d >= 500 && d <= 1000);
	}
	assert_int_equal(httpc_backoff_ms(0, 3, 1000), 0);
}

/* A loopback port with nothing listening. */
static int closed_port(void)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static void test_an_unreachable_server_is_unavailable(void **state)
{
	struct httpc_resp rs = { 0, "", BUF_INIT(1024) };
	struct httpc_req rq = { 0 };
	struct sse_parser p;
	struct httpc_stream s = { 0 };
	char url[64];
	struct err e;
	struct httpc *h;

	(void)state;
	err_init(&e);
	h = httpc_new(&e);
	assert_non_null(h);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", closed_port());
	rq.url = url;
	assert_int_equal(httpc_request(h, &rq, &rs, &e), -1);
	assert_int_equal(e.cls, ERR_UNAVAIL);
	assert_non_null(strstr(e.msg, "cannot reach"));
	/* A stream that cannot connect may be retried: not an error. */
	err_init(&e);
	sse_parser_init(&p, 0, NULL, NULL);
	s.parser = &p;
	assert_int_equal(httpc_stream(h, &rq, &s, &e), HTTPC_DROPPED);
	assert_false(s.opened);
	assert_int_equal(e.cls, ERR_UNAVAIL);
	sse_parser_release(&p);
	buf_release(&rs.body);
	httpc_free(h);
}

static void test_a_bad_url_is_a_usage_error(void **state)
{
	struct httpc_resp rs = { 0, "", BUF_INIT(1024) };
	struct httpc_req rq = { 0 };
	struct sse_parser p;
	struct httpc_stream s = { 0 };
	struct err e;
	struct httpc *h;

	(void)state;
	err_init(&e);
	h = httpc_new(&e);
	rq.url = "ftp://127.0.0.1/x";
	assert_int_equal(httpc_request(h, &rq, &rs, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	sse_parser_init(&p, 0, NULL, NULL);
	s.parser = &p;
	err_init(&e);
	assert_int_equal(httpc_stream(h, &rq, &s, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	/* A header value may not smuggle another header. */
	rq.url = "http://127.0.0.1:1/x";
	rq.bearer = "a\r\nX-Evil: 1";
	err_init(&e);
	assert_int_equal(httpc_request(h, &rq, &rs, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
	sse_parser_release(&p);
	buf_release(&rs.body);
	httpc_free(h);
	httpc_free(NULL);
}

/*
 * A keep-alive HTTP/1.1 server for one connection: it answers each
 * request "200 n" (n counting from 1) and keeps the request heads and
 * bodies, one line each, "Authorization=...|Content-Type=...|body".
 */
struct tiny {
	int listen_fd, port, accepted;
	char log[4096];
};

static const char *header_of(const char *head, const char *name, int *len)
{
	const char *p = head;
	size_t n = strlen(name);

	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1 + strspn(p + n + 1, " ");
			*len = (int)strcspn(p, "\r\n");
			return p;
		}
	}
	*len = 1;
	return "-";
}

static void *tiny_serve(void *arg)
{
	struct tiny *t = arg;
	char req[8192], *end, *p;
	size_t have = 0, used = strlen(t->log);
	int fd = accept(t->listen_fd, NULL, NULL), served = 0;

	if (fd >= 0)
		t->accepted++;
	while (fd >= 0) {
		ssize_t n;
		long body;
		int alen, clen;
		const char *auth, *ctype;
		char reply[128];

		req[have] = '\0';
		end = strstr(req, "\r\n\r\n");
		if (!end) {
			n = read(fd, req + have, sizeof(req) - 1 - have);
			if (n <= 0)
				break;
			have += (size_t)n;
			continue;
		}
		*end = '\0';
		p = (char *)header_of(req, "Content-Length", &alen);
		body = strtol(p, NULL, 10);
		while (have < (size_t)(end + 4 - req) + (size_t)body) {
			n = read(fd, req + have, sizeof(req) - 1 - have);
			if (n <= 0)
				goto out;
			have += (size_t)n;
		}
		auth = header_of(req, "Authorization", &alen);
		ctype = header_of(req, "Content-Type", &clen);
		used += (size_t)snprintf(t->log + used, sizeof(t->log) - used,
					 "%.*s|%.*s|%.*s\n", alen, auth, clen,
					 ctype, (int)body, end + 4);
		n = snprintf(reply, sizeof(reply),
			     "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%d",
			     served + 1 > 9 ? 2 : 1, served + 1);
		if (write(fd, reply, (size_t)n) != n)
			break;
		served++;
		have -= (size_t)(end + 4 - req) + (size_t)body;
		memmove(req, end + 4 + body, have);
	}
out:
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void test_a_series_of_requests_reuses_one_connection(void **state)
{
	static const struct {
		const char *bearer, *ctype, *body;
	} steps[] = {
		{ "tok1", "text/plain", "a" }, { "tok1", "text/plain", "bb" },
		{ "tok1", "text/plain", "" },  { "tok2", "text/plain", "c" },
		{ NULL, "text/plain", "d" },   { NULL, "application/x", "e" },
		{ "tok1", "text/plain", "f" },
	};
	struct tiny t = { 0 };
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof(sa);
	struct httpc_resp rs = { 0, "", BUF_INIT(1024) };
	struct httpc_req rq = { 0 };
	char url[64], want[16];
	pthread_t th;
	struct err e;
	struct httpc *h;
	size_t i;

	(void)state;
	t.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(t.listen_fd, (struct sockaddr *)&sa, len), 0);
	assert_int_equal(listen(t.listen_fd, 4), 0);
	assert_int_equal(getsockname(t.listen_fd, (struct sockaddr *)&sa, &len),
			 0);
	assert_int_equal(pthread_create(&th, NULL, tiny_serve, &t), 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/p", ntohs(sa.sin_port));
	err_init(&e);
	h = httpc_new(&e);
	assert_non_null(h);
	rq.url = url;
	for (i = 0; i < WS_ARRAY_LEN(steps); i++) {
		/* Alike requests only set their body again: the headers
		 * must still follow each request's own fields. */
		rq.bearer = steps[i].bearer;
		rq.content_type = steps[i].ctype;
		rq.body = steps[i].body;
		rq.body_len = strlen(steps[i].body);
		assert_int_equal(httpc_request(h, &rq, &rs, &e), 0);
		assert_int_equal(rs.status, 200);
		snprintf(want, sizeof(want), "%zu", i + 1);
		assert_string_equal(buf_cstr(&rs.body), want);
	}
	httpc_free(h);
	pthread_join(th, NULL);
	close(t.listen_fd);
	buf_release(&rs.body);
	assert_int_equal(t.accepted, 1);
	assert_string_equal(t.log, "Bearer tok1|text/plain|a\n"
				   "Bearer tok1|text/plain|bb\n"
				   "Bearer tok1|text/plain|\n"
				   "Bearer tok2|text/plain|c\n"
				   "-|text/plain|d\n"
				   "-|application/x|e\n"
				   "Bearer tok1|text/plain|f\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_a_missing_libcurl_is_unavailable_and_named),
		cmocka_unit_test(test_params_are_form_encoded),
		cmocka_unit_test(
			test_params_follow_a_question_mark_without_ampersand),
		cmocka_unit_test(test_params_respect_the_ceiling),
		cmocka_unit_test(
			test_backoff_doubles_up_to_the_cap_with_jitter),
		cmocka_unit_test(test_an_unreachable_server_is_unavailable),
		cmocka_unit_test(test_a_bad_url_is_a_usage_error),
		cmocka_unit_test(
			test_a_series_of_requests_reuses_one_connection),
	};

	return cmocka_run_group_tests_name("httpc", tests, NULL, NULL);
}

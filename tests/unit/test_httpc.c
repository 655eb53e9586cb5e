/* Unit tests for lib/httpc that need no server. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "httpc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
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
	};

	return cmocka_run_group_tests_name("httpc", tests, NULL, NULL);
}

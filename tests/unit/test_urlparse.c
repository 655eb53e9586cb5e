/*
 * Unit tests for lib/urlparse: URLs parsed and serialized as the WHATWG
 * URL Standard does (cases in the manner of web-platform-tests'
 * urltestdata), and the URL Pattern canonicalization steps.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "urlparse.h"

#include <string.h>

struct href_case {
	const char *input;
	const char *base; /* NULL: none */
	const char *href; /* NULL: failure */
};

static void check_hrefs(const struct href_case *cases, size_t n)
{
	struct urlparse_url base, u;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct href_case *c = &cases[i];
		struct buf out = BUF_INIT(64 * 1024);
		int rc;

		urlparse_init(&base);
		urlparse_init(&u);
		if (c->base)
			assert_int_equal(urlparse_parse(&base, c->base,
							strlen(c->base), NULL),
					 0);
		rc = urlparse_parse(&u, c->input, strlen(c->input),
				    c->base ? &base : NULL);
		if (!c->href) {
			if (rc == 0)
				fail_msg("'%s' parsed", c->input);
		} else {
			if (rc != 0)
				fail_msg("'%s' did not parse", c->input);
			assert_int_equal(urlparse_href(&u, &out), 0);
			if (strcmp(buf_cstr(&out), c->href))
				fail_msg("'%s': got '%s', want '%s'", c->input,
					 buf_cstr(&out), c->href);
		}
		buf_release(&out);
		urlparse_release(&u);
		urlparse_release(&base);
	}
}

static void test_special_urls_are_normalized(void **state)
{
	static const struct href_case cases[] = {
		{ "HTTPS://Example.COM:443/a/./b/../c?x=1 2#f g", NULL,
		  "https://example.com/a/c?x=1%202#f%20g" },
		{ "http://example.com:0080/", NULL, "http://example.com/" },
		{ "http://example.com:8080", NULL, "http://example.com:8080/" },
		{ "ws://h:80/", NULL, "ws://h/" },
		{ "wss://h:443/", NULL, "wss://h/" },
		{ "ftp://h:21/", NULL, "ftp://h/" },
		{ "http:x", NULL, "http://x/" },
		{ "http:/x/y", NULL, "http://x/y" },
		{ "https:\\\\x\\y\\z", NULL, "https://x/y/z" },
		{ "http://a/%2e%2E/b/%2e/c", NULL, "http://a/b/c" },
		{ "http://a/b^c`d{e}", NULL, "http://a/b%5Ec%60d%7Be%7D" },
		{ "http://a/?q='\"<>", NULL, "http://a/?q=%27%22%3C%3E" },
		{ "foo://a/?q='", NULL, "foo://a/?q='" },
		{ "http://a/#`x`", NULL, "http://a/#%60x%60" },
		{ "  http://a/b  ", NULL, "http://a/b" },
		{ "ht\ntp://a\t/b\r", NULL, "http://a/b" },
		{ "http://a/caf\xc3\xa9", NULL, "http://a/caf%C3%A9" },
		{ "http://u:p:q@a/", NULL, "http://u:p%3Aq@a/" },
		{ "http://a@b@c/", NULL, "http://a%40b@c/" },
		{ "http://:@a/", NULL, "http://a/" },
		{ "http://h:65536/", NULL, NULL },
		{ "http://h:8x/", NULL, NULL },
		{ "http://@/", NULL, NULL },
		{ "http:///", NULL, NULL },
		{ "http://exa mple/", NULL, NULL },
		{ "http://a%25b/", NULL, NULL },
		{ "http://caf\xc3\xa9.example/", NULL, NULL },
		{ "http://ex%41mple.com/", NULL, "http://example.com/" },
		{ "http://a.b./", NULL, "http://a.b./" },
	};

	(void)state;
	check_hrefs(cases, WS_ARRAY_LEN(cases));
}

static void test_hosts_are_ipv4_ipv6_or_domains(void **state)
{
	static const struct href_case cases[] = {
		{ "http://0x7f.1/", NULL, "http://127.0.0.1/" },
		{ "http://2130706433/", NULL, "http://127.0.0.1/" },
		{ "http://0300.0250.1/", NULL, "http://192.168.0.1/" },
		{ "http://1.2.3.4./", NULL, "http://1.2.3.4/" },
		{ "http://192.168./", NULL, "http://192.0.0.168/" },
		{ "http://1.2.3.4.5/", NULL, NULL },
		{ "http://256.1.1.1/", NULL, NULL },
		{ "http://4294967296/", NULL, NULL },
		{ "http://1.2.3.09/", NULL, NULL },
		{ "http://a.09/", NULL, NULL },
		{ "http://[::1]/", NULL, "http://[::1]/" },
		{ "http://[1:0:0:0:0:0:0:1]/", NULL, "http://[1::1]/" },
		{ "http://[1:0:0:2:0:0:0:3]/", NULL, "http://[1:0:0:2::3]/" },
		{ "http://[::ffff:1.2.3.4]/", NULL,
		  "http://[::ffff:102:304]/" },
		{ "http://[ABCD::]/", NULL, "http://[abcd::]/" },
		{ "http://[::1/", NULL, NULL },
		{ "http://[1:2:3:4:5:6:7:8:9]/", NULL, NULL },
		{ "http://[::1.2.3]/", NULL, NULL },
		{ "http://[g::]/", NULL, NULL },
		{ "foo://Bar_x:1/p", NULL, "foo://Bar_x:1/p" },
		{ "foo://a b/", NULL, NULL },
		{ "foo://%zz/", NULL, "foo://%zz/" },
	};

	(void)state;
	check_hrefs(cases, WS_ARRAY_LEN(cases));
}

static void test_opaque_paths_and_file_urls(void **state)
{
	static const struct href_case cases[] = {
		{ "urn:uuid:6e8bc430-9c3a", NULL, "urn:uuid:6e8bc430-9c3a" },
		{ "mailto:a@b", NULL, "mailto:a@b" },
		{ "data:text/plain,a b ?q", NULL, "data:text/plain,a b%20?q" },
		{ "javascript:x\x01y", NULL, "javascript:x%01y" },
		{ "foo:/a/../b", NULL, "foo:/b" },
		{ "foo://h/a/../b", NULL, "foo://h/b" },
		{ "foo:////x", NULL, "foo:////x" },
		{ "foo:/.//x", NULL, "foo:/.//x" },
		{ "file:///C|/a/../b", NULL, "file:///C:/b" },
		{ "file://localhost/etc", NULL, "file:///etc" },
		{ "file://host/x", NULL, "file://host/x" },
		{ "file:x", NULL, "file:///x" },
		{ "1:x", NULL, NULL },
		{ "x", NULL, NULL },
	};

	(void)state;
	check_hrefs(cases, WS_ARRAY_LEN(cases));
}

static void test_relative_references_resolve_against_the_base(void **state)
{
	static const char hub[] = "http://mercure.invalid/.well-known/mercure";
	static const struct href_case cases[] = {
		{ "/books/1", hub, "http://mercure.invalid/books/1" },
		{ "books/1", hub,
		  "http://mercure.invalid/.well-known/books/1" },
		{ "../x", hub, "http://mercure.invalid/x" },
		{ "../../../x", hub, "http://mercure.invalid/x" },
		{ "?q", hub, "http://mercure.invalid/.well-known/mercure?q" },
		{ "#f", hub, "http://mercure.invalid/.well-known/mercure#f" },
		{ "", hub, "http://mercure.invalid/.well-known/mercure" },
		{ "//other/p", hub, "http://other/p" },
		{ "http:rel", hub, "http://mercure.invalid/.well-known/rel" },
		{ "https:rel", hub, "https://rel/" },
		{ "\\x", hub, "http://mercure.invalid/x" },
		{ "x", "urn:a", NULL },
		{ "#x", "urn:a", "urn:a#x" },
		{ "b", "file:///C:/a", "file:///C:/b" },
		{ "/b", "file:///C:/a", "file:///C:/b" },
		{ "?x", "http://h/p?q#f", "http://h/p?x" },
	};

	(void)state;
	check_hrefs(cases, WS_ARRAY_LEN(cases));
}

static void test_parsed_components_are_exposed(void **state)
{
	static const char in[] = "https://u:p@[::1]:8443/a%2Fb?q#";
	struct urlparse_url u;

	(void)state;
	urlparse_init(&u);
	assert_int_equal(urlparse_parse(&u, in, strlen(in), NULL), 0);
	assert_string_equal(u.scheme.s, "https");
	assert_string_equal(u.username.s, "u");
	assert_string_equal(u.password.s, "p");
	assert_true(u.has_host);
	assert_string_equal(u.host.s, "[::1]");
	assert_int_equal(u.port, 8443);
	assert_string_equal(u.path.s, "/a%2Fb");
	assert_true(u.has_query);
	assert_string_equal(u.query.s, "q");
	assert_true(u.has_fragment);
	assert_int_equal(u.fragment.len, 0);
	assert_false(u.opaque_path);
	urlparse_release(&u);
	urlparse_release(&u); /* released twice: still empty */
	assert_null(u.mem);
}

static void test_bad_input_fails_cleanly(void **state)
{
	struct urlparse_url u;

	(void)state;
	urlparse_init(&u);
	assert_int_equal(urlparse_parse(&u, NULL, 3, NULL), -1);
	assert_int_equal(urlparse_parse(&u, "http://a/\xff", 10, NULL), -1);
	assert_int_equal(urlparse_parse(&u, "http://a/\xed\xa0\x80", 12, NULL),
			 -1);
	assert_int_equal(urlparse_parse(&u, "http://a/\xc0\xaf", 11, NULL), -1);
	assert_null(u.mem);
	assert_true(urlparse_utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_false(urlparse_utf8_valid("\xf4\x90\x80\x80", 4));
}

typedef int canon_fn(struct buf *, const char *, size_t);

static const char *canon(canon_fn *fn, const char *v)
{
	static char out[256];
	struct buf b = BUF_INIT(200);
	int rc = fn(&b, v, strlen(v));

	snprintf(out, sizeof(out), "%s", rc ? "FAIL" : buf_cstr(&b));
	buf_release(&b);
	return out;
}

static void test_canonicalization_runs_one_parser_state(void **state)
{
	(void)state;
	assert_string_equal(canon(urlparse_canon_protocol, "HTTPS"), "https");
	assert_string_equal(canon(urlparse_canon_protocol, "1x"), "FAIL");
	assert_string_equal(canon(urlparse_canon_protocol, ""), "");
	assert_string_equal(canon(urlparse_canon_userinfo, "a:b@c"),
			    "a%3Ab%40c");
	assert_string_equal(canon(urlparse_canon_hostname, "EXample.com"),
			    "example.com");
	assert_string_equal(canon(urlparse_canon_hostname, "a/b"), "a");
	assert_string_equal(canon(urlparse_canon_hostname, "a:1"), "FAIL");
	assert_string_equal(canon(urlparse_canon_hostname, "a b"), "FAIL");
	assert_string_equal(canon(urlparse_canon_hostname, "."), ".");
	assert_string_equal(canon(urlparse_canon_port, "8080"), "8080");
	assert_string_equal(canon(urlparse_canon_port, "443"), "");
	assert_string_equal(canon(urlparse_canon_port, "80 "), "80");
	assert_string_equal(canon(urlparse_canon_port, "x"), "FAIL");
	assert_string_equal(canon(urlparse_canon_port, "65536"), "FAIL");
	assert_string_equal(canon(urlparse_canon_pathname, "/a/../b"), "/b");
	assert_string_equal(canon(urlparse_canon_pathname, "../b"), "../b");
	assert_string_equal(canon(urlparse_canon_pathname, "a/../.."), "");
	assert_string_equal(canon(urlparse_canon_pathname, "b c?#"),
			    "b%20c%3F%23");
	assert_string_equal(canon(urlparse_canon_pathname, "/a\\b"), "/a/b");
	assert_string_equal(canon(urlparse_canon_opaque_pathname, "a b?c"),
			    "a b");
	assert_string_equal(canon(urlparse_canon_opaque_pathname, "x\x01"),
			    "x%01");
	assert_string_equal(canon(urlparse_canon_search, "a b#'"),
			    "a%20b%23%27");
	assert_string_equal(canon(urlparse_canon_hash, "a b#`"), "a%20b#%60");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_special_urls_are_normalized),
		cmocka_unit_test(test_hosts_are_ipv4_ipv6_or_domains),
		cmocka_unit_test(test_opaque_paths_and_file_urls),
		cmocka_unit_test(
			test_relative_references_resolve_against_the_base),
		cmocka_unit_test(test_parsed_components_are_exposed),
		cmocka_unit_test(test_bad_input_fails_cleanly),
		cmocka_unit_test(test_canonicalization_runs_one_parser_state),
	};

	return cmocka_run_group_tests_name("urlparse", tests, NULL, NULL);
}

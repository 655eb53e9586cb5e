/* Unit tests for lib/pubpipe: which hubs it publishes to itself. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pubpipe.h"

#include <stdlib.h>

static const char *const proxy_vars[] = { "http_proxy", "HTTP_PROXY",
					  "all_proxy",	"ALL_PROXY",
					  "no_proxy",	"NO_PROXY" };

static int no_proxy_env(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(proxy_vars); i++)
		unsetenv(proxy_vars[i]);
	return 0;
}

static void test_plain_http_urls_are_usable(void **state)
{
	(void)state;
	assert_true(
		pubpipe_usable("http://127.0.0.1:3000/.well-known/mercure"));
	assert_true(pubpipe_usable("HTTP://hub.example.com/.well-known/mercure"
				   "?topic=a#frag"));
	assert_true(pubpipe_usable("http://[::1]:3000/.well-known/mercure"));
	assert_true(pubpipe_usable("http://hub"));
	assert_true(pubpipe_usable("http://hub:/?x"));
	assert_true(pubpipe_usable("http://hub:65535/"));
}

static void test_other_urls_stay_with_libcurl(void **state)
{
	(void)state;
	assert_false(pubpipe_usable(NULL));
	assert_false(pubpipe_usable("https://hub/.well-known/mercure"));
	assert_false(pubpipe_usable("ftp://hub/"));
	assert_false(pubpipe_usable("http://user:secret@hub/"));
	assert_false(pubpipe_usable("http:///path"));
	assert_false(pubpipe_usable("http://hub:0/"));
	assert_false(pubpipe_usable("http://hub:65536/"));
	assert_false(pubpipe_usable("http://hub:80a/"));
	assert_false(pubpipe_usable("http://[::1/"));
	assert_false(pubpipe_usable("http://[::1]x/"));
	assert_false(pubpipe_usable("http://[fe80::1%25eth0]/"));
	assert_false(pubpipe_usable("http://hub/a path"));
	assert_false(pubpipe_usable("http://hub/\r\nX-Injected: 1"));
}

static void test_a_proxy_variable_sends_it_to_libcurl(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		setenv(proxy_vars[i], "http://proxy:8080", 1);
		assert_false(pubpipe_usable("http://hub/"));
		setenv(proxy_vars[i], "", 1);
		assert_true(pubpipe_usable("http://hub/"));
		unsetenv(proxy_vars[i]);
	}
}

static void test_no_proxy_exempts_hosts_and_domains(void **state)
{
	(void)state;
	setenv("http_proxy", "http://proxy:8080", 1);
	setenv("no_proxy", "localhost, .example.com,10.0.0.1", 1);
	assert_true(pubpipe_usable("http://localhost:3000/"));
	assert_true(pubpipe_usable("http://hub.example.com/"));
	assert_true(pubpipe_usable("http://HUB.Example.COM/"));
	assert_true(pubpipe_usable("http://example.com/"));
	assert_true(pubpipe_usable("http://10.0.0.1/"));
	assert_false(pubpipe_usable("http://badexample.com/"));
	assert_false(pubpipe_usable("http://10.0.0.10/"));
	assert_false(pubpipe_usable("http://other/"));
	unsetenv("no_proxy");
	setenv("NO_PROXY", "*", 1);
	assert_true(pubpipe_usable("http://other/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_plain_http_urls_are_usable,
				       no_proxy_env),
		cmocka_unit_test_setup(test_other_urls_stay_with_libcurl,
				       no_proxy_env),
		cmocka_unit_test_setup(
			test_a_proxy_variable_sends_it_to_libcurl,
			no_proxy_env),
		cmocka_unit_test_setup(test_no_proxy_exempts_hosts_and_domains,
				       no_proxy_env),
	};

	return cmocka_run_group_tests_name("pubpipe", tests, NULL, NULL);
}

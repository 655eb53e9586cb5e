/* Unit tests for lib/jsonld: API Platform's item documents. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "jsonld.h"

static void test_a_wine_without_image_or_comments(void **state)
{
	struct buf b = BUF_INIT(4096);
	char name[] = "Château \"A\"", desc[] = "a/b";
	struct store_wine w = { 0 };

	(void)state;
	w.id = 9;
	w.name = name;
	w.description = desc;
	w.stock = 0;
	w.price = 12;
	assert_int_equal(jsonld_wine(&b, &w, JSONLD_LD, true), 0);
	assert_string_equal(
		buf_cstr(&b),
		"{\"@context\":\"\\/api\\/contexts\\/Wine\",\"@id\":\"\\/api\\/wines\\/9\",\"@type\":\"Wine\",\"id\":9,\"name\":\"Château \\u0022A\\u0022\",\"description\":\"a\\/b\",\"stock\":0,\"price\":12,\"comments\":[]}");
	buf_reset(&b);
	assert_int_equal(jsonld_wine(&b, &w, JSONLD_JSON, false), 0);
	assert_string_equal(
		buf_cstr(&b),
		"{\"id\":9,\"name\":\"Ch\\u00e2teau \\\"A\\\"\",\"description\":\"a\\/b\",\"stock\":0,\"price\":12,\"comments\":[]}");
	buf_release(&b);
}

static void test_a_comment_links_its_wine_by_iri(void **state)
{
	struct buf b = BUF_INIT(4096);
	char text[] = "ok", when[] = "2020-03-28 14:21:09";
	struct store_comment c = { 4, text, when, 3 };

	(void)state;
	assert_int_equal(jsonld_comment(&b, &c, JSONLD_LD, false), 0);
	assert_string_equal(
		buf_cstr(&b),
		"{\"@id\":\"\\/api\\/comments\\/4\",\"@type\":\"Comment\",\"id\":4,\"text\":\"ok\",\"createdAt\":\"2020-03-28T14:21:09+00:00\",\"wine\":\"\\/api\\/wines\\/3\"}");
	buf_release(&b);
}

static void test_a_media_object_without_a_file_has_no_url(void **state)
{
	struct buf b = BUF_INIT(4096);
	struct store_media m = { 3, NULL };

	(void)state;
	assert_int_equal(jsonld_media(&b, &m, JSONLD_JSON, true), 0);
	assert_string_equal(buf_cstr(&b), "{}");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_wine_without_image_or_comments),
		cmocka_unit_test(test_a_comment_links_its_wine_by_iri),
		cmocka_unit_test(test_a_media_object_without_a_file_has_no_url),
	};

	return cmocka_run_group_tests_name("jsonld", tests, NULL, NULL);
}

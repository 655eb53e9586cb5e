/* test_b64: base64url without padding (lib/b64.c), RFC 4648 section 5. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include "b64.h"
#include "buf.h"

#include <string.h>

static void check_encode(const char *plain, size_t n, const char *want)
{
	struct buf out = BUF_INIT(256);

	assert_int_equal(b64_url_encode(&out, plain, n), BUF_OK);
	assert_string_equal(buf_cstr(&out), want);
	assert_int_equal(out.len, strlen(want));
	buf_release(&out);
}

static void check_decode(const char *text, const char *want, size_t n)
{
	struct buf out = BUF_INIT(256);

	assert_int_equal(b64_url_decode(&out, text, strlen(text)), 0);
	assert_int_equal(out.len, n);
	assert_memory_equal(buf_cstr(&out), want, n);
	buf_release(&out);
}

static int decode_fails(const char *text, size_t n)
{
	struct buf out = BUF_INIT(256);
	int rc = b64_url_decode(&out, text, n);

	buf_release(&out);
	return rc != 0;
}

static void test_rfc4648_vectors_encode_without_padding(void **state)
{
	(void)state;
	check_encode("", 0, "");
	check_encode("f", 1, "Zg");
	check_encode("fo", 2, "Zm8");
	check_encode("foo", 3, "Zm9v");
	check_encode("foob", 4, "Zm9vYg");
	check_encode("fooba", 5, "Zm9vYmE");
	check_encode("foobar", 6, "Zm9vYmFy");
}

static void test_rfc4648_vectors_decode(void **state)
{
	(void)state;
	check_decode("", "", 0);
	check_decode("Zg", "f", 1);
	check_decode("Zm8", "fo", 2);
	check_decode("Zm9v", "foo", 3);
	check_decode("Zm9vYg", "foob", 4);
	check_decode("Zm9vYmE", "fooba", 5);
	check_decode("Zm9vYmFy", "foobar", 6);
}

static void test_the_url_alphabet_replaces_plus_and_slash(void **state)
{
	static const unsigned char bytes[] = { 0xfb, 0xff, 0xbf };

	(void)state;
	check_encode((const char *)bytes, sizeof(bytes), "-_-_");
	check_decode("-_-_", (const char *)bytes, sizeof(bytes));
	assert_true(decode_fails("+/+/", 4));
}

static void test_a_jwt_header_round_trips(void **state)
{
	const char *header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

	(void)state;
	check_encode(header, strlen(header),
		     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
	check_decode("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", header,
		     strlen(header));
}

static void test_every_byte_value_round_trips(void **state)
{
	struct buf text = BUF_INIT(1024), back = BUF_INIT(1024);
	unsigned char all[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(all); i++)
		all[i] = (unsigned char)i;
	for (n = 0; n <= sizeof(all); n += 85) {
		buf_reset(&text);
		buf_reset(&back);
		assert_int_equal(b64_url_encode(&text, all, n), BUF_OK);
		assert_int_equal(text.len, (n * 4 + 2) / 3);
		assert_int_equal(b64_url_decode(&back, text.data, text.len), 0);
		assert_int_equal(back.len, n);
		assert_memory_equal(buf_cstr(&back), all, n);
	}
	buf_release(&text);
	buf_release(&back);
}

static void test_padding_and_foreign_characters_are_refused(void **state)
{
	(void)state;
	assert_true(decode_fails("Zg==", 4));
	assert_true(decode_fails("Zm9v\n", 5));
	assert_true(decode_fails("Zm 9v", 5));
	assert_true(decode_fails("Zm9v.", 5));
	assert_true(decode_fails("Zm\0v", 4));
}

static void
test_a_length_of_one_more_than_a_multiple_of_four_is_refused(void **state)
{
	(void)state;
	assert_true(decode_fails("Z", 1));
	assert_true(decode_fails("Zm9vY", 5));
}

static void test_decoding_is_bounded_by_its_length_not_a_nul(void **state)
{
	struct buf out = BUF_INIT(16);

	(void)state;
	/* Only the first 4 characters are read. */
	assert_int_equal(b64_url_decode(&out, "Zm9v!!!!", 4), 0);
	assert_string_equal(buf_cstr(&out), "foo");
	buf_reset(&out);
	assert_int_equal(b64_url_decode(&out, "Zm9vYmFy", 4), 0);
	assert_string_equal(buf_cstr(&out), "foo");
	buf_release(&out);
}

static void test_a_refused_input_leaves_the_output_as_it_was(void **state)
{
	struct buf out = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addstr(&out, "kept"), BUF_OK);
	assert_int_not_equal(b64_url_decode(&out, "Zm9vYmFy*A", 10), 0);
	assert_string_equal(buf_cstr(&out), "kept");
	assert_int_equal(out.len, 4);
	buf_release(&out);
}

static void test_output_over_the_ceiling_is_refused(void **state)
{
	struct buf out = BUF_INIT(3);

	(void)state;
	assert_int_equal(b64_url_encode(&out, "foo", 3), BUF_ELIMIT);
	assert_int_equal(out.len, 0);
	assert_int_equal(b64_url_decode(&out, "Zm9vYmFy", 8), BUF_ELIMIT);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_appends_after_existing_contents(void **state)
{
	struct buf out = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addstr(&out, "x."), BUF_OK);
	assert_int_equal(b64_url_encode(&out, "foo", 3), BUF_OK);
	assert_int_equal(b64_url_decode(&out, "Zm8", 3), 0);
	assert_string_equal(buf_cstr(&out), "x.Zm9vfo");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors_encode_without_padding),
		cmocka_unit_test(test_rfc4648_vectors_decode),
		cmocka_unit_test(test_the_url_alphabet_replaces_plus_and_slash),
		cmocka_unit_test(test_a_jwt_header_round_trips),
		cmocka_unit_test(test_every_byte_value_round_trips),
		cmocka_unit_test(
			test_padding_and_foreign_characters_are_refused),
		cmocka_unit_test(
			test_a_length_of_one_more_than_a_multiple_of_four_is_refused),
		cmocka_unit_test(
			test_decoding_is_bounded_by_its_length_not_a_nul),
		cmocka_unit_test(
			test_a_refused_input_leaves_the_output_as_it_was),
		cmocka_unit_test(test_output_over_the_ceiling_is_refused),
		cmocka_unit_test(test_appends_after_existing_contents),
	};

	return cmocka_run_group_tests_name("b64", tests, NULL, NULL);
}

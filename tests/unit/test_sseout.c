/* Unit tests for lib/sseout: JSON Lines, data and raw output. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sseout.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Output goes to a temporary file read back by the test. */
struct sink {
	FILE *f;
	struct sseout o;
	struct err e;
};

static void sink_open(struct sink *s, enum sseout_format format, bool json_data,
		      size_t max)
{
	s->f = tmpfile();
	assert_non_null(s->f);
	err_init(&s->e);
	sseout_init(&s->o, fileno(s->f), format, json_data, max);
}

/* Flush, and return what was written (free it). */
static char *sink_close(struct sink *s)
{
	char *text = calloc(1, 1 << 20);
	size_t n;

	assert_int_equal(sseout_flush(&s->o, &s->e), 0);
	rewind(s->f);
	n = fread(text, 1, (1 << 20) - 1, s->f);
	text[n] = '\0';
	fclose(s->f);
	sseout_release(&s->o);
	return text;
}

static struct sse_event event(const char *id, const char *type,
			      const char *data, long long retry)
{
	struct sse_event ev = { id,   strlen(id),   type, strlen(type),
				data, strlen(data), retry };

	return ev;
}

static void expect(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void test_json_lines_hold_every_field(void **state)
{
	struct sink s;
	struct sse_event a = event("urn:1", "update", "{\"stock\":3}", 5000);
	struct sse_event b = event("", "message", "x", -1);

	(void)state;
	sink_open(&s, SSEOUT_JSON, false, 0);
	assert_int_equal(sseout_event(&s.o, &a, &s.e), 0);
	assert_int_equal(sseout_event(&s.o, &b, &s.e), 0);
	expect(sink_close(&s),
	       "{\"id\":\"urn:1\",\"type\":\"update\",\"data\":"
	       "\"{\\\"stock\\\":3}\",\"retry\":5000}\n"
	       "{\"id\":\"\",\"type\":\"message\",\"data\":\"x\","
	       "\"retry\":null}\n");
}

static void
test_json_strings_escape_controls_quotes_and_backslashes(void **state)
{
	struct buf b = BUF_INIT(4096);

	(void)state;
	assert_int_equal(
		sseout_json_string(&b, "a\"b\\c\n\r\t\b\f\x01\x1f\x7f", 13), 0);
	assert_string_equal(buf_cstr(&b),
			    "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\"");
	buf_reset(&b);
	assert_int_equal(sseout_json_string(&b, "a\0b", 3), 0);
	assert_string_equal(buf_cstr(&b), "\"a\\u0000b\"");
	buf_release(&b);
}

static void
test_invalid_utf8_becomes_one_replacement_per_maximal_part(void **state)
{
	struct buf b = BUF_INIT(4096);
	/* Valid: é, €, 🍷. Invalid: a lone continuation, an overlong 2-byte
	 * lead, a surrogate (ED A0 80: three parts), a truncated 3-byte
	 * sequence, F5, and a 4-byte sequence cut by the end. */
	static const char in[] =
		"\xc3\xa9\xe2\x82\xac\xf0\x9f\x8d\xb7|\x80|"
		"\xc0\xaf|\xed\xa0\x80|\xe2\x82|\xf5|\xf0\x9f\x8d";

	(void)state;
	assert_int_equal(sseout_json_string(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(
		buf_cstr(&b),
		"\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x8d\xb7|\xef\xbf\xbd|"
		"\xef\xbf\xbd\xef\xbf\xbd|"
		"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
		"\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\"");
	buf_release(&b);
}

static void
test_long_data_is_escaped_in_slices_without_cutting_utf8(void **state)
{
	size_t n = 200 * 1024, i;
	char *data = malloc(n);
	struct buf want = BUF_INIT(8 << 20);
	struct sink s;
	struct sse_event ev;
	char *got;

	(void)state;
	/* "é" and a quote over and over: a slice boundary falls everywhere. */
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(data + i, "\xc3\xa9\"", 3);
	n = i;
	ev = (struct sse_event){ "1", 1, "m", 1, data, n, -1 };
	assert_int_equal(
		buf_addstr(&want, "{\"id\":\"1\",\"type\":\"m\",\"data\":"), 0);
	assert_int_equal(sseout_json_string(&want, data, n), 0);
	assert_int_equal(buf_addstr(&want, ",\"retry\":null}\n"), 0);
	sink_open(&s, SSEOUT_JSON, false, 0);
	assert_int_equal(sseout_event(&s.o, &ev, &s.e), 0);
	got = sink_close(&s);
	assert_string_equal(got, buf_cstr(&want));
	assert_null(strstr(got, "\xef\xbf\xbd"));
	free(got);
	free(data);
	buf_release(&want);
}

static void
test_json_data_embeds_json_and_keeps_other_data_as_strings(void **state)
{
	struct sink s;
	struct sse_event a = event("1", "m", " {\"a\": [1, true]} ", -1);
	struct sse_event b = event("2", "m", "not json", -1);
	struct sse_event c = event("3", "m", "42", -1);

	(void)state;
	sink_open(&s, SSEOUT_JSON, true, 0);
	assert_int_equal(sseout_event(&s.o, &a, &s.e), 0);
	assert_int_equal(sseout_event(&s.o, &b, &s.e), 0);
	assert_int_equal(sseout_event(&s.o, &c, &s.e), 0);
	expect(sink_close(&s),
	       "{\"id\":\"1\",\"type\":\"m\",\"data\":{\"a\":[1,true]},"
	       "\"retry\":null}\n"
	       "{\"id\":\"2\",\"type\":\"m\",\"data\":\"not json\","
	       "\"retry\":null}\n"
	       "{\"id\":\"3\",\"type\":\"m\",\"data\":42,\"retry\":null}\n");
}

static void test_data_format_prints_data_and_a_line_feed(void **state)
{
	struct sink s;
	struct sse_event a = event("1", "m", "one\ntwo", -1);
	struct sse_event b = event("2", "m", "", -1);

	(void)state;
	sink_open(&s, SSEOUT_DATA, false, 0);
	assert_int_equal(sseout_event(&s.o, &a, &s.e), 0);
	assert_int_equal(sseout_event(&s.o, &b, &s.e), 0);
	expect(sink_close(&s), "one\ntwo\n\n");
}

static void test_raw_output_holds_back_an_incomplete_event(void **state)
{
	struct sink s;
	struct sse_event ev = event("1", "m", "x", -1);

	(void)state;
	sink_open(&s, SSEOUT_RAW, false, 0);
	/* Events are not formatted in raw mode. */
	assert_int_equal(sseout_event(&s.o, &ev, &s.e), 0);
	assert_int_equal(sseout_raw(&s.o, "data: a\n\ndata: b", 16, 9, &s.e),
			 0);
	assert_int_equal(sseout_flush(&s.o, &s.e), 0);
	assert_int_equal(sseout_raw(&s.o, "\n\ndata: c", 9, 2, &s.e), 0);
	sseout_cut(&s.o); /* the stream ended inside "data: c" */
	expect(sink_close(&s), "data: a\n\ndata: b\n\n");
}

static void test_raw_event_over_the_ceiling_is_an_error(void **state)
{
	size_t n = 80 * 1024;
	char *bytes = malloc(n);
	struct sink s;

	(void)state;
	memset(bytes, 'x', n);
	sink_open(&s, SSEOUT_RAW, false, 16);
	/* An event's bytes (with comments) may pass max by 64 KiB, no more. */
	assert_int_equal(sseout_raw(&s.o, bytes, 1000, 0, &s.e), 0);
	assert_int_equal(sseout_raw(&s.o, bytes, n, 0, &s.e), -1);
	assert_int_equal(s.e.cls, ERR_LIMIT);
	assert_string_equal(s.e.msg, "event longer than 16 bytes");
	sseout_cut(&s.o);
	expect(sink_close(&s), "");
	free(bytes);
}

static void test_a_closed_reader_is_reported_apart_from_errors(void **state)
{
	struct sseout o;
	struct sse_event ev = event("1", "m", "x", -1);
	struct err e;
	int fds[2];

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	err_init(&e);
	sseout_init(&o, fds[1], SSEOUT_DATA, false, 0);
	assert_int_equal(sseout_event(&o, &ev, &e), 0);
	assert_int_equal(sseout_flush(&o, &e), SSEOUT_CLOSED);
	assert_true(o.closed);
	assert_int_equal(sseout_event(&o, &ev, &e), SSEOUT_CLOSED);
	assert_int_equal(e.cls, ERR_NONE);
	sseout_release(&o);
	close(fds[1]);

	sseout_init(&o, -1, SSEOUT_DATA, false, 0);
	assert_int_equal(sseout_event(&o, &ev, &e), 0);
	assert_int_equal(sseout_flush(&o, &e), -1);
	assert_int_equal(e.cls, ERR_RUNTIME);
	sseout_release(&o);
}

static void test_format_names_parse(void **state)
{
	enum sseout_format f;
	struct err e;

	(void)state;
	err_init(&e);
	assert_int_equal(sseout_parse_format("data", &f, &e), 0);
	assert_int_equal(f, SSEOUT_DATA);
	assert_int_equal(sseout_parse_format("raw", &f, &e), 0);
	assert_int_equal(f, SSEOUT_RAW);
	assert_int_equal(sseout_parse_format("json", &f, &e), 0);
	assert_int_equal(f, SSEOUT_JSON);
	assert_int_equal(sseout_parse_format("JSON", &f, &e), -1);
	assert_int_equal(e.cls, ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_lines_hold_every_field),
		cmocka_unit_test(
			test_json_strings_escape_controls_quotes_and_backslashes),
		cmocka_unit_test(
			test_invalid_utf8_becomes_one_replacement_per_maximal_part),
		cmocka_unit_test(
			test_long_data_is_escaped_in_slices_without_cutting_utf8),
		cmocka_unit_test(
			test_json_data_embeds_json_and_keeps_other_data_as_strings),
		cmocka_unit_test(test_data_format_prints_data_and_a_line_feed),
		cmocka_unit_test(
			test_raw_output_holds_back_an_incomplete_event),
		cmocka_unit_test(test_raw_event_over_the_ceiling_is_an_error),
		cmocka_unit_test(
			test_a_closed_reader_is_reported_apart_from_errors),
		cmocka_unit_test(test_format_names_parse),
	};

	return cmocka_run_group_tests_name("sseout", tests, NULL, NULL);
}

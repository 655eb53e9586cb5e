/* Unit tests for lib/sse: the encoder and the WHATWG event stream parser. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sse.h"

#include <limits.h>
#include <string.h>

/* Every callback, serialised as text lines a test can compare. */
struct log {
	struct buf text;
	int events;
	int stop_after; /* stop (return 9) after this many events; 0: never */
};

static int log_event(void *ctx, const struct sse_event *ev)
{
	struct log *l = ctx;

	assert_int_equal(buf_printf(&l->text, "event id=%.*s type=%.*s ",
				    (int)ev->id_len, ev->id, (int)ev->type_len,
				    ev->type),
			 0);
	assert_int_equal(buf_add(&l->text, ev->data, ev->data_len), 0);
	assert_int_equal(buf_printf(&l->text, " retry=%lld\n", ev->retry), 0);
	l->events++;
	return l->stop_after && l->events % l->stop_after == 0 ? 9 : 0;
}

static int log_retry(void *ctx, long long ms)
{
	struct log *l = ctx;

	assert_int_equal(buf_printf(&l->text, "retry %lld\n", ms), 0);
	return 0;
}

static int log_comment(void *ctx, const char *text, size_t len)
{
	struct log *l = ctx;

	assert_int_equal(buf_printf(&l->text, "comment %.*s\n", (int)len, text),
			 0);
	return 0;
}

static const struct sse_callbacks all_cb = { log_event, log_retry,
					     log_comment };
static const struct sse_callbacks no_comment_cb = { log_event, log_retry,
						    NULL };

/* Parse s in chunks of step bytes (0: whole); returns the log text. */
static char *parse(const char *s, size_t len, size_t step, size_t max,
		   const struct sse_callbacks *cb, int *rc_out)
{
	struct log l = { BUF_INIT(1 << 20), 0, 0 };
	struct sse_parser p;
	size_t at = 0;
	int rc = 0;

	sse_parser_init(&p, max, cb, &l);
	while (rc == 0 && at < len) {
		size_t n = step && len - at > step ? step : len - at;

		rc = sse_parser_feed(&p, s + at, n);
		at += n;
	}
	if (rc == 0 &&
	    buf_printf(&l.text, "last=%s cut=%d\n",
		       sse_parser_last_id(&p, NULL), sse_parser_end(&p)))
		fail();
	if (rc_out)
		*rc_out = rc;
	sse_parser_release(&p);
	return buf_detach(&l.text, NULL);
}

static char *parse_all(const char *s, size_t len)
{
	return parse(s, len, 0, 0, &all_cb, NULL);
}

#define PARSE(lit) parse_all(lit, sizeof(lit) - 1)

static void expect(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void test_every_split_point_gives_the_same_events(void **state)
{
	static const char *const streams[] = {
		"data: a\r\ndata: b\r\n\r\nid: 7\rdata: c\r\r",
		"data: a\r\n\ndata: b\r\n\r\ndata: c\r\r\n\n",
		"\xEF\xBB\xBF"
		"event: e\nretry: 10\ndata:x\n\n:c\r\n\n",
		"data\n\ndata:\n\nid\n\nid: 1\ndata: \xEF\xBB\xBF\n\n",
		"\xEF\xBB\xBF\xEF\xBB\xBF"
		"data: a\n\n\xEF\xBB"
		"data: b\n\n",
	};
	size_t i, cut;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(streams); i++) {
		size_t len = strlen(streams[i]);
		char *whole = parse_all(streams[i], len);

		for (cut = 1; cut < len; cut++) {
			struct log l = { BUF_INIT(1 << 20), 0, 0 };
			struct sse_parser p;
			char *two;

			sse_parser_init(&p, 0, &all_cb, &l);
			assert_int_equal(sse_parser_feed(&p, streams[i], cut),
					 0);
			assert_int_equal(sse_parser_feed(&p, streams[i] + cut,
							 len - cut),
					 0);
			assert_int_equal(
				buf_printf(&l.text, "last=%s cut=%d\n",
					   sse_parser_last_id(&p, NULL),
					   sse_parser_end(&p)),
				0);
			two = buf_detach(&l.text, NULL);
			assert_string_equal(two, whole);
			free(two);
			sse_parser_release(&p);
		}
		free(whole);
	}
}

static void test_cr_ending_a_read_still_pairs_with_the_next_lf(void **state)
{
	struct log l = { BUF_INIT(4096), 0, 0 };
	struct sse_parser p;

	(void)state;
	sse_parser_init(&p, 0, &all_cb, &l);
	assert_int_equal(sse_parser_feed(&p, "data: a\r", 8), 0);
	assert_int_equal(sse_parser_feed(&p, "\n", 1), 0);
	/* Had the LF been a second line end, the event would be out. */
	assert_int_equal(l.events, 0);
	assert_int_equal(sse_parser_feed(&p, "\r", 1), 0);
	assert_int_equal(l.events, 1);
	assert_int_equal(sse_parser_feed(&p, "\n\n", 2), 0);
	assert_int_equal(l.events, 1);
	sse_parser_release(&p);
	buf_release(&l.text);
}

static void test_bom_split_across_reads_is_stripped(void **state)
{
	struct log l = { BUF_INIT(4096), 0, 0 };
	struct sse_parser p;

	(void)state;
	sse_parser_init(&p, 0, &all_cb, &l);
	assert_int_equal(sse_parser_feed(&p, "\xEF", 1), 0);
	assert_int_equal(sse_parser_feed(&p, "\xBB", 1), 0);
	assert_int_equal(sse_parser_feed(&p,
					 "\xBF"
					 "data: x\n\n",
					 10),
			 0);
	assert_string_equal(buf_cstr(&l.text),
			    "event id= type=message x retry=-1\n");
	sse_parser_release(&p);
	buf_release(&l.text);
}

static void test_one_leading_space_is_stripped(void **state)
{
	(void)state;
	expect(PARSE("data:  a\ndata:b\ndata: \n\n"),
	       "event id= type=message  a\nb\n retry=-1\nlast= cut=0\n");
}

static void test_field_without_colon_has_an_empty_value(void **state)
{
	(void)state;
	expect(PARSE("data\ndata\n\n"),
	       "event id= type=message \n retry=-1\nlast= cut=0\n");
}

static void test_field_names_are_case_sensitive(void **state)
{
	(void)state;
	expect(PARSE("Data: a\nDATA: b\nEvent: x\n\n"), "last= cut=0\n");
}

static void test_id_with_nul_is_ignored(void **state)
{
	static const char s[] = "id: 1\n\nid: 2\0x\ndata: d\n\n";

	(void)state;
	expect(parse_all(s, sizeof(s) - 1),
	       "event id=1 type=message d retry=-1\nlast=1 cut=0\n");
}

static void test_block_without_data_sets_the_id_only(void **state)
{
	(void)state;
	expect(PARSE("id: 5\n\ndata: a\n\n"),
	       "event id=5 type=message a retry=-1\nlast=5 cut=0\n");
}

static void test_id_is_kept_across_events_until_reset(void **state)
{
	(void)state;
	expect(PARSE("id: 5\ndata: a\n\ndata: b\n\nid:\ndata: c\n\n"),
	       "event id=5 type=message a retry=-1\n"
	       "event id=5 type=message b retry=-1\n"
	       "event id= type=message c retry=-1\nlast= cut=0\n");
}

static void test_retry_takes_digits_only(void **state)
{
	(void)state;
	expect(PARSE("retry: 1500\nretry: 15x\nretry:\nretry: -1\n"
		     "retry:  2\ndata: a\n\n"),
	       "retry 1500\nevent id= type=message a retry=1500\n"
	       "last= cut=0\n");
}

static void test_retry_overflow_is_clamped(void **state)
{
	char *got = PARSE("retry: 123456789012345678901234567890\n\n");
	char want[64];

	(void)state;
	snprintf(want, sizeof(want), "retry %lld\nlast= cut=0\n", LLONG_MAX);
	expect(got, want);
}

static void test_comments_are_reported_without_their_colon(void **state)
{
	(void)state;
	expect(PARSE(":\n: hi\n::x\ndata: a\n\n"),
	       "comment \ncomment  hi\ncomment :x\n"
	       "event id= type=message a retry=-1\nlast= cut=0\n");
}

static void test_event_type_resets_after_dispatch(void **state)
{
	(void)state;
	expect(PARSE("event: add\ndata: a\n\ndata: b\n\n"),
	       "event id= type=add a retry=-1\n"
	       "event id= type=message b retry=-1\nlast= cut=0\n");
}

static void test_pending_data_is_discarded_at_end_of_stream(void **state)
{
	(void)state;
	expect(PARSE("data: a\n\ndata: b\n"),
	       "event id= type=message a retry=-1\nlast= cut=1\n");
}

static void test_id_without_blank_line_is_not_committed(void **state)
{
	(void)state;
	expect(PARSE("id: 1\n\nid: 2\n"), "last=1 cut=1\n");
}

static void test_end_keeps_last_id_and_retry_for_the_next_stream(void **state)
{
	struct log l = { BUF_INIT(4096), 0, 0 };
	struct sse_parser p;

	(void)state;
	sse_parser_init(&p, 0, &all_cb, &l);
	assert_int_equal(sse_parser_feed(&p, "retry: 5\nid: x\n\ndata: a", 23),
			 0);
	assert_true(sse_parser_end(&p));
	assert_string_equal(sse_parser_last_id(&p, NULL), "x");
	assert_int_equal(sse_parser_retry(&p), 5);
	/* A new stream: a BOM is stripped again, "a" is not carried over. */
	assert_int_equal(sse_parser_feed(&p,
					 "\xEF\xBB\xBF"
					 "data: b\n\n",
					 12),
			 0);
	assert_string_equal(buf_cstr(&l.text),
			    "retry 5\nevent id= type=message b retry=-1\n");
	assert_string_equal(sse_parser_last_id(&p, NULL), "");
	assert_false(sse_parser_end(&p));
	sse_parser_release(&p);
	buf_release(&l.text);
}

static void test_line_longer_than_the_ceiling_is_an_error(void **state)
{
	static const char s[] = "data: 0123456789\n\n";
	int rc, step;

	(void)state;
	for (step = 0; step < 4; step++) {
		free(parse(s, sizeof(s) - 1, (size_t)step, 12, &all_cb, &rc));
		assert_int_equal(rc, SSE_ELIMIT);
	}
	free(parse(s, sizeof(s) - 1, 0, 16, &all_cb, &rc));
	assert_int_equal(rc, 0);
}

static void test_event_data_over_the_ceiling_is_an_error(void **state)
{
	static const char s[] = "data: 0123\ndata: 4567\ndata: 89\n\n";
	int rc;

	(void)state;
	/* Data buffer: "0123\n4567\n89\n" is 13 bytes. */
	free(parse(s, sizeof(s) - 1, 0, 12, &all_cb, &rc));
	assert_int_equal(rc, SSE_ELIMIT);
	free(parse(s, sizeof(s) - 1, 5, 13, &all_cb, &rc));
	assert_int_equal(rc, 0);
}

static void test_unreported_comments_have_no_length_limit(void **state)
{
	static const char s[] = ":0123456789012345678901234567890\n"
				"data: a\n\n";
	char *got;
	int rc, step;

	(void)state;
	for (step = 0; step < 3; step++) {
		got = parse(s, sizeof(s) - 1, (size_t)step * 5, 10,
			    &no_comment_cb, &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(got, "event id= type=message a retry=-1\n"
					 "last= cut=0\n");
		free(got);
	}
	free(parse(s, sizeof(s) - 1, 0, 10, &all_cb, &rc));
	assert_int_equal(rc, SSE_ELIMIT);
}

static void test_errors_are_sticky_until_end(void **state)
{
	struct sse_parser p;
	struct err e;

	(void)state;
	sse_parser_init(&p, 8, NULL, NULL);
	assert_int_equal(sse_parser_feed(&p, "data: 0123456789", 16),
			 SSE_ELIMIT);
	assert_int_equal(sse_parser_feed(&p, "\n\n", 2), SSE_ELIMIT);
	err_init(&e);
	assert_int_equal(sse_error(SSE_ELIMIT, p.max, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	assert_string_equal(e.msg, "event or line longer than 8 bytes");
	sse_parser_end(&p);
	assert_int_equal(sse_parser_feed(&p, "data: 1\n\n", 9), 0);
	sse_parser_release(&p);
}

static void test_a_callback_stops_the_feed_and_it_resumes(void **state)
{
	static const char s[] = "data: a\r\n\r\ndata: b\n\ndata: c\n\n";
	struct log l = { BUF_INIT(4096), 0, 1 };
	struct sse_parser p;
	size_t at = 0;
	int stops = 0;

	(void)state;
	sse_parser_init(&p, 0, &all_cb, &l);
	while (at < sizeof(s) - 1) {
		int rc = sse_parser_feed(&p, s + at, sizeof(s) - 1 - at);

		if (rc == 9)
			stops++;
		else
			assert_int_equal(rc, 0);
		/* A stop ends right after the blank line, CRLF included. */
		if (rc == 9 && stops == 1)
			assert_int_equal(p.used, 11);
		assert_int_equal(p.safe, p.used);
		at += p.used;
	}
	assert_int_equal(stops, 3);
	assert_string_equal(buf_cstr(&l.text),
			    "event id= type=message a retry=-1\n"
			    "event id= type=message b retry=-1\n"
			    "event id= type=message c retry=-1\n");
	sse_parser_release(&p);
	buf_release(&l.text);
}

static void test_safe_marks_the_end_of_complete_events(void **state)
{
	static const char s[] = ":\ndata: a\n\ndata: b";
	struct sse_parser p;

	(void)state;
	sse_parser_init(&p, 0, NULL, NULL);
	assert_int_equal(sse_parser_feed(&p, s, 2), 0);
	assert_int_equal(p.safe, 2); /* a comment leaves nothing pending */
	assert_int_equal(sse_parser_feed(&p, s + 2, sizeof(s) - 3), 0);
	assert_int_equal(p.safe, 9); /* after "data: a\n\n", not "b" */
	assert_int_equal(sse_parser_feed(&p, "\n", 1), 0);
	assert_int_equal(p.safe, 0);
	assert_int_equal(sse_parser_feed(&p, "\n", 1), 0);
	assert_int_equal(p.safe, 1);
	sse_parser_release(&p);
}

static void test_release_without_use_is_safe(void **state)
{
	struct sse_parser p;

	(void)state;
	sse_parser_init(&p, 0, NULL, NULL);
	assert_int_equal(sse_parser_feed(&p, NULL, 0), 0);
	assert_false(sse_parser_end(&p));
	sse_parser_release(&p);
}

/* --- encoder --- */

static char *encode(const char *id, const char *type, const char *data,
		    long long retry, int *rc)
{
	struct buf out = BUF_INIT(4096);
	struct sse_event ev = { id,   id ? strlen(id) : 0,
				type, type ? strlen(type) : 0,
				data, data ? strlen(data) : 0,
				retry };

	*rc = sse_encode(&out, &ev);
	return buf_detach(&out, NULL);
}

static void test_encoder_writes_mercure_field_order(void **state)
{
	int rc;

	(void)state;
	expect(encode("urn:1", "update", "{}", 3000, &rc),
	       "event: update\nretry: 3000\nid: urn:1\ndata: {}\n\n");
	assert_int_equal(rc, 0);
	expect(encode("1", NULL, "x", 0, &rc), "id: 1\ndata: x\n\n");
	expect(encode(NULL, "", NULL, -1, &rc), "id: \ndata: \n\n");
}

static void test_encoder_splits_data_on_crlf_cr_and_lf(void **state)
{
	int rc;

	(void)state;
	expect(encode("1", NULL, "a\r\nb\rc\nd\n", 0, &rc),
	       "id: 1\ndata: a\ndata: b\ndata: c\ndata: d\ndata: \n\n");
}

static void test_encoder_refuses_breaks_in_id_and_type(void **state)
{
	struct buf out = BUF_INIT(4096);
	struct sse_event ev = { "a\nb", 3, NULL, 0, "x", 1, 0 };

	(void)state;
	assert_int_equal(buf_addstr(&out, "kept"), 0);
	assert_int_equal(sse_encode(&out, &ev), SSE_EINVAL);
	ev.id = "ok";
	ev.id_len = 2;
	ev.type = "t\r";
	ev.type_len = 2;
	assert_int_equal(sse_encode(&out, &ev), SSE_EINVAL);
	ev.type = "t\0";
	assert_int_equal(sse_encode(&out, &ev), SSE_EINVAL);
	assert_string_equal(buf_cstr(&out), "kept");
	buf_release(&out);
}

static void test_encoder_leaves_a_full_buffer_unchanged(void **state)
{
	struct buf out = BUF_INIT(16);
	struct sse_event ev = { "1", 1, NULL, 0, "0123456789", 10, 0 };

	(void)state;
	assert_int_equal(buf_addstr(&out, "abc"), 0);
	assert_int_equal(sse_encode(&out, &ev), BUF_ELIMIT);
	assert_string_equal(buf_cstr(&out), "abc");
	buf_release(&out);
}

static void test_encoded_data_cannot_inject_fields(void **state)
{
	static const char evil[] = "x\n\nevent: admin\nid: forged\r\rdata: y";
	struct buf out = BUF_INIT(4096);
	struct sse_event ev = { "1", 1, NULL, 0, evil, sizeof(evil) - 1, 0 };
	char *got;

	(void)state;
	assert_int_equal(sse_encode(&out, &ev), 0);
	got = parse_all(out.data, out.len);
	assert_string_equal(got, "event id=1 type=message x\n\nevent: admin\n"
				 "id: forged\n\ndata: y retry=-1\n"
				 "last=1 cut=0\n");
	free(got);
	buf_release(&out);
}

static void test_comment_helper_writes_heartbeats_and_lines(void **state)
{
	struct buf out = BUF_INIT(4096);

	(void)state;
	assert_int_equal(sse_encode_comment(&out, NULL, 0), 0);
	assert_string_equal(buf_cstr(&out), SSE_HEARTBEAT);
	assert_int_equal(sse_encode_comment(&out, "a\r\nb", 4), 0);
	assert_string_equal(buf_cstr(&out), ":\n:a\n:b\n");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_split_point_gives_the_same_events),
		cmocka_unit_test(
			test_cr_ending_a_read_still_pairs_with_the_next_lf),
		cmocka_unit_test(test_bom_split_across_reads_is_stripped),
		cmocka_unit_test(test_one_leading_space_is_stripped),
		cmocka_unit_test(test_field_without_colon_has_an_empty_value),
		cmocka_unit_test(test_field_names_are_case_sensitive),
		cmocka_unit_test(test_id_with_nul_is_ignored),
		cmocka_unit_test(test_block_without_data_sets_the_id_only),
		cmocka_unit_test(test_id_is_kept_across_events_until_reset),
		cmocka_unit_test(test_retry_takes_digits_only),
		cmocka_unit_test(test_retry_overflow_is_clamped),
		cmocka_unit_test(
			test_comments_are_reported_without_their_colon),
		cmocka_unit_test(test_event_type_resets_after_dispatch),
		cmocka_unit_test(
			test_pending_data_is_discarded_at_end_of_stream),
		cmocka_unit_test(test_id_without_blank_line_is_not_committed),
		cmocka_unit_test(
			test_end_keeps_last_id_and_retry_for_the_next_stream),
		cmocka_unit_test(test_line_longer_than_the_ceiling_is_an_error),
		cmocka_unit_test(test_event_data_over_the_ceiling_is_an_error),
		cmocka_unit_test(test_unreported_comments_have_no_length_limit),
		cmocka_unit_test(test_errors_are_sticky_until_end),
		cmocka_unit_test(test_a_callback_stops_the_feed_and_it_resumes),
		cmocka_unit_test(test_safe_marks_the_end_of_complete_events),
		cmocka_unit_test(test_release_without_use_is_safe),
		cmocka_unit_test(test_encoder_writes_mercure_field_order),
		cmocka_unit_test(test_encoder_splits_data_on_crlf_cr_and_lf),
		cmocka_unit_test(test_encoder_refuses_breaks_in_id_and_type),
		cmocka_unit_test(test_encoder_leaves_a_full_buffer_unchanged),
		cmocka_unit_test(test_encoded_data_cannot_inject_fields),
		cmocka_unit_test(
			test_comment_helper_writes_heartbeats_and_lines),
	};

	return cmocka_run_group_tests_name("sse", tests, NULL, NULL);
}

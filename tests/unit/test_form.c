/* Unit tests for lib/form: urlencoded parsing, encoding, Mercure readers. */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "form.h"

#include <stdio.h>
#include <string.h>

static void assert_str(const struct form_str *v, const char *want)
{
	assert_non_null(v->s);
	assert_int_equal(v->len, strlen(want));
	assert_memory_equal(v->s, want, v->len);
	assert_int_equal(v->s[v->len], '\0');
}

static void test_parsing_copies_and_leaves_the_input_alone(void **state)
{
	const char in[] = "a=1+2&b=%41%42";
	struct form f;
	struct err e;

	(void)state;
	assert_int_equal(form_parse(&f, in, strlen(in), NULL, &e), 0);
	assert_string_equal(in, "a=1+2&b=%41%42");
	assert_int_equal(f.nfields, 2);
	assert_str(&f.fields[0].name, "a");
	assert_str(&f.fields[0].value, "1 2");
	assert_str(&f.fields[1].name, "b");
	assert_str(&f.fields[1].value, "AB");
	assert_true(f.fields[0].value.s < in ||
		    f.fields[0].value.s >= in + sizeof(in));
	form_release(&f);
	assert_null(f.mem);
	assert_int_equal(f.nfields, 0);
}

static void test_parsing_in_place_decodes_into_the_input(void **state)
{
	char in[] = "topic=a%2Fb&data=x";
	struct form f;
	struct err e;

	(void)state;
	assert_int_equal(form_parse_inplace(&f, in, strlen(in), NULL, &e), 0);
	assert_int_equal(f.nfields, 2);
	assert_ptr_equal(f.fields[0].name.s, in);
	assert_str(&f.fields[0].value, "a/b");
	assert_true(f.fields[0].value.s > in &&
		    f.fields[0].value.s < in + sizeof(in));
	assert_str(&f.fields[1].value, "x");
	form_release(&f);
}

static void test_an_empty_in_place_form_allocates_nothing(void **state)
{
	char in[] = "&&&";
	struct form f;
	struct err e;

	(void)state;
	assert_int_equal(form_parse_inplace(&f, in, 3, NULL, &e), 0);
	assert_int_equal(f.nfields, 0);
	assert_null(f.mem);
	assert_int_equal(form_parse_inplace(&f, in, 0, NULL, &e), 0);
	assert_null(f.mem);
	form_release(&f);
}

static void test_bad_escapes_are_errors_with_a_position(void **state)
{
	static const struct {
		const char *in;
		long column;
	} cases[] = {
		{ "a=%", 3 },	{ "a=%4", 3 },	    { "a=%4g", 3 },
		{ "%=1", 1 },	{ "ok=1&b=x%", 9 }, { "a=%%41", 3 },
		{ "a=%G1", 3 },
	};
	struct form f;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(cases); i++) {
		err_init(&e);
		assert_int_equal(form_parse(&f, cases[i].in,
					    strlen(cases[i].in), NULL, &e),
				 -1);
		assert_int_equal(e.cls, ERR_DATA);
		assert_int_equal(e.column, cases[i].column);
		assert_null(f.mem);
		assert_int_equal(f.nfields, 0);
	}
}

static void test_limits_bound_the_input_and_the_fields(void **state)
{
	struct form_limits lim = { 8, 2 };
	struct form f;
	struct err e;

	(void)state;
	assert_int_equal(form_parse(&f, "a=1&b=22", 8, &lim, &e), 0);
	form_release(&f);
	err_init(&e);
	assert_int_equal(form_parse(&f, "a=1&b=222", 9, &lim, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	err_init(&e);
	assert_int_equal(form_parse(&f, "a&b&c", 5, &lim, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	/* Empty pairs do not count. */
	assert_int_equal(form_parse(&f, "a&&&b", 5, &lim, &e), 0);
	assert_int_equal(f.nfields, 2);
	form_release(&f);
}

static void test_default_limits_come_from_bounds(void **state)
{
	struct buf b = BUF_INIT(LIMIT_FORM_BYTES + 16);
	struct form f;
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < LIMIT_FORM_FIELDS; i++)
		assert_int_equal(buf_addstr(&b, "a&"), 0);
	assert_int_equal(form_parse(&f, b.data, b.len, NULL, &e), 0);
	assert_int_equal(f.nfields, LIMIT_FORM_FIELDS);
	form_release(&f);
	assert_int_equal(buf_addch(&b, 'a'), 0);
	err_init(&e);
	assert_int_equal(form_parse(&f, b.data, b.len, NULL, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);

	buf_reset(&b);
	while (b.len < LIMIT_FORM_BYTES)
		assert_int_equal(buf_addch(&b, 'x'), 0);
	assert_int_equal(form_parse(&f, b.data, b.len, NULL, &e), 0);
	form_release(&f);
	assert_int_equal(buf_addch(&b, 'x'), 0);
	err_init(&e);
	assert_int_equal(form_parse(&f, b.data, b.len, NULL, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	buf_release(&b);
}

static void test_get_returns_the_first_and_count_counts(void **state)
{
	const char in[] = "t=1&x=2&t=3&T=4";
	struct form f;
	struct err e;

	(void)state;
	assert_int_equal(form_parse(&f, in, strlen(in), NULL, &e), 0);
	assert_str(&form_get(&f, "t")->value, "1");
	assert_int_equal(form_count(&f, "t"), 2);
	assert_int_equal(form_count(&f, "T"), 1);
	assert_null(form_get(&f, "y"));
	assert_int_equal(form_count(&f, "y"), 0);
	form_release(&f);
}

static void test_unescape_decodes_in_place_with_or_without_plus(void **state)
{
	char s[] = "a+b%20c%2B";
	struct err e;

	(void)state;
	assert_int_equal(form_unescape(s, s, strlen(s), false, &e), 6);
	assert_string_equal(s, "a+b c+");
	memcpy(s, "a+b%20c%2B", sizeof(s));
	assert_int_equal(form_unescape(s, s, strlen(s), true, &e), 6);
	assert_string_equal(s, "a b c+");
	err_init(&e);
	assert_int_equal(form_unescape(s, "ab%", 3, true, &e), -1);
	assert_int_equal(e.column, 3);
}

static void test_escaping_keeps_exactly_the_safe_bytes(void **state)
{
	struct buf b = BUF_INIT(1024);
	char all[256], back[257];
	int i;
	struct err e;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	assert_int_equal(form_escape(&b, all, 256, FORM_ESC_FORM), 0);
	for (i = 0; i < (int)b.len; i++) {
		char c = b.data[i];

		if (c == '%') {
			i += 2;
			continue;
		}
		if (!strchr("+*-._", c) && !(c >= 'A' && c <= 'Z') &&
		    !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
			fail_msg("unsafe byte 0x%02x kept", (unsigned char)c);
	}
	assert_non_null(strstr(b.data, "+"));
	assert_null(strstr(b.data, "~"));
	assert_non_null(strstr(b.data, "%7E"));
	assert_int_equal(form_unescape(back, b.data, b.len, true, &e), 256);
	assert_memory_equal(back, all, 256);

	buf_reset(&b);
	assert_int_equal(form_escape(&b, all, 256, FORM_ESC_URI), 0);
	assert_null(strchr(b.data, '+'));
	assert_null(strchr(b.data, '*'));
	assert_non_null(strstr(b.data, "%20"));
	assert_non_null(strstr(b.data, "~"));
	assert_int_equal(form_unescape(back, b.data, b.len, false, &e), 256);
	assert_memory_equal(back, all, 256);
	buf_release(&b);
}

static void test_escaping_long_input_crosses_chunks(void **state)
{
	struct buf b = BUF_INIT(16 * 1024);
	char in[2000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 3 ? 'a' : '/';
	assert_int_equal(form_escape(&b, in, sizeof(in), FORM_ESC_URI), 0);
	/* 667 slashes become %2F, the 1333 letters stay. */
	assert_int_equal(b.len, 667 * 3 + 1333);
	assert_int_equal(memcmp(b.data, "%2Faa%2Faa", 10), 0);
	buf_release(&b);
}

static void test_add_builds_a_body_all_or_nothing(void **state)
{
	struct buf b = BUF_INIT(50);
	struct form f;
	struct err e;

	(void)state;
	assert_int_equal(form_add(&b, "topic", "https://ex.com/a b", 18), 0);
	assert_int_equal(form_add(&b, "data", "x&y=z", 5), 0);
	assert_string_equal(b.data,
			    "topic=https%3A%2F%2Fex.com%2Fa+b&data=x%26y%3Dz");
	assert_int_equal(form_parse(&f, b.data, b.len, NULL, &e), 0);
	assert_str(&f.fields[0].value, "https://ex.com/a b");
	assert_str(&f.fields[1].value, "x&y=z");
	form_release(&f);
	/* Over the ceiling: the body is left as it was. */
	assert_int_equal(form_add(&b, "private", "on", 2), BUF_ELIMIT);
	assert_string_equal(b.data,
			    "topic=https%3A%2F%2Fex.com%2Fa+b&data=x%26y%3Dz");
	buf_release(&b);
}

static uint64_t rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void test_encoding_then_parsing_gives_back_the_fields(void **state)
{
	struct buf body = BUF_INIT(64 * 1024);
	char names[8][16], values[8][64];
	size_t vlen[8];
	unsigned round, n, i, j;
	struct form f;
	struct err e;

	(void)state;
	for (round = 0; round < 500; round++) {
		buf_reset(&body);
		n = rnd(8) + 1;
		for (i = 0; i < n; i++) {
			for (j = 0; j < 15; j++)
				names[i][j] = (char)(rnd(94) + 33);
			names[i][1 + rnd(14)] = '\0';
			vlen[i] = rnd(64);
			for (j = 0; j < vlen[i]; j++)
				values[i][j] = (char)rnd(256);
			assert_int_equal(
				form_add(&body, names[i], values[i], vlen[i]),
				0);
		}
		assert_int_equal(form_parse(&f, body.data, body.len, NULL, &e),
				 0);
		assert_int_equal(f.nfields, n);
		for (i = 0; i < n; i++) {
			assert_string_equal(f.fields[i].name.s, names[i]);
			assert_int_equal(f.fields[i].value.len, vlen[i]);
			assert_memory_equal(f.fields[i].value.s, values[i],
					    vlen[i]);
		}
		form_release(&f);
	}
	buf_release(&body);
}

/* Parse a body and read it as a publish request. */
static int publish(const char *body, struct form *f, struct form_publish *p,
		   struct err *e)
{
	err_init(e);
	assert_int_equal(form_parse(f, body, strlen(body), NULL, e), 0);
	return form_publish_read(f, p, e);
}

static void test_publish_reads_every_field(void **state)
{
	struct form f;
	struct form_publish p;
	struct err e;

	(void)state;
	assert_int_equal(publish("topic=a&topic=b&data=d&id=urn%3Ax&type=t&"
				 "retry=10&private=on&unknown=1",
				 &f, &p, &e),
			 0);
	assert_int_equal(p.ntopics, 2);
	assert_str(&p.topics[0], "a");
	assert_str(&p.topics[1], "b");
	assert_str(&p.data, "d");
	assert_str(&p.id, "urn:x");
	assert_str(&p.type, "t");
	assert_int_equal(p.retry, 10);
	assert_true(p.is_private);
	form_release(&f);

	assert_int_equal(publish("topic=a", &f, &p, &e), 0);
	assert_null(p.data.s);
	assert_null(p.id.s);
	assert_null(p.type.s);
	assert_int_equal(p.retry, 0);
	assert_false(p.is_private);
	form_release(&f);
}

static void test_publish_refuses_fields_that_could_forge_events(void **state)
{
	static const char *const bad[] = {
		"topic=a&id=x%0Ay",
		"topic=a&id=x%0Dy",
		"topic=a&id=x%00",
		"topic=a&type=x%0Ay",
		"topic=a&type=%0D",
		"topic=a&type=a%00",
		"topic=a&id=earliest",
		"topic=a&id=%23x",
		"topic=a&type=mercure",
		"topic=a&retry=1.5",
		"topic=a&retry=+1",
		"topic=a&retry=0x10",
		"data=x",
		"retry=1",
		"topic=a%00b",
	};
	struct form f;
	struct form_publish p;
	size_t i;
	struct err e;

	(void)state;
	for (i = 0; i < WS_ARRAY_LEN(bad); i++) {
		if (publish(bad[i], &f, &p, &e) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(e.cls, ERR_DATA);
		assert_non_null(strchr(e.msg, '\''));
		form_release(&f);
	}
	/* Neighbours of the reserved values are fine. */
	assert_int_equal(publish("topic=a&id=earliest2&type=mercure2&id=%23",
				 &f, &p, &e),
			 0);
	form_release(&f);
	assert_int_equal(publish("topic=a&id=a%23b", &f, &p, &e), 0);
	form_release(&f);
}

static void test_publish_limits_topics_ids_and_types(void **state)
{
	struct buf b = BUF_INIT(LIMIT_FORM_BYTES);
	struct form f;
	struct form_publish p;
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < LIMIT_TOPIC_COUNT; i++)
		assert_int_equal(buf_printf(&b, "topic=t%d&", i), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), 0);
	assert_int_equal(p.ntopics, LIMIT_TOPIC_COUNT);
	assert_str(&p.topics[LIMIT_TOPIC_COUNT - 1], "t999");
	form_release(&f);
	assert_int_equal(buf_addstr(&b, "topic=one-more"), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "topic="), 0);
	for (i = 0; i < LIMIT_TOPIC_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'a'), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), 0);
	form_release(&f);
	assert_int_equal(buf_addch(&b, 'a'), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "topic=a&id="), 0);
	for (i = 0; i < LIMIT_EVENT_ID_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'i'), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), 0);
	form_release(&f);
	assert_int_equal(buf_addch(&b, 'i'), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "topic=a&type="), 0);
	for (i = 0; i < LIMIT_EVENT_TYPE_BYTES; i++)
		assert_int_equal(buf_addch(&b, 't'), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), 0);
	form_release(&f);
	assert_int_equal(buf_addch(&b, 't'), 0);
	assert_int_equal(publish(b.data, &f, &p, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);
	buf_release(&b);
}

static int subscribe(const char *query, struct form *f,
		     struct form_subscribe *s, struct err *e)
{
	err_init(e);
	assert_int_equal(form_parse(f, query, strlen(query), NULL, e), 0);
	return form_subscribe_read(f, s, e);
}

static void test_subscribe_separates_selectors_and_exact_matches(void **state)
{
	struct form f;
	struct form_subscribe s;
	struct err e;

	(void)state;
	assert_int_equal(subscribe("match=m1&topic=t1&match_exact=m2&topic=t2&"
				   "matchless=1&authorization=tok",
				   &f, &s, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "'matchless'"));
	form_release(&f);
	assert_int_equal(subscribe("match=m1&topic=t1&match_exact=m2&topic=t2&"
				   "authorization=tok&mat=1",
				   &f, &s, &e),
			 0);
	assert_int_equal(s.nselectors, 2);
	assert_str(&s.selectors[0], "t1");
	assert_str(&s.selectors[1], "t2");
	assert_int_equal(s.nexact, 2);
	assert_str(&s.exact[0], "m1");
	assert_str(&s.exact[1], "m2");
	assert_str(&s.authorization, "tok");
	assert_null(form_subscribe_cursor(&s, true));
	form_release(&f);
}

static void test_subscribe_reads_url_patterns_beside_the_others(void **state)
{
	struct form f;
	struct form_subscribe s;
	struct err e;

	(void)state;
	assert_int_equal(subscribe("match_urlpattern=%2Fb%2F%3Aid&match=m1&"
				   "topic=t1&match_urlpattern=*",
				   &f, &s, &e),
			 0);
	assert_int_equal(s.nselectors, 1);
	assert_str(&s.selectors[0], "t1");
	assert_int_equal(s.nexact, 1);
	assert_str(&s.exact[0], "m1");
	assert_int_equal(s.nurlpattern, 2);
	assert_str(&s.urlpattern[0], "/b/:id");
	assert_str(&s.urlpattern[1], "*");
	form_release(&f);
	/* Alone, it is a subscription; the type's name is case-sensitive. */
	assert_int_equal(subscribe("match_urlpattern=/a", &f, &s, &e), 0);
	assert_int_equal(s.nselectors + s.nexact, 0);
	assert_int_equal(s.nurlpattern, 1);
	form_release(&f);
	assert_int_equal(subscribe("topic=a&match_URLpattern=/a", &f, &s, &e),
			 -1);
	assert_int_equal(e.cls, ERR_DATA);
	assert_non_null(strstr(e.msg, "'match_URLpattern'"));
	form_release(&f);
}

static void test_subscribe_cursor_follows_the_reference_precedence(void **state)
{
	struct form f;
	struct form_subscribe s;
	struct err e;

	(void)state;
	assert_int_equal(subscribe("topic=a&lastEventID=&last_event_id=b&"
				   "Last-Event-ID=c",
				   &f, &s, &e),
			 0);
	assert_str(form_subscribe_cursor(&s, false), "b");
	assert_str(form_subscribe_cursor(&s, true), "b");
	form_release(&f);
	assert_int_equal(
		subscribe("topic=a&Last-Event-ID=&Last-Event-ID=x", &f, &s, &e),
		0);
	assert_null(form_subscribe_cursor(&s, false));
	assert_str(form_subscribe_cursor(&s, true), "");
	form_release(&f);
}

static void test_subscribe_limits_selectors_cursors_and_tokens(void **state)
{
	struct buf b = BUF_INIT(LIMIT_FORM_BYTES);
	struct form f;
	struct form_subscribe s;
	struct err e;
	int i;

	(void)state;
	for (i = 0; i < LIMIT_TOPIC_COUNT / 2; i++)
		assert_int_equal(buf_printf(&b, "topic=t%d&match=m%d&", i, i),
				 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), 0);
	assert_int_equal(s.nselectors + s.nexact, LIMIT_TOPIC_COUNT);
	form_release(&f);
	assert_int_equal(buf_addstr(&b, "match_exact=x"), 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);
	b.len -= strlen("match_exact=x");
	assert_int_equal(buf_addstr(&b, "match_urlpattern=x"), 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "topic=a&lastEventID="), 0);
	for (i = 0; i <= LIMIT_EVENT_ID_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'c'), 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "topic=a&authorization="), 0);
	for (i = 0; i <= LIMIT_JWT_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'j'), 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "match="), 0);
	for (i = 0; i <= LIMIT_TOPIC_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'm'), 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);

	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "match_urlpattern=/"), 0);
	for (i = 0; i < LIMIT_TOPIC_BYTES; i++)
		assert_int_equal(buf_addch(&b, 'm'), 0);
	assert_int_equal(subscribe(b.data, &f, &s, &e), -1);
	assert_int_equal(e.cls, ERR_LIMIT);
	form_release(&f);
	buf_release(&b);
}

static void test_release_accepts_an_empty_form(void **state)
{
	struct form f;

	(void)state;
	form_init(&f);
	form_release(&f);
	form_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_parsing_copies_and_leaves_the_input_alone),
		cmocka_unit_test(test_parsing_in_place_decodes_into_the_input),
		cmocka_unit_test(test_an_empty_in_place_form_allocates_nothing),
		cmocka_unit_test(test_bad_escapes_are_errors_with_a_position),
		cmocka_unit_test(test_limits_bound_the_input_and_the_fields),
		cmocka_unit_test(test_default_limits_come_from_bounds),
		cmocka_unit_test(test_get_returns_the_first_and_count_counts),
		cmocka_unit_test(
			test_unescape_decodes_in_place_with_or_without_plus),
		cmocka_unit_test(test_escaping_keeps_exactly_the_safe_bytes),
		cmocka_unit_test(test_escaping_long_input_crosses_chunks),
		cmocka_unit_test(test_add_builds_a_body_all_or_nothing),
		cmocka_unit_test(
			test_encoding_then_parsing_gives_back_the_fields),
		cmocka_unit_test(test_publish_reads_every_field),
		cmocka_unit_test(
			test_publish_refuses_fields_that_could_forge_events),
		cmocka_unit_test(test_publish_limits_topics_ids_and_types),
		cmocka_unit_test(
			test_subscribe_separates_selectors_and_exact_matches),
		cmocka_unit_test(
			test_subscribe_reads_url_patterns_beside_the_others),
		cmocka_unit_test(
			test_subscribe_cursor_follows_the_reference_precedence),
		cmocka_unit_test(
			test_subscribe_limits_selectors_cursors_and_tokens),
		cmocka_unit_test(test_release_accepts_an_empty_form),
	};

	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}

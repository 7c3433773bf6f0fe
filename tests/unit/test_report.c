/*
 * test_report.c: the report's counting on a constructed conversation with
 * known counts, fed straight into report_add (no importer), over a small
 * pack written here so the figures do not move when the default packs
 * grow. Then the JSON keys and values, the HTML page's charts and first
 * screen, and that --redact leaves every message text out of both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char pack[] =
	"classes:\n"
	"  pronoun-i: [=i, =me, =my]\n"
	"  pronoun-we: [=we, =us]\n"
	"  pronoun-you: [=you, =your]\n"
	"  emotion-sadness: [=lonely, =sad]\n"
	"  emotion-joy: [=happy]\n"
	"rules:\n"
	"  - id: ist\n    category: i-statement\n    message: i\n    patterns: [\"i feel lonely when\"]\n"
	"  - id: vul\n    category: vulnerability\n    message: v\n    patterns: [\"i am scared\"]\n"
	"  - id: refl\n    category: reflection\n    message: r\n    patterns: [\"it sounds like\"]\n"
	"  - id: thanks\n    category: appreciation\n    message: a\n    patterns: [\"thank you\"]\n"
	"  - id: calm\n    category: dismissal\n    message: d\n    patterns: [\"calm down\"]\n"
	"  - id: never\n    category: criticism\n    message: c\n    patterns: [\"you never listen\"]\n"
	"  - id: sorry\n    category: repair\n    message: s\n    patterns: [\"i am sorry\"]\n"
	"  - id: chair\n    category: gendered-term\n    message: a gendered word\n"
	"    suggestion: chair\n    patterns: [\"chairman\"]\n";

typedef struct line {
	const char *who;
	int y, mo, d, h, mi;
	const char *text;
	int media;
} line;

/* Ana: 6 messages, Ben: 6. Expected figures are in the tests below. */
static const line convo[] = {
	{"Ana", 2024, 1, 5, 10, 0, "I feel lonely when we eat in silence", 0},   /* bid */
	{"Ben", 2024, 1, 5, 10, 5, "It sounds like you miss our talks?", 0},     /* toward */
	{"Ana", 2024, 1, 5, 10, 10, "Thank you", 0},
	{"Ben", 2024, 1, 20, 9, 0, "I am scared about my job", 0},               /* bid */
	{"Ana", 2024, 1, 20, 9, 30, "Calm down, the chairman said it is fine", 0}, /* away */
	{"Ana", 2024, 2, 2, 8, 0, "I am scared I let you down", 0},              /* bid */
	{"Ana", 2024, 2, 2, 8, 1, "I feel lonely when you work late", 0},        /* the same bid */
	{"Ben", 2024, 2, 4, 12, 0, "ok", 0},                                     /* 2 days: no reply */
	{"Ben", 2024, 2, 4, 12, 5, "You never listen", 0},
	{"Ana", 2024, 2, 4, 12, 6, "I am sorry", 0},
	{"Ben", 2024, 2, 10, 18, 0, "", 1},
	{"Ben", 2024, 2, 11, 19, 0, "I feel lonely when you are away", 0}, /* open at the end */
};
#define NCONVO (sizeof(convo) / sizeof(convo[0]))

typedef struct fixture {
	us_ruleset *rs;
	report *r;
} fixture;

static us_ruleset *ruleset(void)
{
	us_ruleset *rs = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us_ruleset_new(&rs, &err), 0);
	assert_int_equal(us_ruleset_add_yaml(rs, "test.yml", pack, strlen(pack), &err), 0);
	assert_int_equal(us_ruleset_compile(rs, &err), 0);
	return rs;
}

static void feed(report *r, const line *lines, size_t n)
{
	us_error err = US_ERROR_INIT;
	for (size_t i = 0; i < n; i++) {
		chat_message m;
		memset(&m, 0, sizeof(m));
		m.sender = lines[i].who;
		m.text = lines[i].text;
		m.text_len = strlen(lines[i].text);
		m.time.year = lines[i].y;
		m.time.month = lines[i].mo;
		m.time.day = lines[i].d;
		m.time.hour = lines[i].h;
		m.time.minute = lines[i].mi;
		m.line = i + 1;
		m.media = lines[i].media;
		assert_int_equal(report_add(r, &m, &err), 0);
	}
	assert_int_equal(report_finish(r, &err), 0);
}

static fixture *build(int redact)
{
	fixture *f = calloc(1, sizeof(*f));
	us_error err = US_ERROR_INIT;
	report_opts o = REPORT_OPTS_INIT;
	o.redact = redact;
	assert_non_null(f);
	f->rs = ruleset();
	assert_int_equal(report_new(&f->r, f->rs, &o, &err), 0);
	f->r->source = "chat.txt";
	f->r->skipped_lines = 2;
	feed(f->r, convo, NCONVO);
	return f;
}

static int setup(void **state)
{
	*state = build(0);
	return 0;
}

static int setup_redacted(void **state)
{
	*state = build(1);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	report_free(f->r);
	us_ruleset_free(f->rs);
	free(f);
	return 0;
}

static size_t emotion(const report *r, size_t person, const char *family)
{
	for (size_t i = 0; i < r->nemotions; i++)
		if (!strcmp(r->emotion_families[i], family))
			return r->people[person].emotions[i];
	fail_msg("no emotion family %s", family);
	return 0;
}

static void test_people(void **state)
{
	const report *r = ((fixture *)*state)->r;
	assert_int_equal(r->messages, 12);
	assert_int_equal(r->npeople, 2);
	assert_string_equal(r->people[0].name, "Ana");
	assert_string_equal(r->people[1].name, "Ben");
	const report_counts *a = &r->people[0].total, *b = &r->people[1].total;
	assert_int_equal(a->messages, 6);
	assert_int_equal(b->messages, 6);
	assert_int_equal(b->media, 1);
	/* 8 + 2 + 8 + 7 + 7 + 3 and 7 + 6 + 1 + 3 + 0 + 7 */
	assert_int_equal(a->words, 35);
	assert_int_equal(b->words, 24);
	assert_int_equal(a->pronoun_i, 5);
	assert_int_equal(a->pronoun_we, 1);
	assert_int_equal(a->pronoun_you, 3);
	assert_int_equal(b->pronoun_i, 3);
	assert_int_equal(b->pronoun_we, 0);
	assert_int_equal(b->pronoun_you, 3);
	assert_int_equal(emotion(r, 0, "sadness"), 2);
	assert_int_equal(emotion(r, 1, "sadness"), 1);
	assert_int_equal(emotion(r, 0, "joy"), 0);
}

static void test_categories(void **state)
{
	const report *r = ((fixture *)*state)->r;
	const report_counts *a = &r->people[0].total, *b = &r->people[1].total;
	assert_int_equal(a->categories[US_CAT_I_STATEMENT], 2);
	assert_int_equal(a->categories[US_CAT_APPRECIATION], 1);
	assert_int_equal(a->categories[US_CAT_DISMISSAL], 1);
	assert_int_equal(a->categories[US_CAT_GENDERED_TERM], 1);
	assert_int_equal(a->categories[US_CAT_VULNERABILITY], 1);
	assert_int_equal(a->categories[US_CAT_REPAIR], 1);
	assert_int_equal(a->categories[US_CAT_CRITICISM], 0);
	assert_int_equal(b->categories[US_CAT_REFLECTION], 1);
	assert_int_equal(b->categories[US_CAT_VULNERABILITY], 1);
	assert_int_equal(b->categories[US_CAT_CRITICISM], 1);
	assert_int_equal(b->categories[US_CAT_I_STATEMENT], 1);
	/* Healthy and harmful are the talk categories: the gendered word is
	 * not harmful talk. */
	assert_int_equal(a->healthy, 5);
	assert_int_equal(a->harmful, 1);
	assert_int_equal(b->healthy, 3);
	assert_int_equal(b->harmful, 1);
	double ratio = 0;
	assert_int_equal(report_ratio(a, &ratio), 0);
	assert_true(ratio > 4.999 && ratio < 5.001);
	assert_int_equal(report_ratio(b, &ratio), 0);
	assert_true(ratio > 2.999 && ratio < 3.001);
}

static void test_bids(void **state)
{
	const report *r = ((fixture *)*state)->r;
	const report_counts *a = &r->people[0].total, *b = &r->people[1].total;
	/* Ana: a bid met by reflection; two bid messages with no answer
	 * for two days, counted once. */
	assert_int_equal(a->bids, 2);
	assert_int_equal(a->turns[REPORT_TOWARD], 1);
	assert_int_equal(a->turns[REPORT_AWAY], 0);
	assert_int_equal(a->turns[REPORT_UNCLEAR], 0);
	assert_int_equal(a->turns[REPORT_NO_REPLY], 1);
	/* Ben: a bid met by dismissal; one open when the chat ends. */
	assert_int_equal(b->bids, 2);
	assert_int_equal(b->turns[REPORT_AWAY], 1);
	assert_int_equal(b->turns[REPORT_NO_REPLY], 1);
	assert_int_equal(b->turns[REPORT_TOWARD], 0);

	assert_int_equal(r->nexamples[REPORT_TOWARD], 1);
	const report_example *e = &r->examples[REPORT_TOWARD][0];
	assert_int_equal(e->bid_person, 0);
	assert_int_equal(e->reply_person, 1);
	assert_string_equal(e->bid_text, "I feel lonely when we eat in silence");
	assert_string_equal(e->reply_text, "It sounds like you miss our talks?");
	assert_int_equal(r->nexamples[REPORT_AWAY], 1);
	assert_string_equal(r->examples[REPORT_AWAY][0].reply_text, "Calm down, the chairman said it is fine");
	assert_int_equal(r->nexamples[REPORT_NO_REPLY], 2);
	/* The merged bid keeps its first message. */
	assert_string_equal(r->examples[REPORT_NO_REPLY][0].bid_text, "I am scared I let you down");
	assert_null(r->examples[REPORT_NO_REPLY][0].reply_text);
}

static void test_months_and_scripts(void **state)
{
	const report *r = ((fixture *)*state)->r;
	assert_int_equal(r->nmonths, 2);
	assert_int_equal(r->months[0].year, 2024);
	assert_int_equal(r->months[0].month, 1);
	assert_int_equal(r->months[0].people[0].messages, 3);
	assert_int_equal(r->months[0].people[1].messages, 2);
	assert_int_equal(r->months[1].people[0].messages, 3);
	assert_int_equal(r->months[1].people[1].messages, 4);
	assert_int_equal(r->months[0].people[0].turns[REPORT_TOWARD], 1);
	assert_int_equal(r->months[0].people[1].turns[REPORT_AWAY], 1);
	assert_int_equal(r->months[1].people[0].turns[REPORT_NO_REPLY], 1);
	assert_int_equal(r->months[1].people[1].turns[REPORT_NO_REPLY], 1);
	assert_int_equal(r->months[1].people[1].categories[US_CAT_CRITICISM], 1);

	assert_int_equal(r->nscripts, 1);
	assert_string_equal(r->scripts[0].rule, "chair");
	assert_int_equal(r->scripts[0].count, 1);
	assert_string_equal(r->scripts[0].suggestion, "chair");
	assert_int_equal(r->scripts[0].nexamples, 1);
	assert_string_equal(r->scripts[0].examples[0].matched, "chairman");
	assert_int_equal(r->scripts[0].examples[0].person, 0);
	assert_int_equal(r->first.day, 5);
	assert_int_equal(r->last.day, 11);
}

static json_t *to_json(const report *r)
{
	json_t *j = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(report_to_json(r, &j, &err), 0);
	assert_non_null(j);
	return j;
}

static void assert_real(json_t *v, double want)
{
	assert_true(json_is_number(v));
	double got = json_number_value(v);
	if (got < want - 0.001 || got > want + 0.001)
		fail_msg("got %f, wanted %f", got, want);
}

static void test_json(void **state)
{
	const report *r = ((fixture *)*state)->r;
	json_t *j = to_json(r);
	json_t *people = json_object_get(j, "people");
	assert_int_equal(json_array_size(people), 2);
	json_t *ana = json_array_get(people, 0), *ben = json_array_get(people, 1);
	assert_string_equal(json_string_value(json_object_get(ana, "name")), "Ana");
	assert_int_equal(json_integer_value(json_object_get(ana, "messages")), 6);
	assert_int_equal(json_integer_value(json_object_get(ana, "words")), 35);
	json_t *pr = json_object_get(ana, "pronouns");
	assert_int_equal(json_integer_value(json_object_get(pr, "i")), 5);
	assert_int_equal(json_integer_value(json_object_get(pr, "we")), 1);
	assert_int_equal(json_integer_value(json_object_get(pr, "you")), 3);
	json_t *cats = json_object_get(ana, "categories"), *per = json_object_get(ana, "per_100");
	assert_int_equal(json_object_size(cats), US_CAT_COUNT);
	assert_int_equal(json_object_size(per), US_CAT_COUNT);
	assert_int_equal(json_integer_value(json_object_get(cats, "i-statement")), 2);
	assert_int_equal(json_integer_value(json_object_get(cats, "contempt")), 0);
	assert_real(json_object_get(per, "i-statement"), 100.0 * 2 / 6);
	assert_real(json_object_get(ana, "healthy_to_harmful"), 5.0);
	assert_real(json_object_get(ben, "healthy_to_harmful"), 3.0);
	json_t *bids = json_object_get(ben, "bids");
	assert_int_equal(json_integer_value(json_object_get(bids, "toward")), 0);
	assert_int_equal(json_integer_value(json_object_get(bids, "away")), 1);
	assert_int_equal(json_integer_value(json_object_get(bids, "no_reply")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(ana, "emotions"), "sadness")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "skipped_lines")), 2);
	json_t *months = json_object_get(j, "months");
	assert_int_equal(json_array_size(months), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(months, 0), "month")), "2024-01");
	json_t *feb_ben = json_object_get(json_object_get(json_array_get(months, 1), "people"), "Ben");
	assert_int_equal(json_integer_value(json_object_get(feb_ben, "messages")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(feb_ben, "categories"), "criticism")), 1);
	json_t *scripts = json_object_get(j, "scripts");
	assert_int_equal(json_array_size(scripts), 1);
	json_t *ex = json_array_get(json_object_get(json_array_get(scripts, 0), "examples"), 0);
	assert_string_equal(json_string_value(json_object_get(ex, "matched")), "chairman");
	assert_int_equal(json_array_size(json_object_get(j, "bid_examples")), 4);
	assert_true(json_is_false(json_object_get(j, "redacted")));
	json_decref(j);
}

static char *html_of(const report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	us_error err = US_ERROR_INIT;
	assert_non_null(fp);
	assert_int_equal(report_write_html(r, fp, &err), 0);
	fclose(fp);
	return buf;
}

static size_t occurrences(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

static void test_html(void **state)
{
	const report *r = ((fixture *)*state)->r;
	char *page = html_of(r);
	/* The first screen: whose messages, both people's words, for whom. */
	const char *cover = strstr(page, "id=\"whose\"");
	assert_non_null(cover);
	assert_non_null(strstr(cover, "Ana"));
	assert_non_null(strstr(cover, "Both people's words are in it"));
	assert_non_null(strstr(cover, "someone they both chose to show it to"));
	assert_true(cover < strstr(page, "id=\"glance\""));
	const char *charts[] = {"ratio", "categories", "bids", "timeline", "pronouns", "emotions"};
	for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
		char want[64];
		snprintf(want, sizeof(want), "data-chart=\"%s\"", charts[i]);
		assert_int_equal(occurrences(page, want), 1);
	}
	assert_int_equal(occurrences(page, "<svg class=\"chart\""), 6);
	/* Self-contained: nothing fetched from elsewhere. */
	assert_null(strstr(page, "src="));
	assert_null(strstr(page, "href="));
	assert_null(strstr(page, "<script"));
	assert_non_null(strstr(page, "I feel lonely when we eat in silence"));
	free(page);
}

/* With --redact, no message text, nor a matched phrase, is anywhere. */
static void test_redacted(void **state)
{
	const report *r = ((fixture *)*state)->r;
	json_t *j = to_json(r);
	char *js = json_dumps(j, 0);
	char *page = html_of(r);
	assert_non_null(js);
	for (size_t i = 0; i < NCONVO; i++) {
		if (strlen(convo[i].text) < 5)
			continue;
		if (strstr(js, convo[i].text) || strstr(page, convo[i].text))
			fail_msg("message text in a redacted report: %s", convo[i].text);
	}
	assert_null(strstr(js, "chairman"));
	assert_null(strstr(page, "chairman"));
	assert_null(strstr(js, "silence"));
	assert_true(json_is_true(json_object_get(j, "redacted")));
	/* The counts are all still there. */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "people"), 0), "messages")),
			 6);
	assert_non_null(strstr(page, "redacted"));
	assert_int_equal(occurrences(page, "<svg class=\"chart\""), 6);
	free(js);
	free(page);
	json_decref(j);
}

static void test_edges(void **state)
{
	(void)state;
	us_ruleset *rs = ruleset();
	report *r = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(report_new(&r, rs, NULL, &err), 0);
	/* Out of order months are kept in calendar order; undated messages
	 * count but have no month; bad UTF-8 is read as '?', not refused;
	 * no harmful finding means no ratio. */
	static const line lines[] = {
		{"Cleo", 2023, 12, 31, 23, 59, "thank you", 0},
		{"Cleo", 2023, 11, 1, 0, 0, "thank you <b>&amp;</b>", 0},
		{"Dee", 0, 0, 0, 0, 0, "thank you \xff\xfe ok", 0},
		{"Eli", 2023, 12, 31, 23, 59, "hi", 0},
	};
	feed(r, lines, 4);
	assert_int_equal(r->nmonths, 2);
	assert_int_equal(r->months[0].month, 11);
	assert_int_equal(r->months[1].month, 12);
	assert_int_equal(r->undated, 1);
	assert_int_equal(r->people[1].total.categories[US_CAT_APPRECIATION], 1);
	double ratio;
	assert_int_equal(report_ratio(&r->people[0].total, &ratio), -1);
	json_t *j = to_json(r);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "people"), 0), "healthy_to_harmful")));
	json_decref(j);
	char *page = html_of(r);
	assert_null(strstr(page, "<b>&amp;</b>"));
	assert_non_null(strstr(page, "Everyone's words are in it"));
	free(page);
	chat_message late = {"Cleo", "x", 1, {2024, 1, 1, 0, 0, 0}, 1, 0};
	assert_int_not_equal(report_add(r, &late, &err), 0);
	report_free(r);

	chat_time t0 = {1970, 1, 1, 0, 0, 0}, t1 = {2024, 2, 28, 12, 0, 0}, t2 = {2024, 3, 1, 12, 0, 0};
	chat_time none = {0, 0, 0, 0, 0, 0};
	assert_true(report_time_seconds(&t0) == 0);
	assert_true(report_time_seconds(&t2) - report_time_seconds(&t1) == 2 * 86400);
	assert_true(report_time_seconds(&none) == -1);
	us_ruleset_free(rs);
}

/* A long message is cut at a character for its example. */
static void test_example_cut(void **state)
{
	(void)state;
	us_ruleset *rs = ruleset();
	report *r = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(report_new(&r, rs, NULL, &err), 0);
	char text[1024] = "I feel lonely when ";
	size_t n = strlen(text);
	while (n < 900) {
		memcpy(text + n, "\xC3\xA9t\xC3\xA9 ", 6);
		n += 6;
	}
	text[n] = '\0';
	line lines[] = {{"Ana", 2024, 1, 1, 0, 0, text, 0}};
	feed(r, lines, 1);
	const char *kept = r->examples[REPORT_NO_REPLY][0].bid_text;
	assert_non_null(kept);
	assert_true(strlen(kept) <= REPORT_EXAMPLE_BYTES + 3);
	assert_int_equal(us_utf8_invalid_offset(kept, strlen(kept)), strlen(kept));
	report_free(r);
	us_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_months_and_scripts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redacted, setup_redacted, teardown),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_example_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

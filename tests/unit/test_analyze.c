/*
 * test_analyze.c: the scanner on small packs written here, so that each
 * behaviour is tested apart from the default rules: positions, overlap
 * rules, context filters, gaps and negation, statistics, and that results
 * do not change when many more rules are loaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unscripted/unscripted.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char pack[] =
	"normalize:\n"
	"  dont: do not\n"
	"classes:\n"
	"  negative-act: [forget, interrupt, ignore]\n"
	"  gender-group: [men, women, boys, girls]\n"
	"  pronoun-you: [=you, =your]\n"
	"  pronoun-i: [=i, =me]\n"
	"  emotion-fear: [scared, afraid]\n"
	"rules:\n"
	"  - id: abs\n    category: criticism\n    message: absolute\n"
	"    patterns: [\"you (always|never) {negative-act}\"]\n"
	"  - id: abs-short\n    category: criticism\n    message: short\n"
	"    patterns: [\"always {negative-act}\"]\n"
	"  - id: abs-contempt\n    category: contempt\n    message: c\n"
	"    patterns: [\"always {negative-act}\"]\n"
	"  - id: boys-cry\n    category: stereotype\n    message: s\n"
	"    patterns: [\"{gender-group} do not cry\"]\n"
	"  - id: fine\n    category: suppression\n    message: f\n"
	"    patterns: [\"i am fine !with\", \"^ nothing !{gender-group} $\"]\n"
	"  - id: gap\n    category: dismissal\n    message: g\n"
	"    patterns: [\"calm ...2 down\"]\n"
	"  - id: whatever\n    category: stonewalling\n    message: w\n"
	"    patterns: [\"^ whatever . $\"]\n"
	"  - id: thanks\n    category: appreciation\n    message: t\n"
	"    patterns: [\"thank you\"]\n"
	"  - id: possessive\n    category: gendered-role\n    message: p\n"
	"    patterns: [\"{gender-group} 's job\"]\n"
	"  - id: across\n    category: appeasement\n    message: a\n"
	"    patterns: [\"is that okay ? sorry\"]\n"
	"filters:\n"
	"  - id: questioned\n    suppress: [stereotype]\n    patterns: [\"who says\"]\n"
	"  - id: quoted\n    suppress: [stereotype]\n    when: quoted\n";

typedef struct seen {
	char text[16][64];
	char rule[16][32];
	us_finding f[16];
	int n;
} seen;

static int collect(const us_finding *f, void *ctx)
{
	seen *s = ctx;
	if (s->n < 16) {
		snprintf(s->text[s->n], 64, "%.*s", (int)f->text_len, f->text);
		snprintf(s->rule[s->n], 32, "%s", f->rule);
		s->f[s->n] = *f;
	}
	s->n++;
	return 0;
}

static us_ruleset *load(const char *extra)
{
	us_ruleset *rs = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us_ruleset_new(&rs, &err), 0);
	assert_int_equal(us_ruleset_add_yaml(rs, "test.yml", pack, strlen(pack), &err), 0);
	if (extra && us_ruleset_add_yaml(rs, "extra.yml", extra, strlen(extra), &err))
		fail_msg("%s", err.message);
	if (us_ruleset_compile(rs, &err))
		fail_msg("%s", err.message);
	return rs;
}

static seen scan(us_ruleset *rs, const char *text)
{
	seen s;
	memset(&s, 0, sizeof(s));
	us_scanner *sc = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us_scanner_new(&sc, rs, &err), 0);
	us_position at = { 0, 1, 1 };
	assert_int_equal(us_scanner_scan(sc, text, strlen(text), at, collect, &s, &err), 0);
	us_scanner_free(sc);
	return s;
}

static void test_positions(void **state)
{
	(void)state;
	us_ruleset *rs = load(NULL);
	/* "é" is two bytes, one column; the finding spans a line break. */
	seen s = scan(rs, "Café?\nOh, you\nnever ignore me");
	assert_int_equal(s.n, 1);
	assert_string_equal(s.rule[0], "abs");
	assert_string_equal(s.text[0], "you\nnever ignore");
	assert_int_equal(s.f[0].start.line, 2);
	assert_int_equal(s.f[0].start.column, 5);
	assert_int_equal(s.f[0].start.offset, 11);
	assert_int_equal(s.f[0].end.line, 3);
	assert_int_equal(s.f[0].end.column, 13);
	assert_int_equal(s.f[0].end.offset - s.f[0].start.offset, strlen("you\nnever ignore"));
	assert_int_equal(s.f[0].severity, US_SEVERITY_WARNING);
	us_ruleset_free(rs);
}

static void test_overlaps(void **state)
{
	(void)state;
	us_ruleset *rs = load(NULL);
	/* abs and abs-short overlap in one category: the longer is kept;
	 * abs-contempt is another category on the same words: kept too. */
	seen s = scan(rs, "You always forget. Always interrupt!");
	assert_int_equal(s.n, 4);
	assert_string_equal(s.rule[0], "abs");
	assert_string_equal(s.text[0], "You always forget");
	assert_string_equal(s.rule[1], "abs-contempt");
	assert_string_equal(s.text[1], "always forget");
	assert_string_equal(s.rule[2], "abs-short");
	assert_string_equal(s.rule[3], "abs-contempt");
	/* in input order */
	assert_true(s.f[1].start.offset < s.f[2].start.offset);
	us_ruleset_free(rs);
}

static void test_context_filters(void **state)
{
	(void)state;
	us_ruleset *rs = load(NULL);
	assert_int_equal(scan(rs, "Boys don't cry.").n, 1);
	assert_int_equal(scan(rs, "Boys dont cry").n, 1);
	assert_int_equal(scan(rs, "Who says boys don\xE2\x80\x99t cry?").n, 0);
	assert_int_equal(scan(rs, "He said \"boys do not cry\" and I left.").n, 0);
	/* the filter is per sentence */
	assert_int_equal(scan(rs, "Who says that? Boys don't cry.").n, 1);
	us_ruleset_free(rs);
}

static void test_negation_gap_anchors(void **state)
{
	(void)state;
	us_ruleset *rs = load(NULL);
	assert_int_equal(scan(rs, "I'm fine.").n, 1);
	assert_int_equal(scan(rs, "I'm fine").n, 1);
	assert_int_equal(scan(rs, "I'm fine with either date").n, 0);
	assert_int_equal(scan(rs, "nothing really").n, 1);
	assert_int_equal(scan(rs, "nothing boys").n, 0); /* !{class} */
	assert_int_equal(scan(rs, "calm down").n, 1);
	assert_int_equal(scan(rs, "calm the hell down").n, 1);
	assert_int_equal(scan(rs, "calm it all the way down").n, 0);
	assert_int_equal(scan(rs, "calm. down").n, 0); /* gaps stay in a sentence */
	assert_int_equal(scan(rs, "Whatever.").n, 1);
	assert_int_equal(scan(rs, "Whatever you want.").n, 0);
	assert_int_equal(scan(rs, "Fine. Whatever. Bye").n, 1);
	assert_int_equal(scan(rs, "that's the men's job").n, 1);
	/* a sentence mark in a pattern steps over the sentence end after it */
	seen across = scan(rs, "Is that okay? Sorry.");
	assert_int_equal(across.n, 1);
	assert_string_equal(across.text[0], "Is that okay? Sorry");
	assert_int_equal(scan(rs, "is that okay sorry").n, 0);
	assert_int_equal(scan(rs, "that's the men\xE2\x80\x99s job").n, 1);
	us_ruleset_free(rs);
}

static void test_stats(void **state)
{
	(void)state;
	us_ruleset *rs = load(NULL);
	us_scanner *sc = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us_scanner_new(&sc, rs, &err), 0);
	const char *text = "Thank you. I am scared you always forget me.";
	us_position at = { 0, 1, 1 };
	assert_int_equal(us_scanner_scan(sc, text, strlen(text), at, NULL, NULL, &err), 0);
	us_stats st;
	us_scanner_stats(sc, &st);
	assert_int_equal(st.words, 9);
	assert_int_equal(st.pronoun_you, 2);
	assert_int_equal(st.pronoun_i, 2);
	assert_int_equal(st.findings[US_CAT_APPRECIATION], 1);
	assert_int_equal(st.findings[US_CAT_CRITICISM], 1);
	assert_int_equal(st.healthy, 1);
	assert_int_equal(st.harmful, 2); /* criticism and contempt */
	assert_int_equal(us_scanner_emotion_count(sc), 1);
	const char *family;
	size_t n;
	assert_int_equal(us_scanner_emotion(sc, 0, &family, &n), 0);
	assert_string_equal(family, "fear");
	assert_int_equal(n, 1);
	us_scanner_free(sc);
	us_ruleset_free(rs);
}

/* Ten thousand more rules that match nothing here change no finding. */
static void test_many_rules_same_results(void **state)
{
	(void)state;
	size_t cap = 1 << 21, len = 0;
	char *extra = malloc(cap);
	assert_non_null(extra);
	len += (size_t)snprintf(extra + len, cap - len, "rules:\n");
	for (int i = 0; i < 10000; i++)
		len += (size_t)snprintf(extra + len, cap - len,
					"  - id: synthetic-%d\n    category: contempt\n    message: m\n"
					"    patterns: [\"zq%dword (always|never) {negative-act}\", \"xx%d ...2 yy%d\"]\n",
					i, i, i, i);
	us_ruleset *rs = load(extra);
	free(extra);
	assert_int_equal(us_ruleset_rule_count(rs), 12 + 10000); /* 10 rules, 2 filters */
	seen s = scan(rs, "You always forget. Who says boys don't cry? zq7word never ignore, xx3 a b yy3");
	/* abs-short is inside abs (same category); the stereotype is questioned */
	assert_int_equal(s.n, 4);
	assert_string_equal(s.rule[0], "abs");
	assert_string_equal(s.rule[1], "abs-contempt");
	assert_string_equal(s.rule[2], "synthetic-7");
	assert_string_equal(s.text[2], "zq7word never ignore");
	assert_string_equal(s.rule[3], "synthetic-3");
	assert_string_equal(s.text[3], "xx3 a b yy3");
	us_ruleset_free(rs);
}

static void test_invalid_utf8_no_findings(void **state)
{
	(void)state;
	us_ruleset *rs = load(NULL);
	us_scanner *sc = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us_scanner_new(&sc, rs, &err), 0);
	int calls = 0;
	us_position at = { 100, 7, 1 };
	const char bad[] = "you always forget \xFF";
	assert_int_equal(us_scanner_scan(sc, bad, sizeof(bad) - 1, at, collect, &calls, &err), US_EUTF8);
	assert_int_equal(calls, 0);
	assert_non_null(strstr(err.message, "byte offset 18"));
	us_scanner_free(sc);
	us_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_context_filters),
		cmocka_unit_test(test_negation_gap_anchors),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_many_rules_same_results),
		cmocka_unit_test(test_invalid_utf8_no_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

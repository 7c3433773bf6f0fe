/*
 * test_rules.c: loading rule packs and lexicons: every kind of broken pack
 * is rejected with FILE:LINE and nothing of it kept; overrides, disabling,
 * allowed words; the default packs load and compile.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unscripted/unscripted.h"

#include <string.h>

static const char lexicon[] = "classes:\n"
			      "  negative-act: [forget, interrupt]\n";

static const char good_pack[] = "rules:\n"
				"  - id: t-absolute\n"
				"    category: criticism\n"
				"    message: an absolute\n"
				"    suggestion: say what happened once\n"
				"    patterns:\n"
				"      - \"you (always|never) {negative-act}\"\n";

static us_ruleset *fresh(void)
{
	us_ruleset *rs = NULL;
	us_error err = US_ERROR_INIT;
	assert_int_equal(us_ruleset_new(&rs, &err), 0);
	assert_int_equal(us_ruleset_add_yaml(rs, "lex.yml", lexicon, strlen(lexicon), &err), 0);
	return rs;
}

/* Load `pack` into a fresh ruleset (and compile); expect failure with a
 * message containing `expect`. */
static void expect_error(const char *pack, const char *expect)
{
	us_ruleset *rs = fresh();
	us_error err = US_ERROR_INIT;
	int rc = us_ruleset_add_yaml(rs, "pack.yml", pack, strlen(pack), &err);
	if (rc == 0)
		rc = us_ruleset_compile(rs, &err);
	assert_int_not_equal(rc, 0);
	if (!strstr(err.message, expect))
		fail_msg("expected \"%s\" in \"%s\"", expect, err.message);
	us_ruleset_free(rs);
}

static void test_broken_packs(void **state)
{
	(void)state;
	expect_error("rules:\n  - id: a\n    category: critcism\n    message: m\n    patterns: [\"x\"]\n",
		     "pack.yml:3: unknown category 'critcism'");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [\"you {nope}\"]\n",
		     "pack.yml:5: unknown word class '{nope}'");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [\"  \"]\n",
		     "pack.yml:5: pattern \"  \": empty pattern");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: []\n",
		     "pack.yml:5: rule 'a' has no patterns");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [x]\n"
		     "  - id: a\n    category: contempt\n    message: m\n    patterns: [y]\n",
		     "pack.yml:6: duplicate rule id 'a' in this file");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [\"(x|y\"]\n",
		     "missing ')'");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [\"... x\"]\n",
		     "cannot begin with a gap");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [\"x !(a|b)\"]\n",
		     "not to a group");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    patterns: [\"[x]\"]\n",
		     "can match nothing");
	expect_error("rules:\n  - id: a\n    category: criticism\n    patterns: [x]\n", "needs a 'message'");
	expect_error("rules:\n  - id: a\n    category: criticism\n    message: m\n    colour: red\n    patterns: [x]\n",
		     "pack.yml:5: unknown or malformed key 'colour'");
	expect_error("rules: [\n", "pack.yml:");
	expect_error("", "pack.yml:1: the file is empty");
	expect_error("bogus: 1\n", "unknown top-level key 'bogus'");
	expect_error("classes:\n  two: [\"two words\"]\n", "pack.yml:2: 'two words' has a space");
	expect_error("filters:\n  - id: f\n    patterns: [\"who says\"]\n", "needs 'suppress'");
}

static void test_not_half_loaded(void **state)
{
	(void)state;
	us_ruleset *rs = fresh();
	us_error err = US_ERROR_INIT;
	/* The first rule is fine, the second broken: neither may stay. */
	const char *pack = "rules:\n  - id: ok-rule\n    category: criticism\n    message: m\n    patterns: [x]\n"
			   "  - id: bad\n    category: nope\n    message: m\n    patterns: [y]\n";
	assert_int_equal(us_ruleset_add_yaml(rs, "p.yml", pack, strlen(pack), &err), US_EPARSE);
	assert_int_equal(us_ruleset_rule_count(rs), 0);
	assert_int_equal(us_ruleset_disable(rs, "ok-rule", &err), US_ENOTFOUND);
	assert_int_equal(us_ruleset_compile(rs, &err), 0);
	us_ruleset_free(rs);
}

static int count_findings(const us_finding *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
	return 0;
}

static int scan_count(us_ruleset *rs, const char *text)
{
	us_scanner *sc = NULL;
	us_error err = US_ERROR_INIT;
	int n = 0;
	assert_int_equal(us_scanner_new(&sc, rs, &err), 0);
	us_position at = { 0, 1, 1 };
	assert_int_equal(us_scanner_scan(sc, text, strlen(text), at, count_findings, &n, &err), 0);
	us_scanner_free(sc);
	return n;
}

static void test_override_and_disable(void **state)
{
	(void)state;
	us_error err = US_ERROR_INIT;
	us_ruleset *rs = fresh();
	assert_int_equal(us_ruleset_add_yaml(rs, "a.yml", good_pack, strlen(good_pack), &err), 0);
	/* Same id again without override: rejected, naming the first file. */
	assert_int_equal(us_ruleset_add_yaml(rs, "b.yml", good_pack, strlen(good_pack), &err), US_EPARSE);
	assert_non_null(strstr(err.message, "b.yml:2: duplicate rule id 't-absolute' (already in a.yml"));
	/* With override: replaces it, so only the new pattern matches. */
	const char *over = "rules:\n  - id: t-absolute\n    override: true\n    category: criticism\n"
			   "    message: replaced\n    patterns: [\"you constantly {negative-act}\"]\n";
	assert_int_equal(us_ruleset_add_yaml(rs, "c.yml", over, strlen(over), &err), 0);
	assert_int_equal(us_ruleset_rule_count(rs), 1);
	const char *bad_override = "rules:\n  - id: nothing\n    override: true\n    category: criticism\n"
				   "    message: m\n    patterns: [x]\n";
	assert_int_equal(us_ruleset_add_yaml(rs, "d.yml", bad_override, strlen(bad_override), &err), US_EPARSE);
	assert_non_null(strstr(err.message, "no rule of that id to replace"));
	assert_int_equal(us_ruleset_compile(rs, &err), 0);
	assert_int_equal(scan_count(rs, "you always forget"), 0);
	assert_int_equal(scan_count(rs, "you constantly forget"), 1);
	us_ruleset_free(rs);

	rs = fresh();
	assert_int_equal(us_ruleset_add_yaml(rs, "a.yml", good_pack, strlen(good_pack), &err), 0);
	assert_int_equal(us_ruleset_disable(rs, "t-absolute", &err), 0);
	assert_int_equal(us_ruleset_compile(rs, &err), 0);
	assert_int_equal(scan_count(rs, "you always forget"), 0);
	assert_int_equal(us_ruleset_disable(rs, "t-absolute", &err), US_EINVAL); /* compiled */
	us_ruleset_free(rs);
}

static void test_allow_word(void **state)
{
	(void)state;
	us_error err = US_ERROR_INIT;
	us_ruleset *rs = fresh();
	assert_int_equal(us_ruleset_add_yaml(rs, "a.yml", good_pack, strlen(good_pack), &err), 0);
	assert_int_equal(us_ruleset_allow_word(rs, "Interrupt", &err), 0);
	assert_int_equal(us_ruleset_compile(rs, &err), 0);
	assert_int_equal(scan_count(rs, "you always forget"), 1);
	assert_int_equal(scan_count(rs, "you always interrupt"), 0);
	us_ruleset_free(rs);
}

static void test_defaults_load(void **state)
{
	(void)state;
	us_error err = US_ERROR_INIT;
	us_ruleset *rs = NULL;
	assert_int_equal(us_ruleset_new(&rs, &err), 0);
	if (us_ruleset_add_defaults(rs, &err) || us_ruleset_compile(rs, &err))
		fail_msg("default packs: %s", err.message);
	/* Every rule's category is a real one and every rule explains itself. */
	for (size_t i = 0; i < us_ruleset_rule_count(rs); i++) {
		us_rule_info info;
		assert_int_equal(us_ruleset_rule_info(rs, i, &info), 0);
		assert_non_null(us_category_name(info.category));
		assert_non_null(info.id);
		assert_non_null(info.message);
	}
	us_ruleset_free(rs);
}

static void test_files_and_dirs(void **state)
{
	(void)state;
	us_error err = US_ERROR_INIT;
	us_ruleset *rs = fresh();
	assert_int_equal(us_ruleset_add_file(rs, "/nonexistent/pack.yml", &err), US_EIO);
	assert_non_null(strstr(err.message, "/nonexistent/pack.yml: cannot open"));
	assert_int_equal(us_ruleset_add_dir(rs, "/nonexistent", &err), US_EIO);
	us_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_packs),
		cmocka_unit_test(test_not_half_loaded),
		cmocka_unit_test(test_override_and_disable),
		cmocka_unit_test(test_allow_word),
		cmocka_unit_test(test_defaults_load),
		cmocka_unit_test(test_files_and_dirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

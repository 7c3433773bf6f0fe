/*
 * test_accuracy.c: the analyzer against labeled sentences. For each set it
 * prints per-category precision and recall (a sentence counts as flagged
 * for a category when any finding of that category is in it), and the
 * share of `none` sentences given a harmful finding.
 *
 * Targets: precision and recall of at least 0.85 for every category, and at
 * most 3% of `none` lines flagged. A target not met yet is listed, with the
 * figure it must not fall below, in tests/data/accuracy-shortfall.tsv; the
 * test fails on any figure under its target that is not listed there, and
 * on any listed figure that falls below its floor.
 *
 * US_ACCURACY_VERBOSE=tune prints every tune line where the analyzer and
 * the label disagree.
 *
 * Sets: tests/data/labeled-tune.tsv, labeled-tune-b.tsv, -c.tsv, -d.tsv (the
 * rules were written with them in view; each by another writer, for
 * variety of phrasing),
 * tests/data/labeled-holdout.tsv (kept out of tuning), and the shared
 * ../shared/eval/dev.tsv where it exists.
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

#define TARGET 0.85
#define NONE_TARGET 0.03

typedef struct counts {
	size_t tp[US_CAT_COUNT], fp[US_CAT_COUNT], fn[US_CAT_COUNT];
	size_t none_lines, none_flagged, lines;
} counts;

static us_ruleset *rules;
static us_scanner *scanner;

static int collect(const us_finding *f, void *ctx)
{
	uint32_t *mask = ctx;
	*mask |= 1u << f->category;
	return 0;
}

static uint32_t harmful_mask(void)
{
	uint32_t m = 0;
	for (int c = 0; c < US_CAT_COUNT; c++)
		if (us_category_severity((us_category)c) != US_SEVERITY_INFO)
			m |= 1u << c;
	return m;
}

static const char *source_dir(void)
{
	const char *s = getenv("US_SOURCE_DIR");
	return s ? s : ".";
}

/* Score one TSV; returns 0, or -1 when the file does not exist. Lines that
 * disagree are printed when US_ACCURACY_VERBOSE is set. */
static int score(const char *set, const char *path, counts *c)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	memset(c, 0, sizeof(*c));
	char line[4096];
	/* US_ACCURACY_VERBOSE=tune prints the tune set's disagreements only:
	 * looking at the held-out lines while writing rules would spoil them. */
	const char *v = getenv("US_ACCURACY_VERBOSE");
	int verbose = v && strcmp(v, set) == 0;
	int header = 1;
	while (fgets(line, sizeof(line), fp)) {
		if (header) {
			header = 0;
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		uint32_t want = 0, got = 0;
		char *labels = tab + 1;
		for (char *save = NULL, *t = strtok_r(labels, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			us_category cat;
			if (strcmp(t, "none") == 0)
				continue;
			if (us_category_parse(&cat, t) != 0)
				fail_msg("%s: unknown label '%s'", path, t);
			want |= 1u << cat;
		}
		us_error err = US_ERROR_INIT;
		us_position at = { 0, 1, 1 };
		assert_int_equal(us_scanner_scan(scanner, line, strlen(line), at, collect, &got, &err), 0);
		c->lines++;
		if (!want) {
			c->none_lines++;
			c->none_flagged += (got & harmful_mask()) != 0;
		}
		for (int k = 0; k < US_CAT_COUNT; k++) {
			uint32_t bit = 1u << k;
			c->tp[k] += (want & bit) && (got & bit);
			c->fp[k] += !(want & bit) && (got & bit);
			c->fn[k] += (want & bit) && !(got & bit);
		}
		if (verbose && want != got) {
			printf("  MISMATCH %s\n    want:", line);
			for (int k = 0; k < US_CAT_COUNT; k++)
				if (want & (1u << k))
					printf(" %s", us_category_name((us_category)k));
			printf("\n    got: ");
			for (int k = 0; k < US_CAT_COUNT; k++)
				if (got & (1u << k))
					printf(" %s", us_category_name((us_category)k));
			printf("\n");
		}
	}
	fclose(fp);
	return 0;
}

/* The floor a shortfall entry allows for (set, category, metric), or -1. */
static double shortfall_floor(const char *set, const char *cat, const char *metric)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/data/accuracy-shortfall.tsv", source_dir());
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	char line[512], s[64], c[64], m[64];
	double floor_value, found = -1;
	while (fgets(line, sizeof(line), fp))
		if (line[0] != '#' && sscanf(line, "%63s %63s %63s %lf", s, c, m, &floor_value) == 4 &&
		    !strcmp(s, set) && !strcmp(c, cat) && !strcmp(m, metric))
			found = floor_value;
	fclose(fp);
	return found;
}

/* Label errors allowed on the hard cases: a shortfall line
 * "hard-cases all errors N"; 0 without one. */
static size_t shortfall_errors(void)
{
	double v = shortfall_floor("hard-cases", "all", "errors");
	return v < 0 ? 0 : (size_t)v;
}

static int judge(const char *set, const char *cat, const char *metric, double value, double target,
		 int higher_is_better)
{
	int ok = higher_is_better ? value >= target : value <= target;
	if (ok)
		return 0;
	double floor_value = shortfall_floor(set, cat, metric);
	if (floor_value < 0) {
		printf("  FAIL %s %s %s = %.3f misses the target %.2f\n", set, cat, metric, value, target);
		return 1;
	}
	/* Floors are written to three decimals: allow for that rounding. */
	int held = higher_is_better ? value >= floor_value - 0.0005 : value <= floor_value + 0.0005;
	printf("  %s %s %s %s = %.3f: under target %.2f, listed shortfall (floor %.3f)\n",
	       held ? "known" : "FAIL", set, cat, metric, value, target, floor_value);
	return !held;
}

static int report(const char *set, const counts *c)
{
	int failures = 0;
	double macro_f1 = 0;
	printf("\n%s: %zu lines\n%-15s %9s %9s %6s   (tp fp fn)\n", set, c->lines, "category", "precision",
	       "recall", "f1");
	for (int k = 0; k < US_CAT_COUNT; k++) {
		const char *name = us_category_name((us_category)k);
		size_t tp = c->tp[k], fp = c->fp[k], fn = c->fn[k];
		double p = tp + fp ? (double)tp / (double)(tp + fp) : 1.0;
		double r = tp + fn ? (double)tp / (double)(tp + fn) : 1.0;
		double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
		macro_f1 += f1;
		printf("%-15s %9.3f %9.3f %6.3f   (%zu %zu %zu)\n", name, p, r, f1, tp, fp, fn);
		failures += judge(set, name, "precision", p, TARGET, 1);
		failures += judge(set, name, "recall", r, TARGET, 1);
	}
	double none_rate = c->none_lines ? (double)c->none_flagged / (double)c->none_lines : 0;
	printf("macro-F1 %.3f; none lines flagged harmful: %zu of %zu (%.1f%%)\n", macro_f1 / US_CAT_COUNT,
	       c->none_flagged, c->none_lines, 100 * none_rate);
	failures += judge(set, "none", "flagged", none_rate, NONE_TARGET, 0);
	return failures;
}

static void run_set(const char *set, const char *path, int required)
{
	counts c;
	if (score(set, path, &c) != 0) {
		if (required)
			fail_msg("%s: cannot open", path);
		printf("\n%s: %s not found, skipped (it exists in CI, beside the repository)\n", set, path);
		skip();
		return;
	}
	int failures = report(set, &c);
	if (failures)
		fail_msg("%s: %d figure(s) under target and not a listed shortfall, or under their floor", set, failures);
}

/* The examples and hard cases of TAXONOMY.md itself: every line must come
 * out exactly as labelled (these are the cases users judge a tool by). */
static void test_taxonomy_cases(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/data/hard-cases.tsv", source_dir());
	counts c;
	assert_int_equal(score("hard-cases", path, &c), 0);
	size_t wrong = 0;
	for (int k = 0; k < US_CAT_COUNT; k++)
		wrong += c.fp[k] + c.fn[k];
	printf("\nhard-cases: %zu lines, %zu label errors (set US_ACCURACY_VERBOSE=hard-cases to list them)\n",
	       c.lines, wrong);
	if (wrong > shortfall_errors())
		fail_msg("hard-cases: %zu label errors, more than the %zu listed", wrong, shortfall_errors());
}

/* One labeled set of the project's own, named by its file. */
typedef struct labeled_set {
	const char *name;
	const char *file; /* under tests/data/ */
} labeled_set;

static void test_labeled_set(void **state)
{
	const labeled_set *set = *state;
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/data/%s", source_dir(), set->file);
	run_set(set->name, path, 1);
}

static void test_shared_dev(void **state)
{
	(void)state;
	char path[1024];
	const char *shared = getenv("US_SHARED_DIR");
	snprintf(path, sizeof(path), "%s/eval/dev.tsv", shared ? shared : "../shared");
	run_set("dev", path, 0);
}

static int setup(void **state)
{
	(void)state;
	us_error err = US_ERROR_INIT;
	if (us_ruleset_new(&rules, &err) || us_ruleset_add_defaults(rules, &err) ||
	    us_ruleset_compile(rules, &err) || us_scanner_new(&scanner, rules, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	us_scanner_free(scanner);
	us_ruleset_free(rules);
	return 0;
}

int main(void)
{
	static labeled_set sets[] = {
		{ "tune", "labeled-tune.tsv" },
		{ "tune-b", "labeled-tune-b.tsv" },
		{ "tune-c", "labeled-tune-c.tsv" },
		{ "tune-d", "labeled-tune-d.tsv" },
		{ "holdout", "labeled-holdout.tsv" },
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_taxonomy_cases),
		{ "tune", test_labeled_set, NULL, NULL, &sets[0] },
		{ "tune-b", test_labeled_set, NULL, NULL, &sets[1] },
		{ "tune-c", test_labeled_set, NULL, NULL, &sets[2] },
		{ "tune-d", test_labeled_set, NULL, NULL, &sets[3] },
		{ "holdout", test_labeled_set, NULL, NULL, &sets[4] },
		cmocka_unit_test(test_shared_dev),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

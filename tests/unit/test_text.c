/*
 * test_text.c: the tokenizer: offsets, normalization, contractions,
 * sentences, quotes, invalid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/text.h"

#include <string.h>

static us__norm_table table;

/* The normalized tokens joined by spaces, markers included. */
static const char *joined(const char *text, us__tokens *toks)
{
	static char out[1024];
	us_error err = US_ERROR_INIT;
	assert_int_equal(us__tokenize(toks, &table, text, strlen(text), &err), 0);
	out[0] = '\0';
	for (size_t i = 0; i < toks->count; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, us__token_norm(toks, &toks->items[i]));
	}
	return out;
}

static void test_words_and_case(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	assert_string_equal(joined("You NEVER listen", &toks), "^ you never listen $");
	assert_string_equal(joined("ÉMILIE Straße", &toks), "^ émilie strasse $");
	us__tokens_free(&toks);
}

static void test_contractions_any_apostrophe(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	assert_string_equal(joined("don't", &toks), "^ do not $");
	assert_string_equal(joined("don\xE2\x80\x99t", &toks), "^ do not $");
	assert_string_equal(joined("dont", &toks), "^ do not $");
	assert_string_equal(joined("you\xE2\x80\x99re late", &toks), "^ you are late $");
	assert_string_equal(joined("I'm fine", &toks), "^ i am fine $");
	assert_string_equal(joined("u never", &toks), "^ you never $");
	assert_string_equal(joined("can't", &toks), "^ can not $");
	assert_string_equal(joined("the husband's job", &toks), "^ the husband 's job $");
	/* the base of a possessive is normalized like any word */
	assert_string_equal(joined("u's", &toks), "^ you 's $");
	assert_string_equal(joined("dont've", &toks), "^ do not have $");
	us__tokens_free(&toks);
}

static void test_offsets_cover_source(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	const char *text = "Oh, you\xE2\x80\x99re late.";
	joined(text, &toks);
	/* ^ oh , you are late . $ */
	assert_int_equal(toks.count, 8);
	assert_int_equal(toks.items[1].offset, 0);
	assert_int_equal(toks.items[1].length, 2);
	assert_int_equal(toks.items[2].kind, US__TOK_PUNCT);
	/* both halves of "you’re" point at its 8 bytes */
	assert_int_equal(toks.items[3].offset, 4);
	assert_int_equal(toks.items[3].length, 8);
	assert_int_equal(toks.items[4].offset, 4);
	assert_int_equal(toks.items[5].offset, 13);
	us__tokens_free(&toks);
}

static void test_sentences(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	assert_string_equal(joined("Fine. Whatever?! ok", &toks), "^ fine . $ ^ whatever ? $ ^ okay $");
	assert_int_equal(toks.sentences, 3);
	assert_string_equal(joined("It costs 4.50 today", &toks), "^ it costs 4.50 today $");
	assert_string_equal(joined("man-made", &toks), "^ man-made $");
	us__tokens_free(&toks);
}

static void test_quotes(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	joined("He said \xE2\x80\x98girls aren\xE2\x80\x99t sporty\xE2\x80\x99 once", &toks);
	/* ^ he said girls are not sporty once $ */
	assert_false(toks.items[2].flags & US__TOK_QUOTED);
	assert_true(toks.items[3].flags & US__TOK_QUOTED);
	assert_true(toks.items[6].flags & US__TOK_QUOTED);
	assert_false(toks.items[7].flags & US__TOK_QUOTED);
	joined("She said \"boys don't cry\" to him", &toks);
	assert_true(toks.items[3].flags & US__TOK_QUOTED);
	assert_false(toks.items[8].flags & US__TOK_QUOTED);
	us__tokens_free(&toks);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	us_error err = US_ERROR_INIT;
	const char bad[] = "ok \xC3\x28 then";
	assert_int_equal(us__tokenize(&toks, &table, bad, sizeof(bad) - 1, &err), US_EUTF8);
	assert_non_null(strstr(err.message, "byte offset 3"));
	assert_int_equal(us_utf8_invalid_offset(bad, sizeof(bad) - 1), 3);
	assert_int_equal(us_utf8_invalid_offset("fine", 4), 4);
	/* a truncated sequence at the very end */
	assert_int_equal(us_utf8_invalid_offset("ab\xE2\x80", 4), 2);
	us__tokens_free(&toks);
}

static void test_empty_and_symbols(void **state)
{
	(void)state;
	us__tokens toks = { 0 };
	assert_string_equal(joined("", &toks), "");
	assert_string_equal(joined("\xF0\x9F\x98\x82 !!", &toks), "^ ! $");
	us__tokens_free(&toks);
}

int main(void)
{
	us__norm_table_put(&table, "dont", "do not");
	us__norm_table_put(&table, "can't", "can not");
	us__norm_table_put(&table, "u", "you");
	us__norm_table_put(&table, "ok", "okay");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_case),
		cmocka_unit_test(test_contractions_any_apostrophe),
		cmocka_unit_test(test_offsets_cover_source),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_empty_and_symbols),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	us__norm_table_free(&table);
	return rc;
}

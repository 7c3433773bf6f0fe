/*
 * test_chat.c: the chat importers on export samples written for the tests
 * (tests/data/chat/): every WhatsApp variant, Telegram, CSV, JSON Lines and
 * malformed files, with exact message counts, senders, times and texts,
 * and the skipped lines with their numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/chat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MSG 64

typedef struct got {
	size_t n;
	struct {
		char sender[64];
		char text[256];
		char when[24];
		size_t line;
		int media;
	} m[MAX_MSG];
	size_t skips;
	size_t skip_line[MAX_MSG];
	char reason[MAX_MSG][128];
	size_t stop_after; /* 0: never stop */
} got;

static int on_message(const chat_message *msg, void *ctx)
{
	got *g = ctx;
	assert_true(g->n < MAX_MSG);
	assert_true(msg->text_len < sizeof(g->m[0].text));
	assert_int_equal(strlen(msg->text) >= msg->text_len, 1);
	snprintf(g->m[g->n].sender, sizeof(g->m[0].sender), "%s", msg->sender);
	memcpy(g->m[g->n].text, msg->text, msg->text_len);
	g->m[g->n].text[msg->text_len] = '\0';
	snprintf(g->m[g->n].when, sizeof(g->m[0].when), "%04d-%02d-%02d %02d:%02d:%02d",
		 msg->time.year, msg->time.month, msg->time.day, msg->time.hour, msg->time.minute,
		 msg->time.second);
	g->m[g->n].line = msg->line;
	g->m[g->n].media = msg->media;
	if (msg->media)
		assert_int_equal(msg->text_len, 0);
	g->n++;
	return g->stop_after && g->n == g->stop_after ? 42 : 0;
}

static void on_skip(size_t line, const char *reason, void *ctx)
{
	got *g = ctx;
	if (g->skips < MAX_MSG) {
		g->skip_line[g->skips] = line;
		snprintf(g->reason[g->skips], sizeof(g->reason[0]), "%s", reason);
	}
	g->skips++;
}

static char *data_path(const char *file)
{
	static char path[1024];
	const char *src = getenv("US_SOURCE_DIR");
	snprintf(path, sizeof(path), "%s/tests/data/chat/%s", src ? src : ".", file);
	return path;
}

static int import(const char *file, chat_format format, chat_date_order order, got *g,
		  chat_import_stats *st, us_error *err)
{
	memset(g, 0, sizeof(*g));
	FILE *fp = fopen(data_path(file), "rb");
	assert_non_null(fp);
	chat_import_opts opts = { format, order, on_skip, g };
	int rc = chat_import(fp, file, &opts, on_message, g, st, err);
	fclose(fp);
	return rc;
}

static void expect(const got *g, size_t i, const char *sender, const char *when, const char *text,
		   size_t line, int media)
{
	assert_true(i < g->n);
	assert_string_equal(g->m[i].sender, sender);
	assert_string_equal(g->m[i].when, when);
	assert_string_equal(g->m[i].text, text);
	assert_int_equal(g->m[i].line, line);
	assert_int_equal(g->m[i].media, media);
}

static void test_whatsapp_android(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("wa_android_dmy.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.format, CHAT_WHATSAPP);
	assert_int_equal(st.messages, 6);
	assert_int_equal(g.n, 6);
	assert_int_equal(st.system_lines, 4);
	assert_int_equal(st.skipped_lines, 0);
	assert_int_equal(st.date_order, CHAT_DATE_DMY);
	expect(&g, 0, "Alex", "2024-01-01 10:00:00", "Happy new year!", 4, 0);
	expect(&g, 1, "Sam", "2024-01-01 10:01:00",
	       "I feel tired when the dishes pile up,\nand I need us to share them.\n\nCan we talk tonight?",
	       5, 0);
	expect(&g, 2, "Sam", "2024-01-02 18:30:00", "", 9, 1);
	expect(&g, 3, "Alex", "2024-01-02 18:31:00", "look at this", 10, 0);
	expect(&g, 4, "Alex", "2024-01-13 07:05:00", "", 12, 1);
	expect(&g, 5, "+44 7700 900123", "2024-01-13 07:06:00", "hi it's Jo", 13, 0);
}

static void test_whatsapp_mdy_12h(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	/* Only the last line shows the order (1/14/24): the look-ahead settles it. */
	assert_int_equal(import("wa_android_mdy_12h.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(st.skipped_lines, 0);
	assert_int_equal(st.date_order, CHAT_DATE_MDY);
	expect(&g, 0, "Alex", "2024-01-02 00:05:00", "just past midnight", 1, 0);
	expect(&g, 1, "Sam", "2024-01-02 09:05:00", "Morning", 2, 0);
	expect(&g, 2, "Alex", "2024-01-02 12:00:00", "Lunch?", 3, 0);
	expect(&g, 3, "Sam", "2024-01-03 23:59:00", "late night", 4, 0);
	expect(&g, 4, "Alex", "2024-01-14 20:00:00", "two weeks on", 5, 0);

	/* Forced day first: 1/14/24 is no date, and says so. */
	assert_int_equal(import("wa_android_mdy_12h.txt", CHAT_WHATSAPP, CHAT_DATE_DMY, &g, &st, &err), 0);
	assert_int_equal(g.n, 4);
	expect(&g, 0, "Alex", "2024-02-01 00:05:00", "just past midnight", 1, 0);
	assert_int_equal(st.skipped_lines, 1);
	assert_int_equal(g.skip_line[0], 5);
	assert_non_null(strstr(g.reason[0], "not a real date"));
}

static void test_whatsapp_ios(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("wa_ios.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.format, CHAT_WHATSAPP);
	assert_int_equal(g.n, 5);
	assert_int_equal(st.system_lines, 2);
	assert_int_equal(st.skipped_lines, 0);
	expect(&g, 0, "Alex", "2023-12-28 21:05:00", "You never listen.", 3, 0);
	expect(&g, 1, "Sam", "2023-12-28 21:06:30", "", 4, 1);
	expect(&g, 2, "Sam", "2023-12-28 21:07:02", "", 5, 1);
	expect(&g, 3, "Alex", "2023-12-29 08:00:00", "Sorry about last night.\nI was stressed.", 6, 0);
	expect(&g, 4, "Sam", "2023-12-29 08:01:15", "", 8, 1);

	assert_int_equal(import("wa_ios_12h_mdy.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(g.n, 3);
	expect(&g, 0, "Alex", "2023-12-31 23:59:59", "Last one of the year", 1, 0);
	expect(&g, 1, "Sam", "2024-01-01 00:00:01", "Happy new year", 2, 0);
	expect(&g, 2, "Alex", "2024-01-01 13:15:00", "\xF0\x9F\x8E\x89", 3, 0);
}

static void test_whatsapp_locales(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("wa_dots.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(g.n, 2);
	expect(&g, 0, "Alex", "2023-12-31 23:59:00", "Hallo", 1, 0);
	expect(&g, 1, "Sam", "2024-01-01 00:00:00", "Frohes neues", 2, 0);

	assert_int_equal(import("wa_iso.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.date_order, CHAT_DATE_AUTO);
	assert_int_equal(import("wa_iso.txt", CHAT_AUTO, CHAT_DATE_MDY, &g, &st, &err), 0);
	assert_int_equal(g.n, 3);
	expect(&g, 0, "Alex", "2023-12-31 23:59:00", "first", 1, 0);
	expect(&g, 1, "Sam", "2024-01-02 08:30:00", "second", 2, 0);
	expect(&g, 2, "Alex", "2024-01-03 09:15:30", "third", 3, 0);
}

static void test_whatsapp_ambiguous(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	/* No day above 12: the order under which dates go forward wins. */
	assert_int_equal(import("wa_ambiguous_dmy.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.date_order, CHAT_DATE_DMY);
	expect(&g, 0, "Alex", "2024-02-01 10:00:00", "one", 1, 0);
	expect(&g, 1, "Sam", "2024-02-05 10:00:00", "two", 2, 0);
	assert_int_equal(import("wa_ambiguous_mdy.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	expect(&g, 0, "Alex", "2024-01-02 10:00:00", "one", 1, 0);
	expect(&g, 1, "Sam", "2024-01-05 10:00:00", "two", 2, 0);
	/* Forced, against the file's evidence. */
	assert_int_equal(import("wa_ambiguous_dmy.txt", CHAT_AUTO, CHAT_DATE_MDY, &g, &st, &err), 0);
	expect(&g, 1, "Sam", "2024-05-02 10:00:00", "two", 2, 0);
}

static void test_whatsapp_malformed(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("wa_malformed.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(g.n, 2);
	expect(&g, 0, "Alex", "2023-12-31 10:00:00", "ok", 2, 0);
	expect(&g, 1, "Sam", "2023-12-31 10:03:00", "fine", 6, 0);
	assert_int_equal(st.skipped_lines, 4);
	assert_int_equal(g.skips, 4);
	assert_int_equal(g.skip_line[0], 1);
	assert_non_null(strstr(g.reason[0], "no date and time"));
	assert_int_equal(g.skip_line[1], 3);
	assert_non_null(strstr(g.reason[1], "32/12/23"));
	assert_int_equal(g.skip_line[2], 4);
	assert_int_equal(g.skip_line[3], 5);
	assert_non_null(strstr(g.reason[3], "UTF-8"));

	assert_int_equal(import("wa_system_only.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err),
			 US_EPARSE);
	assert_int_equal(st.system_lines, 2);
	assert_non_null(strstr(err.message, "wa_system_only.txt: no message"));
}

static void test_telegram(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("tg_result.json", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.format, CHAT_TELEGRAM);
	assert_int_equal(g.n, 6);
	assert_int_equal(st.system_lines, 1);
	assert_int_equal(st.skipped_lines, 1);
	expect(&g, 0, "Alex", "2023-12-31 09:01:02", "Plain string text", 17, 0);
	expect(&g, 1, "Sam", "2023-12-31 09:02:03", "I feel unheard when you say \"whatever\".", 32, 0);
	expect(&g, 2, "Sam", "2023-12-31 10:00:00", "", 52, 1);
	expect(&g, 3, "Alex", "2024-01-01 00:00:05", "see https://example.org \xC3\xA9t\xC3\xA9 [ok] {}", 64,
	       0);
	expect(&g, 4, "Sam", "2024-01-01 00:10:00", "line one\nline two", 72, 0);
	expect(&g, 5, "user9", "2024-01-02 12:00:00", "from a deleted account", 82, 0);
	assert_int_equal(g.skip_line[0], 91);
	assert_non_null(strstr(g.reason[0], "date"));

	/* A whole-account export on one line: every chat's messages. */
	assert_int_equal(import("tg_account.json", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.format, CHAT_TELEGRAM);
	assert_int_equal(g.n, 3);
	expect(&g, 2, "Jo", "2023-06-01 10:00:00", "three", 1, 0);

	assert_int_equal(import("tg_truncated.json", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err),
			 US_EPARSE);
	assert_int_equal(g.n, 1);
	assert_non_null(strstr(err.message, "tg_truncated.json:5: the JSON ends early"));

	assert_int_equal(import("tg_no_messages.json", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err),
			 US_EPARSE);
	assert_non_null(strstr(err.message, "no \"messages\""));
}

static void test_csv(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("chat.csv", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.format, CHAT_CSV);
	assert_int_equal(g.n, 3);
	expect(&g, 0, "Alex", "2023-12-31 23:59:00", "Hello, you", 2, 0);
	expect(&g, 1, "Sam", "2024-01-01 00:00:05", "She said \"hi\"\nand left", 3, 0);
	expect(&g, 2, "Alex", "2024-01-01 00:01:00", "", 5, 1);
	assert_int_equal(st.skipped_lines, 3);
	assert_int_equal(g.skip_line[0], 6);
	assert_non_null(strstr(g.reason[0], "time"));
	assert_int_equal(g.skip_line[1], 7);
	assert_non_null(strstr(g.reason[1], "2 fields"));
	assert_int_equal(g.skip_line[2], 8);
	assert_non_null(strstr(g.reason[2], "quoted"));

	/* Semicolons, CRLF, columns in another order, day-first dates. */
	assert_int_equal(import("chat_semicolon.csv", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(g.n, 2);
	expect(&g, 0, "Alex", "2023-12-31 23:59:00", "Bonjour; \xC3\xA7\x61 va?", 2, 0);
	expect(&g, 1, "Sam", "2024-01-01 00:00:30", "Oui", 3, 0);

	assert_int_equal(import("chat_noheader.csv", CHAT_CSV, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(g.n, 2);
	expect(&g, 1, "Sam", "2024-01-01 00:00:00", "hey, you", 2, 0);
}

static void test_jsonl(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("chat.jsonl", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), 0);
	assert_int_equal(st.format, CHAT_JSONL);
	assert_int_equal(g.n, 3);
	expect(&g, 0, "Alex", "2023-12-31 23:59:00", "Hi", 1, 0);
	expect(&g, 1, "Sam", "2023-12-31 23:59:30", "Hey\nthere", 2, 0);
	expect(&g, 2, "Alex", "2024-01-01 00:00:00", "", 4, 1);
	assert_int_equal(st.skipped_lines, 3);
	assert_int_equal(g.skip_line[0], 5);
	assert_int_equal(g.skip_line[1], 6);
	assert_non_null(strstr(g.reason[1], "not valid JSON"));
	assert_int_equal(g.skip_line[2], 7);
}

static void test_bad_files(void **state)
{
	(void)state;
	got g;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(import("utf16.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), US_EUTF8);
	assert_non_null(strstr(err.message, "utf16.txt:1: UTF-16"));
	assert_int_equal(import("notchat.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), US_EPARSE);
	assert_non_null(strstr(err.message, "notchat.txt:1: not a chat export"));
	/* Named as WhatsApp, every line is reported. */
	assert_int_equal(import("notchat.txt", CHAT_WHATSAPP, CHAT_DATE_AUTO, &g, &st, &err), US_EPARSE);
	assert_int_equal(st.skipped_lines, 2);
	assert_int_equal(import("empty.txt", CHAT_AUTO, CHAT_DATE_AUTO, &g, &st, &err), US_EPARSE);
	assert_non_null(strstr(err.message, "empty"));
	/* Named wrongly: a WhatsApp file read as Telegram is no JSON. */
	assert_int_equal(import("wa_dots.txt", CHAT_TELEGRAM, CHAT_DATE_AUTO, &g, &st, &err), US_EPARSE);
	assert_non_null(strstr(err.message, "wa_dots.txt:1:"));
}

static void test_callback_stops(void **state)
{
	(void)state;
	got g;
	memset(&g, 0, sizeof(g));
	g.stop_after = 2;
	FILE *fp = fopen(data_path("wa_android_dmy.txt"), "rb");
	assert_non_null(fp);
	us_error err = US_ERROR_INIT;
	/* NULL options and stats are allowed. */
	assert_int_equal(chat_import(fp, "x", NULL, on_message, &g, NULL, &err), 42);
	assert_int_equal(g.n, 2);
	fclose(fp);
	assert_int_equal(chat_import(NULL, "x", NULL, on_message, &g, NULL, &err), US_EINVAL);
}

static void test_format_names(void **state)
{
	(void)state;
	chat_format f = CHAT_AUTO;
	assert_int_equal(chat_format_parse(&f, "telegram"), 0);
	assert_int_equal(f, CHAT_TELEGRAM);
	assert_int_equal(chat_format_parse(&f, "jsonl"), 0);
	assert_int_equal(f, CHAT_JSONL);
	assert_int_equal(chat_format_parse(&f, "xml"), US_EINVAL);
	assert_string_equal(chat_format_name(CHAT_WHATSAPP), "whatsapp");
	assert_string_equal(chat_format_name(CHAT_CSV), "csv");
}

/* Counts messages only: for the generated exports. */
static int count(const chat_message *msg, void *ctx)
{
	(void)msg;
	(*(size_t *)ctx)++;
	return 0;
}

static void test_lookahead_cap(void **state)
{
	(void)state;
	/* 300,000 messages (about 11 MiB) whose first day above 12 comes after
	 * the 8 MiB look-ahead: the order is settled by which reading has the
	 * dates go forward, and nothing is lost by the replay. */
	FILE *fp = tmpfile();
	assert_non_null(fp);
	for (int i = 0; i < 300000; i++)
		fprintf(fp, "%02d/%02d/24, 10:%02d - Alex: message number %d\n", 1 + i / 100000,
			1 + (i / 10000) % 10, i % 60, i);
	fputs("01/13/24, 10:00 - Sam: the 13th\n", fp);
	rewind(fp);
	size_t n = 0;
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(chat_import(fp, "big.txt", NULL, count, &n, &st, &err), 0);
	assert_int_equal(n, 300001);
	assert_int_equal(st.messages, 300001);
	assert_int_equal(st.skipped_lines, 0);
	fclose(fp);
}

static void test_long_line(void **state)
{
	(void)state;
	/* A line past the 1 MiB line cap is reported, not cut. */
	FILE *fp = tmpfile();
	assert_non_null(fp);
	fputs("31/12/23, 10:00 - Alex: short\n31/12/23, 10:01 - Sam: ", fp);
	for (int i = 0; i < (1 << 20); i++)
		fputc('a', fp);
	fputs("\n31/12/23, 10:02 - Alex: after\n", fp);
	rewind(fp);
	got g;
	memset(&g, 0, sizeof(g));
	chat_import_opts opts = { CHAT_AUTO, CHAT_DATE_AUTO, on_skip, &g };
	chat_import_stats st;
	us_error err = US_ERROR_INIT;
	assert_int_equal(chat_import(fp, "long.txt", &opts, on_message, &g, &st, &err), 0);
	assert_int_equal(g.n, 2);
	expect(&g, 1, "Alex", "2023-12-31 10:02:00", "after", 3, 0);
	assert_int_equal(g.skips, 1);
	assert_int_equal(g.skip_line[0], 2);
	assert_non_null(strstr(g.reason[0], "longer than"));
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whatsapp_android), cmocka_unit_test(test_whatsapp_mdy_12h),
		cmocka_unit_test(test_whatsapp_ios),     cmocka_unit_test(test_whatsapp_locales),
		cmocka_unit_test(test_whatsapp_ambiguous), cmocka_unit_test(test_whatsapp_malformed),
		cmocka_unit_test(test_telegram),         cmocka_unit_test(test_csv),
		cmocka_unit_test(test_jsonl),            cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_callback_stops),   cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_lookahead_cap),    cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

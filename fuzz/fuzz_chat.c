/*
 * fuzz_chat.c: arbitrary bytes as a chat export, read with the format
 * detected (fuzz_chat) or as one named format: built once per importer
 * (fuzz_whatsapp, fuzz_telegram, fuzz_csv, fuzz_jsonl) with
 * FUZZ_CHAT_FORMAT, so that each importer gets its own coverage-guided run. Whatever the bytes, the import
 * must end in 0 or a US_E* code, and every message it hands over must keep
 * the promises of chat.h: a UTF-8 sender and text of the stated length, a
 * placeholder with no text, a real date and time, a line number.
 */
#include "app/chat.h"
#include "unscripted/analyze.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(const chat_message *m, void *ctx)
{
	size_t *n = ctx;
	size_t sl = strlen(m->sender);
	if (sl == 0 || us_utf8_invalid_offset(m->sender, sl) != sl)
		abort();
	if (us_utf8_invalid_offset(m->text, m->text_len) != m->text_len)
		abort();
	if (m->media && m->text_len != 0)
		abort();
	const chat_time *t = &m->time;
	if (t->year < 1 || t->month < 1 || t->month > 12 || t->day < 1 || t->day > 31 ||
	    t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 || t->second < 0 ||
	    t->second > 59 || m->line == 0)
		abort();
	(*n)++;
	return 0;
}

static void skipped(size_t line, const char *reason, void *ctx)
{
	size_t *n = ctx;
	if (line == 0 || !reason || !*reason)
		abort(); /* every skip names a line and a reason */
	(*n)++;
}

#ifndef FUZZ_CHAT_FORMAT
#define FUZZ_CHAT_FORMAT CHAT_AUTO
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const chat_format formats[] = { FUZZ_CHAT_FORMAT };
	if (size == 0)
		return 0; /* fmemopen needs at least one byte */
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		FILE *fp = fmemopen((void *)data, size, "r");
		if (!fp)
			return 0;
		size_t messages = 0, skips = 0;
		chat_import_opts opts = { formats[f], (chat_date_order)(size % 3), skipped, &skips };
		chat_import_stats st;
		us_error err = US_ERROR_INIT;
		int rc = chat_import(fp, "fuzz", &opts, check, &messages, &st, &err);
		fclose(fp);
		if (rc > 0 || (rc < 0 && err.message[0] == '\0'))
			abort(); /* an error always says what went wrong */
		if (messages != st.messages || skips != st.skipped_lines || (rc == 0 && messages == 0))
			abort();
	}
	return 0;
}

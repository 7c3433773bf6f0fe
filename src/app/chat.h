/*
 * chat.h: reading chat exports (WhatsApp .txt from Android and iOS,
 * Telegram Desktop result.json, CSV or JSON Lines of time, sender, text)
 * as a stream of messages, in bounded memory.
 *
 * Application layer (src/app/): uses stdio; not part of libunscripted's
 * public API. Ownership: every pointer in a chat_message is borrowed and
 * valid only during the callback.
 */
#ifndef US_APP_CHAT_H
#define US_APP_CHAT_H

#include "unscripted/error.h"

#include <stddef.h>
#include <stdio.h>

typedef enum chat_format {
	CHAT_AUTO = 0,
	CHAT_WHATSAPP,
	CHAT_TELEGRAM,
	CHAT_CSV,
	CHAT_JSONL
} chat_format;

typedef enum chat_date_order {
	CHAT_DATE_AUTO = 0, /* settled from the file: the first day above 12 decides */
	CHAT_DATE_DMY,
	CHAT_DATE_MDY
} chat_date_order;

typedef struct chat_time {
	int year, month, day;    /* 4-digit year; 0 when unknown */
	int hour, minute, second; /* 24-hour local wall clock, as written */
} chat_time;

typedef struct chat_message {
	const char *sender;
	const char *text; /* UTF-8; empty for a media placeholder */
	size_t text_len;
	chat_time time;
	size_t line; /* 1-based line (or record) where the message starts */
	int media;   /* a media placeholder: a message with no words */
} chat_message;

/* Return 0 to go on; anything else stops the import and is returned. */
typedef int (*chat_message_fn)(const chat_message *msg, void *ctx);

typedef struct chat_import_opts {
	chat_format format;         /* CHAT_AUTO detects it */
	chat_date_order date_order; /* CHAT_DATE_AUTO decides from the file */
	/* Called for each unparseable line (line number, a one-line reason);
	 * may be NULL. Such lines are counted in stats.skipped_lines. */
	void (*on_skip)(size_t line, const char *reason, void *ctx);
	void *skip_ctx;
} chat_import_opts;

typedef struct chat_import_stats {
	chat_format format; /* the format read */
	size_t messages;
	size_t system_lines; /* "X added Y", encryption notices: not messages */
	size_t skipped_lines;
	/* The day/month order the dates were read in: as forced, as the file
	 * showed it, or (CHAT_DATE_AUTO) when no date needed one (ISO dates). */
	chat_date_order date_order;
} chat_import_stats;

/*
 * Read the export at fp (name is used in messages) and call fn for each
 * message in file order. Returns 0, a US_E* code with err filled (file
 * unreadable, not UTF-8 where it must be, no message at all), or the
 * callback's non-zero value.
 */
int chat_import(FILE *fp, const char *name, const chat_import_opts *opts, chat_message_fn fn,
		void *ctx, chat_import_stats *stats, us_error *err);

const char *chat_format_name(chat_format f);
int chat_format_parse(chat_format *out, const char *name);

#endif

/*
 * chat_internal.h: what the chat importers share (src/app/chat*.c): a block
 * reader over the FILE with a peek for format detection, a capped line
 * reader, the context every importer reports through, and the date and
 * placeholder helpers. Not installed; names use the chat__ prefix.
 *
 * Memory is bounded by the caps below, whatever the size of the export:
 * one block, one line, one message and (WhatsApp only, while the day/month
 * order is undecided) one look-ahead buffer.
 */
#ifndef US_APP_CHAT_INTERNAL_H
#define US_APP_CHAT_INTERNAL_H

#include "app/chat.h"
#include "core/buf.h"

#include <stddef.h>
#include <stdio.h>

#define CHAT__BLOCK ((size_t)64 << 10)         /* read size; also the detection peek */
#define CHAT__LINE_MAX ((size_t)1 << 20)       /* one physical line */
#define CHAT__MESSAGE_MAX ((size_t)4 << 20)    /* one message, record or JSON object */
#define CHAT__LOOKAHEAD_MAX ((size_t)8 << 20)  /* WhatsApp: lines held to settle day/month */
#define CHAT__SENDER_MAX ((size_t)1 << 10)     /* a sender's name */

/* Reads the FILE in blocks. Bytes can be looked at (peek) before they are
 * consumed, which is what detection needs without seeking: stdin works. */
typedef struct chat__reader {
	FILE *fp;
	char *blk;
	size_t pos, len; /* unread bytes are blk[pos..len) */
	int eof;         /* fp reached its end */
	int ioerr;       /* a read failed */
	size_t line;     /* lines completed by chat__reader_line (1-based number of the last) */
} chat__reader;

int chat__reader_init(chat__reader *r, FILE *fp);
void chat__reader_free(chat__reader *r);
/* Up to want (<= CHAT__BLOCK) unread bytes at *out without consuming them;
 * returns how many there are (fewer only at the end of the file). */
size_t chat__reader_peek(chat__reader *r, size_t want, const char **out);
/* The next byte (consumed), or -1 at the end or on a read error. */
int chat__reader_getc(chat__reader *r);
/* The next byte, not consumed, or -1. */
int chat__reader_peekc(chat__reader *r);
/* The next line into line (cleared first; no '\n', a final '\r' dropped).
 * A line past line->max is read to its end but only its first max bytes
 * are kept, and *too_long is set. Returns 1 for a line, 0 at the end. */
int chat__reader_line(chat__reader *r, us__buf *line, int *too_long);

/* One import in progress: where messages and skips go. */
typedef struct chat__ctx {
	const char *name;
	chat_date_order order; /* as forced; importers may settle it */
	void (*on_skip)(size_t line, const char *reason, void *ctx);
	void *skip_ctx;
	chat_message_fn fn;
	void *fn_ctx;
	chat_import_stats *stats;
	us_error *err;
} chat__ctx;

/* Report an unparseable line (or record) and count it. */
void chat__skip(chat__ctx *c, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Hand one message to the caller: counts it and returns the callback's
 * value. text must be valid UTF-8 (importers check before). */
int chat__emit(chat__ctx *c, const chat_message *m);
/* US_EIO naming the file when the reader failed, else 0. */
int chat__read_error(chat__ctx *c, const chat__reader *r);

/* The importers. Each returns 0, a US_E* code with c->err filled, or the
 * callback's non-zero value. */
int chat__import_whatsapp(chat__ctx *c, chat__reader *r);
int chat__import_telegram(chat__ctx *c, chat__reader *r);
int chat__import_csv(chat__ctx *c, chat__reader *r);
int chat__import_jsonl(chat__ctx *c, chat__reader *r);

/* Does this line open a WhatsApp message or system line? (detection) */
int chat__whatsapp_is_header(const char *s, size_t len);

/* A date and time as CSV, JSONL and Telegram write them: ISO 8601
 * ("2023-12-31T23:59:59", "2023-12-31 23:59", with any fraction or zone
 * ignored: times stay as written), or day/month/year forms such as
 * "31/12/2023 23:59" read in *order (when *order is CHAT_DATE_AUTO, the
 * first date that shows its order settles it for the rest of the file,
 * and ambiguous ones before it are read day first). Returns 0 or -1. */
int chat__parse_when(const char *s, size_t len, chat_date_order *order, chat_time *out);
/* 1 when y-m-d h:m:s is a real date and time. */
int chat__time_valid(const chat_time *t);

/* A date as written: three numbers; iso when the first is a 4-digit year
 * (2023-12-31), else day and month in some order, then the year (2 or 4
 * digits). */
typedef struct chat__date_raw {
	int f[3];
	int iso;
} chat__date_raw;

/* Parse "31/12/23", "12.31.2023", "2023-12-31" at s[*i]; advances *i.
 * Returns 0 or -1 (nothing consumed). */
int chat__date_scan(const char *s, size_t len, size_t *i, chat__date_raw *out);
/* The order a date shows by itself (a field above 12), or CHAT_DATE_AUTO. */
chat_date_order chat__date_shows(const chat__date_raw *d);
/* Fill t's date from d read in order (AUTO reads day first). 0 or -1 when
 * it is not a real date. */
int chat__date_resolve(const chat__date_raw *d, chat_date_order order, chat_time *t);
/* Parse "23:59", "23.59", "11:59:59 PM" (also U+202F or U+00A0 before
 * AM/PM, "a.m.") at s[*i] into t's time; advances *i. 0 or -1. */
int chat__clock_scan(const char *s, size_t len, size_t *i, chat_time *t);

/* Is text (trimmed) one of the placeholders exports write instead of
 * media or a deleted message ("<Media omitted>", "image omitted",
 * "<attached: ...>", "This message was deleted")? */
int chat__is_placeholder(const char *s, size_t len);

/* Drop invisible direction marks (U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) and surrounding white space from s in place; returns the
 * new length. */
size_t chat__strip_marks(char *s, size_t len);
/* Narrow [*s, *s + *len) past leading and trailing marks and white space. */
void chat__trim(const char **s, size_t *len);

#endif

/*
 * chat_telegram.c: Telegram Desktop's JSON export (result.json).
 *
 * The export is one JSON document, often hundreds of megabytes, whose
 * "messages" array holds the messages (a whole-account export has one such
 * array per chat, under "chats"/"list"; all are read, in file order).
 * jansson only parses whole documents, so this file does not hand it the
 * export: a small scanner walks the document byte by byte, keeping only a
 * stack of brackets (64 deep at most) and the last key, and when it meets a
 * "messages" array it cuts out one element at a time (4 MiB at most) and
 * gives that to jansson. Memory stays bounded whatever the export's size,
 * and the outer structure is still checked enough to tell a truncated file.
 *
 * In a message, "text" is a string or an array of strings and entity
 * objects; "text_entities" is always an array of entities, so it is read
 * first. "service" entries (joins, pins, calls) are system lines; a message
 * with no text (a photo, a sticker, a poll) is a media placeholder.
 */
#include "app/chat_internal.h"
#include "core/internal.h"

#include <jansson.h>

#include <string.h>

#define TG_DEPTH 64

typedef struct tg {
	chat__ctx *c;
	chat__reader *r;
	size_t line;
	int found;
	us__buf obj;
	us__buf text;
} tg;

static int next(tg *t)
{
	int ch = chat__reader_getc(t->r);
	if (ch == '\n')
		t->line++;
	return ch;
}

static int is_ws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The next byte that is not white space, not consumed, or -1. */
static int peek_ws(tg *t)
{
	int ch;
	while ((ch = chat__reader_peekc(t->r)) >= 0 && is_ws(ch))
		next(t);
	return ch;
}

static int truncated(tg *t)
{
	if (t->r->ioerr)
		return chat__read_error(t->c, t->r);
	return us__error_set(t->c->err, US_EPARSE, "%s:%zu: the JSON ends early (a truncated export?)",
			     t->c->name, t->line);
}

/* A string whose opening quote is consumed; up to cap bytes kept in key
 * (NULL: none). Returns 0, or -1 at the end of the file. */
static int read_string(tg *t, char *key, size_t cap, size_t *key_len)
{
	size_t n = 0;
	for (;;) {
		int ch = next(t);
		if (ch < 0)
			return -1;
		if (ch == '"')
			break;
		if (key && n < cap)
			key[n] = (char)ch;
		n++;
		if (ch == '\\') {
			if ((ch = next(t)) < 0)
				return -1;
			if (key && n < cap)
				key[n] = (char)ch;
			n++;
		}
	}
	if (key_len)
		*key_len = n;
	return 0;
}

/* One JSON value, starting at the next byte, copied into t->obj (past its
 * cap only *overflow is set). Returns 0, or -1 at the end of the file.
 * This is the hot loop of a large export: it walks the reader's block
 * directly and copies runs of bytes, not one byte at a time. */
static int capture(tg *t, int *overflow)
{
	chat__reader *r = t->r;
	int depth = 0, in_str = 0, escaped = 0, started = 0, done = 0;
	us__buf_clear(&t->obj);
	*overflow = 0;
	while (!done) {
		if (chat__reader_peekc(r) < 0)
			return -1;
		const char *p = r->blk + r->pos;
		size_t n = r->len - r->pos, k = 0;
		for (; k < n && !done; k++) {
			char ch = p[k];
			if (ch == '\n')
				t->line++;
			if (in_str) {
				if (escaped)
					escaped = 0;
				else if (ch == '\\')
					escaped = 1;
				else if (ch == '"') {
					in_str = 0;
					done = depth == 0;
				}
			} else if (started && depth == 0 &&
				   (ch == ',' || ch == ']' || ch == '}' || is_ws((unsigned char)ch))) {
				if (ch == '\n')
					t->line--; /* not consumed: the caller reads it again */
				break; /* the end of a number or literal */
			} else if (ch == '"') {
				in_str = 1;
			} else if (ch == '{' || ch == '[') {
				depth++;
			} else if (ch == '}' || ch == ']') {
				if (--depth <= 0)
					done = 1;
			}
			started = 1;
		}
		if (!*overflow && k && us__buf_append(&t->obj, p, k))
			*overflow = 1;
		r->pos += k;
		if (k < n)
			break;
	}
	return 0;
}

/* Append an entity's or a string's text. */
static int add_text(tg *t, json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "text");
	if (!json_is_string(v))
		return 0;
	return us__buf_append(&t->text, json_string_value(v), json_string_length(v));
}

static int message(tg *t, json_t *m, size_t line)
{
	chat__ctx *c = t->c;
	if (!json_is_object(m)) {
		chat__skip(c, line, "a message that is not a JSON object");
		return 0;
	}
	const char *type = json_string_value(json_object_get(m, "type"));
	if (type && !strcmp(type, "service")) {
		c->stats->system_lines++;
		return 0;
	}
	if (type && strcmp(type, "message")) {
		chat__skip(c, line, "unknown message type \"%.40s\"", type);
		return 0;
	}
	const char *from = json_string_value(json_object_get(m, "from"));
	if (!from || !*from)
		from = json_string_value(json_object_get(m, "from_id")); /* a deleted account */
	if (!from || !*from) {
		chat__skip(c, line, "a message with no sender (\"from\")");
		return 0;
	}
	const char *date = json_string_value(json_object_get(m, "date"));
	chat_time when;
	chat_date_order order = c->order;
	if (!date || chat__parse_when(date, strlen(date), &order, &when)) {
		chat__skip(c, line, "no date, or a date not as Telegram writes it (\"date\")");
		return 0;
	}
	us__buf_clear(&t->text);
	int rc = 0;
	json_t *ents = json_object_get(m, "text_entities");
	json_t *text = json_object_get(m, "text");
	size_t i;
	json_t *v;
	json_t *parts = json_is_array(ents) ? ents : text;
	if (json_is_array(parts)) {
		json_array_foreach(parts, i, v) {
			if ((rc = add_text(t, v)) != 0)
				break;
		}
	} else {
		rc = add_text(t, text);
	}
	if (rc == US_ETOOBIG) {
		chat__skip(c, line, "message longer than %zu MiB", CHAT__MESSAGE_MAX >> 20);
		return 0;
	}
	if (rc)
		return us__error_set(c->err, US_ENOMEM, "%s:%zu: out of memory", c->name, line);
	const char *s = t->text.data ? t->text.data : "";
	size_t len = t->text.len;
	chat__trim(&s, &len);
	chat_message msg = { from, len ? s : "", len, when, line, len == 0 };
	return chat__emit(c, &msg);
}

static int messages(tg *t)
{
	t->found = 1;
	for (;;) {
		int ch = peek_ws(t);
		if (ch < 0)
			return truncated(t);
		if (ch == ']') {
			next(t);
			return 0;
		}
		if (ch == ',') {
			next(t);
			continue;
		}
		size_t line = t->line;
		int overflow;
		if (capture(t, &overflow))
			return truncated(t);
		if (overflow) {
			chat__skip(t->c, line, "message longer than %zu MiB", CHAT__MESSAGE_MAX >> 20);
			continue;
		}
		json_error_t je;
		json_t *m = json_loadb(t->obj.data, t->obj.len, 0, &je);
		if (!m) {
			chat__skip(t->c, line + (je.line > 0 ? (size_t)je.line - 1 : 0),
				   "not valid JSON: %s", je.text);
			continue;
		}
		int rc = message(t, m, line);
		json_decref(m);
		if (rc)
			return rc;
	}
}

int chat__import_telegram(chat__ctx *c, chat__reader *r)
{
	tg t;
	memset(&t, 0, sizeof(t));
	t.c = c;
	t.r = r;
	t.line = 1;
	t.obj = (us__buf)US__BUF_INIT(CHAT__MESSAGE_MAX);
	t.text = (us__buf)US__BUF_INIT(CHAT__MESSAGE_MAX);
	char stack[TG_DEPTH];
	int expect_key[TG_DEPTH];
	int depth = 0, key_is_messages = 0, rc = 0;
	for (;;) {
		int ch = peek_ws(&t);
		if (ch < 0)
			break;
		size_t at = t.line;
		next(&t);
		if (depth == 0 && ch != '{' && ch != '[') {
			rc = us__error_set(c->err, US_EPARSE,
					   "%s:%zu: not JSON (a Telegram export is one JSON object)", c->name, at);
			goto done;
		}
		if (ch == '{' || ch == '[') {
			if (ch == '[' && depth > 0 && stack[depth - 1] == '{' && key_is_messages) {
				key_is_messages = 0;
				if ((rc = messages(&t)) != 0)
					goto done;
				continue;
			}
			if (depth == TG_DEPTH) {
				rc = us__error_set(c->err, US_EPARSE, "%s:%zu: JSON nested deeper than %d",
						   c->name, at, TG_DEPTH);
				goto done;
			}
			stack[depth] = (char)ch;
			expect_key[depth++] = ch == '{';
			key_is_messages = 0;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0 || stack[depth - 1] != (ch == '}' ? '{' : '[')) {
				rc = us__error_set(c->err, US_EPARSE, "%s:%zu: unexpected '%c'", c->name, at, ch);
				goto done;
			}
			depth--;
			key_is_messages = 0;
		} else if (ch == '"') {
			char key[16];
			size_t n = 0;
			int is_key = depth > 0 && stack[depth - 1] == '{' && expect_key[depth - 1];
			if (read_string(&t, is_key ? key : NULL, sizeof(key), &n)) {
				rc = truncated(&t);
				goto done;
			}
			key_is_messages = is_key && n == 8 && !memcmp(key, "messages", 8);
			if (is_key)
				expect_key[depth - 1] = 0;
		} else if (ch == ',') {
			if (depth > 0 && stack[depth - 1] == '{')
				expect_key[depth - 1] = 1;
			key_is_messages = 0;
		} else if (ch == ':') {
			continue;
		} else if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '-' ||
			   ch == '+' || ch == '.' || (ch >= 'A' && ch <= 'Z')) {
			while ((ch = chat__reader_peekc(r)) >= 0 &&
			       ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '-' ||
				ch == '+' || ch == '.' || (ch >= 'A' && ch <= 'Z')))
				next(&t);
			key_is_messages = 0;
		} else {
			rc = us__error_set(c->err, US_EPARSE, "%s:%zu: not JSON (byte 0x%02X)", c->name, at,
					   (unsigned)ch);
			goto done;
		}
	}
	if (depth != 0)
		rc = truncated(&t);
	else if (!t.found)
		rc = us__error_set(c->err, US_EPARSE,
				   "%s: no \"messages\" list: not a Telegram Desktop export", c->name);
done:
	us__buf_free(&t.obj);
	us__buf_free(&t.text);
	return rc;
}

/*
 * chat_csv.c: plain exports of (time, sender, text), as CSV or JSON Lines,
 * for chats from elsewhere or converted by hand.
 *
 * CSV follows RFC 4180: fields in double quotes may hold the delimiter,
 * newlines and doubled quotes. The delimiter is the most frequent of comma,
 * semicolon and tab on the first line (outside quotes). A first record that
 * names the columns (time/date/timestamp, sender/from/author/name,
 * text/message/body) says where they are, in any order; without one the
 * columns are time, sender, text. Records are read one at a time, each at
 * most 4 MiB, so the file's size does not matter.
 *
 * JSON Lines: one object a line, with the same names as keys. Blank lines
 * are not records. Empty or missing text is a message with no words (media).
 *
 * Times should be ISO 8601; day/month forms are read as chat__parse_when
 * says. Records that cannot be read are reported with the line where they
 * start, counted and skipped.
 */
#include "app/chat_internal.h"
#include "core/internal.h"
#include "unscripted/analyze.h"

#include <jansson.h>

#include <string.h>
#include <strings.h>

#define CSV_FIELDS 32

static const char *const time_names[] = { "time", "date", "datetime", "timestamp", "date_time",
					  "sent", "sent_at", NULL };
static const char *const sender_names[] = { "sender", "from", "author", "name", "user",
					    "speaker", NULL };
static const char *const text_names[] = { "text", "message", "body", "content", NULL };

static int name_in(const char *s, size_t len, const char *const *names)
{
	const char *p = s;
	size_t n = len;
	chat__trim(&p, &n);
	for (size_t k = 0; names[k]; k++)
		if (strlen(names[k]) == n && !strncasecmp(p, names[k], n))
			return 1;
	return 0;
}

/* Hand over one (time, sender, text) row, checking what a message needs.
 * sender is copied (and NUL-terminated) into sbuf. */
static int row(chat__ctx *c, size_t line, const char *when, size_t when_len, const char *sender,
	       size_t sender_len, const char *text, size_t text_len, us__buf *sbuf)
{
	chat_time t;
	if (chat__parse_when(when, when_len, &c->order, &t)) {
		chat__skip(c, line, "time not understood (ISO 8601 such as 2023-12-31 23:59 expected)");
		return 0;
	}
	if (us_utf8_invalid_offset(sender, sender_len) != sender_len ||
	    us_utf8_invalid_offset(text, text_len) != text_len) {
		chat__skip(c, line, "not valid UTF-8");
		return 0;
	}
	if (memchr(sender, '\0', sender_len)) {
		chat__skip(c, line, "a NUL byte in the sender's name");
		return 0;
	}
	if (sender_len > CHAT__SENDER_MAX) {
		chat__skip(c, line, "sender name longer than %zu bytes", CHAT__SENDER_MAX);
		return 0;
	}
	us__buf_clear(sbuf);
	if (us__buf_append(sbuf, sender, sender_len))
		return us__error_set(c->err, US_ENOMEM, "%s:%zu: out of memory", c->name, line);
	sbuf->len = chat__strip_marks(sbuf->data, sbuf->len);
	if (sbuf->len == 0) {
		chat__skip(c, line, "no sender");
		return 0;
	}
	chat__trim(&text, &text_len);
	int media = text_len == 0 || chat__is_placeholder(text, text_len);
	chat_message m = { sbuf->data, media ? "" : text, media ? 0 : text_len, t, line, media };
	return chat__emit(c, &m);
}

/* ---- CSV ---- */

typedef struct csv {
	chat__ctx *c;
	chat__reader *r;
	size_t line;
	char delim;
	us__buf rec;
	size_t off[CSV_FIELDS], len[CSV_FIELDS];
	size_t nfields;
	int overflow;
	const char *malformed;
} csv;

static int csv_getc(csv *s)
{
	int ch = chat__reader_getc(s->r);
	if (ch == '\n')
		s->line++;
	return ch;
}

static void csv_put(csv *s, char ch)
{
	if (!s->overflow && us__buf_append(&s->rec, &ch, 1))
		s->overflow = 1;
}

static void csv_end_field(csv *s, size_t start)
{
	if (s->nfields < CSV_FIELDS) {
		s->off[s->nfields] = start;
		s->len[s->nfields] = s->rec.len - start;
	}
	s->nfields++;
}

/* One record; *start is its first line. Returns 1, or 0 at the end. */
static int csv_record(csv *s, size_t *start)
{
	us__buf_clear(&s->rec);
	s->nfields = 0;
	s->overflow = 0;
	s->malformed = NULL;
	if (chat__reader_peekc(s->r) < 0)
		return 0;
	*start = s->line;
	size_t fstart = 0;
	int quoted = 0, closed = 0, fresh = 1;
	for (;;) {
		int ch = csv_getc(s);
		if (ch < 0) {
			if (quoted)
				s->malformed = "the file ends inside a quoted field";
			csv_end_field(s, fstart);
			return 1;
		}
		if (quoted) {
			if (ch == '"') {
				if (chat__reader_peekc(s->r) == '"') {
					csv_getc(s);
					csv_put(s, '"');
				} else {
					quoted = 0;
					closed = 1;
				}
			} else {
				csv_put(s, (char)ch);
			}
			continue;
		}
		if (ch == s->delim || ch == '\n') {
			csv_end_field(s, fstart);
			if (ch == '\n')
				return 1;
			fstart = s->rec.len;
			fresh = 1;
			closed = 0;
			continue;
		}
		if (ch == '\r' && chat__reader_peekc(s->r) == '\n')
			continue;
		if (ch == '"' && fresh) {
			quoted = 1;
			fresh = 0;
			continue;
		}
		if (closed && !s->malformed)
			s->malformed = "text after a closing quote";
		fresh = 0;
		csv_put(s, (char)ch);
	}
}

static char csv_delimiter(chat__reader *r)
{
	const char *p;
	size_t n = chat__reader_peek(r, CHAT__BLOCK, &p);
	size_t counts[3] = { 0, 0, 0 };
	int quoted = 0;
	for (size_t i = 0; i < n && (quoted || p[i] != '\n'); i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && p[i] == ',')
			counts[0]++;
		else if (!quoted && p[i] == ';')
			counts[1]++;
		else if (!quoted && p[i] == '\t')
			counts[2]++;
	}
	if (counts[1] > counts[0] && counts[1] >= counts[2])
		return ';';
	if (counts[2] > counts[0] && counts[2] > counts[1])
		return '\t';
	return ',';
}

int chat__import_csv(chat__ctx *c, chat__reader *r)
{
	csv s;
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.r = r;
	s.line = 1;
	s.delim = csv_delimiter(r);
	s.rec = (us__buf)US__BUF_INIT(CHAT__MESSAGE_MAX);
	us__buf sender = US__BUF_INIT(CHAT__SENDER_MAX);
	size_t col[3] = { 0, 1, 2 }; /* time, sender, text */
	int first = 1, rc = 0;
	size_t start;
	while (!rc && csv_record(&s, &start)) {
		if (s.nfields == 1 && s.len[0] == 0 && !s.malformed)
			continue; /* a blank line */
		const char *d = s.rec.data ? s.rec.data : "";
		if (first) {
			first = 0;
			size_t found[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
			const char *const *names[3] = { time_names, sender_names, text_names };
			for (size_t f = 0; f < s.nfields && f < CSV_FIELDS; f++)
				for (int k = 0; k < 3; k++)
					if (found[k] == SIZE_MAX && name_in(d + s.off[f], s.len[f], names[k]))
						found[k] = f;
			if (found[0] != SIZE_MAX && found[1] != SIZE_MAX && found[2] != SIZE_MAX) {
				memcpy(col, found, sizeof(col));
				continue;
			}
			chat_date_order o = c->order;
			chat_time t;
			if (s.nfields > 0 && chat__parse_when(d + s.off[0], s.len[0], &o, &t)) {
				chat__skip(c, start, "neither a header naming the time, sender and text "
						     "columns nor a message");
				continue;
			}
		}
		if (s.malformed) {
			chat__skip(c, start, "%s", s.malformed);
			continue;
		}
		if (s.overflow) {
			chat__skip(c, start, "record longer than %zu MiB", CHAT__MESSAGE_MAX >> 20);
			continue;
		}
		size_t need = col[0] > col[1] ? col[0] : col[1];
		need = (need > col[2] ? need : col[2]) + 1;
		if (s.nfields < need) {
			chat__skip(c, start, "%zu fields where %zu are needed", s.nfields, need);
			continue;
		}
		rc = row(c, start, d + s.off[col[0]], s.len[col[0]], d + s.off[col[1]], s.len[col[1]],
			 d + s.off[col[2]], s.len[col[2]], &sender);
	}
	us__buf_free(&s.rec);
	us__buf_free(&sender);
	return rc;
}

/* ---- JSON Lines ---- */

static json_t *get_any(json_t *obj, const char *const *names)
{
	for (size_t k = 0; names[k]; k++) {
		json_t *v = json_object_get(obj, names[k]);
		if (v)
			return v;
	}
	return NULL;
}

int chat__import_jsonl(chat__ctx *c, chat__reader *r)
{
	us__buf line = US__BUF_INIT(CHAT__LINE_MAX);
	us__buf sender = US__BUF_INIT(CHAT__SENDER_MAX);
	int rc = 0, too_long;
	size_t n = 0;
	while (!rc && chat__reader_line(r, &line, &too_long)) {
		n++;
		if (too_long) {
			chat__skip(c, n, "line longer than %zu MiB", CHAT__LINE_MAX >> 20);
			continue;
		}
		const char *p = line.data;
		size_t len = line.len;
		chat__trim(&p, &len);
		if (len == 0)
			continue;
		json_error_t je;
		json_t *o = json_loadb(p, len, 0, &je);
		if (!o) {
			chat__skip(c, n, "not valid JSON: %s", je.text);
			continue;
		}
		if (!json_is_object(o)) {
			chat__skip(c, n, "not a JSON object");
			json_decref(o);
			continue;
		}
		json_t *when = get_any(o, time_names), *from = get_any(o, sender_names);
		json_t *text = get_any(o, text_names);
		if (!json_is_string(when) || !json_is_string(from) || (text && !json_is_null(text) &&
								       !json_is_string(text))) {
			chat__skip(c, n, "needs \"time\" and \"sender\" strings and a \"text\" string");
		} else {
			const char *t = json_is_string(text) ? json_string_value(text) : "";
			size_t tl = json_is_string(text) ? json_string_length(text) : 0;
			rc = row(c, n, json_string_value(when), json_string_length(when),
				 json_string_value(from), json_string_length(from), t, tl, &sender);
		}
		json_decref(o);
	}
	us__buf_free(&line);
	us__buf_free(&sender);
	return rc;
}

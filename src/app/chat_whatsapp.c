/*
 * chat_whatsapp.c: WhatsApp's "Export chat" text files.
 *
 *   Android  31/12/23, 23:59 - Alice: text          (12/31/23, 11:59 PM - ...)
 *   iOS      [31/12/23, 23:59:59] Alice: text       (U+200E before media and system lines)
 *
 * with the date written as the phone's locale has it (31/12/23, 12/31/23,
 * 31.12.23, 2023-12-31), a 12- or 24-hour clock (U+202F or a space before
 * AM/PM), and messages that go on over several lines. Every line either
 * opens an entry (it starts with a date and time) or continues the one
 * before it, so the file is read line by line with a capped line buffer,
 * and memory does not grow with the export.
 *
 * Day and month order: 1/2/24 is read as the file shows, i.e. by the first
 * date with a field above 12. Until one is seen, lines are held in a
 * look-ahead buffer (at most 8 MiB) and replayed once the order is settled.
 * If the look-ahead ends undecided, the order under which the dates go
 * backward less often wins, and day first (most locales) breaks a tie;
 * year-first dates (2023-12-31) need no order and end the look-ahead.
 *
 * Placeholders ("<Media omitted>", iOS "image omitted", "<attached: ...>",
 * a deleted message) are messages with no words (media = 1); a caption on
 * the lines after one is the message's text. iOS's "<This message was
 * edited>" note is dropped: it is not the person's words.
 *
 * Entries without "Name: " are system lines ("Alice added Bob", the
 * encryption notice), as are iOS entries whose text starts with U+200E and
 * is not a placeholder. Text before the first entry, lines that are not
 * UTF-8, and entries whose date is not a real date are reported through
 * on_skip with their line numbers, and counted.
 */
#include "app/chat_internal.h"
#include "core/internal.h"
#include "unscripted/analyze.h"

#include <string.h>

typedef struct wa_head {
	chat__date_raw date;
	chat_time clock;
	int ios;
	size_t body; /* where "Name: text" starts */
} wa_head;

static int is_lrm(const char *s, size_t len, size_t i)
{
	return i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	       ((unsigned char)s[i + 2] == 0x8E || (unsigned char)s[i + 2] == 0x8F);
}

/* Does s open an entry? Fills h with the date as written (not yet read in
 * any day/month order) and the clock. */
static int head_parse(const char *s, size_t len, wa_head *h)
{
	size_t i = 0;
	while (is_lrm(s, len, i))
		i += 3;
	h->ios = i < len && s[i] == '[';
	if (h->ios)
		i++;
	if (chat__date_scan(s, len, &i, &h->date))
		return 0;
	if (i < len && s[i] == ',')
		i++;
	if (i >= len || s[i] != ' ')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (chat__clock_scan(s, len, &i, &h->clock))
		return 0;
	if (h->ios) {
		if (i >= len || s[i] != ']')
			return 0;
		i++;
		if (i < len && s[i] == ' ')
			i++;
	} else {
		/* " - ", or an en dash in some builds. */
		if (i + 2 < len && !memcmp(s + i, " - ", 3))
			i += 3;
		else if (i + 4 < len && !memcmp(s + i, " \xE2\x80\x93 ", 5))
			i += 5;
		else if (i + 2 == len && !memcmp(s + i, " -", 2))
			i += 2;
		else
			return 0;
	}
	h->body = i;
	return 1;
}

int chat__whatsapp_is_header(const char *s, size_t len)
{
	wa_head h;
	if (!head_parse(s, len, &h))
		return 0;
	chat_time t;
	return chat__date_resolve(&h.date, CHAT_DATE_AUTO, &t) == 0 ||
	       chat__date_resolve(&h.date, CHAT_DATE_MDY, &t) == 0;
}

enum { CUR_NONE, CUR_MESSAGE, CUR_SYSTEM, CUR_SKIPPED };

typedef struct wa {
	chat__ctx *c;
	chat__reader *r;
	us__buf line;
	us__buf look; /* held lines: a flag byte ('L' or 'T' too long), the line, '\n' */
	size_t look_pos;
	size_t line_no;
	chat_date_order order;
	/* the entry being read */
	int cur;
	int ios_mark; /* iOS text that starts with U+200E */
	int overflow;
	us__buf sender, text;
	chat_time time;
	size_t start;
} wa;

static int oom(wa *w)
{
	return us__error_set(w->c->err, US_ENOMEM, "%s:%zu: out of memory", w->c->name, w->line_no);
}

/* The next line: the held ones first, then the file. */
static int next_line(wa *w, const char **s, size_t *len, int *too_long)
{
	if (w->look_pos < w->look.len) {
		const char *p = w->look.data + w->look_pos;
		const char *nl = memchr(p + 1, '\n', w->look.len - w->look_pos - 1);
		*too_long = p[0] == 'T';
		*s = p + 1;
		*len = (size_t)(nl - p) - 1;
		w->look_pos += *len + 2;
		w->line_no++;
		return 1;
	}
	if (w->look.data)
		us__buf_free(&w->look); /* the held lines are spent: give the memory back */
	if (!chat__reader_line(w->r, &w->line, too_long))
		return 0;
	*s = w->line.data;
	*len = w->line.len;
	w->line_no++;
	return 1;
}

/* Hold lines until a date shows the day/month order, the look-ahead is
 * full, or the file ends. */
static int settle_order(wa *w)
{
	size_t votes[2] = { 0, 0 }; /* dates going backward when read DMY, MDY */
	chat_time prev[2];
	int have_prev = 0, iso = 0;
	int too_long;
	while (w->order == CHAT_DATE_AUTO && w->look.len < CHAT__LOOKAHEAD_MAX &&
	       chat__reader_line(w->r, &w->line, &too_long)) {
		if (us__buf_appendc(&w->look, too_long ? 'T' : 'L') ||
		    us__buf_append(&w->look, w->line.data, w->line.len) ||
		    us__buf_appendc(&w->look, '\n'))
			return oom(w);
		wa_head h;
		if (too_long || !head_parse(w->line.data, w->line.len, &h))
			continue;
		if (h.date.iso) {
			iso = 1;
			break; /* year-first dates need no order: stop holding lines */
		}
		w->order = chat__date_shows(&h.date);
		chat_time t[2];
		int ok0 = chat__date_resolve(&h.date, CHAT_DATE_DMY, &t[0]) == 0;
		int ok1 = chat__date_resolve(&h.date, CHAT_DATE_MDY, &t[1]) == 0;
		if (!ok0 || !ok1)
			continue;
		for (int k = 0; k < 2 && have_prev; k++) {
			long a = prev[k].year * 400L + prev[k].month * 32L + prev[k].day;
			long b = t[k].year * 400L + t[k].month * 32L + t[k].day;
			votes[k] += b < a;
		}
		prev[0] = t[0];
		prev[1] = t[1];
		have_prev = 1;
	}
	if (w->order == CHAT_DATE_AUTO && !iso)
		w->order = votes[1] < votes[0] ? CHAT_DATE_MDY : CHAT_DATE_DMY;
	return 0;
}

/* Strip the iOS "<This message was edited>" note: not the person's words. */
static void drop_edited(const char *s, size_t *len)
{
	static const char note[] = "<This message was edited>";
	size_t n = sizeof(note) - 1;
	const char *p = s;
	size_t l = *len;
	chat__trim(&p, &l);
	if (l >= n && !memcmp(p + l - n, note, n)) {
		l -= n;
		chat__trim(&p, &l);
		*len = (size_t)(p - s) + l;
	}
}

static int flush(wa *w)
{
	int cur = w->cur;
	w->cur = CUR_NONE;
	if (cur != CUR_MESSAGE)
		return 0;
	if (w->overflow) {
		chat__skip(w->c, w->start, "message longer than %zu MiB", CHAT__MESSAGE_MAX >> 20);
		return 0;
	}
	const char *s = w->text.data ? w->text.data : "";
	size_t len = w->text.len;
	drop_edited(s, &len);
	chat__trim(&s, &len);
	int media = 0;
	const char *nl = memchr(s, '\n', len);
	size_t first = nl ? (size_t)(nl - s) : len;
	if (chat__is_placeholder(s, first)) {
		/* A caption on the lines after the placeholder is the message. */
		size_t skip = nl ? first + 1 : len;
		s += skip;
		len -= skip;
		chat__trim(&s, &len);
		media = len == 0;
	} else if (w->ios_mark) {
		w->c->stats->system_lines++;
		return 0;
	}
	chat_message m = { w->sender.data, len ? s : "", len, w->time, w->start, media };
	return chat__emit(w->c, &m);
}

/* Split "Name: text" after the header; 0 when it is a system line. */
static int split_body(const char *b, size_t len, size_t *name_len, size_t *text_at)
{
	size_t i = 0;
	/* "Name: text", or "Name:" alone when the text starts on the next line. */
	while (i < len && !(b[i] == ':' && (i + 1 == len || b[i + 1] == ' ')))
		i++;
	if (i == len)
		return 0;
	*name_len = i;
	*text_at = i + 1 < len ? i + 2 : len;
	/* iOS system lines that hold a colon start with U+200E; "X changed the
	 * subject to "a: b"" is not said by someone called "X changed ...". */
	if (is_lrm(b, len, 0))
		return 0;
	static const char *const system[] = { " changed the subject", " changed the group",
					      " changed this group", " created group" };
	for (size_t k = 0; k < sizeof(system) / sizeof(system[0]); k++) {
		size_t n = strlen(system[k]);
		for (size_t j = 0; j + n <= *name_len; j++)
			if (!memcmp(b + j, system[k], n))
				return 0;
	}
	return 1;
}

static int open_entry(wa *w, const char *s, size_t len, const wa_head *h)
{
	chat_time t = h->clock;
	if (chat__date_resolve(&h->date, w->order, &t)) {
		chat__skip(w->c, w->line_no, "date %d/%d/%d is not a real date read %s", h->date.f[0],
			   h->date.f[1], h->date.f[2],
			   h->date.iso ? "year first" : w->order == CHAT_DATE_MDY ? "month first" : "day first");
		w->cur = CUR_SKIPPED;
		return 0;
	}
	const char *b = s + h->body;
	size_t blen = len - h->body, name_len = 0, text_at = 0;
	if (!split_body(b, blen, &name_len, &text_at)) {
		w->c->stats->system_lines++;
		w->cur = CUR_SYSTEM;
		return 0;
	}
	if (memchr(b, '\0', name_len)) {
		chat__skip(w->c, w->line_no, "a NUL byte in the sender's name");
		w->cur = CUR_SKIPPED;
		return 0;
	}
	if (name_len > CHAT__SENDER_MAX) {
		chat__skip(w->c, w->line_no, "sender name longer than %zu bytes", CHAT__SENDER_MAX);
		w->cur = CUR_SKIPPED;
		return 0;
	}
	us__buf_clear(&w->sender);
	us__buf_clear(&w->text);
	if (us__buf_append(&w->sender, b, name_len))
		return oom(w);
	w->sender.len = chat__strip_marks(w->sender.data, w->sender.len);
	if (w->sender.len == 0) {
		w->c->stats->system_lines++;
		w->cur = CUR_SYSTEM;
		return 0;
	}
	const char *text = b + text_at;
	size_t tlen = blen - text_at;
	w->ios_mark = h->ios && is_lrm(text, tlen, 0);
	w->overflow = 0;
	int rc = us__buf_append(&w->text, text, tlen);
	if (rc == US_ETOOBIG)
		w->overflow = 1;
	else if (rc)
		return oom(w);
	w->time = t;
	w->start = w->line_no;
	w->cur = CUR_MESSAGE;
	return 0;
}

static int is_blank(const char *s, size_t len)
{
	const char *p = s;
	size_t n = len;
	chat__trim(&p, &n);
	return n == 0;
}

int chat__import_whatsapp(chat__ctx *c, chat__reader *r)
{
	wa w;
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.r = r;
	w.order = c->order;
	w.line = (us__buf)US__BUF_INIT(CHAT__LINE_MAX);
	w.look = (us__buf)US__BUF_INIT(CHAT__LOOKAHEAD_MAX + CHAT__LINE_MAX + 2);
	w.sender = (us__buf)US__BUF_INIT(CHAT__SENDER_MAX);
	w.text = (us__buf)US__BUF_INIT(CHAT__MESSAGE_MAX);
	int rc = 0;
	if (w.order == CHAT_DATE_AUTO && (rc = settle_order(&w)) != 0)
		goto done;
	c->order = w.order;

	const char *s;
	size_t len;
	int too_long;
	while (next_line(&w, &s, &len, &too_long)) {
		if (too_long) {
			chat__skip(c, w.line_no, "line longer than %zu MiB", CHAT__LINE_MAX >> 20);
			continue;
		}
		wa_head h;
		size_t bad = us_utf8_invalid_offset(s, len);
		if (bad != len) {
			/* A bad entry line ends the entry before it; its own
			 * continuation lines are reported with it. */
			if (head_parse(s, len, &h)) {
				if ((rc = flush(&w)) != 0)
					goto done;
				w.cur = CUR_SKIPPED;
			}
			chat__skip(c, w.line_no, "not valid UTF-8 (byte %zu)", bad + 1);
			continue;
		}
		if (head_parse(s, len, &h)) {
			if ((rc = flush(&w)) != 0 || (rc = open_entry(&w, s, len, &h)) != 0)
				goto done;
			continue;
		}
		switch (w.cur) {
		case CUR_MESSAGE:
			if (!w.overflow) {
				rc = us__buf_appendc(&w.text, '\n');
				if (!rc)
					rc = us__buf_append(&w.text, s, len);
				if (rc == US_ETOOBIG)
					w.overflow = 1;
				else if (rc)
					goto fail_oom;
				rc = 0;
			}
			break;
		case CUR_SYSTEM:
			break; /* a system line over several lines is still one */
		case CUR_SKIPPED:
			chat__skip(c, w.line_no, "continues a line that was skipped");
			break;
		default:
			if (!is_blank(s, len))
				chat__skip(c, w.line_no, "no date and time where a message starts");
			break;
		}
	}
	rc = flush(&w);
	goto done;
fail_oom:
	rc = oom(&w);
done:
	us__buf_free(&w.line);
	us__buf_free(&w.look);
	us__buf_free(&w.sender);
	us__buf_free(&w.text);
	return rc;
}

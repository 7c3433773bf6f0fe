/*
 * chat.c: the entry point of the chat importers (chat.h) and what they
 * share: a block reader that can peek before it consumes (so detection
 * works on stdin, without seeking), a capped line reader, skip reporting,
 * dates and clocks as exports write them, and media placeholders.
 *
 * Detection looks only at the first block (64 KiB): a JSON object that
 * a line among the first 20 that opens like a WhatsApp message is WhatsApp
 * (checked first: iOS lines open with '[' too); a JSON object that holds
 * "messages" (or starts a pretty-printed document) is Telegram, a first
 * line that is a JSON object by itself is JSON Lines; a first line with
 * commas, semicolons or tabs is CSV. Anything else is an error
 * that says how to name the format, never a guess.
 */
#include "app/chat_internal.h"
#include "core/internal.h"

#include <jansson.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the reader ---- */

int chat__reader_init(chat__reader *r, FILE *fp)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->blk = malloc(CHAT__BLOCK);
	return r->blk ? 0 : US_ENOMEM;
}

void chat__reader_free(chat__reader *r)
{
	free(r->blk);
	r->blk = NULL;
}

/* Read more bytes after the unread ones, moving them to the front first. */
static void reader_fill(chat__reader *r)
{
	if (r->eof || r->ioerr)
		return;
	if (r->pos > 0) {
		memmove(r->blk, r->blk + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->len == CHAT__BLOCK)
		return;
	size_t n = fread(r->blk + r->len, 1, CHAT__BLOCK - r->len, r->fp);
	r->len += n;
	if (n == 0) {
		if (ferror(r->fp))
			r->ioerr = 1;
		else
			r->eof = 1;
	}
}

size_t chat__reader_peek(chat__reader *r, size_t want, const char **out)
{
	if (want > CHAT__BLOCK)
		want = CHAT__BLOCK;
	while (r->len - r->pos < want && !r->eof && !r->ioerr)
		reader_fill(r);
	*out = r->blk + r->pos;
	size_t have = r->len - r->pos;
	return have < want ? have : want;
}

int chat__reader_getc(chat__reader *r)
{
	if (r->pos == r->len)
		reader_fill(r);
	if (r->pos == r->len)
		return -1;
	return (unsigned char)r->blk[r->pos++];
}

int chat__reader_peekc(chat__reader *r)
{
	if (r->pos == r->len)
		reader_fill(r);
	if (r->pos == r->len)
		return -1;
	return (unsigned char)r->blk[r->pos];
}

int chat__reader_line(chat__reader *r, us__buf *line, int *too_long)
{
	us__buf_clear(line);
	*too_long = 0;
	int any = 0;
	for (;;) {
		if (r->pos == r->len)
			reader_fill(r);
		if (r->pos == r->len)
			break;
		any = 1;
		const char *start = r->blk + r->pos;
		size_t avail = r->len - r->pos;
		const char *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		if (!*too_long) {
			size_t max = line->max ? line->max : CHAT__LINE_MAX;
			size_t room = max > line->len ? max - line->len : 0;
			size_t keep = take < room ? take : room;
			/* Only ETOOBIG or ENOMEM can fail here; both end up as a
			 * line that is reported, not as one silently cut. */
			if (keep && us__buf_append(line, start, keep))
				*too_long = 1;
			if (keep < take)
				*too_long = 1;
		}
		r->pos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (!any)
		return 0;
	if (line->len && line->data[line->len - 1] == '\r')
		line->data[--line->len] = '\0';
	if (!line->data && us__buf_append(line, "", 0))
		*too_long = 1;
	r->line++;
	return 1;
}

/* ---- reporting ---- */

void chat__skip(chat__ctx *c, size_t line, const char *fmt, ...)
{
	c->stats->skipped_lines++;
	if (!c->on_skip)
		return;
	char reason[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	c->on_skip(line, reason, c->skip_ctx);
}

int chat__emit(chat__ctx *c, const chat_message *m)
{
	c->stats->messages++;
	return c->fn(m, c->fn_ctx);
}

int chat__read_error(chat__ctx *c, const chat__reader *r)
{
	if (!r->ioerr)
		return 0;
	return us__error_set(c->err, US_EIO, "%s:%zu: cannot read the export", c->name,
			     r->line + 1);
}

/* ---- dates and clocks ---- */

static int scan_digits(const char *s, size_t len, size_t *i, int maxd, int *val)
{
	int n = 0, v = 0;
	while (*i < len && n < maxd && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	*val = v;
	return n;
}

int chat__date_scan(const char *s, size_t len, size_t *i, chat__date_raw *out)
{
	size_t j = *i;
	int n0 = scan_digits(s, len, &j, 4, &out->f[0]);
	if (n0 == 0 || n0 == 3 || j >= len)
		return -1;
	char sep = s[j];
	if (sep != '/' && sep != '.' && sep != '-')
		return -1;
	j++;
	int n1 = scan_digits(s, len, &j, 2, &out->f[1]);
	if (n1 == 0 || j >= len || s[j] != sep)
		return -1;
	j++;
	int n2 = scan_digits(s, len, &j, 4, &out->f[2]);
	out->iso = n0 == 4;
	if (out->iso ? (n2 < 1 || n2 > 2) : (n2 != 2 && n2 != 4))
		return -1;
	/* A fifth digit means this was some other number. */
	if (j < len && s[j] >= '0' && s[j] <= '9')
		return -1;
	*i = j;
	return 0;
}

chat_date_order chat__date_shows(const chat__date_raw *d)
{
	if (d->iso)
		return CHAT_DATE_AUTO;
	if (d->f[0] > 12 && d->f[1] <= 12)
		return CHAT_DATE_DMY;
	if (d->f[1] > 12 && d->f[0] <= 12)
		return CHAT_DATE_MDY;
	return CHAT_DATE_AUTO;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int chat__time_valid(const chat_time *t)
{
	return t->year >= 1 && t->year <= 9999 && t->month >= 1 && t->month <= 12 &&
	       t->day >= 1 && t->day <= days_in_month(t->year, t->month) && t->hour >= 0 &&
	       t->hour <= 23 && t->minute >= 0 && t->minute <= 59 && t->second >= 0 &&
	       t->second <= 59;
}

int chat__date_resolve(const chat__date_raw *d, chat_date_order order, chat_time *t)
{
	if (d->iso) {
		t->year = d->f[0];
		t->month = d->f[1];
		t->day = d->f[2];
	} else {
		/* Two-digit years: WhatsApp and Telegram are from this century. */
		t->year = d->f[2] < 100 ? 2000 + d->f[2] : d->f[2];
		int mdy = order == CHAT_DATE_MDY;
		t->month = mdy ? d->f[0] : d->f[1];
		t->day = mdy ? d->f[1] : d->f[0];
	}
	if (t->year < 1 || t->month < 1 || t->month > 12 || t->day < 1 ||
	    t->day > days_in_month(t->year, t->month))
		return -1;
	return 0;
}

/* White space that may stand before AM/PM: a space, U+202F (narrow
 * no-break space, newer WhatsApp builds) or U+00A0. Returns its length. */
static size_t clock_space(const char *s, size_t len, size_t i)
{
	if (i < len && s[i] == ' ')
		return 1;
	if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xAF)
		return 3;
	if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	return 0;
}

int chat__clock_scan(const char *s, size_t len, size_t *i, chat_time *t)
{
	size_t j = *i;
	int h, m, sec = 0;
	int nh = scan_digits(s, len, &j, 2, &h);
	if (nh == 0 || j >= len || (s[j] != ':' && s[j] != '.'))
		return -1;
	char tsep = s[j++];
	if (scan_digits(s, len, &j, 2, &m) != 2)
		return -1;
	if (j + 2 < len && s[j] == tsep && s[j + 1] >= '0' && s[j + 1] <= '9') {
		size_t k = j + 1;
		if (scan_digits(s, len, &k, 2, &sec) != 2)
			return -1;
		j = k;
		/* ISO fractions of a second: times stay as written, to the second. */
		if (tsep == ':' && j + 1 < len && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
			j++;
			while (j < len && s[j] >= '0' && s[j] <= '9')
				j++;
		}
	}
	/* AM/PM, in any of the spellings exports use: "PM", "pm", "p.m.", "p. m.". */
	int ampm = 0;
	size_t k = j;
	size_t sp;
	while ((sp = clock_space(s, len, k)) > 0)
		k += sp;
	if (k < len && (s[k] == 'a' || s[k] == 'A' || s[k] == 'p' || s[k] == 'P')) {
		int pm = s[k] == 'p' || s[k] == 'P';
		size_t q = k + 1;
		if (q < len && s[q] == '.')
			q++;
		while ((sp = clock_space(s, len, q)) > 0)
			q += sp;
		if (q < len && (s[q] == 'm' || s[q] == 'M')) {
			q++;
			if (q < len && s[q] == '.')
				q++;
			int letter = q < len && ((s[q] >= 'a' && s[q] <= 'z') || (s[q] >= 'A' && s[q] <= 'Z'));
			if (!letter) {
				ampm = pm ? 2 : 1;
				j = q;
			}
		}
	}
	if (ampm) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (ampm == 2 ? 12 : 0);
	}
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	t->hour = h;
	t->minute = m;
	t->second = sec;
	*i = j;
	return 0;
}

int chat__parse_when(const char *s, size_t len, chat_date_order *order, chat_time *out)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	chat__date_raw d;
	chat_time t = { 0, 0, 0, 0, 0, 0 };
	if (chat__date_scan(s, len, &i, &d))
		return -1;
	chat_date_order shows = chat__date_shows(&d);
	if (*order == CHAT_DATE_AUTO && shows != CHAT_DATE_AUTO)
		*order = shows;
	if (chat__date_resolve(&d, *order, &t))
		return -1;
	if (i < len) {
		if (s[i] == 'T' || s[i] == ' ' || s[i] == ',') {
			i++;
			while (i < len && s[i] == ' ')
				i++;
		} else {
			return -1;
		}
		if (chat__clock_scan(s, len, &i, &t))
			return -1;
		while (i < len && s[i] == ' ')
			i++;
		/* A zone is left as it is: times are kept as written. */
		if (i < len && !(s[i] == 'Z' || s[i] == '+' || s[i] == '-' ||
				 (len - i >= 3 && (!memcmp(s + i, "UTC", 3) || !memcmp(s + i, "GMT", 3)))))
			return -1;
	}
	*out = t;
	return 0;
}

/* ---- marks and placeholders ---- */

/* Length of an invisible direction mark at s[i], or 0. */
static size_t mark_at(const char *s, size_t len, size_t i)
{
	if (i + 2 >= len || (unsigned char)s[i] != 0xE2)
		return 0;
	unsigned char b1 = (unsigned char)s[i + 1], b2 = (unsigned char)s[i + 2];
	if (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE)))
		return 3;
	if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)
		return 3;
	/* U+FEFF, a byte order mark in the middle of text, is invisible too. */
	return 0;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

size_t chat__strip_marks(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t m = mark_at(s, len, i);
		if (m) {
			i += m;
			continue;
		}
		s[o++] = s[i++];
	}
	size_t a = 0;
	while (a < o && is_space(s[a]))
		a++;
	while (o > a && is_space(s[o - 1]))
		o--;
	memmove(s, s + a, o - a);
	o -= a;
	if (o < len)
		s[o] = '\0';
	return o;
}

void chat__trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len, m;
	for (;;) {
		if (n && is_space(p[0])) {
			p++;
			n--;
		} else if ((m = mark_at(p, n, 0)) > 0) {
			p += m;
			n -= m;
		} else {
			break;
		}
	}
	for (;;) {
		if (n && is_space(p[n - 1]))
			n--;
		else if (n >= 3 && mark_at(p, n, n - 3))
			n -= 3;
		else
			break;
	}
	*s = p;
	*len = n;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

int chat__is_placeholder(const char *s, size_t len)
{
	/* Exact placeholders, in the languages exports are most often in. */
	static const char *const exact[] = {
		"<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>",
		"<Médias omis>", "<Mídia oculta>", "<Media omessi>", "<Media weggelaten>",
		"This message was deleted", "This message was deleted.",
		"You deleted this message", "You deleted this message.",
		"image omitted", "video omitted", "audio omitted", "sticker omitted",
		"GIF omitted", "document omitted", "Contact card omitted",
		"<View once voice message omitted>", "<Video note omitted>",
	};
	char tmp[256];
	if (len == 0 || len >= sizeof(tmp)) {
		/* Long lines can still be iOS "<attached: name>" with a long name. */
		const char *p = s;
		size_t n = len;
		chat__trim(&p, &n);
		return n > 11 && !memcmp(p, "<attached: ", 11) && p[n - 1] == '>' &&
		       !memchr(p, '\n', n);
	}
	memcpy(tmp, s, len);
	size_t n = chat__strip_marks(tmp, len);
	if (n == 0 || memchr(tmp, '\n', n))
		return 0;
	for (size_t k = 0; k < sizeof(exact) / sizeof(exact[0]); k++)
		if (strlen(exact[k]) == n && !memcmp(tmp, exact[k], n))
			return 1;
	if (n > 11 && !memcmp(tmp, "<attached: ", 11) && tmp[n - 1] == '>')
		return 1;
	/* Android: "IMG-20231231-WA0001.jpg (file attached)"; iOS documents:
	 * "report.pdf • 3 pages document omitted". */
	return ends_with(tmp, n, " (file attached)") || ends_with(tmp, n, " document omitted");
}

/* ---- formats ---- */

const char *chat_format_name(chat_format f)
{
	switch (f) {
	case CHAT_AUTO: return "auto";
	case CHAT_WHATSAPP: return "whatsapp";
	case CHAT_TELEGRAM: return "telegram";
	case CHAT_CSV: return "csv";
	case CHAT_JSONL: return "jsonl";
	}
	return "unknown";
}

int chat_format_parse(chat_format *out, const char *name)
{
	static const chat_format all[] = { CHAT_AUTO, CHAT_WHATSAPP, CHAT_TELEGRAM, CHAT_CSV,
					   CHAT_JSONL };
	if (!name)
		return US_EINVAL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!strcmp(name, chat_format_name(all[i]))) {
			*out = all[i];
			return 0;
		}
	}
	return US_EINVAL;
}

static int detect(chat__reader *r, const char *name, chat_format *out, us_error *err)
{
	const char *p;
	size_t n = chat__reader_peek(r, CHAT__BLOCK, &p);
	size_t i = 0;
	while (i < n && is_space(p[i]))
		i++;
	if (i == n) {
		if (r->ioerr)
			return us__error_set(err, US_EIO, "%s:1: cannot read the export", name);
		return us__error_set(err, US_EPARSE, "%s: empty, no message to read", name);
	}
	/* WhatsApp first: iOS lines open with '[' too. */
	size_t at = 0;
	for (int lines = 0; lines < 20 && at < n; lines++) {
		const char *nl = memchr(p + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - p) : n;
		if (chat__whatsapp_is_header(p + at, end - at)) {
			*out = CHAT_WHATSAPP;
			return 0;
		}
		if (!nl)
			break;
		at = end + 1;
	}
	if (p[i] == '{' || p[i] == '[') {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;
		*out = CHAT_TELEGRAM;
		/* A first line that is a whole JSON object is a JSON Lines record,
		 * unless it is a one-line Telegram export. A longer first line
		 * (past the peek) is a minified Telegram export. */
		if (nl || n < CHAT__BLOCK) {
			json_t *j = json_loadb(p + i, end - i, 0, NULL);
			if (json_is_object(j) && !json_object_get(j, "messages") &&
			    !json_object_get(j, "chats"))
				*out = CHAT_JSONL;
			json_decref(j);
		}
		return 0;
	}
	const char *nl = memchr(p, '\n', n);
	size_t end = nl ? (size_t)(nl - p) : n;
	if (memchr(p, ',', end) || memchr(p, ';', end) || memchr(p, '\t', end)) {
		*out = CHAT_CSV;
		return 0;
	}
	return us__error_set(err, US_EPARSE,
			     "%s:1: not a chat export this can read (WhatsApp .txt, Telegram "
			     "result.json, CSV or JSON Lines); name the format to read it as one",
			     name);
}

int chat_import(FILE *fp, const char *name, const chat_import_opts *opts, chat_message_fn fn,
		void *ctx, chat_import_stats *stats, us_error *err)
{
	chat_import_stats local;
	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!name)
		name = "(chat)";
	if (!fp || !fn)
		return us__error_set(err, US_EINVAL, "%s: no file or no message callback", name);
	chat_import_opts defaults = { CHAT_AUTO, CHAT_DATE_AUTO, NULL, NULL };
	if (!opts)
		opts = &defaults;
	if ((unsigned)opts->format > CHAT_JSONL || (unsigned)opts->date_order > CHAT_DATE_MDY)
		return us__error_set(err, US_EINVAL, "%s: unknown format or date order", name);

	chat__reader r;
	if (chat__reader_init(&r, fp))
		return us__error_set(err, US_ENOMEM, "%s: out of memory", name);
	chat__ctx c = { name, opts->date_order, opts->on_skip, opts->skip_ctx, fn, ctx, stats, err };
	int rc = 0;
	const char *p;
	size_t n = chat__reader_peek(&r, 4, &p);
	if (n >= 2 && (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
		       ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF))) {
		rc = us__error_set(err, US_EUTF8, "%s:1: UTF-16 text; save the export as UTF-8", name);
		goto done;
	}
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		r.pos += 3;

	chat_format format = opts->format;
	if (format == CHAT_AUTO && (rc = detect(&r, name, &format, err)) != 0)
		goto done;
	stats->format = format;
	switch (format) {
	case CHAT_WHATSAPP: rc = chat__import_whatsapp(&c, &r); break;
	case CHAT_TELEGRAM: rc = chat__import_telegram(&c, &r); break;
	case CHAT_CSV: rc = chat__import_csv(&c, &r); break;
	default: rc = chat__import_jsonl(&c, &r); break;
	}
	stats->date_order = c.order;
	if (!rc)
		rc = chat__read_error(&c, &r);
	if (!rc && stats->messages == 0)
		rc = us__error_set(err, US_EPARSE,
				   "%s: no message could be read as %s (%zu lines skipped, %zu "
				   "system lines)",
				   name, chat_format_name(format), stats->skipped_lines,
				   stats->system_lines);
done:
	chat__reader_free(&r);
	return rc;
}

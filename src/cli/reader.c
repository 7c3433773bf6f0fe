/*
 * reader.c: message splitting over a chunked read (see reader.h).
 */
#include "cli/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void reader_init(reader *r, FILE *fp, int lines_mode)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->lines_mode = lines_mode;
	r->at.line = 1;
	r->at.column = 1;
}

void reader_free(reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Read one more chunk, compacting first. Returns 0, or -1 on error. */
static int fill(reader *r)
{
	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->resume = r->resume > r->pos ? r->resume - r->pos : 0;
		r->pos = 0;
	}
	size_t need = r->len + READER_CHUNK + 1;
	if (need > r->cap) {
		char *p = realloc(r->buf, need);
		if (!p) {
			r->error = ENOMEM;
			return -1;
		}
		r->buf = p;
		r->cap = need;
	}
	size_t n = fread(r->buf + r->len, 1, READER_CHUNK, r->fp);
	if (n == 0) {
		if (ferror(r->fp)) {
			r->error = errno ? errno : EIO;
			return -1;
		}
		r->eof = 1;
	}
	if (!r->checked_binary && n > 0) {
		/* A NUL byte near the start means a binary file, as grep judges. */
		r->checked_binary = 1;
		if (memchr(r->buf + r->len, '\0', n < 8192 ? n : 8192)) {
			r->binary = 1;
			return -1;
		}
	}
	r->len += n;
	return 0;
}

/* Move the read position to `to`, keeping line and column: lines are
 * counted with memchr, code points only after the last newline. */
static void advance(reader *r, size_t to)
{
	const char *p = r->buf + r->pos, *end = r->buf + to, *last_nl = NULL;
	for (const char *q = p; q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++) {
		r->at.line++;
		last_nl = q;
	}
	if (last_nl) {
		r->at.column = 1;
		p = last_nl + 1;
	}
	for (; p < end; p++)
		r->at.column += ((unsigned char)*p & 0xC0) != 0x80;
	r->at.offset += to - r->pos;
	r->pos = to;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Where the message starting at r->pos ends (*end), and where the next one
 * starts (*next). Returns 0 when more input is needed to know; the scan
 * then resumes where it stopped, so each byte is looked at once. */
static int find_end(reader *r, size_t *end, size_t *next)
{
	const char *s = r->buf + r->pos;
	size_t avail = r->len - r->pos;
	size_t i = r->resume > r->pos ? r->resume - r->pos : 0;
	while (i < avail) {
		const char *nl = memchr(s + i, '\n', avail - i);
		if (!nl)
			break;
		size_t line_end = (size_t)(nl - s);
		if (r->lines_mode) {
			*next = r->pos + line_end + 1;
			*end = r->pos + line_end;
			return 1;
		}
		/* Paragraph mode: the message ends before a blank line. */
		if (i > 0 && blank_line(s + i, line_end - i)) {
			*end = r->pos + i - 1;
			*next = r->pos + i;
			return 1;
		}
		i = line_end + 1;
	}
	if (r->eof) {
		if (!r->lines_mode && i > 0 && i < avail && blank_line(s + i, avail - i))
			*end = r->pos + i - 1;
		else
			*end = r->len;
		*next = r->len;
		return 1;
	}
	r->resume = r->pos + i;
	return 0;
}

/* A cut inside an over-long message: after the last sentence end or space
 * before the limit, never inside a UTF-8 sequence. */
static size_t cut_point(const reader *r)
{
	size_t limit = r->pos + READER_MAX_MESSAGE;
	for (size_t i = limit; i > r->pos + READER_MAX_MESSAGE / 2; i--) {
		char c = r->buf[i - 1];
		if (c == '.' || c == '!' || c == '?')
			return i;
	}
	for (size_t i = limit; i > r->pos + READER_MAX_MESSAGE / 2; i--)
		if (r->buf[i - 1] == ' ' || r->buf[i - 1] == '\n')
			return i;
	size_t i = limit;
	while (i > r->pos && ((unsigned char)r->buf[i] & 0xC0) == 0x80)
		i--;
	return i;
}

int reader_next(reader *r, const char **msg, size_t *len, us_position *at)
{
	for (;;) {
		/* Skip the blank lines between paragraphs. */
		if (!r->lines_mode) {
			while (r->pos < r->len) {
				const char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
				size_t line_end = nl ? (size_t)(nl - r->buf) : r->len;
				if (!blank_line(r->buf + r->pos, line_end - r->pos) || (!nl && !r->eof))
					break;
				advance(r, nl ? line_end + 1 : line_end);
			}
		}
		if (r->pos >= r->len && r->eof)
			return 0;
		size_t next = 0, end = 0;
		int found = find_end(r, &end, &next);
		if (!found && r->len - r->pos >= READER_MAX_MESSAGE) {
			end = next = cut_point(r);
			found = 1;
		}
		if (!found) {
			if (fill(r) < 0)
				return -1;
			continue;
		}
		size_t e = end;
		while (e > r->pos && (r->buf[e - 1] == '\r' || (!r->lines_mode && r->buf[e - 1] == '\n')))
			e--;
		*msg = r->buf + r->pos;
		*len = e - r->pos;
		*at = r->at;
		advance(r, next);
		r->resume = 0;
		return 1;
	}
}

/*
 * reader.h: splits an input stream into the messages the analyzer sees,
 * reading in fixed chunks so memory stays bounded on any input size.
 *
 * A message is a paragraph (lines up to a blank line), or with lines mode
 * a single line. A message longer than READER_MAX_MESSAGE bytes (a 100 MB
 * single line, say) is cut at the last sentence end or space before the
 * limit; no pattern spans such a cut.
 */
#ifndef US_CLI_READER_H
#define US_CLI_READER_H

#include "unscripted/analyze.h"

#include <stdio.h>

#define READER_MAX_MESSAGE ((size_t)256 << 10)
#define READER_CHUNK ((size_t)64 << 10)

typedef struct reader {
	FILE *fp;
	int lines_mode;
	char *buf;
	size_t pos, len, cap;
	int eof;
	int error; /* errno of a failed read */
	int binary;
	us_position at; /* position of buf[pos] in the input */
	size_t resume;  /* where find_end stopped looking, in buf */
	int checked_binary;
} reader;

void reader_init(reader *r, FILE *fp, int lines_mode);
/* 1: a message in msg and len, starting at at; 0: end of input; -1: read
 * error (r->error) or binary input (r->binary). The message is valid until
 * the next call. */
int reader_next(reader *r, const char **msg, size_t *len, us_position *at);
void reader_free(reader *r);

#endif

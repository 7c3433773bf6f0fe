/*
 * buf.h: the one growable byte buffer of the library. Every buffer carries
 * a cap: input from files, sockets and requests is always bounded, and going
 * past the cap is an error (US_ETOOBIG), not a silent truncation.
 *
 * Ownership: the struct is the caller's (stack or embedded); its data is
 * heap memory freed by us__buf_free.
 */
#ifndef US_CORE_BUF_H
#define US_CORE_BUF_H

#include "unscripted/error.h"

#include <stddef.h>

typedef struct us__buf {
	char *data; /* always NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	size_t max; /* the cap on len; 0 means the default of 64 MiB */
} us__buf;

#define US__BUF_INIT(max_bytes) { NULL, 0, 0, (max_bytes) }

int us__buf_append(us__buf *b, const void *data, size_t len);
int us__buf_appendc(us__buf *b, char c);
int us__buf_printf(us__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void us__buf_clear(us__buf *b);
void us__buf_free(us__buf *b);

/* Read a whole file into b (whose max is the file's size limit). `what`
 * names the kind of file in the message when it is too large ("a rule
 * file"). Returns 0 or US_EIO / US_ETOOBIG / US_ENOMEM with err filled. */
int us__buf_read_file(us__buf *b, const char *path, const char *what, us_error *err);

#endif

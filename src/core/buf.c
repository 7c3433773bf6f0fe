/*
 * buf.c: growable, capped byte buffer (see buf.h). Growth doubles so that
 * appends are amortised O(1); the cap is checked before any allocation.
 */
#include "core/buf.h"
#include "core/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define US__BUF_DEFAULT_MAX ((size_t)64 << 20)

int us__grow(void **items, size_t *cap, size_t need, size_t item_size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / item_size)
			return US_ENOMEM;
		n *= 2;
	}
	void *p = realloc(*items, n * item_size);
	if (!p)
		return US_ENOMEM;
	*items = p;
	*cap = n;
	return 0;
}

static int buf_reserve(us__buf *b, size_t extra)
{
	size_t max = b->max ? b->max : US__BUF_DEFAULT_MAX;
	if (extra > max || b->len > max - extra)
		return US_ETOOBIG;
	return us__grow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
}

int us__buf_append(us__buf *b, const void *data, size_t len)
{
	int rc = buf_reserve(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int us__buf_appendc(us__buf *b, char c)
{
	return us__buf_append(b, &c, 1);
}

int us__buf_printf(us__buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return US_EINVAL;
	int rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void us__buf_clear(us__buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void us__buf_free(us__buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int us__buf_read_file(us__buf *b, const char *path, const char *what, us_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return us__error_set(err, US_EIO, "%s: cannot open: %s", path, strerror(errno));
	char chunk[8192];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		rc = us__buf_append(b, chunk, n);
	if (!rc && ferror(fp))
		rc = us__error_set(err, US_EIO, "%s: cannot read: %s", path, strerror(errno));
	else if (rc == US_ETOOBIG)
		rc = us__error_set(err, rc, "%s: larger than the %zu KiB limit for %s", path,
				   (b->max ? b->max : US__BUF_DEFAULT_MAX) >> 10, what);
	else if (rc)
		rc = us__error_set(err, rc, "%s: out of memory", path);
	fclose(fp);
	return rc;
}

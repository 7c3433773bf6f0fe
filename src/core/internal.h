/*
 * internal.h: helpers shared by the library's own files. Not installed.
 * Names here use the us__ prefix; nothing here is part of the public API.
 */
#ifndef US_CORE_INTERNAL_H
#define US_CORE_INTERNAL_H

#include "unscripted/error.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define US__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define US__PRINTF(a, b)
#endif

/* Fill err (when not NULL) and return code, so callers can write
 * `return us__error_set(err, US_EPARSE, "...")`. */
int us__error_set(us_error *err, int code, const char *fmt, ...) US__PRINTF(3, 4);

/* FNV-1a: small, fast on the short keys we hash (words, stems). */
static inline uint64_t us__hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Grow *items (of item_size bytes each) so that it holds at least need
 * items. Returns 0 or US_ENOMEM; *items is untouched on failure. */
int us__grow(void **items, size_t *cap, size_t need, size_t item_size);

#endif

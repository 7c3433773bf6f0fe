/*
 * error.c: filling us_error. Messages are formatted once, truncated to the
 * fixed buffer, so reporting an error never allocates (it may be reporting
 * that allocation failed).
 */
#include "core/internal.h"

#include <stdarg.h>
#include <stdio.h>

const char *us_strerror(int code)
{
	switch (code) {
	case US_OK: return "success";
	case US_ENOMEM: return "out of memory";
	case US_EINVAL: return "invalid argument";
	case US_EPARSE: return "parse error";
	case US_EIO: return "input/output error";
	case US_ETOOBIG: return "input too large";
	case US_EUTF8: return "invalid UTF-8";
	case US_ENOTFOUND: return "not found";
	case US_EINFEASIBLE: return "infeasible";
	default: return "unknown error";
	}
}

int us__error_set(us_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return code;
}

/*
 * unscripted/error.h: how every libunscripted function reports failure.
 *
 * Functions return 0 on success or a negative US_E* code, and fill a
 * caller-owned us_error (may be NULL) with a message a person can act on,
 * such as "rules/talk.yml:41: unknown category 'critcism'".
 * The library never prints and never exits.
 */
#ifndef UNSCRIPTED_ERROR_H
#define UNSCRIPTED_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
	US_OK = 0,
	US_ENOMEM = -1,     /* an allocation failed */
	US_EINVAL = -2,     /* a bad argument or option */
	US_EPARSE = -3,     /* a rule pack, lexicon or data file is malformed */
	US_EIO = -4,        /* a file could not be read */
	US_ETOOBIG = -5,    /* input beyond a documented size cap */
	US_EUTF8 = -6,      /* input is not valid UTF-8 */
	US_ENOTFOUND = -7,  /* a named thing (rule id, word class) does not exist */
	US_EINFEASIBLE = -8 /* a problem has no solution under its constraints */
};

#define US_ERROR_MESSAGE_MAX 512

/* Caller-owned; zero-initialise it or use US_ERROR_INIT. */
typedef struct us_error {
	int code;
	char message[US_ERROR_MESSAGE_MAX];
} us_error;

#define US_ERROR_INIT { 0, { 0 } }

/* A static, human-readable name for a US_E* code. Never NULL. */
const char *us_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif

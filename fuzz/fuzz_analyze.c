/*
 * fuzz_analyze.c: arbitrary bytes through the analyzer with every default
 * pack loaded. Invalid UTF-8 must fail cleanly; anything else must scan.
 */
#include "unscripted/unscripted.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static us_ruleset *rules;
static us_scanner *scanner;

static int count(const us_finding *f, void *ctx)
{
	size_t *n = ctx;
	/* Touch every byte of the finding so ASan checks its bounds. */
	for (size_t i = 0; i < f->text_len; i++)
		*n += (unsigned char)f->text[i] == 0xFF;
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!rules) {
		us_error err = US_ERROR_INIT;
		if (us_ruleset_new(&rules, &err) || us_ruleset_add_defaults(rules, &err) ||
		    us_ruleset_compile(rules, &err) || us_scanner_new(&scanner, rules, &err))
			abort(); /* the default packs must always load */
	}
	us_error err = US_ERROR_INIT;
	size_t n = 0;
	us_position at = { 0, 1, 1 };
	int rc = us_scanner_scan(scanner, (const char *)data, size, at, count, &n, &err);
	if (rc != 0 && rc != US_EUTF8)
		abort();
	if (rc == 0 && us_utf8_invalid_offset((const char *)data, size) != size)
		abort(); /* accepted invalid UTF-8 */
	return 0;
}

/*
 * consumer.c: a program outside the project, built against an installed
 * libunscripted through pkg-config, as a user of the library would.
 */
#include <unscripted/unscripted.h>

#include <stdio.h>
#include <string.h>

static int print(const us_finding *f, void *ctx)
{
	(void)ctx;
	printf("%s %.*s\n", us_category_name(f->category), (int)f->text_len, f->text);
	return 0;
}

int main(void)
{
	us_error err = US_ERROR_INIT;
	us_ruleset *rs = NULL;
	us_scanner *sc = NULL;
	const char *text = "You always forget the bins.";
	us_position at = { 0, 1, 1 };
	int rc = us_ruleset_new(&rs, &err);
	if (!rc)
		rc = us_ruleset_add_defaults(rs, &err);
	if (!rc)
		rc = us_ruleset_compile(rs, &err);
	if (!rc)
		rc = us_scanner_new(&sc, rs, &err);
	if (!rc)
		rc = us_scanner_scan(sc, text, strlen(text), at, print, NULL, &err);
	if (rc)
		fprintf(stderr, "consumer: %s\n", err.message);
	us_scanner_free(sc);
	us_ruleset_free(rs);
	printf("libunscripted %s\n", us_version());
	return rc ? 1 : 0;
}

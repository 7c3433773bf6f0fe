/*
 * fuzz_rules.c: arbitrary bytes as a user's rule pack, loaded after a small
 * base pack (so overrides and duplicate ids are reachable) and compiled. Any
 * outcome is fine but a crash, a leak, or an error without a message. The
 * default packs are left out so that a run takes well under a millisecond
 * (compiling them takes a tenth of a second under the sanitizers);
 * fuzz_analyze runs them.
 */
#include "unscripted/unscripted.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base[] = "normalize:\n  dont: do not\n  u: you\n"
			   "classes:\n  negative-act: [forget, =interrupt]\n  gender-group: [men, women]\n"
			   "rules:\n  - id: base-absolute\n    category: criticism\n    message: m\n"
			   "    patterns: [\"you (always|never) {negative-act}\"]\n"
			   "filters:\n  - id: base-quoted\n    suppress: [stereotype]\n    when: quoted\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	us_error err = US_ERROR_INIT;
	us_ruleset *rs = NULL;
	if (us_ruleset_new(&rs, &err) || us_ruleset_add_yaml(rs, "base.yml", base, sizeof(base) - 1, &err))
		abort();
	int rc = us_ruleset_add_yaml(rs, "fuzz.yml", (const char *)data, size, &err);
	if (!rc)
		rc = us_ruleset_compile(rs, &err);
	if (rc && !err.message[0])
		abort();
	if (!rc) {
		us_scanner *sc = NULL;
		if (us_scanner_new(&sc, rs, &err))
			abort();
		static const char text[] = "You always forget the bins. Boys don't cry? I'm fine.";
		us_position at = { 0, 1, 1 };
		us_scanner_scan(sc, text, sizeof(text) - 1, at, NULL, NULL, &err);
		us_scanner_free(sc);
	}
	us_ruleset_free(rs);
	return 0;
}

/*
 * config.h: the .unscripted.yml file, found upward from the working
 * directory:
 *
 *   disable: [rule-id, ...]   # turn rules off
 *   rules: [path, ...]        # more packs or folders of packs, relative to the file
 *   allow: [word, ...]        # never flag these words
 */
#ifndef US_CLI_CONFIG_H
#define US_CLI_CONFIG_H

#include "unscripted/analyze.h"

/* Find the config (explicit path, or upward search when path is NULL) and
 * apply it to rs. *found is set to the file used (caller frees) or NULL.
 * Returns 0 or a US_E* code with err filled. */
int config_apply(us_ruleset *rs, const char *path, char **found, us_error *err);

/* Which packs a command runs with (check and report share these options). */
typedef struct rules_opts {
	const char *const *paths; /* --rules: pack files or folders, in order */
	size_t npaths;
	const char *config; /* --config FILE, or NULL to search upward */
	int no_config;      /* --no-config */
	int no_default_rules;
} rules_opts;

/* The default packs (or only their lexicons), then --rules, then the config
 * file, compiled. The caller frees *out with us_ruleset_free. */
int rules_build(const rules_opts *o, us_ruleset **out, us_error *err);

#endif

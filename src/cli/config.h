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

#endif

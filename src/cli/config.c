/*
 * config.c: reads .unscripted.yml (see config.h) with libyaml.
 */
#include "cli/config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define CONFIG_NAME ".unscripted.yml"

static char *find_upward(void)
{
	char dir[PATH_MAX];
	if (!getcwd(dir, sizeof(dir)))
		return NULL;
	for (;;) {
		char path[PATH_MAX + sizeof(CONFIG_NAME) + 1];
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", CONFIG_NAME);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return strdup(path);
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (strcmp(dir, "/") == 0)
				return NULL;
			strcpy(dir, "/");
			continue;
		}
		*slash = '\0';
	}
}

static int cfg_error(us_error *err, const char *file, const yaml_node_t *n, const char *what)
{
	snprintf(err->message, sizeof(err->message), "%s:%zu: %s", file, n ? n->start_mark.line + 1 : 1, what);
	err->code = US_EPARSE;
	return US_EPARSE;
}

static int apply_list(us_ruleset *rs, yaml_document_t *doc, const char *file, const char *key,
		      yaml_node_t *list, us_error *err)
{
	if (list->type != YAML_SEQUENCE_NODE)
		return cfg_error(err, file, list, "expected a list");
	for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
		yaml_node_t *n = yaml_document_get_node(doc, *it);
		if (n->type != YAML_SCALAR_NODE)
			return cfg_error(err, file, n, "expected a string");
		const char *v = (const char *)n->data.scalar.value;
		int rc;
		if (!strcmp(key, "disable")) {
			rc = us_ruleset_disable(rs, v, err);
		} else if (!strcmp(key, "allow")) {
			rc = us_ruleset_allow_word(rs, v, err);
		} else {
			char path[PATH_MAX];
			const char *slash = strrchr(file, '/');
			if (v[0] == '/' || !slash)
				snprintf(path, sizeof(path), "%s", v);
			else
				snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - file), file, v);
			struct stat st;
			rc = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? us_ruleset_add_dir(rs, path, err)
								      : us_ruleset_add_file(rs, path, err);
		}
		if (rc) {
			char inner[US_ERROR_MESSAGE_MAX];
			snprintf(inner, sizeof(inner), "%s", err->message);
			snprintf(err->message, sizeof(err->message), "%.200s:%zu: %.290s", file, n->start_mark.line + 1, inner);
			return rc;
		}
	}
	return 0;
}

int config_apply(us_ruleset *rs, const char *path, char **found, us_error *err)
{
	*found = path ? strdup(path) : find_upward();
	if (!*found)
		return 0;
	FILE *fp = fopen(*found, "rb");
	if (!fp) {
		snprintf(err->message, sizeof(err->message), "%s: cannot open", *found);
		return err->code = US_EIO;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	int rc = 0;
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(err->message, sizeof(err->message), "%s:%zu: %s", *found, parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "malformed YAML");
		rc = err->code = US_EPARSE;
		yaml_parser_delete(&parser);
		fclose(fp);
		return rc;
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root && root->type != YAML_MAPPING_NODE)
		rc = cfg_error(err, *found, root, "expected a mapping with disable, rules or allow");
	/* Packs first, so that `disable` may name their rules. */
	static const char *const order[] = { "rules", "disable", "allow" };
	for (int pass = 0; !rc && root && pass < 3; pass++) {
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start; !rc && p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&doc, p->key);
			const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
			if (pass == 0 && strcmp(key, "rules") && strcmp(key, "disable") && strcmp(key, "allow")) {
				char what[200];
				snprintf(what, sizeof(what), "unknown key '%s' (expected disable, rules or allow)", key);
				rc = cfg_error(err, *found, k, what);
			} else if (!strcmp(key, order[pass])) {
				rc = apply_list(rs, &doc, *found, key, yaml_document_get_node(&doc, p->value), err);
			}
		}
	}
	yaml_document_delete(&doc);
	return rc;
}

int rules_build(const rules_opts *o, us_ruleset **out, us_error *err)
{
	us_ruleset *rs = NULL;
	char *config = NULL;
	int rc = us_ruleset_new(&rs, err);
	if (!rc)
		rc = o->no_default_rules ? us_ruleset_add_default_lexicons(rs, err) : us_ruleset_add_defaults(rs, err);
	for (size_t i = 0; !rc && i < o->npaths; i++) {
		struct stat st;
		const char *p = o->paths[i];
		rc = stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? us_ruleset_add_dir(rs, p, err)
							      : us_ruleset_add_file(rs, p, err);
	}
	if (!rc && !o->no_config)
		rc = config_apply(rs, o->config, &config, err);
	if (!rc)
		rc = us_ruleset_compile(rs, err);
	free(config);
	if (rc) {
		us_ruleset_free(rs);
		return rc;
	}
	*out = rs;
	return 0;
}

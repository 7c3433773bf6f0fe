/*
 * loader.c: reads one YAML file (a rule pack, a lexicon, a normalization
 * table, or several of these) into a ruleset.
 *
 * A file is checked whole before anything of it is kept: the rules, class
 * words and table entries are staged in local arrays and committed only when
 * every part is valid, so a broken pack is rejected, never half-loaded.
 * Every error names the file and line: "rules/talk.yml:41: unknown category".
 */
#include "core/ruleset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct staged_word {
	char *cls;
	char *word;
	uint32_t line;
} staged_word;

typedef struct staged_norm {
	char *key, *value;
} staged_norm;

typedef struct load_ctx {
	us_ruleset *rs;
	const char *file;
	yaml_document_t *doc;
	us_error *err;
	us__rule *rules;
	size_t nrules, caprules;
	us__pattern *patterns;
	size_t npatterns, cappatterns;
	int *override_of; /* per staged rule: index of the replaced rule, or -1 */
	size_t capoverride;
	staged_word *words;
	size_t nwords, capwords;
	staged_norm *norms;
	size_t nnorms, capnorms;
} load_ctx;

static uint32_t line_of(const yaml_node_t *n)
{
	return (uint32_t)n->start_mark.line + 1;
}

static int fail(load_ctx *c, const yaml_node_t *n, const char *fmt, const char *arg)
{
	char msg[300];
	snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	return us__error_set(c->err, US_EPARSE, "%s:%u: %s", c->file, n ? line_of(n) : 1, msg);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int dup_or_fail(load_ctx *c, char **out, const char *s)
{
	free(*out); /* a key given twice: the last one wins, as in YAML readers */
	*out = strdup(s);
	return *out ? 0 : us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
}

static int find_rule(const us_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return (int)i;
	return -1;
}

static void free_rule_strings(us__rule *r)
{
	free(r->id);
	free(r->message);
	free(r->suggestion);
}

static int parse_bool(load_ctx *c, const yaml_node_t *v, const char *key, uint8_t *out)
{
	const char *s = scalar(v);
	if (s && (!strcmp(s, "true") || !strcmp(s, "yes"))) {
		*out = 1;
		return 0;
	}
	if (s && (!strcmp(s, "false") || !strcmp(s, "no"))) {
		*out = 0;
		return 0;
	}
	return fail(c, v, "'%s' must be true or false", key);
}

static int stage_patterns(load_ctx *c, const yaml_node_t *seq, uint32_t rule_index, us__rule *r)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return fail(c, seq, "'patterns' of rule '%s' must be a list of strings", r->id);
	r->first_pattern = (uint32_t)c->npatterns; /* staged index; rebased on commit */
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *pn = yaml_document_get_node(c->doc, *it);
		const char *src = scalar(pn);
		if (!src)
			return fail(c, pn, "a pattern of rule '%s' is not a string", r->id);
		uint32_t root;
		int rc = us__pattern_parse(c->rs, src, &root, c->file, line_of(pn), c->err);
		if (rc)
			return rc;
		if (us__grow((void **)&c->patterns, &c->cappatterns, c->npatterns + 1, sizeof(us__pattern)))
			return us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
		us__pattern *p = &c->patterns[c->npatterns++];
		memset(p, 0, sizeof(*p));
		p->rule = rule_index;
		p->root = root;
		p->line = line_of(pn);
		r->npatterns++;
	}
	if (r->npatterns == 0 && !r->when_quoted)
		return fail(c, seq, "rule '%s' has no patterns", r->id);
	return 0;
}

static int stage_rule(load_ctx *c, const yaml_node_t *m, int is_filter)
{
	if (m->type != YAML_MAPPING_NODE)
		return fail(c, m, "%s", is_filter ? "a filter must be a mapping" : "a rule must be a mapping");
	us__rule r;
	memset(&r, 0, sizeof(r));
	r.enabled = 1;
	r.is_filter = (uint8_t)is_filter;
	r.line = line_of(m);
	const yaml_node_t *patterns = NULL;
	uint8_t override = 0, have_category = 0;
	int rc = 0;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; !rc && p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		const char *key = scalar(k), *val = scalar(v);
		if (!key) {
			rc = fail(c, k, "%s", "keys must be plain strings");
		} else if (!strcmp(key, "id") && val && *val) {
			rc = dup_or_fail(c, &r.id, val);
		} else if (!strcmp(key, "category") && !is_filter && val) {
			if (us_category_parse(&r.category, val))
				rc = fail(c, v, "unknown category '%s' (see TAXONOMY.md for the list)", val);
			have_category = 1;
		} else if (!strcmp(key, "message") && val) {
			rc = dup_or_fail(c, &r.message, val);
		} else if (!strcmp(key, "suggestion") && val) {
			rc = *val ? dup_or_fail(c, &r.suggestion, val) : 0;
		} else if (!strcmp(key, "override")) {
			rc = parse_bool(c, v, key, &override);
		} else if (!strcmp(key, "patterns")) {
			patterns = v;
		} else if (!strcmp(key, "when") && is_filter) {
			if (!val || strcmp(val, "quoted"))
				rc = fail(c, v, "unknown condition 'when: %s' (only 'quoted' is known)", val);
			r.when_quoted = 1;
		} else if (!strcmp(key, "suppress") && is_filter && v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start; !rc && it < v->data.sequence.items.top; it++) {
				yaml_node_t *cn = yaml_document_get_node(c->doc, *it);
				us_category cat;
				if (!scalar(cn) || us_category_parse(&cat, scalar(cn)))
					rc = fail(c, cn, "unknown category '%s' in 'suppress'", scalar(cn));
				else
					r.suppress_mask |= 1u << cat;
			}
		} else {
			rc = fail(c, k, "unknown or malformed key '%s'", key);
		}
	}
	if (!rc && !r.id)
		rc = fail(c, m, "%s", "a rule needs an 'id'");
	if (!rc && !is_filter && !have_category)
		rc = fail(c, m, "rule '%s' needs a 'category'", r.id);
	if (!rc && !is_filter && !r.message)
		rc = fail(c, m, "rule '%s' needs a 'message'", r.id);
	if (!rc && is_filter && !r.suppress_mask)
		rc = fail(c, m, "filter '%s' needs 'suppress', a list of categories", r.id);
	if (!rc && !r.message)
		rc = dup_or_fail(c, &r.message, "");
	int replaced = -1;
	if (!rc) {
		replaced = find_rule(c->rs, r.id);
		for (size_t i = 0; i < c->nrules; i++)
			if (!strcmp(c->rules[i].id, r.id))
				rc = fail(c, m, "duplicate rule id '%s' in this file", r.id);
		if (!rc && replaced >= 0 && !override)
			rc = us__error_set(c->err, US_EPARSE,
					   "%s:%u: duplicate rule id '%s' (already in %s; add 'override: true' to replace it)",
					   c->file, line_of(m), r.id, c->rs->rules[replaced].file);
		if (!rc && replaced < 0 && override)
			rc = fail(c, m, "rule '%s' has 'override: true' but there is no rule of that id to replace", r.id);
	}
	if (!rc && (patterns || !r.when_quoted))
		rc = stage_patterns(c, patterns, (uint32_t)c->nrules, &r);
	if (!rc && (us__grow((void **)&c->rules, &c->caprules, c->nrules + 1, sizeof(us__rule)) ||
		    us__grow((void **)&c->override_of, &c->capoverride, c->nrules + 1, sizeof(int))))
		rc = us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
	if (rc) {
		free_rule_strings(&r);
		return rc;
	}
	c->override_of[c->nrules] = replaced;
	c->rules[c->nrules++] = r;
	return 0;
}

static int stage_list(load_ctx *c, const yaml_node_t *v, int is_filter)
{
	if (v->type != YAML_SEQUENCE_NODE)
		return fail(c, v, "'%s' must be a list", is_filter ? "filters" : "rules");
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		int rc = stage_rule(c, yaml_document_get_node(c->doc, *it), is_filter);
		if (rc)
			return rc;
	}
	return 0;
}

static int stage_classes(load_ctx *c, const yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE)
		return fail(c, v, "%s", "'classes' must map class names to lists of words");
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *list = yaml_document_get_node(c->doc, p->value);
		const char *name = scalar(k);
		if (!name || !*name)
			return fail(c, k, "%s", "a class name must be a string");
		if (list->type != YAML_SEQUENCE_NODE)
			return fail(c, list, "class '%s' must be a list of words", name);
		for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
			yaml_node_t *wn = yaml_document_get_node(c->doc, *it);
			const char *w = scalar(wn);
			if (!w || !*w)
				return fail(c, wn, "a word of class '%s' is not a string", name);
			if (strchr(w, ' '))
				return fail(c, wn, "'%s' has a space: a class holds single words (write phrases as patterns)", w);
			if (us__grow((void **)&c->words, &c->capwords, c->nwords + 1, sizeof(staged_word)))
				return us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
			staged_word *sw = &c->words[c->nwords];
			sw->cls = strdup(name);
			sw->word = strdup(w);
			sw->line = line_of(wn);
			c->nwords++;
			if (!sw->cls || !sw->word)
				return us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
		}
	}
	return 0;
}

static int stage_norms(load_ctx *c, const yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE)
		return fail(c, v, "%s", "'normalize' must map words to their replacements");
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(c->doc, p->value);
		if (!scalar(k) || !*scalar(k) || !scalar(val) || !*scalar(val))
			return fail(c, k, "%s", "a normalization entry must map a word to words");
		for (const char *s = scalar(k); *s; s++)
			if (*s >= 'A' && *s <= 'Z')
				return fail(c, k, "'%s' must be written in lowercase", scalar(k));
		if (us__grow((void **)&c->norms, &c->capnorms, c->nnorms + 1, sizeof(staged_norm)))
			return us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
		staged_norm *n = &c->norms[c->nnorms++];
		n->key = strdup(scalar(k));
		n->value = strdup(scalar(val));
		if (!n->key || !n->value)
			return us__error_set(c->err, US_ENOMEM, "out of memory loading %s", c->file);
	}
	return 0;
}

static int class_get(us_ruleset *rs, const char *name, us__class **out)
{
	for (size_t i = 0; i < rs->nclasses; i++)
		if (!strcmp(rs->classes[i].name, name)) {
			*out = &rs->classes[i];
			return 0;
		}
	if (us__grow((void **)&rs->classes, &rs->capclasses, rs->nclasses + 1, sizeof(us__class)))
		return US_ENOMEM;
	us__class *cl = &rs->classes[rs->nclasses];
	memset(cl, 0, sizeof(*cl));
	cl->name = strdup(name);
	if (!cl->name)
		return US_ENOMEM;
	rs->nclasses++;
	*out = cl;
	return 0;
}

static int commit(load_ctx *c, char *file)
{
	us_ruleset *rs = c->rs;
	size_t base_pattern = rs->npatterns;
	if (us__grow((void **)&rs->patterns, &rs->cappatterns, rs->npatterns + c->npatterns, sizeof(us__pattern)) ||
	    us__grow((void **)&rs->rules, &rs->caprules, rs->nrules + c->nrules, sizeof(us__rule)))
		return US_ENOMEM;
	for (size_t i = 0; i < c->nrules; i++) {
		us__rule r = c->rules[i];
		r.file = file;
		r.first_pattern += (uint32_t)base_pattern;
		size_t index;
		if (c->override_of[i] >= 0) {
			index = (size_t)c->override_of[i];
			const us__rule *old = &rs->rules[index];
			for (uint32_t k = 0; k < old->npatterns; k++)
				rs->patterns[old->first_pattern + k].replaced = 1;
			free_rule_strings(&rs->rules[index]);
		} else {
			index = rs->nrules++;
		}
		rs->rules[index] = r;
		for (uint32_t k = 0; k < r.npatterns; k++) {
			us__pattern p = c->patterns[r.first_pattern - base_pattern + k];
			p.rule = (uint32_t)index;
			p.file = file;
			rs->patterns[r.first_pattern + k] = p;
		}
	}
	rs->npatterns += c->npatterns;
	c->nrules = 0; /* ownership moved */
	for (size_t i = 0; i < c->nwords; i++) {
		us__class *cl;
		if (class_get(rs, c->words[i].cls, &cl))
			return US_ENOMEM;
		if (us__grow((void **)&cl->words, &cl->capwords, cl->nwords + 1, sizeof(char *)))
			return US_ENOMEM;
		size_t cap = cl->nwords;
		if (us__grow((void **)&cl->word_lines, &cap, cl->capwords, sizeof(uint32_t)))
			return US_ENOMEM;
		cap = cl->nwords;
		if (us__grow((void **)&cl->word_files, &cap, cl->capwords, sizeof(char *)))
			return US_ENOMEM;
		cl->words[cl->nwords] = c->words[i].word;
		cl->word_lines[cl->nwords] = c->words[i].line;
		cl->word_files[cl->nwords] = file;
		cl->nwords++;
		c->words[i].word = NULL;
	}
	for (size_t i = 0; i < c->nnorms; i++)
		if (us__norm_table_put(&rs->norm, c->norms[i].key, c->norms[i].value))
			return US_ENOMEM;
	return 0;
}

static void ctx_free(load_ctx *c)
{
	for (size_t i = 0; i < c->nrules; i++)
		free_rule_strings(&c->rules[i]);
	free(c->rules);
	free(c->override_of);
	free(c->patterns);
	for (size_t i = 0; i < c->nwords; i++) {
		free(c->words[i].cls);
		free(c->words[i].word);
	}
	free(c->words);
	for (size_t i = 0; i < c->nnorms; i++) {
		free(c->norms[i].key);
		free(c->norms[i].value);
	}
	free(c->norms);
}

static void nodes_truncate(us_ruleset *rs, size_t n)
{
	for (size_t i = n; i < rs->nnodes; i++)
		free(rs->nodes[i].text);
	rs->nnodes = n;
}

int us__ruleset_load_yaml(us_ruleset *rs, const char *name, const char *data, size_t len,
			  us_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	load_ctx c;
	memset(&c, 0, sizeof(c));
	c.rs = rs;
	c.file = name;
	c.doc = &doc;
	c.err = err;
	if (!yaml_parser_initialize(&parser))
		return us__error_set(err, US_ENOMEM, "out of memory loading %s", name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		int rc = us__error_set(err, US_EPARSE, "%s:%zu: %s", name, parser.problem_mark.line + 1,
				       parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		return rc;
	}
	yaml_parser_delete(&parser);

	size_t nodes_before = rs->nnodes;
	int rc = 0;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		rc = us__error_set(err, US_EPARSE, "%s:1: the file is empty", name);
	} else if (root->type != YAML_MAPPING_NODE) {
		rc = fail(&c, root, "%s", "expected a mapping with 'rules', 'filters', 'classes' or 'normalize'");
	} else {
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start; !rc && p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&doc, p->key);
			yaml_node_t *v = yaml_document_get_node(&doc, p->value);
			const char *key = scalar(k);
			if (key && !strcmp(key, "rules"))
				rc = stage_list(&c, v, 0);
			else if (key && !strcmp(key, "filters"))
				rc = stage_list(&c, v, 1);
			else if (key && !strcmp(key, "classes"))
				rc = stage_classes(&c, v);
			else if (key && !strcmp(key, "normalize"))
				rc = stage_norms(&c, v);
			else if (key && (!strcmp(key, "pack") || !strcmp(key, "description")))
				rc = 0;
			else
				rc = fail(&c, k, "unknown top-level key '%s' (expected rules, filters, classes, normalize)", key);
		}
	}
	char *file = NULL;
	if (!rc) {
		file = strdup(name);
		if (!file || us__grow((void **)&rs->files, &rs->capfiles, rs->nfiles + 1, sizeof(char *))) {
			free(file);
			rc = us__error_set(err, US_ENOMEM, "out of memory loading %s", name);
		} else {
			rs->files[rs->nfiles++] = file;
		}
	}
	if (!rc && commit(&c, file))
		rc = us__error_set(err, US_ENOMEM, "out of memory loading %s", name);
	if (rc)
		nodes_truncate(rs, rc == US_ENOMEM ? rs->nnodes : nodes_before);
	ctx_free(&c);
	yaml_document_delete(&doc);
	return rc;
}

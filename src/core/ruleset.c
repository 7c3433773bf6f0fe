/*
 * ruleset.c: a us_ruleset's life: creation, loading files (the YAML itself
 * is read by loader.c), disabling rules, and compiling everything into
 * symbols, word-class bits and one NFA with a first-token index.
 */
#include "core/embedded.h"
#include "core/ruleset.h"
#include "unscripted/unscripted.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define US__MAX_PACK_BYTES ((size_t)16 << 20)

const char *us_version(void)
{
	return US_VERSION;
}

/* ---- symbols ------------------------------------------------------------ */

int us__symtab_find(const us_ruleset *rs, const us__symtab *t, const char *key, size_t len,
		    uint32_t *out)
{
	if (!t->nslots)
		return US_ENOTFOUND;
	size_t h = us__hash(key, len) & (t->nslots - 1);
	while (t->slots[h]) {
		const char *k = rs->symbols[t->slots[h] - 1].key;
		if (strncmp(k, key, len) == 0 && k[len] == '\0') {
			*out = t->slots[h] - 1;
			return 0;
		}
		h = (h + 1) & (t->nslots - 1);
	}
	return US_ENOTFOUND;
}

static int symtab_insert(const us_ruleset *rs, us__symtab *t, uint32_t sym)
{
	if ((t->count + 1) * 2 > t->nslots) {
		size_t n = t->nslots ? t->nslots * 2 : 256;
		uint32_t *slots = calloc(n, sizeof(*slots));
		if (!slots)
			return US_ENOMEM;
		for (size_t i = 0; i < t->nslots; i++) {
			if (!t->slots[i])
				continue;
			const char *k = rs->symbols[t->slots[i] - 1].key;
			size_t h = us__hash(k, strlen(k)) & (n - 1);
			while (slots[h])
				h = (h + 1) & (n - 1);
			slots[h] = t->slots[i];
		}
		free(t->slots);
		t->slots = slots;
		t->nslots = n;
	}
	const char *k = rs->symbols[sym].key;
	size_t h = us__hash(k, strlen(k)) & (t->nslots - 1);
	while (t->slots[h])
		h = (h + 1) & (t->nslots - 1);
	t->slots[h] = sym + 1;
	t->count++;
	return 0;
}

int us__symbol_intern(us_ruleset *rs, us__symtab *t, const char *key, size_t len, int is_form,
		      uint32_t *out)
{
	if (us__symtab_find(rs, t, key, len, out) == 0)
		return 0;
	if (us__grow((void **)&rs->symbols, &rs->capsymbols, rs->nsymbols + 1, sizeof(us__symbol)))
		return US_ENOMEM;
	us__symbol *s = &rs->symbols[rs->nsymbols];
	memset(s, 0, sizeof(*s));
	s->key = malloc(len + 1);
	if (!s->key)
		return US_ENOMEM;
	memcpy(s->key, key, len);
	s->key[len] = '\0';
	s->is_form = (uint8_t)is_form;
	s->emotion = -1;
	uint32_t id = (uint32_t)rs->nsymbols++;
	if (symtab_insert(rs, t, id))
		return US_ENOMEM;
	*out = id;
	return 0;
}

int us__class_find(const us_ruleset *rs, const char *name, uint32_t *out)
{
	for (size_t i = 0; i < rs->nclasses; i++)
		if (strcmp(rs->classes[i].name, name) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	return US_ENOTFOUND;
}

/* ---- life --------------------------------------------------------------- */

int us_ruleset_new(us_ruleset **out, us_error *err)
{
	us_ruleset *rs = calloc(1, sizeof(*rs));
	if (!rs)
		return us__error_set(err, US_ENOMEM, "out of memory creating a ruleset");
	*out = rs;
	return 0;
}

void us_ruleset_free(us_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	for (size_t i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		free(rs->rules[i].message);
		free(rs->rules[i].suggestion);
	}
	free(rs->rules);
	free(rs->patterns);
	for (size_t i = 0; i < rs->nnodes; i++)
		free(rs->nodes[i].text);
	free(rs->nodes);
	for (size_t i = 0; i < rs->nclasses; i++) {
		for (size_t k = 0; k < rs->classes[i].nwords; k++)
			free(rs->classes[i].words[k]);
		free(rs->classes[i].words);
		free(rs->classes[i].word_lines);
		free(rs->classes[i].word_files);
		free(rs->classes[i].name);
	}
	free(rs->classes);
	us__norm_table_free(&rs->norm);
	us__norm_table_free(&rs->compile_cache);
	for (size_t i = 0; i < rs->nallowed; i++)
		free(rs->allowed[i]);
	free(rs->allowed);
	if (rs->stemmer)
		sb_stemmer_delete(rs->stemmer);
	for (size_t i = 0; i < rs->nsymbols; i++)
		free(rs->symbols[i].key);
	free(rs->symbols);
	free(rs->stems.slots);
	free(rs->forms.slots);
	free(rs->class_bits);
	free(rs->emotion_class);
	free(rs->nfa);
	free(rs->nfa_owner);
	free(rs->start_by_sym_off);
	free(rs->start_by_sym);
	free(rs->start_by_class_off);
	free(rs->start_by_class);
	free(rs);
}

static int check_open(us_ruleset *rs, us_error *err)
{
	if (rs->compiled)
		return us__error_set(err, US_EINVAL, "the ruleset is already compiled; load everything before compiling");
	return 0;
}

int us_ruleset_add_yaml(us_ruleset *rs, const char *name, const char *data, size_t len,
			us_error *err)
{
	int rc = check_open(rs, err);
	return rc ? rc : us__ruleset_load_yaml(rs, name, data, len, err);
}

static int add_embedded(us_ruleset *rs, int with_rules, us_error *err)
{
	for (const us__embedded_file *f = us__embedded_files; f->path; f++) {
		if (!with_rules && strncmp(f->path, "rules/", 6) == 0)
			continue;
		int rc = us_ruleset_add_yaml(rs, f->path, f->data, f->size, err);
		if (rc)
			return rc;
	}
	return 0;
}

int us_ruleset_add_defaults(us_ruleset *rs, us_error *err)
{
	return add_embedded(rs, 1, err);
}

int us_ruleset_add_default_lexicons(us_ruleset *rs, us_error *err)
{
	return add_embedded(rs, 0, err);
}

int us_ruleset_add_file(us_ruleset *rs, const char *path, us_error *err)
{
	us__buf b = US__BUF_INIT(US__MAX_PACK_BYTES);
	int rc = us__buf_read_file(&b, path, "a rule file", err);
	if (!rc)
		rc = us_ruleset_add_yaml(rs, path, b.data ? b.data : "", b.len, err);
	us__buf_free(&b);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_yaml_suffix(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcmp(name + n - 4, ".yml") == 0) || (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

int us_ruleset_add_dir(us_ruleset *rs, const char *path, us_error *err)
{
	DIR *d = opendir(path);
	if (!d)
		return us__error_set(err, US_EIO, "%s: cannot open directory: %s", path, strerror(errno));
	char **names = NULL;
	size_t count = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_yaml_suffix(e->d_name))
			continue;
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		char *full = malloc(len);
		if (!full || us__grow((void **)&names, &cap, count + 1, sizeof(char *))) {
			free(full);
			rc = us__error_set(err, US_ENOMEM, "out of memory listing %s", path);
			break;
		}
		snprintf(full, len, "%s/%s", path, e->d_name);
		names[count++] = full;
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof(char *), cmp_str);
	for (size_t i = 0; i < count; i++) {
		if (!rc)
			rc = us_ruleset_add_file(rs, names[i], err);
		free(names[i]);
	}
	free(names);
	return rc;
}

int us_ruleset_disable(us_ruleset *rs, const char *rule_id, us_error *err)
{
	int rc = check_open(rs, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, rule_id) == 0) {
			rs->rules[i].enabled = 0;
			return 0;
		}
	return us__error_set(err, US_ENOTFOUND, "no rule has the id '%s'", rule_id);
}

int us_ruleset_allow_word(us_ruleset *rs, const char *word, us_error *err)
{
	int rc = check_open(rs, err);
	if (rc)
		return rc;
	us__tokens toks;
	memset(&toks, 0, sizeof(toks));
	rc = us__tokenize(&toks, &rs->norm, word, strlen(word), err);
	for (size_t i = 0; !rc && i < toks.count; i++) {
		if (toks.items[i].kind != US__TOK_WORD)
			continue;
		char *w = strdup(us__token_norm(&toks, &toks.items[i]));
		if (!w || us__grow((void **)&rs->allowed, &rs->capallowed, rs->nallowed + 1, sizeof(char *))) {
			free(w);
			rc = us__error_set(err, US_ENOMEM, "out of memory");
			break;
		}
		rs->allowed[rs->nallowed++] = w;
	}
	us__tokens_free(&toks);
	return rc;
}

size_t us_ruleset_rule_count(const us_ruleset *rs)
{
	return rs->nrules;
}

int us_ruleset_rule_info(const us_ruleset *rs, size_t index, us_rule_info *out)
{
	if (index >= rs->nrules)
		return US_EINVAL;
	const us__rule *r = &rs->rules[index];
	out->id = r->id;
	out->category = r->category;
	out->message = r->message;
	out->suggestion = r->suggestion;
	out->source = r->file;
	out->enabled = r->enabled && !r->is_filter;
	out->is_filter = r->is_filter;
	out->patterns = r->npatterns;
	return 0;
}

/* ---- compiling ---------------------------------------------------------- */

static int intern_fixed(us_ruleset *rs)
{
	static const char *const marks[] = { "", "^", "$", ".", "?", "!", ",", ":" };
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		uint32_t id;
		int rc = i == 0 ? us__symbol_intern(rs, &rs->forms, "\x01other", 6, 1, &id)
				: us__symbol_intern(rs, &rs->forms, marks[i], strlen(marks[i]), 1, &id);
		if (rc)
			return rc;
		rs->symbols[id].is_punct = i > 0;
		if (i > 2)
			rs->punct_sym[(unsigned char)marks[i][0]] = id;
	}
	return 0;
}

/* Resolve one lexicon word to its symbol: exact form for =word, else stem. */
static int class_word_symbol(us_ruleset *rs, us__tokens *toks, const us__class *cl, size_t k,
			     uint32_t *sym, us_error *err)
{
	const char *w = cl->words[k];
	int form = w[0] == '=';
	if (form)
		w++;
	int rc = us__tokenize(toks, &rs->norm, w, strlen(w), err);
	if (rc)
		return us__error_set(err, US_EPARSE, "%s:%u: '%s' in class '%s' is not valid UTF-8",
				     cl->word_files[k], cl->word_lines[k], w, cl->name);
	const us__token *word = NULL;
	size_t nwords = 0;
	for (size_t i = 0; i < toks->count; i++)
		if (toks->items[i].kind == US__TOK_WORD) {
			word = &toks->items[i];
			nwords++;
		}
	if (nwords != 1)
		return us__error_set(err, US_EPARSE,
				     "%s:%u: '%s' in class '%s' is not one word after normalization",
				     cl->word_files[k], cl->word_lines[k], cl->words[k], cl->name);
	const char *norm = us__token_norm(toks, word);
	if (form)
		return us__symbol_intern(rs, &rs->forms, norm, word->norm_len, 1, sym);
	const sb_symbol *st = sb_stemmer_stem(rs->stemmer, (const sb_symbol *)norm, word->norm_len);
	int sl = st ? sb_stemmer_length(rs->stemmer) : 0;
	if (sl > 0)
		return us__symbol_intern(rs, &rs->stems, (const char *)st, (size_t)sl, 0, sym);
	return us__symbol_intern(rs, &rs->stems, norm, word->norm_len, 0, sym);
}

typedef struct membership {
	uint32_t sym, cls;
} membership;

static int build_classes(us_ruleset *rs, membership **mem, size_t *nmem, us_error *err)
{
	us__tokens toks;
	memset(&toks, 0, sizeof(toks));
	size_t cap = 0;
	int rc = 0;
	for (size_t c = 0; !rc && c < rs->nclasses; c++) {
		for (size_t k = 0; !rc && k < rs->classes[c].nwords; k++) {
			uint32_t sym;
			rc = class_word_symbol(rs, &toks, &rs->classes[c], k, &sym, err);
			if (rc == US_ENOMEM)
				rc = us__error_set(err, rc, "out of memory compiling word classes");
			if (!rc && us__grow((void **)mem, &cap, *nmem + 1, sizeof(membership)))
				rc = us__error_set(err, US_ENOMEM, "out of memory compiling word classes");
			if (!rc) {
				(*mem)[*nmem].sym = sym;
				(*mem)[*nmem].cls = (uint32_t)c;
				(*nmem)++;
			}
		}
	}
	us__tokens_free(&toks);
	return rc;
}

/* Collect the CONSUME states reachable from `state` through SPLITs. Every
 * state marked in `seen` is pushed on `visited`, so the caller can unmark
 * exactly those (clearing all of `seen` per pattern would be quadratic). */
static int closure_consumers(const us_ruleset *rs, uint32_t state, uint32_t **out, size_t *n,
			     size_t *cap, uint8_t *seen, uint32_t **visited, size_t *nvisited,
			     size_t *capvisited)
{
	if (seen[state])
		return 0;
	seen[state] = 1;
	if (us__grow((void **)visited, capvisited, *nvisited + 1, sizeof(uint32_t)))
		return US_ENOMEM;
	(*visited)[(*nvisited)++] = state;
	const us__nstate *s = &rs->nfa[state];
	if (s->kind == US__N_SPLIT) {
		int rc = closure_consumers(rs, s->out, out, n, cap, seen, visited, nvisited, capvisited);
		return rc ? rc : closure_consumers(rs, s->out1, out, n, cap, seen, visited, nvisited, capvisited);
	}
	if (s->kind != US__N_CONSUME)
		return 0;
	if (us__grow((void **)out, cap, *n + 1, sizeof(uint32_t)))
		return US_ENOMEM;
	(*out)[(*n)++] = state;
	return 0;
}

/* Bucket the first states of every pattern by the symbol or class they
 * need, in counting-sort layout: off[k]..off[k+1] index into items. */
static int build_start_index(us_ruleset *rs, us_error *err)
{
	uint32_t *starts = NULL, *visited = NULL;
	size_t nstarts = 0, cap = 0, nvisited = 0, capvisited = 0;
	uint8_t *seen = calloc(rs->nnfa ? rs->nnfa : 1, 1);
	int rc = seen ? 0 : US_ENOMEM;
	for (size_t p = 0; !rc && p < rs->npatterns; p++) {
		const us__pattern *pat = &rs->patterns[p];
		if (!rs->rules[pat->rule].enabled || pat->replaced)
			continue;
		size_t before = nstarts;
		nvisited = 0;
		rc = closure_consumers(rs, pat->nfa_start, &starts, &nstarts, &cap, seen, &visited,
				       &nvisited, &capvisited);
		for (size_t i = before; !rc && i < nstarts; i++) {
			uint8_t pred = rs->nfa[starts[i]].pred;
			if (pred != US__PRED_SYM && pred != US__PRED_FORM && pred != US__PRED_CLASS)
				rc = us__error_set(err, US_EPARSE,
						   "%s:%u: a pattern cannot begin with a gap or a '!' negation",
						   pat->file, pat->line);
		}
		for (size_t i = 0; i < nvisited; i++)
			seen[visited[i]] = 0;
	}
	free(visited);
	free(seen);
	if (rc) {
		free(starts);
		return rc == US_ENOMEM ? us__error_set(err, rc, "out of memory compiling patterns") : rc;
	}
	rs->start_by_sym_off = calloc(rs->nsymbols + 1, sizeof(uint32_t));
	rs->start_by_class_off = calloc(rs->nclasses + 1, sizeof(uint32_t));
	rs->start_by_sym = malloc((nstarts ? nstarts : 1) * sizeof(uint32_t));
	rs->start_by_class = malloc((nstarts ? nstarts : 1) * sizeof(uint32_t));
	if (!rs->start_by_sym_off || !rs->start_by_class_off || !rs->start_by_sym || !rs->start_by_class) {
		free(starts);
		return us__error_set(err, US_ENOMEM, "out of memory compiling patterns");
	}
	for (size_t i = 0; i < nstarts; i++) {
		const us__nstate *s = &rs->nfa[starts[i]];
		if (s->pred == US__PRED_CLASS)
			rs->start_by_class_off[s->arg + 1]++;
		else
			rs->start_by_sym_off[s->arg + 1]++;
	}
	for (size_t k = 0; k < rs->nsymbols; k++)
		rs->start_by_sym_off[k + 1] += rs->start_by_sym_off[k];
	for (size_t k = 0; k < rs->nclasses; k++)
		rs->start_by_class_off[k + 1] += rs->start_by_class_off[k];
	uint32_t *fill_sym = calloc(rs->nsymbols + 1, sizeof(uint32_t));
	uint32_t *fill_cls = calloc(rs->nclasses + 1, sizeof(uint32_t));
	if (!fill_sym || !fill_cls) {
		free(fill_sym);
		free(fill_cls);
		free(starts);
		return us__error_set(err, US_ENOMEM, "out of memory compiling patterns");
	}
	for (size_t i = 0; i < nstarts; i++) {
		const us__nstate *s = &rs->nfa[starts[i]];
		if (s->pred == US__PRED_CLASS)
			rs->start_by_class[rs->start_by_class_off[s->arg] + fill_cls[s->arg]++] = starts[i];
		else
			rs->start_by_sym[rs->start_by_sym_off[s->arg] + fill_sym[s->arg]++] = starts[i];
	}
	free(fill_sym);
	free(fill_cls);
	free(starts);
	return 0;
}

static int finish_symbols(us_ruleset *rs, const membership *mem, size_t nmem, us_error *err)
{
	rs->class_words = rs->nclasses / 64 + 1;
	rs->class_bits = calloc(rs->nsymbols * rs->class_words, sizeof(uint64_t));
	if (!rs->class_bits)
		return us__error_set(err, US_ENOMEM, "out of memory compiling word classes");
	for (size_t i = 0; i < nmem; i++)
		rs->class_bits[(size_t)mem[i].sym * rs->class_words + mem[i].cls / 64] |= 1ULL << (mem[i].cls % 64);
	/* A form symbol is also its stem: "=man" is in every class "man" is. */
	for (size_t s = 0; s < rs->nsymbols; s++) {
		us__symbol *y = &rs->symbols[s];
		if (!y->is_form || y->is_punct)
			continue;
		const sb_symbol *st = sb_stemmer_stem(rs->stemmer, (const sb_symbol *)y->key, (int)strlen(y->key));
		int sl = st ? sb_stemmer_length(rs->stemmer) : 0;
		uint32_t stem;
		if (sl > 0 && us__symtab_find(rs, &rs->stems, (const char *)st, (size_t)sl, &stem) == 0) {
			y->stem_sym = stem;
			for (size_t w = 0; w < rs->class_words; w++)
				rs->class_bits[s * rs->class_words + w] |= rs->class_bits[stem * rs->class_words + w];
		}
	}
	/* Statistics read pronoun and emotion classes by name. */
	static const char *const pronouns[] = { "pronoun-i", "pronoun-we", "pronoun-you" };
	for (int p = 0; p < 3; p++) {
		uint32_t cls;
		if (us__class_find(rs, pronouns[p], &cls))
			continue;
		for (size_t s = 0; s < rs->nsymbols; s++)
			if (us__symbol_in_class(rs, (uint32_t)s, cls))
				rs->symbols[s].pronoun = (int8_t)(p + 1);
	}
	rs->emotion_class = calloc(rs->nclasses + 1, sizeof(int32_t));
	if (!rs->emotion_class)
		return us__error_set(err, US_ENOMEM, "out of memory compiling word classes");
	for (size_t c = 0; c < rs->nclasses; c++) {
		if (strncmp(rs->classes[c].name, "emotion-", 8) != 0)
			continue;
		int32_t family = (int32_t)rs->nemotions++;
		rs->emotion_class[family] = (int32_t)c;
		for (size_t s = 0; s < rs->nsymbols; s++)
			if (rs->symbols[s].emotion < 0 && us__symbol_in_class(rs, (uint32_t)s, (uint32_t)c))
				rs->symbols[s].emotion = family;
	}
	return 0;
}

int us_ruleset_compile(us_ruleset *rs, us_error *err)
{
	int rc = check_open(rs, err);
	if (rc)
		return rc;
	rs->stemmer = sb_stemmer_new("english", NULL);
	if (!rs->stemmer)
		return us__error_set(err, US_ENOMEM, "cannot create the English stemmer");
	membership *mem = NULL;
	size_t nmem = 0;
	rc = intern_fixed(rs);
	if (rc)
		rc = us__error_set(err, rc, "out of memory compiling");
	if (!rc)
		rc = build_classes(rs, &mem, &nmem, err);
	if (!rc && us__grow((void **)&rs->nfa, &rs->capnfa, 1, sizeof(us__nstate)))
		rc = us__error_set(err, US_ENOMEM, "out of memory compiling patterns");
	for (size_t p = 0; !rc && p < rs->npatterns; p++) {
		us__pattern *pat = &rs->patterns[p];
		if (!rs->rules[pat->rule].enabled || pat->replaced)
			continue;
		size_t first_state = rs->nnfa;
		rc = us__pattern_compile(rs, pat, err);
		if (!rc && pat->max_tokens > rs->max_pattern_tokens)
			rs->max_pattern_tokens = pat->max_tokens;
		if (!rc) {
			if (us__grow((void **)&rs->nfa_owner, &rs->capowner, rs->nnfa, sizeof(uint32_t)))
				rc = us__error_set(err, US_ENOMEM, "out of memory compiling patterns");
			for (size_t k = first_state; !rc && k < rs->nnfa; k++)
				rs->nfa_owner[k] = (uint32_t)p;
		}
	}
	if (!rc)
		rc = finish_symbols(rs, mem, nmem, err);
	free(mem);
	us__norm_table_free(&rs->compile_cache);
	if (!rc)
		rc = build_start_index(rs, err);
	for (size_t r = 0; r < rs->nrules; r++)
		if (rs->rules[r].enabled && rs->rules[r].when_quoted)
			rs->quoted_suppress_mask |= rs->rules[r].suppress_mask;
	/* The pattern trees are compiled into the NFA: free them (a tenth of
	 * the ruleset's memory). */
	for (size_t i = 0; i < rs->nnodes; i++)
		free(rs->nodes[i].text);
	free(rs->nodes);
	rs->nodes = NULL;
	rs->nnodes = rs->capnodes = 0;
	if (!rc)
		rs->compiled = 1;
	return rc;
}

/*
 * pattern.c: the pattern language of rule packs (docs/rules.md), parsed
 * into a node tree at load time (so syntax errors name file:line at once)
 * and compiled into the shared NFA at compile time, once every lexicon and
 * normalization table is known.
 *
 *   word    a word, matched by its Snowball stem (cry = cries = crying)
 *   =word   a word matched exactly, as normalized (=man does not match men)
 *   {name}  any word of a word class from a lexicon
 *   (a b|c) alternatives; [a b] optional; !x one token that is not x
 *   ...     up to 3 tokens within the sentence; ...N up to N
 *   ^ $     sentence start and end; . , ? ! : punctuation
 */
#include "core/ruleset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
	us_ruleset *rs;
	const char *src, *p;
	const char *file;
	uint32_t line;
	us_error *err;
	int depth;
} parser;

static int perr(parser *ps, const char *what)
{
	return us__error_set(ps->err, US_EPARSE, "%s:%u: pattern \"%s\": %s at column %d", ps->file,
			     ps->line, ps->src, what, (int)(ps->p - ps->src) + 1);
}

static int new_node(parser *ps, uint8_t kind, const char *text, size_t len, uint32_t *out)
{
	us_ruleset *rs = ps->rs;
	if (us__grow((void **)&rs->nodes, &rs->capnodes, rs->nnodes + 2, sizeof(us__pnode)))
		return us__error_set(ps->err, US_ENOMEM, "out of memory parsing patterns");
	if (rs->nnodes == 0) {
		memset(&rs->nodes[0], 0, sizeof(us__pnode)); /* index 0 means "none" */
		rs->nnodes = 1;
	}
	us__pnode *n = &rs->nodes[rs->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	if (text) {
		n->text = malloc(len + 1);
		if (!n->text)
			return us__error_set(ps->err, US_ENOMEM, "out of memory parsing patterns");
		memcpy(n->text, text, len);
		n->text[len] = '\0';
	}
	*out = (uint32_t)rs->nnodes++;
	return 0;
}

static void skip_space(parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int is_special(char c)
{
	return c == '(' || c == ')' || c == '[' || c == ']' || c == '|' || c == '{' || c == '}' ||
	       c == ' ' || c == '\t' || c == '\0';
}

static int parse_alt(parser *ps, uint32_t *out);

static int parse_atom(parser *ps, uint32_t *out)
{
	const char *p = ps->p;
	int rc;
	if (*p == '(' || *p == '[') {
		char close = *p == '(' ? ')' : ']';
		if (++ps->depth > 16)
			return perr(ps, "groups nested too deeply");
		ps->p++;
		uint32_t inner;
		if ((rc = parse_alt(ps, &inner)))
			return rc;
		skip_space(ps);
		if (*ps->p != close)
			return perr(ps, close == ')' ? "missing ')'" : "missing ']'");
		ps->p++;
		ps->depth--;
		if (close == ')') {
			*out = inner;
			return 0;
		}
		if ((rc = new_node(ps, US__P_OPT, NULL, 0, out)))
			return rc;
		ps->rs->nodes[*out].child = inner;
		return 0;
	}
	if (*p == '{') {
		const char *e = strchr(p, '}');
		if (!e || e == p + 1)
			return perr(ps, "a word class needs a name: {name}");
		ps->p = e + 1;
		return new_node(ps, US__P_CLASS, p + 1, (size_t)(e - p - 1), out);
	}
	if (p[0] == '.' && p[1] == '.' && p[2] == '.') {
		ps->p += 3;
		uint32_t n = 0;
		int digits = 0;
		while (*ps->p >= '0' && *ps->p <= '9' && digits < 3) {
			n = n * 10 + (uint32_t)(*ps->p++ - '0');
			digits++;
		}
		if (!digits)
			n = 3;
		if (n == 0 || n > 12)
			return perr(ps, "a gap is ...N with N from 1 to 12");
		if ((rc = new_node(ps, US__P_GAP, NULL, 0, out)))
			return rc;
		ps->rs->nodes[*out].gap = n;
		return 0;
	}
	if (*p == '!' && (p[1] == '(' || p[1] == '['))
		return perr(ps, "'!' applies to one word, =word or {class}, not to a group");
	if (*p == '!' && (!is_special(p[1]) || p[1] == '{')) {
		ps->p++;
		uint32_t inner;
		if ((rc = parse_atom(ps, &inner)))
			return rc;
		uint8_t k = ps->rs->nodes[inner].kind;
		if (k != US__P_WORD && k != US__P_FORM && k != US__P_CLASS)
			return perr(ps, "'!' applies to one word, =word or {class}");
		if ((rc = new_node(ps, US__P_NOT, NULL, 0, out)))
			return rc;
		ps->rs->nodes[*out].child = inner;
		return 0;
	}
	if ((*p == '^' || *p == '$') && is_special(p[1])) {
		ps->p++;
		return new_node(ps, *p == '^' ? US__P_START : US__P_END, NULL, 0, out);
	}
	const char *start = p;
	int form = 0;
	if (*p == '=') {
		form = 1;
		start = ++p;
	}
	while (!is_special(*p))
		p++;
	if (p == start)
		return perr(ps, *p == '}' ? "unmatched '}'" : "expected a word");
	ps->p = p;
	return new_node(ps, form ? US__P_FORM : US__P_WORD, start, (size_t)(p - start), out);
}

static int parse_seq(parser *ps, uint32_t *out)
{
	int rc = new_node(ps, US__P_SEQ, NULL, 0, out);
	uint32_t last = 0;
	while (!rc) {
		skip_space(ps);
		char c = *ps->p;
		if (c == '\0' || c == ')' || c == ']' || c == '|')
			break;
		uint32_t item;
		if ((rc = parse_atom(ps, &item)))
			return rc;
		if (last)
			ps->rs->nodes[last].next = item;
		else
			ps->rs->nodes[*out].child = item;
		last = item;
	}
	if (!rc && !last)
		rc = perr(ps, "empty alternative");
	return rc;
}

static int parse_alt(parser *ps, uint32_t *out)
{
	int rc = new_node(ps, US__P_ALT, NULL, 0, out);
	uint32_t last = 0;
	while (!rc) {
		uint32_t seq;
		if ((rc = parse_seq(ps, &seq)))
			return rc;
		if (last)
			ps->rs->nodes[last].next = seq;
		else
			ps->rs->nodes[*out].child = seq;
		last = seq;
		skip_space(ps);
		if (*ps->p != '|')
			break;
		ps->p++;
	}
	return rc;
}

int us__pattern_parse(us_ruleset *rs, const char *src, uint32_t *root, const char *file,
		      uint32_t line, us_error *err)
{
	parser ps = { rs, src, src, file, line, err, 0 };
	skip_space(&ps);
	if (!*ps.p)
		return perr(&ps, "empty pattern");
	int rc = parse_alt(&ps, root);
	if (rc)
		return rc;
	skip_space(&ps);
	if (*ps.p)
		return perr(&ps, *ps.p == ')' ? "unmatched ')'" : *ps.p == ']' ? "unmatched ']'" : "unexpected character");
	return 0;
}

/* ---- compiling into the NFA --------------------------------------------- */

typedef struct builder {
	us_ruleset *rs;
	const us__pattern *pat;
	us_error *err;
	us__tokens toks;
	uint32_t min_tokens, max_tokens;
} builder;

static int add_state(builder *b, uint8_t kind, uint8_t pred, uint32_t arg, uint32_t out,
		     uint32_t out1, uint32_t *id)
{
	us_ruleset *rs = b->rs;
	if (us__grow((void **)&rs->nfa, &rs->capnfa, rs->nnfa + 1, sizeof(us__nstate)))
		return us__error_set(b->err, US_ENOMEM, "out of memory compiling patterns");
	us__nstate *s = &rs->nfa[rs->nnfa];
	s->kind = kind;
	s->pred = pred;
	s->arg = arg;
	s->out = out;
	s->out1 = out1;
	*id = (uint32_t)rs->nnfa++;
	return 0;
}

static int berr(builder *b, const char *fmt, const char *arg)
{
	char msg[256];
	snprintf(msg, sizeof(msg), fmt, arg);
	return us__error_set(b->err, US_EPARSE, "%s:%u: %s", b->pat->file, b->pat->line, msg);
}

/* The symbols a pattern word stands for, after the same normalization as
 * input text ("don't" is two tokens: do, not). */
static int word_symbols_uncached(builder *b, const char *word, int form, uint32_t *syms,
				 size_t max, size_t *n);

/* Patterns repeat their words (a pack of 1,500 patterns has a few thousand
 * distinct words): normalizing and stemming each once halves start-up. The
 * cache maps "=word" or " word" to the symbol ids, written in decimal. */
static int word_symbols(builder *b, const char *word, int form, uint32_t *syms, size_t max,
			size_t *n)
{
	us_ruleset *rs = b->rs;
	char key[256];
	size_t wl = strlen(word);
	if (wl + 2 > sizeof(key))
		return word_symbols_uncached(b, word, form, syms, max, n);
	key[0] = form ? '=' : ' ';
	memcpy(key + 1, word, wl + 1);
	int kl = (int)wl + 1;
	const char *hit = us__norm_table_get(&rs->compile_cache, key, (size_t)kl);
	if (hit) {
		*n = 0;
		for (const char *p = hit; *p && *n < max;) {
			char *e;
			syms[(*n)++] = (uint32_t)strtoul(p, &e, 10);
			p = *e ? e + 1 : e;
		}
		return 0;
	}
	int rc = word_symbols_uncached(b, word, form, syms, max, n);
	if (rc)
		return rc;
	char value[8 * 12];
	size_t vl = 0;
	for (size_t i = 0; i < *n; i++)
		vl += (size_t)snprintf(value + vl, sizeof(value) - vl, i ? " %u" : "%u", syms[i]);
	if (us__norm_table_put(&rs->compile_cache, key, value))
		return us__error_set(b->err, US_ENOMEM, "out of memory compiling patterns");
	return 0;
}

static int word_symbols_uncached(builder *b, const char *word, int form, uint32_t *syms,
				 size_t max, size_t *n)
{
	us_ruleset *rs = b->rs;
	/* A possessive written alone ('s) would read as a quote and an "s". */
	if (!strcmp(word, "'s") || !strcmp(word, "\xE2\x80\x99s")) {
		*n = 1;
		return us__symbol_intern(rs, &rs->forms, "'s", 2, 1, &syms[0]) ? US_ENOMEM : 0;
	}
	int rc = us__tokenize(&b->toks, &rs->norm, word, strlen(word), b->err);
	if (rc)
		return rc == US_EUTF8 ? berr(b, "'%s' is not valid UTF-8", word) : rc;
	*n = 0;
	for (size_t i = 0; i < b->toks.count; i++) {
		const us__token *t = &b->toks.items[i];
		if (t->kind == US__TOK_SENT_START || t->kind == US__TOK_SENT_END)
			continue;
		if (*n == max)
			return berr(b, "'%s' expands to too many words", word);
		const char *norm = us__token_norm(&b->toks, t);
		if (t->kind == US__TOK_PUNCT || form)
			rc = us__symbol_intern(rs, &rs->forms, norm, t->norm_len, 1, &syms[*n]);
		else {
			const sb_symbol *st = sb_stemmer_stem(rs->stemmer, (const sb_symbol *)norm, t->norm_len);
			int sl = st ? sb_stemmer_length(rs->stemmer) : 0;
			if (sl > 0)
				rc = us__symbol_intern(rs, &rs->stems, (const char *)st, (size_t)sl, 0, &syms[*n]);
			else
				rc = us__symbol_intern(rs, &rs->stems, norm, t->norm_len, 0, &syms[*n]);
		}
		if (rc)
			return us__error_set(b->err, US_ENOMEM, "out of memory compiling patterns");
		if (t->kind == US__TOK_PUNCT)
			rs->symbols[syms[*n]].is_punct = 1;
		(*n)++;
	}
	if (*n == 0)
		return berr(b, "'%s' has no word in it", word);
	return 0;
}

/* Build node `id` so that it continues to state `out`; *entry is where it
 * begins. Also tracks the fewest and most tokens the node can consume. */
static int build(builder *b, uint32_t id, uint32_t out, uint32_t *entry, uint32_t *mn, uint32_t *mx)
{
	us_ruleset *rs = b->rs;
	us__pnode n = rs->nodes[id];
	uint32_t syms[8];
	size_t nsyms;
	int rc;
	switch (n.kind) {
	case US__P_WORD:
	case US__P_FORM: {
		if ((rc = word_symbols(b, n.text, n.kind == US__P_FORM, syms, 8, &nsyms)))
			return rc;
		uint32_t cur = out, marks = 0;
		for (size_t i = nsyms; i-- > 0;) {
			uint8_t pred = rs->symbols[syms[i]].is_form ? US__PRED_FORM : US__PRED_SYM;
			if (syms[i] == rs->punct_sym['.'] || syms[i] == rs->punct_sym['?'] ||
			    syms[i] == rs->punct_sym['!']) {
				/* Text has a sentence end after . ? ! (the markers $ ^),
				 * so "okay ? sorry" must step over them to mean what
				 * it says; "? $" still matches without them. */
				uint32_t start, end;
				if ((rc = add_state(b, US__N_CONSUME, US__PRED_FORM, US__SYM_START, cur, 0, &start)) ||
				    (rc = add_state(b, US__N_CONSUME, US__PRED_FORM, US__SYM_END, start, 0, &end)) ||
				    (rc = add_state(b, US__N_SPLIT, 0, 0, end, cur, &cur)))
					return rc;
				marks++;
			}
			if ((rc = add_state(b, US__N_CONSUME, pred, syms[i], cur, 0, &cur)))
				return rc;
		}
		*entry = cur;
		*mn = (uint32_t)nsyms;
		*mx = (uint32_t)nsyms + 2 * marks;
		return 0;
	}
	case US__P_CLASS: {
		uint32_t cls;
		if (us__class_find(rs, n.text, &cls))
			return berr(b, "unknown word class '{%s}' (no lexicon defines it)", n.text);
		*mn = *mx = 1;
		return add_state(b, US__N_CONSUME, US__PRED_CLASS, cls, out, 0, entry);
	}
	case US__P_NOT: {
		us__pnode c = rs->nodes[n.child];
		uint32_t arg;
		uint8_t pred;
		if (c.kind == US__P_CLASS) {
			if (us__class_find(rs, c.text, &arg))
				return berr(b, "unknown word class '{%s}' (no lexicon defines it)", c.text);
			pred = US__PRED_NOT_CLASS;
		} else {
			if ((rc = word_symbols(b, c.text, c.kind == US__P_FORM, syms, 8, &nsyms)))
				return rc;
			if (nsyms != 1)
				return berr(b, "'!%s' must name a single word", c.text);
			arg = syms[0];
			pred = rs->symbols[arg].is_form ? US__PRED_NOT_FORM : US__PRED_NOT_SYM;
		}
		*mn = *mx = 1;
		return add_state(b, US__N_CONSUME, pred, arg, out, 0, entry);
	}
	case US__P_START:
	case US__P_END:
		*mn = *mx = 1;
		return add_state(b, US__N_CONSUME, US__PRED_FORM,
				 n.kind == US__P_START ? US__SYM_START : US__SYM_END, out, 0, entry);
	case US__P_GAP: {
		uint32_t cur = out;
		for (uint32_t i = 0; i < n.gap; i++) {
			uint32_t c = 0;
			if ((rc = add_state(b, US__N_CONSUME, US__PRED_ANY, 0, cur, 0, &c)) ||
			    (rc = add_state(b, US__N_SPLIT, 0, 0, c, out, &cur)))
				return rc;
		}
		*entry = cur;
		*mn = 0;
		*mx = n.gap;
		return 0;
	}
	case US__P_SEQ: {
		uint32_t kids[64], nk = 0;
		for (uint32_t k = n.child; k; k = rs->nodes[k].next) {
			if (nk == 64)
				return berr(b, "%s", "a pattern may hold at most 64 items in a row");
			kids[nk++] = k;
		}
		uint32_t cur = out, smin = 0, smax = 0;
		for (uint32_t i = nk; i-- > 0;) {
			uint32_t a, z;
			if ((rc = build(b, kids[i], cur, &cur, &a, &z)))
				return rc;
			smin += a;
			smax += z;
		}
		*entry = cur;
		*mn = smin;
		*mx = smax;
		return 0;
	}
	case US__P_ALT: {
		uint32_t amin = UINT32_MAX, amax = 0, entries[64], ne = 0;
		for (uint32_t k = n.child; k; k = rs->nodes[k].next) {
			uint32_t e, a, z;
			if (ne == 64)
				return berr(b, "%s", "a group may hold at most 64 alternatives");
			if ((rc = build(b, k, out, &e, &a, &z)))
				return rc;
			entries[ne++] = e;
			amin = a < amin ? a : amin;
			amax = z > amax ? z : amax;
		}
		uint32_t cur = entries[ne - 1];
		for (uint32_t i = ne - 1; i-- > 0;)
			if ((rc = add_state(b, US__N_SPLIT, 0, 0, entries[i], cur, &cur)))
				return rc;
		*entry = cur;
		*mn = amin;
		*mx = amax;
		return 0;
	}
	case US__P_OPT: {
		uint32_t e, a, z;
		if ((rc = build(b, n.child, out, &e, &a, &z)))
			return rc;
		*mn = 0;
		*mx = z;
		(void)a;
		return add_state(b, US__N_SPLIT, 0, 0, e, out, entry);
	}
	}
	return berr(b, "%s", "internal error: unknown pattern node");
}

int us__pattern_compile(us_ruleset *rs, us__pattern *p, us_error *err)
{
	builder b;
	memset(&b, 0, sizeof(b));
	b.rs = rs;
	b.pat = p;
	b.err = err;
	uint32_t accept = 0, mn = 0, mx = 0;
	int rc = add_state(&b, US__N_ACCEPT, 0, (uint32_t)(p - rs->patterns), 0, 0, &accept);
	if (!rc)
		rc = build(&b, p->root, accept, &p->nfa_start, &mn, &mx);
	if (!rc && mn == 0)
		rc = berr(&b, "%s", "the pattern can match nothing at all; it needs at least one required word");
	p->nfa_accept = accept;
	p->max_tokens = mx;
	us__tokens_free(&b.toks);
	return rc;
}

int us__pred_matches(const us_ruleset *rs, const us__nstate *s, uint32_t sym)
{
	const us__symbol *y = &rs->symbols[sym];
	switch (s->pred) {
	case US__PRED_SYM:
		return sym == s->arg || (y->is_form && y->stem_sym == s->arg);
	case US__PRED_FORM:
		return sym == s->arg;
	case US__PRED_CLASS:
		return us__symbol_in_class(rs, sym, s->arg);
	case US__PRED_ANY:
		/* A gap stays inside its sentence. */
		return sym != US__SYM_START && sym != US__SYM_END;
	case US__PRED_NOT_SYM:
		return !(sym == s->arg || (y->is_form && y->stem_sym == s->arg));
	case US__PRED_NOT_FORM:
		return sym != s->arg;
	case US__PRED_NOT_CLASS:
		return !us__symbol_in_class(rs, sym, s->arg);
	}
	return 0;
}

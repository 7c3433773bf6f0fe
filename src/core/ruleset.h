/*
 * ruleset.h: the inside of a us_ruleset, shared by the loader (ruleset.c,
 * loader.c), the pattern compiler (pattern.c), and the scanner (scanner.c,
 * dfa.c).
 *
 * Vocabulary:
 * - a symbol is what the automaton reads: every word form and stem that a
 *   pattern or lexicon names gets one; every other word is symbol 0. A
 *   token's symbol is found once per distinct word and cached by the scanner.
 * - a word class ({trait}) is a set of symbols, kept as one bit per class
 *   on each symbol.
 * - the NFA holds every pattern of every enabled rule and filter; scanners
 *   run it as a lazily built DFA (dfa.c), so the cost per token does not
 *   grow with the number of rules.
 */
#ifndef US_CORE_RULESET_H
#define US_CORE_RULESET_H

#include "core/text.h"
#include "unscripted/analyze.h"

#include <libstemmer.h>
#include <stdint.h>

enum {
	US__SYM_OTHER = 0, /* a word no pattern or class names */
	US__SYM_START = 1, /* ^: sentence start */
	US__SYM_END = 2    /* $: sentence end */
};

typedef struct us__symbol {
	char *key;         /* the stem, or the exact form for form symbols */
	uint8_t is_form;   /* matched by exact normalized form ("=man", ",") */
	uint8_t is_punct;  /* punctuation or a sentence marker */
	int8_t pronoun;    /* 0, or 1 I, 2 we, 3 you (classes pronoun-*) */
	uint32_t stem_sym; /* a form symbol: the symbol of its stem, or 0 */
	int32_t emotion;   /* index into emotion families, or -1 */
} us__symbol;

/* A string-keyed hash from key to symbol id. */
typedef struct us__symtab {
	uint32_t *slots; /* symbol id + 1; 0 = empty */
	size_t nslots, count;
} us__symtab;

typedef struct us__class {
	char *name;
	/* members as written in lexicons, resolved to symbols at compile time */
	char **words;
	uint32_t *word_lines;
	char **word_files;
	size_t nwords, capwords;
} us__class;

/* A pattern as parsed from its source: a tree of nodes in the ruleset's
 * node array, linked by child/next indices (0 = none; node 0 is unused). */
enum us__pnode_kind {
	US__P_WORD,  /* matches by stem */
	US__P_FORM,  /* =word: exact normalized form */
	US__P_CLASS, /* {name} */
	US__P_GAP,   /* ...N: up to N tokens within the sentence */
	US__P_SEQ,
	US__P_ALT,
	US__P_OPT,
	US__P_NOT, /* !x: one token (markers included) that is not x */
	US__P_START,
	US__P_END
};

typedef struct us__pnode {
	uint8_t kind;
	uint32_t gap;
	char *text;
	uint32_t child, next;
} us__pnode;

typedef struct us__pattern {
	uint32_t rule;
	uint32_t root; /* a node index */
	uint32_t nfa_start;
	uint32_t nfa_accept;
	uint32_t max_tokens;
	const char *file;
	uint32_t line;
	uint8_t replaced; /* its rule was overridden: not compiled */
} us__pattern;

typedef struct us__rule {
	char *id;
	char *message;
	char *suggestion;
	char *file; /* borrowed from the ruleset's file name list */
	uint32_t line;
	us_category category;
	uint8_t enabled;
	uint8_t is_filter;
	uint8_t when_quoted;    /* filters: suppresses quoted findings */
	uint32_t suppress_mask; /* filters: bit per category */
	uint32_t first_pattern, npatterns;
} us__rule;

/* NFA: Thompson construction. CONSUME states read one token matching their
 * predicate; SPLIT states fork to out and out1; ACCEPT ends a pattern. */
enum us__nfa_kind { US__N_CONSUME, US__N_SPLIT, US__N_ACCEPT };
enum us__pred_kind {
	US__PRED_SYM,   /* the symbol, or a form symbol whose stem is it */
	US__PRED_FORM,  /* exactly this symbol */
	US__PRED_CLASS, /* any symbol of the class */
	US__PRED_ANY,   /* any word or mark within the sentence */
	US__PRED_NOT_SYM,
	US__PRED_NOT_FORM,
	US__PRED_NOT_CLASS
};

typedef struct us__nstate {
	uint8_t kind;
	uint8_t pred;
	uint32_t arg; /* symbol, class or pattern index */
	uint32_t out, out1;
} us__nstate;

struct us_ruleset {
	/* loading */
	char **files;
	size_t nfiles, capfiles;
	us__rule *rules;
	size_t nrules, caprules;
	us__pattern *patterns;
	size_t npatterns, cappatterns;
	us__pnode *nodes;
	size_t nnodes, capnodes;
	us__class *classes;
	size_t nclasses, capclasses;
	us__norm_table norm;
	us__norm_table compile_cache; /* pattern word -> symbols, while compiling */
	char **allowed;
	size_t nallowed, capallowed;
	int compiled;

	/* compiled */
	struct sb_stemmer *stemmer;
	us__symbol *symbols;
	size_t nsymbols, capsymbols;
	us__symtab stems, forms;
	size_t class_words;     /* uint64_t words of class bits per symbol */
	uint64_t *class_bits;   /* nsymbols * class_words */
	int32_t *emotion_class; /* per emotion family: class index */
	size_t nemotions;
	us__nstate *nfa;
	size_t nnfa, capnfa;
	uint32_t *nfa_owner; /* the pattern each NFA state belongs to */
	size_t capowner;
	/* The DFA's start: which NFA CONSUME states begin some pattern, indexed
	 * so that the first token of every pattern is found without looking at
	 * every pattern. */
	uint32_t *start_by_sym_off; /* nsymbols + 1 offsets into start_by_sym */
	uint32_t *start_by_sym;
	uint32_t *start_by_class_off; /* nclasses + 1 */
	uint32_t *start_by_class;
	uint32_t max_pattern_tokens;
	uint32_t punct_sym[128]; /* the symbol of each punctuation mark */
	uint32_t quoted_suppress_mask; /* categories dropped when wholly quoted */
};

/* symbols */
int us__symtab_find(const us_ruleset *rs, const us__symtab *t, const char *key, size_t len,
		    uint32_t *out);
int us__symbol_intern(us_ruleset *rs, us__symtab *t, const char *key, size_t len, int is_form,
		      uint32_t *out);
static inline int us__symbol_in_class(const us_ruleset *rs, uint32_t sym, uint32_t cls)
{
	return (rs->class_bits[(size_t)sym * rs->class_words + cls / 64] >> (cls % 64)) & 1;
}
int us__class_find(const us_ruleset *rs, const char *name, uint32_t *out);

/* pattern.c */
int us__pattern_parse(us_ruleset *rs, const char *src, uint32_t *root, const char *file,
		      uint32_t line, us_error *err);
int us__pattern_compile(us_ruleset *rs, us__pattern *p, us_error *err);

/* Does the token symbol satisfy an NFA state's predicate? */
int us__pred_matches(const us_ruleset *rs, const us__nstate *s, uint32_t sym);

/* loader.c */
int us__ruleset_load_yaml(us_ruleset *rs, const char *name, const char *data, size_t len,
			  us_error *err);

#endif

/*
 * unscripted/analyze.h: the analyzer behind `unscripted check`.
 *
 * A us_ruleset holds rule packs and lexicons (word classes), compiled into
 * one automaton. Build it once, then it is read-only and may be shared by
 * threads. A us_scanner is one thread's working state over a ruleset
 * (scratch buffers, caches, running statistics); it is not thread-safe.
 *
 * Ownership: us_ruleset_new / us_scanner_new allocate; the caller frees
 * with us_ruleset_free / us_scanner_free. A scanner borrows its ruleset:
 * free the scanner first. Strings inside a us_finding are borrowed from the
 * ruleset (message, rule, suggestion) or the input text; they are valid
 * only during the callback.
 */
#ifndef UNSCRIPTED_ANALYZE_H
#define UNSCRIPTED_ANALYZE_H

#include "unscripted/error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum us_severity {
	US_SEVERITY_INFO = 0,
	US_SEVERITY_WARNING = 1,
	US_SEVERITY_ERROR = 2
} us_severity;

/* The categories of TAXONOMY.md, in its order. Their names are public. */
typedef enum us_category {
	US_CAT_STEREOTYPE = 0,
	US_CAT_GENDERED_ROLE,
	US_CAT_GENDERED_TERM,
	US_CAT_CRITICISM,
	US_CAT_CONTEMPT,
	US_CAT_DEFENSIVENESS,
	US_CAT_STONEWALLING,
	US_CAT_DISMISSAL,
	US_CAT_SUPPRESSION,
	US_CAT_APPEASEMENT,
	US_CAT_I_STATEMENT,
	US_CAT_REFLECTION,
	US_CAT_APPRECIATION,
	US_CAT_VULNERABILITY,
	US_CAT_REPAIR,
	US_CAT_COUNT
} us_category;

/* "stereotype", "gendered-role", ...; NULL when out of range. */
const char *us_category_name(us_category cat);
/* Returns 0 and sets *out, or US_ENOTFOUND. */
int us_category_parse(us_category *out, const char *name);
us_severity us_category_severity(us_category cat);
/* "info", "warning", "error" */
const char *us_severity_name(us_severity sev);
int us_severity_parse(us_severity *out, const char *name);

typedef struct us_ruleset us_ruleset;

/* An empty ruleset, with nothing loaded. */
int us_ruleset_new(us_ruleset **out, us_error *err);
void us_ruleset_free(us_ruleset *rs);

/* Load the packs and lexicons compiled into the library (rules/ and data/). */
int us_ruleset_add_defaults(us_ruleset *rs, us_error *err);
/* Load only the default lexicons and normalization table (data/), for
 * callers that bring all of their own rules. */
int us_ruleset_add_default_lexicons(us_ruleset *rs, us_error *err);

/* Load one YAML file from memory: a rule pack (top-level `rules:`/`filters:`)
 * or a lexicon (top-level `classes:`) or a normalization table
 * (top-level `normalize:`). `name` is used in error messages.
 * On error nothing of the file is kept. */
int us_ruleset_add_yaml(us_ruleset *rs, const char *name, const char *data, size_t len,
			us_error *err);
/* Read and load one file; see us_ruleset_add_yaml. */
int us_ruleset_add_file(us_ruleset *rs, const char *path, us_error *err);
/* Load every *.yml / *.yaml file of a directory, in name order. */
int us_ruleset_add_dir(us_ruleset *rs, const char *path, us_error *err);

/* Turn a rule off by id (before compiling). US_ENOTFOUND if no such rule. */
int us_ruleset_disable(us_ruleset *rs, const char *rule_id, us_error *err);
/* Never report a finding whose matched words include this word (any case). */
int us_ruleset_allow_word(us_ruleset *rs, const char *word, us_error *err);

/* Check every reference (word classes) and build the automaton. Required
 * once after loading and before scanning; nothing may be added after. */
int us_ruleset_compile(us_ruleset *rs, us_error *err);

size_t us_ruleset_rule_count(const us_ruleset *rs);

/* Rule metadata by index in [0, us_ruleset_rule_count). Borrowed. */
typedef struct us_rule_info {
	const char *id;
	us_category category;
	const char *message;
	const char *suggestion; /* NULL when the rule has none */
	const char *source;     /* "rules/talk.yml" */
	int enabled;
	int is_filter;          /* a context filter, not a rule that reports */
	size_t patterns;
} us_rule_info;
int us_ruleset_rule_info(const us_ruleset *rs, size_t index, us_rule_info *out);

typedef struct us_position {
	size_t offset; /* bytes from the start of the input */
	size_t line;   /* 1-based */
	size_t column; /* 1-based, in Unicode code points */
} us_position;

typedef struct us_finding {
	us_position start;
	us_position end; /* exclusive */
	us_category category;
	us_severity severity;
	const char *rule;
	const char *message;
	const char *suggestion; /* NULL when none */
	const char *text;       /* the matched words as in the input */
	size_t text_len;
} us_finding;

/* Return 0 to go on; any other value stops the scan and is returned. */
typedef int (*us_finding_fn)(const us_finding *finding, void *ctx);

typedef struct us_scanner us_scanner;

int us_scanner_new(us_scanner **out, const us_ruleset *rs, us_error *err);
void us_scanner_free(us_scanner *sc);

/*
 * Analyze one message: `text` is UTF-8, `len` bytes, no pattern spans two
 * calls. `at` gives the position of text[0] within the whole input, so that
 * a caller streaming a large file in pieces gets positions in the file.
 * Findings arrive in input order. Invalid UTF-8 fails with US_EUTF8 and the
 * byte offset in err, before any finding of this message is reported.
 */
int us_scanner_scan(us_scanner *sc, const char *text, size_t len, us_position at,
		    us_finding_fn fn, void *ctx, us_error *err);

/* Running totals over every scan of this scanner. */
typedef struct us_stats {
	size_t bytes;
	size_t words;
	size_t findings[US_CAT_COUNT];
	size_t pronoun_i, pronoun_we, pronoun_you;
	size_t healthy, harmful;
} us_stats;

void us_scanner_stats(const us_scanner *sc, us_stats *out);

/* Emotion words seen, by family (the lexicon classes named emotion-*). */
size_t us_scanner_emotion_count(const us_scanner *sc);
/* family: "anger" for class emotion-anger. Borrowed. */
int us_scanner_emotion(const us_scanner *sc, size_t index, const char **family, size_t *count);

void us_scanner_reset_stats(us_scanner *sc);

/* The byte offset of the first invalid UTF-8 sequence in text, or len. */
size_t us_utf8_invalid_offset(const char *text, size_t len);
/* Replace each byte that starts no valid UTF-8 sequence with '?', in place,
 * so offsets stay those of the input. Returns how many bytes it replaced. */
size_t us_utf8_replace_invalid(char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif

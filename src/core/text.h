/*
 * text.h: from UTF-8 bytes to normalized tokens with byte offsets.
 *
 * A message becomes a token stream: a sentence-start marker, words and
 * punctuation, a sentence-end marker after . ! ? and at the end. Words are
 * case-folded, apostrophes and quotes of every kind are unified, and
 * contractions and text-speak are expanded by a table (`normalize:` in
 * data/normalize.yml) and a few English suffix rules ("you're" -> you are,
 * "dont" -> do not, "u" -> you). Expanded tokens share their source span.
 */
#ifndef US_CORE_TEXT_H
#define US_CORE_TEXT_H

#include "core/buf.h"
#include "core/internal.h"
#include "unscripted/analyze.h"

#include <stdint.h>

enum us__token_kind {
	US__TOK_WORD = 0,
	US__TOK_PUNCT = 1,
	US__TOK_SENT_START = 2,
	US__TOK_SENT_END = 3
};

enum { US__TOK_QUOTED = 1 };

typedef struct us__token {
	uint32_t offset; /* in the message, bytes */
	uint32_t length; /* bytes of input it came from (0 for markers) */
	uint32_t norm;   /* offset of the normalized form in the norm buffer */
	uint16_t norm_len;
	uint8_t kind;
	uint8_t flags;
	uint32_t sentence; /* 0-based sentence index within the message */
	uint32_t sym;      /* the automaton's symbol, filled by the analyzer */
	uint32_t hash;     /* of the normalized form; never 0 */
} us__token;

/* Normalization table: word -> replacement words ("dont" -> "do not").
 * Owned by the ruleset; read-only while scanning. */
typedef struct us__norm_table {
	char **keys;
	char **values;
	uint32_t *hashes; /* of each key, compared before the key itself */
	size_t count, cap;
	uint32_t *slots; /* open addressing, index+1, 0 = empty */
	size_t nslots;
	size_t max_key_len;
	uint64_t filter[64]; /* a bit per key hash (low 12 bits): a quick "no" */
} us__norm_table;

int us__norm_table_put(us__norm_table *t, const char *key, const char *value);
const char *us__norm_table_get(const us__norm_table *t, const char *key, size_t len);
void us__norm_table_free(us__norm_table *t);

typedef struct us__tokens {
	us__token *items;
	size_t count, cap;
	us__buf norm; /* normalized forms, NUL-separated */
	size_t sentences;
} us__tokens;

/*
 * Tokenize text[0..len) into toks (cleared first). Fails with US_EUTF8
 * (offset in err) on invalid UTF-8. The norm buffer is capped, so a
 * pathological message fails with US_ETOOBIG instead of using unbounded
 * memory.
 */
int us__tokenize(us__tokens *toks, const us__norm_table *norm, const char *text, size_t len,
		 us_error *err);
void us__tokens_free(us__tokens *toks);

static inline const char *us__token_norm(const us__tokens *toks, const us__token *t)
{
	return toks->norm.data + t->norm;
}


#endif

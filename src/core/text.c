/*
 * text.c: the tokenizer and normalizer (see text.h).
 *
 * Written by hand because no library does this particular job: word
 * boundaries for chat English (contractions with any apostrophe, hyphenated
 * words, text-speak) with byte offsets kept for every token. utf8proc does
 * the Unicode parts: validation, character categories and case folding.
 *
 * The hot path is ASCII: most bytes of English chat are ASCII, so a word
 * made only of ASCII is lowercased with a table and never reaches utf8proc.
 */
#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- normalization table ------------------------------------------------ */

static int norm_table_rehash(us__norm_table *t, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return US_ENOMEM;
	for (size_t i = 0; i < t->count; i++) {
		size_t h = us__hash(t->keys[i], strlen(t->keys[i])) & (nslots - 1);
		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = (uint32_t)i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

static const char *norm_table_get_hashed(const us__norm_table *t, const char *key, size_t len,
					 uint32_t h)
{
	/* Most words are longer than every key, or miss the filter of key
	 * hashes: no probing for them. */
	if (!t || !t->nslots || len > t->max_key_len || !(t->filter[(h >> 6) & 63] >> (h & 63) & 1))
		return NULL;
	size_t i = h & (t->nslots - 1);
	while (t->slots[i]) {
		size_t k = t->slots[i] - 1;
		if (t->hashes[k] == h && strncmp(t->keys[k], key, len) == 0 && t->keys[k][len] == '\0')
			return t->values[k];
		i = (i + 1) & (t->nslots - 1);
	}
	return NULL;
}

const char *us__norm_table_get(const us__norm_table *t, const char *key, size_t len)
{
	return norm_table_get_hashed(t, key, len, (uint32_t)us__hash(key, len));
}

int us__norm_table_put(us__norm_table *t, const char *key, const char *value)
{
	size_t klen = strlen(key);
	if (t->nslots) {
		size_t h = us__hash(key, klen) & (t->nslots - 1);
		while (t->slots[h]) {
			size_t i = t->slots[h] - 1;
			if (strcmp(t->keys[i], key) == 0) {
				char *v = strdup(value);
				if (!v)
					return US_ENOMEM;
				free(t->values[i]);
				t->values[i] = v;
				return 0;
			}
			h = (h + 1) & (t->nslots - 1);
		}
	}
	if (us__grow((void **)&t->keys, &t->cap, t->count + 1, sizeof(char *)))
		return US_ENOMEM;
	size_t vcap = t->count, hcap = t->count;
	if (us__grow((void **)&t->values, &vcap, t->cap, sizeof(char *)) ||
	    us__grow((void **)&t->hashes, &hcap, t->cap, sizeof(uint32_t)))
		return US_ENOMEM;
	char *k = strdup(key), *v = strdup(value);
	if (!k || !v) {
		free(k);
		free(v);
		return US_ENOMEM;
	}
	t->keys[t->count] = k;
	t->values[t->count] = v;
	t->hashes[t->count] = (uint32_t)us__hash(key, klen);
	t->filter[(t->hashes[t->count] >> 6) & 63] |= 1ULL << (t->hashes[t->count] & 63);
	t->count++;
	if (klen > t->max_key_len)
		t->max_key_len = klen;
	if (t->count * 2 > t->nslots)
		return norm_table_rehash(t, t->nslots ? t->nslots * 2 : 64);
	size_t h = us__hash(key, klen) & (t->nslots - 1);
	while (t->slots[h])
		h = (h + 1) & (t->nslots - 1);
	t->slots[h] = (uint32_t)t->count;
	return 0;
}

void us__norm_table_free(us__norm_table *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->keys[i]);
		free(t->values[i]);
	}
	free(t->keys);
	free(t->values);
	free(t->hashes);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* ---- tokenizer ---------------------------------------------------------- */

size_t us_utf8_invalid_offset(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

/* A table, not comparisons: this test runs once per input byte. */
static const unsigned char ascii_alnum[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
};

size_t us_utf8_replace_invalid(char *text, size_t len)
{
	size_t replaced = 0;
	for (size_t i = 0; i < len;) {
		size_t bad = i + us_utf8_invalid_offset(text + i, len - i);
		if (bad >= len)
			break;
		text[bad] = '?';
		replaced++;
		i = bad + 1;
	}
	return replaced;
}

static int is_ascii_alnum(unsigned char c)
{
	return ascii_alnum[c];
}

static int is_apostrophe_cp(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x2032;
}

static int is_word_cp(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return is_ascii_alnum((unsigned char)cp);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Decode the code point at text[i]; returns its byte length, or 0 when the
 * bytes are not valid UTF-8. */
static size_t decode(const char *text, size_t len, size_t i, utf8proc_int32_t *cp)
{
	unsigned char c = (unsigned char)text[i];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
					      (utf8proc_ssize_t)(len - i), cp);
	return n > 0 ? (size_t)n : 0;
}

typedef struct tok_state {
	us__tokens *toks;
	const us__norm_table *norm;
	uint32_t sentence;
	uint8_t quoted;
	uint8_t open; /* a sentence has begun: its ^ is out, its $ is not */
	us_error *err;
} tok_state;

static int push_raw(tok_state *st, uint8_t kind, size_t offset, size_t length, const char *norm,
		    size_t norm_len, uint32_t hash);

/* Every token but the markers opens a sentence when none is open, so
 * that a text never ends with an empty sentence. hash is the FNV hash of
 * norm when the caller has it, else 0. */
static int push_h(tok_state *st, uint8_t kind, size_t offset, size_t length, const char *norm,
		  size_t norm_len, uint32_t hash)
{
	if (!st->open) {
		int rc = push_raw(st, US__TOK_SENT_START, offset, 0, "^", 1, 0);
		if (rc)
			return rc;
		st->open = 1;
	}
	return push_raw(st, kind, offset, length, norm, norm_len, hash);
}

static int push(tok_state *st, uint8_t kind, size_t offset, size_t length, const char *norm,
		size_t norm_len)
{
	return push_h(st, kind, offset, length, norm, norm_len, 0);
}

static int push_raw(tok_state *st, uint8_t kind, size_t offset, size_t length, const char *norm,
		    size_t norm_len, uint32_t hash)
{
	us__tokens *toks = st->toks;
	if (norm_len > UINT16_MAX)
		norm_len = UINT16_MAX; /* a 64 KiB "word" is noise; keep its prefix */
	if (toks->count == toks->cap &&
	    us__grow((void **)&toks->items, &toks->cap, toks->count + 1, sizeof(us__token)))
		return us__error_set(st->err, US_ENOMEM, "out of memory while tokenizing");
	us__token *t = &toks->items[toks->count];
	t->offset = (uint32_t)offset;
	t->length = (uint32_t)length;
	t->norm = (uint32_t)toks->norm.len;
	t->norm_len = (uint16_t)norm_len;
	t->kind = kind;
	t->flags = st->quoted ? US__TOK_QUOTED : 0;
	t->sentence = st->sentence;
	t->sym = 0;
	t->hash = (hash ? hash : (uint32_t)us__hash(norm, norm_len)) | 1;
	us__buf *b = &toks->norm;
	if (b->len + norm_len + 2 <= b->cap) {
		memcpy(b->data + b->len, norm, norm_len);
		b->len += norm_len;
		b->data[b->len++] = '\0';
		b->data[b->len] = '\0';
	} else {
		int rc = us__buf_append(b, norm, norm_len);
		if (!rc)
			rc = us__buf_appendc(b, '\0');
		if (rc)
			return us__error_set(st->err, rc, "message too large to analyze (%zu bytes)", offset);
	}
	toks->count++;
	return 0;
}

static int end_sentence(tok_state *st, size_t offset)
{
	if (!st->open)
		return 0;
	int rc = push_raw(st, US__TOK_SENT_END, offset, 0, "$", 1, 0);
	st->open = 0;
	st->sentence++;
	st->quoted = 0; /* an unclosed quote does not leak into the next sentence */
	return rc;
}

/* Emit the words a normalized word stands for: a table entry ("dont" ->
 * "do not"), an English contraction suffix, or the word itself. */
static int emit_word(tok_state *st, size_t offset, size_t length, const char *w, size_t n,
		     uint32_t hash, int has_apostrophe)
{
	const char *repl = norm_table_get_hashed(st->norm, w, n, hash);
	if (repl) {
		const char *p = repl;
		while (*p) {
			const char *e = strchr(p, ' ');
			size_t k = e ? (size_t)(e - p) : strlen(p);
			if (k) {
				int rc = push(st, US__TOK_WORD, offset, length, p, k);
				if (rc)
					return rc;
			}
			p += k;
			while (*p == ' ')
				p++;
		}
		return 0;
	}
	/* Only a word with an apostrophe can be a contraction. */
	if (!has_apostrophe)
		return push_h(st, US__TOK_WORD, offset, length, w, n, hash);
	static const struct {
		const char *suffix;
		const char *word;
	} suffixes[] = {
		{ "n't", "not" }, { "'re", "are" }, { "'ve", "have" }, { "'ll", "will" },
		{ "'d", "would" }, { "'m", "am" }, { "'s", "'s" },
	};
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i].suffix);
		if (n > sl && memcmp(w + n - sl, suffixes[i].suffix, sl) == 0) {
			/* The base is normalized too: "hubby's" is husband + 's. It
			 * has no apostrophe left, so this does not recurse further. */
			int rc = emit_word(st, offset, length, w, n - sl, (uint32_t)us__hash(w, n - sl),
					   memchr(w, '\'', n - sl) != NULL);
			if (!rc)
				rc = push(st, US__TOK_WORD, offset, length, suffixes[i].word,
					  strlen(suffixes[i].word));
			return rc;
		}
	}
	return push_h(st, US__TOK_WORD, offset, length, w, n, hash);
}

static const unsigned char ascii_lower[128] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
	24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45,
	46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 'a', 'b',
	'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
	't', 'u', 'v', 'w', 'x', 'y', 'z', 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102,
	103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
	120, 121, 122, 123, 124, 125, 126, 127,
};

/* Scan a word starting at text[start]; returns its end. Apostrophes and
 * hyphens count as part of a word only between word characters, and a
 * full stop only between digits ("4.5"). */
static size_t scan_word(const char *text, size_t len, size_t start, int *ascii)
{
	size_t i = start;
	*ascii = 1;
	while (i < len) {
		while (i < len && is_ascii_alnum((unsigned char)text[i]))
			i++;
		if (i >= len)
			break;
		utf8proc_int32_t cp;
		size_t n = decode(text, len, i, &cp);
		if (!n)
			break;
		if (is_word_cp(cp)) {
			if (cp >= 0x80)
				*ascii = 0;
			i += n;
			continue;
		}
		if (is_apostrophe_cp(cp) || cp == '-' || cp == '.' || cp == 0x2010 || cp == 0x2011) {
			utf8proc_int32_t next;
			size_t m = i + n < len ? decode(text, len, i + n, &next) : 0;
			if (m && is_word_cp(next) &&
			    (cp != '.' || ((unsigned char)text[i - 1] >= '0' &&
					   (unsigned char)text[i - 1] <= '9' && next >= '0' && next <= '9'))) {
				if (cp >= 0x80)
					*ascii = 0;
				i += n;
				continue;
			}
		}
		break;
	}
	return i;
}

/* Lowercase and unify apostrophes and hyphens of text[start..end) into out. */
static int normalize_word(us__buf *out, const char *text, size_t start, size_t end, int ascii)
{
	us__buf_clear(out);
	if (ascii) {
		if (us__buf_append(out, text + start, end - start))
			return US_ENOMEM;
		for (size_t i = 0; i < out->len; i++)
			out->data[i] = (char)ascii_lower[(unsigned char)out->data[i]];
		return 0;
	}
	for (size_t i = start; i < end;) {
		utf8proc_int32_t cp;
		size_t n = decode(text, end, i, &cp);
		if (!n)
			return US_EUTF8;
		if (is_apostrophe_cp(cp))
			cp = '\'';
		else if (cp == 0x2010 || cp == 0x2011)
			cp = '-';
		utf8proc_int32_t folded[8];
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, folded, 8, UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE, NULL);
		if (k < 0 || k > 8) {
			folded[0] = cp;
			k = 1;
		}
		for (utf8proc_ssize_t j = 0; j < k; j++) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t el = utf8proc_encode_char(folded[j], enc);
			if (us__buf_append(out, enc, (size_t)el))
				return US_ENOMEM;
		}
		i += n;
	}
	/* Recompose: "é" typed as e + combining acute matches the lexicon's é. */
	utf8proc_uint8_t *composed = NULL;
	utf8proc_ssize_t cl = utf8proc_map((const utf8proc_uint8_t *)out->data, (utf8proc_ssize_t)out->len,
					   &composed, UTF8PROC_COMPOSE);
	if (cl >= 0 && composed) {
		us__buf_clear(out);
		int rc = us__buf_append(out, composed, (size_t)cl);
		free(composed);
		return rc ? US_ENOMEM : 0;
	}
	free(composed);
	return 0;
}

int us__tokenize(us__tokens *toks, const us__norm_table *norm, const char *text, size_t len,
		 us_error *err)
{
	tok_state st = { toks, norm, 0, 0, 0, err };
	us__buf word = US__BUF_INIT(1 << 20);
	int rc;
	toks->count = 0;
	toks->sentences = 0;
	us__buf_clear(&toks->norm);
	if (len > UINT32_MAX)
		return us__error_set(err, US_ETOOBIG, "message of %zu bytes is over the 4 GiB limit", len);
	rc = 0;
	size_t i = 0;
	int words_in_sentence = 0;
	while (!rc && i < len) {
		unsigned char c0 = (unsigned char)text[i];
		if (c0 == ' ') {
			i++;
			continue;
		}
		if (ascii_alnum[c0]) {
			/* The common case, in one pass: a plain ASCII word is
			 * found, lowercased and hashed (exactly as us__hash does)
			 * together. A word that goes on with an apostrophe, a
			 * hyphen, a decimal point or a non-ASCII letter takes the
			 * general path below. */
			char lw[64];
			uint64_t h64 = 1469598103934665603ULL;
			size_t j = i, k = 0;
			while (j < len && k < sizeof(lw) && ascii_alnum[(unsigned char)text[j]]) {
				char lc = (char)ascii_lower[(unsigned char)text[j]];
				lw[k++] = lc;
				h64 ^= (unsigned char)lc;
				h64 *= 1099511628211ULL;
				j++;
			}
			uint32_t h = (uint32_t)h64;
			unsigned char nc = j < len ? (unsigned char)text[j] : ' ';
			int joins = k == sizeof(lw) || nc >= 0x80 || nc == '\'' || nc == '-' ||
				    (nc == '.' && j + 1 < len && text[j - 1] >= '0' && text[j - 1] <= '9' &&
				     text[j + 1] >= '0' && text[j + 1] <= '9');
			if (!joins) {
				rc = emit_word(&st, i, j - i, lw, k, h, 0);
				words_in_sentence = 1;
				i = j;
				continue;
			}
		}
		utf8proc_int32_t cp;
		size_t n = decode(text, len, i, &cp);
		if (n == 0) {
			/* Validation happens here, in the one pass over the bytes;
			 * no finding of a message is reported before all of it is
			 * tokenized, so failing here loses nothing. */
			rc = us__error_set(err, US_EUTF8, "invalid UTF-8 at byte offset %zu", i);
			break;
		}
		if (is_word_cp(cp)) {
			int ascii;
			size_t end = scan_word(text, len, i, &ascii);
			/* Words with apostrophes, hyphens, decimals or non-ASCII
			 * letters: rarer, so normalized apart and hashed after. */
			rc = normalize_word(&word, text, i, end, ascii);
			if (rc) {
				rc = us__error_set(err, rc, "cannot normalize the word at byte offset %zu", i);
				break;
			}
			rc = emit_word(&st, i, end - i, word.data, word.len, (uint32_t)us__hash(word.data, word.len),
				       memchr(word.data, '\'', word.len) != NULL);
			words_in_sentence = 1;
			i = end;
			continue;
		}
		size_t at = i;
		i += n;
		switch (cp) {
		case '.': case '!': case '?': case 0x2026: case 0x203D: {
			/* A run such as "?!" or "..." is one mark; a question
			 * mark anywhere in it makes it a question. */
			char mark = cp == '?' || cp == 0x203D ? '?' : cp == '!' ? '!' : '.';
			while (i < len) {
				utf8proc_int32_t c2;
				size_t m = decode(text, len, i, &c2);
				if (c2 == '?' || c2 == '!' || c2 == '.' || c2 == 0x2026 || c2 == 0x203D) {
					if (c2 == '?' || c2 == 0x203D)
						mark = '?';
					else if (c2 == '!' && mark == '.')
						mark = '!';
					i += m;
				} else {
					break;
				}
			}
			rc = push(&st, US__TOK_PUNCT, at, i - at, &mark, 1);
			if (!rc && words_in_sentence) {
				rc = end_sentence(&st, i);
				words_in_sentence = 0;
			}
			break;
		}
		case ',': case ';': case 0x2014: case 0x2013: case 0xFF0C:
			rc = push(&st, US__TOK_PUNCT, at, i - at, ",", 1);
			break;
		case '-':
			/* A free-standing hyphen is a dash. */
			if (at > 0 && text[at - 1] == ' ')
				rc = push(&st, US__TOK_PUNCT, at, i - at, ",", 1);
			break;
		case ':':
			rc = push(&st, US__TOK_PUNCT, at, i - at, ":", 1);
			break;
		case '"': case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
			if (cp == 0x201C || cp == 0x201E || cp == 0x00AB)
				st.quoted = 1;
			else if (cp == 0x201D || cp == 0x00BB)
				st.quoted = 0;
			else
				st.quoted = !st.quoted;
			break;
		case '\'': case 0x2018: case 0x2019: {
			/* Not inside a word (scan_word took those): an opening quote
			 * before a word, a closing one after a word. */
			int before_word = 0;
			if (i < len) {
				utf8proc_int32_t next;
				size_t m = decode(text, len, i, &next);
				before_word = m && is_word_cp(next);
			}
			utf8proc_int32_t prev = 0;
			if (at > 0) {
				size_t p = at - 1;
				while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
					p--;
				decode(text, len, p, &prev);
			}
			int after_word = at > 0 && is_word_cp(prev);
			if (before_word && !after_word && cp != 0x2019)
				st.quoted = 1;
			else if (after_word && !before_word && st.quoted)
				st.quoted = 0;
			break;
		}
		default:
			break;
		}
	}
	if (!rc)
		rc = end_sentence(&st, len);
	toks->sentences = st.sentence;
	us__buf_free(&word);
	return rc;
}

void us__tokens_free(us__tokens *toks)
{
	free(toks->items);
	us__buf_free(&toks->norm);
	memset(toks, 0, sizeof(*toks));
}

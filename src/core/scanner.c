/*
 * scanner.c: one message through the pipeline: tokens -> symbols (with a
 * cache of stems) -> the lazily built DFA -> raw matches -> context filters
 * and overlap rules -> findings in input order.
 *
 * The DFA (built here, per scanner, so the ruleset stays read-only and
 * shareable across threads) has as states the sets of NFA states that are
 * part-way through a pattern. The states that begin a pattern are not kept
 * in the sets; they are found for each token through the ruleset's first-
 * token index. So a token that begins nothing and continues nothing costs
 * one cache lookup and one table lookup, however many rules are loaded.
 * The DFA is a cache: when it grows past its budget it is flushed and
 * rebuilt as needed, which keeps memory bounded on any input.
 */
#include "core/ruleset.h"

#include <stdlib.h>
#include <string.h>

#define WORD_CACHE_MIN (1u << 12)
#define WORD_CACHE_MAX (1u << 19)
#define TRANS_MIN (1u << 12)
#define TRANS_MAX (1u << 19)
#define WORD_ARENA_MAX ((size_t)4 << 20)
#define DFA_STATES_MAX 50000u
#define DFA_POOL_MAX ((size_t)15 << 16) /* 960K: with one set more, the pool stays at 1M entries (4 MB) */
#define NO_STATE UINT32_MAX

/* This lookup is the hottest memory access of a scan. An entry is 32
 * bytes, half a cache line, with the word itself inline when it fits, so
 * that a lookup touches one line; the scan prefetches that line a few
 * tokens ahead. Longer words live in the arena. */
#define WORD_INLINE 22
typedef struct word_entry {
	uint32_t hash; /* never 0 in a used slot */
	uint32_t sym;
	uint16_t len;
	union {
		char inline_key[WORD_INLINE];
		uint32_t arena_off;
	} key;
} word_entry;

typedef struct trans_entry {
	uint64_t key; /* (state << 32 | sym) + 1; 0 = empty */
	uint32_t to;
} trans_entry;

typedef struct dstate {
	uint32_t set_off, set_len; /* NFA states (CONSUME and ACCEPT), in no order */
	uint32_t acc_off, acc_len; /* patterns accepted here */
	uint64_t hash;             /* of the set, independent of order */
	/* The last two transitions taken from this state (symbol + 1, target):
	 * they answer about four lookups in five without touching the
	 * transition table, whose probes miss the cache. */
	uint32_t recent_sym[2], recent_to[2];
} dstate;

typedef struct raw_match {
	uint32_t rule;
	uint32_t first, last; /* token indices, inclusive */
	uint32_t start, end;  /* byte offsets in the message, end exclusive */
	uint32_t sentence;
	uint8_t dropped;
} raw_match;

struct us_scanner {
	const us_ruleset *rs;
	struct sb_stemmer *stemmer;
	us__tokens toks;

	/* word -> symbol cache */
	word_entry *words;
	size_t nwords, nword_slots;
	us__buf arena;

	/* DFA */
	dstate *states;
	size_t nstates, capstates;
	uint32_t *pool; /* state sets and accept lists */
	size_t npool, cappool;
	uint32_t *state_slots; /* hash of sets -> state id + 1 */
	size_t nstate_slots;
	uint32_t *start_next; /* per symbol: the next state from state 0, or NO_STATE */
	struct trans_entry *trans; /* one cache line miss per lookup, not two */
	size_t ntrans, ntrans_slots;
	uint32_t *scratch; /* set under construction */
	size_t nscratch, capscratch;
	uint32_t *mark; /* per NFA state: generation when last added */
	uint32_t generation;
	uint32_t *sim_a; /* anchored matching */
	size_t sim_cap;

	raw_match *matches;
	size_t nmatches, capmatches;
	raw_match *filters;
	size_t nfilters, capfilters;
	struct filter_run *runs;
	size_t nruns, capruns;

	us_stats stats;
	size_t *emotions;
};

/* ---- symbols for words --------------------------------------------------- */

static void word_cache_clear(us_scanner *sc)
{
	memset(sc->words, 0, sc->nword_slots * sizeof(word_entry));
	sc->nwords = 0;
	us__buf_clear(&sc->arena);
}

/* Double the cache (tables start small so that a small vocabulary stays in
 * the fastest cache). Returns 0, or -1 when it is at its largest. */
static int word_cache_grow(us_scanner *sc)
{
	size_t n = sc->nword_slots * 2;
	if (n > WORD_CACHE_MAX)
		return -1;
	word_entry *w = calloc(n, sizeof(word_entry));
	if (!w)
		return -1;
	for (size_t k = 0; k < sc->nword_slots; k++) {
		if (!sc->words[k].hash)
			continue;
		size_t i = sc->words[k].hash & (n - 1);
		while (w[i].hash)
			i = (i + 1) & (n - 1);
		w[i] = sc->words[k];
	}
	free(sc->words);
	sc->words = w;
	sc->nword_slots = n;
	return 0;
}

static uint32_t lookup_uncached(us_scanner *sc, const char *w, size_t n)
{
	const us_ruleset *rs = sc->rs;
	uint32_t sym;
	if (us__symtab_find(rs, &rs->forms, w, n, &sym) == 0)
		return sym;
	const sb_symbol *st = sb_stemmer_stem(sc->stemmer, (const sb_symbol *)w, (int)n);
	int sl = st ? sb_stemmer_length(sc->stemmer) : 0;
	if (sl > 0 && us__symtab_find(rs, &rs->stems, (const char *)st, (size_t)sl, &sym) == 0)
		return sym;
	if (sl <= 0 && us__symtab_find(rs, &rs->stems, w, n, &sym) == 0)
		return sym;
	return US__SYM_OTHER;
}

static int entry_is(const us_scanner *sc, const word_entry *e, uint32_t h, const char *w, size_t n)
{
	if (e->hash != h || e->len != n)
		return 0;
	if (n > WORD_INLINE)
		return memcmp(sc->arena.data + e->key.arena_off, w, n) == 0;
	/* Words are short: a plain loop beats a call to memcmp. */
	for (size_t k = 0; k < n; k++)
		if (e->key.inline_key[k] != w[k])
			return 0;
	return 1;
}

static uint32_t word_symbol(us_scanner *sc, const char *w, size_t n, uint32_t h)
{
	size_t mask = sc->nword_slots - 1, i = h & mask;
	while (sc->words[i].hash) {
		if (entry_is(sc, &sc->words[i], h, w, n))
			return sc->words[i].sym;
		i = (i + 1) & mask;
	}
	uint32_t sym = lookup_uncached(sc, w, n);
	if (n > UINT16_MAX)
		return sym; /* not worth caching */
	int long_word = n > WORD_INLINE;
	if ((sc->nwords + 1) * 2 >= sc->nword_slots ||
	    (long_word && sc->arena.len + n + 1 > WORD_ARENA_MAX)) {
		if ((long_word && sc->arena.len + n + 1 > WORD_ARENA_MAX) || word_cache_grow(sc) != 0)
			word_cache_clear(sc);
		mask = sc->nword_slots - 1;
		i = h & mask;
		while (sc->words[i].hash)
			i = (i + 1) & mask;
	}
	word_entry *e = &sc->words[i];
	if (long_word) {
		size_t off = sc->arena.len;
		if (us__buf_append(&sc->arena, w, n) != 0)
			return sym;
		e->key.arena_off = (uint32_t)off;
	} else {
		memcpy(e->key.inline_key, w, n);
	}
	e->hash = h;
	e->len = (uint16_t)n;
	e->sym = sym;
	sc->nwords++;
	return sym;
}

/* ---- the DFA -------------------------------------------------------------- */

static void dfa_clear(us_scanner *sc)
{
	sc->nstates = 0;
	sc->npool = 0;
	memset(sc->state_slots, 0, sc->nstate_slots * sizeof(uint32_t));
	memset(sc->trans, 0, sc->ntrans_slots * sizeof(trans_entry));
	memset(sc->start_next, 0xFF, sc->rs->nsymbols * sizeof(uint32_t));
	sc->ntrans = 0;
}

static uint64_t mix_state(uint32_t x)
{
	uint64_t z = (uint64_t)x * 0x9E3779B97F4A7C15ULL;
	return z ^ (z >> 31);
}

/*
 * Intern the set in sc->scratch; returns the DFA state id or NO_STATE.
 * Every member of the scratch set carries the current mark (scratch_add
 * marks what it adds), so a stored set equals it when the sizes and the
 * order-free hashes agree and each stored member is marked: no sorting.
 */
static uint32_t intern_state(us_scanner *sc)
{
	const us_ruleset *rs = sc->rs;
	size_t n = sc->nscratch;
	uint64_t h = n;
	for (size_t k = 0; k < n; k++)
		h += mix_state(sc->scratch[k]);
	size_t mask = sc->nstate_slots - 1, i = (size_t)(h ^ (h >> 29)) & mask;
	while (sc->state_slots[i]) {
		const dstate *d = &sc->states[sc->state_slots[i] - 1];
		if (d->set_len == n && d->hash == h) {
			size_t k = 0;
			while (k < n && sc->mark[sc->pool[d->set_off + k]] == sc->generation)
				k++;
			if (k == n)
				return sc->state_slots[i] - 1;
		}
		i = (i + 1) & mask;
	}
	size_t nacc = 0;
	for (size_t k = 0; k < n; k++)
		nacc += rs->nfa[sc->scratch[k]].kind == US__N_ACCEPT;
	if (us__grow((void **)&sc->states, &sc->capstates, sc->nstates + 1, sizeof(dstate)) ||
	    us__grow((void **)&sc->pool, &sc->cappool, sc->npool + n + nacc, sizeof(uint32_t)))
		return NO_STATE;
	dstate *d = &sc->states[sc->nstates];
	d->set_off = (uint32_t)sc->npool;
	d->set_len = (uint32_t)n;
	d->hash = h;
	d->recent_sym[0] = d->recent_sym[1] = 0;
	if (n)
		memcpy(sc->pool + sc->npool, sc->scratch, n * sizeof(uint32_t));
	sc->npool += n;
	d->acc_off = (uint32_t)sc->npool;
	d->acc_len = 0;
	for (size_t k = 0; k < n; k++) {
		const us__nstate *s = &rs->nfa[sc->scratch[k]];
		if (s->kind == US__N_ACCEPT)
			sc->pool[sc->npool + d->acc_len++] = s->arg;
	}
	sc->npool += d->acc_len;
	sc->state_slots[i] = (uint32_t)sc->nstates + 1;
	return (uint32_t)sc->nstates++;
}

static int scratch_add(us_scanner *sc, uint32_t state)
{
	if (sc->mark[state] == sc->generation)
		return 0;
	sc->mark[state] = sc->generation;
	const us__nstate *s = &sc->rs->nfa[state];
	if (s->kind == US__N_SPLIT) {
		int rc = scratch_add(sc, s->out);
		return rc ? rc : scratch_add(sc, s->out1);
	}
	if (us__grow((void **)&sc->scratch, &sc->capscratch, sc->nscratch + 1, sizeof(uint32_t)))
		return US_ENOMEM;
	sc->scratch[sc->nscratch++] = state;
	return 0;
}

static void next_generation(us_scanner *sc)
{
	if (++sc->generation == 0) {
		memset(sc->mark, 0, sc->rs->nnfa * sizeof(uint32_t));
		sc->generation = 1;
	}
}

#define ANY_PATTERN UINT32_MAX

static int add_starts(us_scanner *sc, const uint32_t *items, uint32_t from, uint32_t to, uint32_t sym,
		      uint32_t pattern)
{
	for (uint32_t k = from; k < to; k++) {
		const us__nstate *s = &sc->rs->nfa[items[k]];
		if ((pattern == ANY_PATTERN || sc->rs->nfa_owner[items[k]] == pattern) &&
		    us__pred_matches(sc->rs, s, sym)) {
			int rc = scratch_add(sc, s->out);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Add to the scratch set what follows every first state that sym satisfies
 * (of one pattern, or of all with ANY_PATTERN), found through the
 * first-token index: by the symbol, its stem, and each of its classes. */
static int add_first_states(us_scanner *sc, uint32_t sym, uint32_t pattern)
{
	const us_ruleset *rs = sc->rs;
	const us__symbol *y = &rs->symbols[sym];
	int rc = add_starts(sc, rs->start_by_sym, rs->start_by_sym_off[sym], rs->start_by_sym_off[sym + 1], sym,
			    pattern);
	if (!rc && y->is_form && y->stem_sym)
		rc = add_starts(sc, rs->start_by_sym, rs->start_by_sym_off[y->stem_sym],
				rs->start_by_sym_off[y->stem_sym + 1], sym, pattern);
	for (size_t w = 0; !rc && w < rs->class_words; w++) {
		uint64_t bits = rs->class_bits[(size_t)sym * rs->class_words + w];
		while (!rc && bits) {
			uint32_t cls = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
			bits &= bits - 1;
			rc = add_starts(sc, rs->start_by_class, rs->start_by_class_off[cls],
					rs->start_by_class_off[cls + 1], sym, pattern);
		}
	}
	return rc;
}

/* The set reached from the empty state by sym: every pattern sym begins,
 * one step in. Computed from the first-token index. */
static uint32_t compute_start(us_scanner *sc, uint32_t sym)
{
	next_generation(sc);
	sc->nscratch = 0;
	return add_first_states(sc, sym, ANY_PATTERN) ? NO_STATE : intern_state(sc);
}

/* The set reached from from_state by sym: its own states stepped, plus
 * the (cached) start set of sym, so the first-token index and its
 * closures are walked once per symbol, not once per transition. */
static uint32_t compute_next(us_scanner *sc, uint32_t from_state, uint32_t sym)
{
	const us_ruleset *rs = sc->rs;
	if (from_state == 0)
		return compute_start(sc, sym);
	uint32_t start = sc->start_next[sym];
	if (start == NO_STATE) {
		start = compute_start(sc, sym);
		if (start == NO_STATE)
			return NO_STATE;
		sc->start_next[sym] = start;
	}
	next_generation(sc);
	sc->nscratch = 0;
	int rc = 0;
	const dstate *d = &sc->states[from_state];
	for (uint32_t k = 0; !rc && k < d->set_len; k++) {
		const us__nstate *s = &rs->nfa[sc->pool[d->set_off + k]];
		if (s->kind == US__N_CONSUME && us__pred_matches(rs, s, sym))
			rc = scratch_add(sc, s->out);
	}
	const dstate *z = &sc->states[start];
	for (uint32_t k = 0; !rc && k < z->set_len; k++) {
		uint32_t st = sc->pool[z->set_off + k];
		if (sc->mark[st] != sc->generation) {
			sc->mark[st] = sc->generation;
			if (us__grow((void **)&sc->scratch, &sc->capscratch, sc->nscratch + 1, sizeof(uint32_t)))
				rc = US_ENOMEM;
			else
				sc->scratch[sc->nscratch++] = st;
		}
	}
	return rc ? NO_STATE : intern_state(sc);
}

/* Fibonacci hashing: the top bits of the product are the well-mixed ones
 * (the middle bits, used before, left long probe chains). */
static size_t trans_slot(uint64_t key, size_t nslots)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - __builtin_ctzll(nslots)));
}

static int trans_grow(us_scanner *sc)
{
	size_t n = sc->ntrans_slots * 2;
	if (n > TRANS_MAX)
		return -1;
	trans_entry *t = calloc(n, sizeof(trans_entry));
	if (!t)
		return -1;
	for (size_t k = 0; k < sc->ntrans_slots; k++) {
		if (!sc->trans[k].key)
			continue;
		size_t i = trans_slot(sc->trans[k].key, n);
		while (t[i].key)
			i = (i + 1) & (n - 1);
		t[i] = sc->trans[k];
	}
	free(sc->trans);
	sc->trans = t;
	sc->ntrans_slots = n;
	return 0;
}

static int trans_put(us_scanner *sc, uint32_t from, uint32_t sym, uint32_t to)
{
	if ((sc->ntrans + 1) * 2 > sc->ntrans_slots && trans_grow(sc) != 0)
		return 0; /* full: leave it uncached until the next flush */
	uint64_t key = (((uint64_t)from << 32) | sym) + 1;
	size_t mask = sc->ntrans_slots - 1, i = trans_slot(key, sc->ntrans_slots);
	while (sc->trans[i].key)
		i = (i + 1) & mask;
	sc->trans[i].key = key;
	sc->trans[i].to = to;
	sc->ntrans++;
	return 0;
}

static void remember(us_scanner *sc, uint32_t from, uint32_t sym, uint32_t to)
{
	dstate *d = &sc->states[from];
	d->recent_sym[1] = d->recent_sym[0];
	d->recent_to[1] = d->recent_to[0];
	d->recent_sym[0] = sym + 1;
	d->recent_to[0] = to;
}

static uint32_t dfa_step(us_scanner *sc, uint32_t *state, uint32_t sym)
{
	/* Nothing in progress: the most common case, a direct table. */
	if (*state == 0) {
		if (sym == US__SYM_OTHER)
			return 0;
		if (sc->start_next[sym] != NO_STATE)
			return *state = sc->start_next[sym], 0;
	}
	if (*state != 0) {
		dstate *d = &sc->states[*state];
		if (d->recent_sym[0] == sym + 1)
			return *state = d->recent_to[0], 0;
		if (d->recent_sym[1] == sym + 1) {
			uint32_t to = d->recent_to[1];
			d->recent_sym[1] = d->recent_sym[0];
			d->recent_to[1] = d->recent_to[0];
			d->recent_sym[0] = sym + 1;
			d->recent_to[0] = to;
			return *state = to, 0;
		}
	}
	uint64_t key = (((uint64_t)*state << 32) | sym) + 1;
	size_t mask = sc->ntrans_slots - 1, i = trans_slot(key, sc->ntrans_slots);
	while (sc->trans[i].key) {
		if (sc->trans[i].key == key) {
			remember(sc, *state, sym, sc->trans[i].to);
			return *state = sc->trans[i].to, 0;
		}
		i = (i + 1) & mask;
	}
	if (sc->nstates >= DFA_STATES_MAX || sc->npool >= DFA_POOL_MAX) {
		/* Flush, keeping the current set: copy it out, clear, re-intern. */
		const dstate *d = &sc->states[*state];
		uint32_t n = d->set_len;
		uint32_t *copy = malloc((n ? n : 1) * sizeof(uint32_t));
		if (!copy)
			return US_ENOMEM;
		memcpy(copy, sc->pool + d->set_off, n * sizeof(uint32_t));
		dfa_clear(sc);
		sc->nscratch = 0;
		if (intern_state(sc) != 0) { /* the empty set is always state 0 */
			free(copy);
			return US_ENOMEM;
		}
		if (us__grow((void **)&sc->scratch, &sc->capscratch, n ? n : 1, sizeof(uint32_t))) {
			free(copy);
			return US_ENOMEM;
		}
		memcpy(sc->scratch, copy, n * sizeof(uint32_t));
		sc->nscratch = n;
		free(copy);
		next_generation(sc); /* intern_state compares by marks */
		for (uint32_t k = 0; k < n; k++)
			sc->mark[sc->scratch[k]] = sc->generation;
		uint32_t again = intern_state(sc);
		if (again == NO_STATE)
			return US_ENOMEM;
		*state = again;
	}
	uint32_t next = compute_next(sc, *state, sym);
	if (next == NO_STATE)
		return US_ENOMEM;
	if (*state == 0) {
		sc->start_next[sym] = next;
	} else {
		trans_put(sc, *state, sym, next);
		remember(sc, *state, sym, next);
	}
	*state = next;
	return 0;
}

/* Where does the match of pattern p that ends at token `last` begin? The
 * DFA knows only that one ends there; running the pattern alone, anchored,
 * from each candidate start finds the earliest (longest) one. */
static int match_start(us_scanner *sc, const us__pattern *p, size_t last, size_t *first)
{
	const us_ruleset *rs = sc->rs;
	uint32_t pattern = (uint32_t)(p - rs->patterns);
	size_t window = p->max_tokens ? p->max_tokens : 1;
	size_t from = last + 1 >= window ? last + 1 - window : 0;
	for (size_t j = from; j <= last; j++) {
		next_generation(sc);
		sc->nscratch = 0;
		if (add_first_states(sc, sc->toks.items[j].sym, pattern))
			return US_ENOMEM;
		size_t k = j + 1;
		for (; k <= last && sc->nscratch; k++) {
			uint32_t sym = sc->toks.items[k].sym;
			size_t n = sc->nscratch;
			if (us__grow((void **)&sc->sim_a, &sc->sim_cap, n, sizeof(uint32_t)))
				return US_ENOMEM;
			memcpy(sc->sim_a, sc->scratch, n * sizeof(uint32_t));
			next_generation(sc);
			sc->nscratch = 0;
			for (size_t q = 0; q < n; q++) {
				const us__nstate *s = &rs->nfa[sc->sim_a[q]];
				if (s->kind == US__N_CONSUME && us__pred_matches(rs, s, sym) && scratch_add(sc, s->out))
					return US_ENOMEM;
			}
		}
		if (k == last + 1)
			for (size_t q = 0; q < sc->nscratch; q++)
				if (sc->scratch[q] == p->nfa_accept) {
					*first = j;
					return 0;
				}
	}
	*first = last;
	return 0;
}

/* ---- life ----------------------------------------------------------------- */

int us_scanner_new(us_scanner **out, const us_ruleset *rs, us_error *err)
{
	if (!rs->compiled)
		return us__error_set(err, US_EINVAL, "compile the ruleset before scanning");
	us_scanner *sc = calloc(1, sizeof(*sc));
	if (!sc)
		return us__error_set(err, US_ENOMEM, "out of memory creating a scanner");
	sc->rs = rs;
	sc->arena.max = WORD_ARENA_MAX + 1024;
	sc->toks.norm.max = (size_t)256 << 20;
	sc->stemmer = sb_stemmer_new("english", NULL);
	sc->nword_slots = WORD_CACHE_MIN;
	sc->words = calloc(sc->nword_slots, sizeof(word_entry));
	sc->nstate_slots = 1u << 17; /* > 2 * DFA_STATES_MAX */
	sc->state_slots = calloc(sc->nstate_slots, sizeof(uint32_t));
	sc->ntrans_slots = TRANS_MIN;
	sc->trans = calloc(sc->ntrans_slots, sizeof(trans_entry));
	sc->start_next = malloc((rs->nsymbols ? rs->nsymbols : 1) * sizeof(uint32_t));
	if (sc->start_next)
		memset(sc->start_next, 0xFF, rs->nsymbols * sizeof(uint32_t));
	sc->mark = calloc(rs->nnfa ? rs->nnfa : 1, sizeof(uint32_t));
	sc->emotions = calloc(rs->nemotions + 1, sizeof(size_t));
	sc->generation = 1;
	if (!sc->stemmer || !sc->words || !sc->state_slots || !sc->trans ||
	    !sc->mark || !sc->emotions || !sc->start_next) {
		us_scanner_free(sc);
		return us__error_set(err, US_ENOMEM, "out of memory creating a scanner");
	}
	sc->nscratch = 0;
	if (intern_state(sc) != 0) {
		us_scanner_free(sc);
		return us__error_set(err, US_ENOMEM, "out of memory creating a scanner");
	}
	*out = sc;
	return 0;
}

void us_scanner_free(us_scanner *sc)
{
	if (!sc)
		return;
	if (sc->stemmer)
		sb_stemmer_delete(sc->stemmer);
	us__tokens_free(&sc->toks);
	free(sc->words);
	us__buf_free(&sc->arena);
	free(sc->states);
	free(sc->pool);
	free(sc->state_slots);
	free(sc->trans);
	free(sc->start_next);
	free(sc->scratch);
	free(sc->mark);
	free(sc->sim_a);
	free(sc->matches);
	free(sc->filters);
	free(sc->runs);
	free(sc->emotions);
	free(sc);
}

/* ---- findings --------------------------------------------------------------- */

static int push_match(us_scanner *sc, raw_match **arr, size_t *n, size_t *cap, uint32_t rule,
		      size_t first, size_t last)
{
	const us__token *t = sc->toks.items;
	/* Sentence markers are zero-width: trim them off the span. */
	while (first < last && t[first].length == 0)
		first++;
	while (last > first && t[last].length == 0)
		last--;
	if (us__grow((void **)arr, cap, *n + 1, sizeof(raw_match)))
		return US_ENOMEM;
	raw_match *m = &(*arr)[(*n)++];
	m->rule = rule;
	m->first = (uint32_t)first;
	m->last = (uint32_t)last;
	m->start = t[first].offset;
	m->end = t[last].offset + t[last].length;
	if (m->end < m->start)
		m->end = m->start;
	m->sentence = t[first].sentence;
	m->dropped = 0;
	return 0;
}

static int cmp_match(const void *a, const void *b)
{
	const raw_match *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* longer first */
	return (x->rule > y->rule) - (x->rule < y->rule);
}

/* The categories the filters suppress in each sentence, as runs sorted by
 * sentence (filter matches arrive in token order), so that findings, also
 * in order, are checked with one forward pass: linear, not matches x
 * filters. */
typedef struct filter_run {
	uint32_t sentence;
	uint32_t mask;
} filter_run;


static int filter_runs(us_scanner *sc)
{
	const us_ruleset *rs = sc->rs;
	size_t n = 0;
	if (us__grow((void **)&sc->runs, &sc->capruns, sc->nfilters, sizeof(filter_run)))
		return US_ENOMEM;
	filter_run *runs = sc->runs;
	for (size_t i = 0; i < sc->nfilters; i++) {
		uint32_t sentence = sc->filters[i].sentence;
		uint32_t mask = rs->rules[sc->filters[i].rule].suppress_mask;
		if (n && runs[n - 1].sentence == sentence) {
			runs[n - 1].mask |= mask;
		} else {
			runs[n].sentence = sentence;
			runs[n].mask = mask;
			n++;
		}
	}
	sc->nruns = n;
	return 0;
}

/* Matches arrive ordered by where they end, so by where they start they are
 * nearly sorted: insertion sort, falling back to qsort if that assumption
 * fails badly (it never costs more than a bounded amount of shifting). */
static void sort_matches(raw_match *m, size_t n)
{
	size_t budget = 8 * n + 64;
	for (size_t a = 1; a < n; a++) {
		raw_match v = m[a];
		size_t b = a;
		while (b > 0 && cmp_match(&m[b - 1], &v) > 0) {
			m[b] = m[b - 1];
			b--;
			if (--budget == 0) {
				m[b] = v;
				qsort(m, n, sizeof(raw_match), cmp_match);
				return;
			}
		}
		m[b] = v;
	}
}

static int suppressed(const us_scanner *sc, const raw_match *m, const filter_run *runs, size_t nruns,
		      size_t *run)
{
	const us_ruleset *rs = sc->rs;
	us_category cat = rs->rules[m->rule].category;
	while (*run < nruns && runs[*run].sentence < m->sentence)
		(*run)++;
	if (*run < nruns && runs[*run].sentence == m->sentence && (runs[*run].mask >> cat & 1))
		return 1;
	int quoted = 1, words = 0;
	for (uint32_t k = m->first; k <= m->last; k++) {
		const us__token *t = &sc->toks.items[k];
		if (t->kind != US__TOK_WORD)
			continue;
		words++;
		quoted &= (t->flags & US__TOK_QUOTED) != 0;
		for (size_t a = 0; a < rs->nallowed; a++)
			if (strcmp(us__token_norm(&sc->toks, t), rs->allowed[a]) == 0)
				return 1;
	}
	return quoted && words && (rs->quoted_suppress_mask >> cat & 1);
}

/* Line and column at text[to], from those at text[from]: lines counted
 * with memchr, code points only after the last newline. */
static us_position advance(us_position p, const char *text, size_t from, size_t to)
{
	const char *q = text + from, *end = text + to, *last_nl = NULL;
	for (const char *n = q; n < end && (n = memchr(n, '\n', (size_t)(end - n))) != NULL; n++) {
		p.line++;
		last_nl = n;
	}
	if (last_nl) {
		p.column = 1;
		q = last_nl + 1;
	}
	for (; q < end; q++)
		p.column += ((unsigned char)*q & 0xC0) != 0x80;
	p.offset += to - from;
	return p;
}

static int emit(us_scanner *sc, const char *text, us_position at, us_finding_fn fn, void *ctx)
{
	const us_ruleset *rs = sc->rs;
	sort_matches(sc->matches, sc->nmatches);
	size_t nruns = sc->nruns, run = 0;
	const filter_run *runs = sc->runs;
	for (size_t i = 0; i < sc->nmatches; i++) {
		raw_match *m = &sc->matches[i];
		if (m->dropped)
			continue;
		if (suppressed(sc, m, runs, nruns, &run)) {
			m->dropped = 1;
			continue;
		}
		/* The same category on overlapping spans is one finding: the
		 * longer span, which sorting put first. */
		us_category cat = rs->rules[m->rule].category;
		for (size_t k = i + 1; k < sc->nmatches && sc->matches[k].start < m->end; k++)
			if (rs->rules[sc->matches[k].rule].category == cat)
				sc->matches[k].dropped = 1;
	}
	us_position cursor = at;
	size_t cursor_off = 0;
	for (size_t i = 0; i < sc->nmatches; i++) {
		const raw_match *m = &sc->matches[i];
		if (m->dropped)
			continue;
		const us__rule *r = &rs->rules[m->rule];
		us_finding f;
		cursor = advance(cursor, text, cursor_off, m->start);
		cursor_off = m->start;
		f.start = cursor;
		f.end = advance(cursor, text, m->start, m->end);
		f.category = r->category;
		f.severity = us_category_severity(r->category);
		f.rule = r->id;
		f.message = r->message;
		f.suggestion = r->suggestion;
		f.text = text + m->start;
		f.text_len = m->end - m->start;
		sc->stats.findings[r->category]++;
		if (f.severity == US_SEVERITY_INFO)
			sc->stats.healthy++;
		else
			sc->stats.harmful++;
		if (fn) {
			int rc = fn(&f, ctx);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int us_scanner_scan(us_scanner *sc, const char *text, size_t len, us_position at,
		    us_finding_fn fn, void *ctx, us_error *err)
{
	const us_ruleset *rs = sc->rs;
	int rc = us__tokenize(&sc->toks, &rs->norm, text, len, err);
	if (rc)
		return rc;
	if (at.line == 0)
		at.line = 1;
	if (at.column == 0)
		at.column = 1;
	sc->nmatches = sc->nfilters = 0;
	sc->stats.bytes += len;
	uint32_t state = 0;
	us__token *toks = sc->toks.items;
	for (size_t i = 0; i < sc->toks.count; i++) {
		us__token *t = &toks[i];
		uint32_t sym;
		if (i + 8 < sc->toks.count)
			__builtin_prefetch(&sc->words[toks[i + 8].hash & (sc->nword_slots - 1)]);
		if (t->kind == US__TOK_WORD) {
			sym = word_symbol(sc, us__token_norm(&sc->toks, t), t->norm_len, t->hash);
			const us__symbol *y = &rs->symbols[sym];
			sc->stats.words++;
			if (y->pronoun == 1)
				sc->stats.pronoun_i++;
			else if (y->pronoun == 2)
				sc->stats.pronoun_we++;
			else if (y->pronoun == 3)
				sc->stats.pronoun_you++;
			if (y->emotion >= 0)
				sc->emotions[y->emotion]++;
		} else if (t->kind == US__TOK_SENT_START) {
			sym = US__SYM_START;
		} else if (t->kind == US__TOK_SENT_END) {
			sym = US__SYM_END;
		} else {
			sym = rs->punct_sym[(unsigned char)us__token_norm(&sc->toks, t)[0] & 0x7F];
		}
		t->sym = sym;
		if ((rc = dfa_step(sc, &state, sym)) != 0)
			return us__error_set(err, rc, "out of memory while scanning");
		const dstate *d = &sc->states[state];
		for (uint32_t a = 0; a < d->acc_len; a++) {
			const us__pattern *p = &rs->patterns[sc->pool[d->acc_off + a]];
			const us__rule *r = &rs->rules[p->rule];
			size_t first;
			if ((rc = match_start(sc, p, i, &first)) != 0)
				return us__error_set(err, rc, "out of memory while scanning");
			if (r->is_filter)
				rc = push_match(sc, &sc->filters, &sc->nfilters, &sc->capfilters, p->rule, first, i);
			else
				rc = push_match(sc, &sc->matches, &sc->nmatches, &sc->capmatches, p->rule, first, i);
			if (rc)
				return us__error_set(err, rc, "out of memory while scanning");
			d = &sc->states[state];
		}
	}
	if (filter_runs(sc))
		return us__error_set(err, US_ENOMEM, "out of memory while scanning");
	return emit(sc, text, at, fn, ctx);
}

void us_scanner_stats(const us_scanner *sc, us_stats *out)
{
	*out = sc->stats;
}

size_t us_scanner_emotion_count(const us_scanner *sc)
{
	return sc->rs->nemotions;
}

int us_scanner_emotion(const us_scanner *sc, size_t index, const char **family, size_t *count)
{
	if (index >= sc->rs->nemotions)
		return US_EINVAL;
	*family = sc->rs->classes[sc->rs->emotion_class[index]].name + 8;
	*count = sc->emotions[index];
	return 0;
}

void us_scanner_reset_stats(us_scanner *sc)
{
	memset(&sc->stats, 0, sizeof(sc->stats));
	memset(sc->emotions, 0, (sc->rs->nemotions + 1) * sizeof(size_t));
}

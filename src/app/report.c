/*
 * report.c: the counting behind `unscripted report` (see report.h).
 *
 * One scanner reads every message; its statistics are reset before each
 * message, so after the scan they are that message's own words, pronouns,
 * emotion words and findings, added to the sender's totals and to the
 * sender's row of the message's month. Only counts, the open bid of each
 * person and a few short examples are kept: memory depends on the number
 * of people, months and script rules, not on the number of messages.
 *
 * Healthy and harmful here mean the talk categories only (TAXONOMY.md's
 * harmful and healthy patterns): the 5:1 ratio is about how people answer
 * each other, and a word like "chairman" is not part of that. The scripts
 * are counted apart, by rule, with examples.
 */
#include "app/report.h"

#include "core/internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const turn_names[REPORT_TURN_COUNT] = {"toward", "away", "unclear", "no_reply"};

const char *report_turn_name(report_turn t)
{
	return (unsigned)t < REPORT_TURN_COUNT ? turn_names[t] : "";
}

static int is_script(us_category c)
{
	return c == US_CAT_STEREOTYPE || c == US_CAT_GENDERED_ROLE || c == US_CAT_GENDERED_TERM;
}

static int is_healthy(us_category c)
{
	return c >= US_CAT_I_STATEMENT && c <= US_CAT_REPAIR;
}

static int is_harmful(us_category c)
{
	return c >= US_CAT_CRITICISM && c <= US_CAT_APPEASEMENT;
}

#define BIT(c) (1u << (c))
#define BID_MASK (BIT(US_CAT_VULNERABILITY) | BIT(US_CAT_I_STATEMENT))
#define TOWARD_MASK (BIT(US_CAT_REFLECTION) | BIT(US_CAT_APPRECIATION) | BIT(US_CAT_REPAIR))
#define AWAY_MASK                                                                                  \
	(BIT(US_CAT_DISMISSAL) | BIT(US_CAT_CRITICISM) | BIT(US_CAT_CONTEMPT) | BIT(US_CAT_STONEWALLING))

long long report_time_seconds(const chat_time *t)
{
	if (!t || t->year <= 0 || t->month < 1 || t->month > 12 || t->day < 1)
		return -1;
	/* Days from civil (Howard Hinnant's algorithm): exact for any
	 * Gregorian date, no time zone, no library state. */
	long long y = t->year - (t->month <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long mp = (t->month + 9) % 12;
	long long doy = (153 * mp + 2) / 5 + t->day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long long days = era * 146097 + doe - 719468;
	return days * 86400 + t->hour * 3600LL + t->minute * 60LL + t->second;
}

int report_ratio(const report_counts *c, double *out)
{
	if (!c->harmful)
		return -1;
	*out = (double)c->healthy / (double)c->harmful;
	return 0;
}

/* A copy of a message for an example: at most REPORT_EXAMPLE_BYTES, cut
 * at a character, with "…" when cut; invalid UTF-8 bytes become '?', so
 * the JSON and HTML writers can trust it. NULL (and *oom set) on failure. */
static char *example_copy(const char *text, size_t len, int *oom)
{
	int cut = 0;
	if (len > REPORT_EXAMPLE_BYTES) {
		len = REPORT_EXAMPLE_BYTES;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
		cut = 1;
	}
	char *s = malloc(len + 4);
	if (!s) {
		*oom = 1;
		return NULL;
	}
	memcpy(s, text, len);
	us_utf8_replace_invalid(s, len);
	if (cut) {
		memcpy(s + len, "\xE2\x80\xA6", 3);
		len += 3;
	}
	s[len] = '\0';
	return s;
}

int report_new(report **out, const us_ruleset *rs, const report_opts *opts, us_error *err)
{
	*out = NULL;
	if (!rs)
		return us__error_set(err, US_EINVAL, "report: no ruleset");
	report *r = calloc(1, sizeof(*r));
	if (!r)
		return us__error_set(err, US_ENOMEM, "out of memory");
	r->rs = rs;
	if (opts)
		r->opts = *opts;
	int rc = us_scanner_new(&r->sc, rs, err);
	if (rc) {
		free(r);
		return rc;
	}
	r->nemotions = us_scanner_emotion_count(r->sc);
	if (r->nemotions) {
		r->emotion_families = calloc(r->nemotions, sizeof(*r->emotion_families));
		if (!r->emotion_families) {
			report_free(r);
			return us__error_set(err, US_ENOMEM, "out of memory");
		}
		for (size_t i = 0; i < r->nemotions; i++) {
			size_t n;
			if (us_scanner_emotion(r->sc, i, &r->emotion_families[i], &n))
				r->emotion_families[i] = "";
		}
	}
	*out = r;
	return 0;
}

static void example_free(report_example *e)
{
	free(e->bid_text);
	free(e->reply_text);
}

void report_free(report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->npeople; i++) {
		free(r->people[i].name);
		free(r->people[i].emotions);
		free(r->people[i].bid_text);
	}
	free(r->people);
	for (size_t i = 0; i < r->nmonths; i++)
		free(r->months[i].people);
	free(r->months);
	for (size_t i = 0; i < r->nscripts; i++) {
		for (size_t k = 0; k < r->scripts[i].nexamples; k++) {
			free(r->scripts[i].examples[k].text);
			free(r->scripts[i].examples[k].matched);
		}
	}
	free(r->scripts);
	for (int t = 0; t < REPORT_TURN_COUNT; t++)
		for (size_t k = 0; k < r->nexamples[t]; k++)
			example_free(&r->examples[t][k]);
	free(r->emotion_families);
	us_scanner_free(r->sc);
	free(r);
}

/* The sender's index, adding the sender when new. Chats alternate between
 * few people, so the last sender and a linear search are enough. */
static int person_index(report *r, const char *name, size_t *out, us_error *err)
{
	if (r->cur_person < r->npeople && !strcmp(r->people[r->cur_person].name, name)) {
		*out = r->cur_person;
		return 0;
	}
	for (size_t i = 0; i < r->npeople; i++) {
		if (!strcmp(r->people[i].name, name)) {
			*out = i;
			return 0;
		}
	}
	if (r->npeople == REPORT_MAX_PEOPLE)
		return us__error_set(err, US_ETOOBIG, "more than %d different senders; a report is for a couple or a household",
				     REPORT_MAX_PEOPLE);
	if (us__grow((void **)&r->people, &r->cap_people, r->npeople + 1, sizeof(*r->people)))
		return us__error_set(err, US_ENOMEM, "out of memory");
	report_person *p = &r->people[r->npeople];
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	p->emotions = calloc(r->nemotions + 1, sizeof(size_t));
	if (!p->name || !p->emotions) {
		free(p->name);
		free(p->emotions);
		return us__error_set(err, US_ENOMEM, "out of memory");
	}
	*out = r->npeople++;
	return 0;
}

/* The month's row of counts for a person in *out; *out is NULL for an
 * undated message. Chats come in order, so the last month is nearly
 * always the one. */
static int month_counts(report *r, const chat_time *t, size_t person, report_counts **out, us_error *err)
{
	*out = NULL;
	if (t->year <= 0 || t->month < 1 || t->month > 12)
		return 0;
	long key = t->year * 12L + t->month - 1;
	size_t lo = 0, hi = r->nmonths;
	if (hi && r->months[hi - 1].year * 12L + r->months[hi - 1].month - 1 == key) {
		lo = hi - 1;
	} else {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			long k = r->months[mid].year * 12L + r->months[mid].month - 1;
			if (k < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == r->nmonths || r->months[lo].year * 12L + r->months[lo].month - 1 != key) {
			if (us__grow((void **)&r->months, &r->cap_months, r->nmonths + 1, sizeof(*r->months)))
				return us__error_set(err, US_ENOMEM, "out of memory");
			memmove(r->months + lo + 1, r->months + lo, (r->nmonths - lo) * sizeof(*r->months));
			r->nmonths++;
			memset(&r->months[lo], 0, sizeof(r->months[lo]));
			r->months[lo].year = t->year;
			r->months[lo].month = t->month;
		}
	}
	report_month *m = &r->months[lo];
	if (person >= m->npeople) {
		report_counts *c = realloc(m->people, r->npeople * sizeof(*c));
		if (!c)
			return us__error_set(err, US_ENOMEM, "out of memory");
		memset(c + m->npeople, 0, (r->npeople - m->npeople) * sizeof(*c));
		m->people = c;
		m->npeople = r->npeople;
	}
	*out = &m->people[person];
	return 0;
}

static int add_script(report *r, const us_finding *f)
{
	report_script *s = NULL;
	/* Rule ids are borrowed from the ruleset: the pointer names the rule. */
	for (size_t i = 0; i < r->nscripts; i++) {
		if (r->scripts[i].rule == f->rule) {
			s = &r->scripts[i];
			break;
		}
	}
	if (!s) {
		if (us__grow((void **)&r->scripts, &r->cap_scripts, r->nscripts + 1, sizeof(*r->scripts)))
			return US_ENOMEM;
		s = &r->scripts[r->nscripts++];
		memset(s, 0, sizeof(*s));
		s->rule = f->rule;
		s->message = f->message;
		s->suggestion = f->suggestion;
		s->category = f->category;
	}
	s->count++;
	if (s->nexamples < REPORT_EXAMPLES) {
		/* One example per message: a second finding of the same rule in
		 * the same message would show the same words again. */
		if (s->nexamples && s->last_example == r->messages)
			return 0;
		s->last_example = r->messages;
		report_script_example *e = &s->examples[s->nexamples];
		memset(e, 0, sizeof(*e));
		e->person = r->cur_person;
		e->time = r->cur->time;
		if (!r->opts.redact) {
			int oom = 0;
			e->text = example_copy(r->cur->text, r->cur->text_len, &oom);
			e->matched = example_copy(f->text, f->text_len, &oom);
			if (oom) {
				free(e->text);
				free(e->matched);
				return US_ENOMEM;
			}
		}
		s->nexamples++;
	}
	return 0;
}

static int on_finding(const us_finding *f, void *ctx)
{
	report *r = ctx;
	r->cat_mask |= BIT(f->category);
	if (is_script(f->category))
		return add_script(r, f);
	return 0;
}

/* Scan the current message; bytes that are not UTF-8 are read as '?' so
 * one bad byte does not lose the message (the importer should already
 * have refused such input; this is the report's own guard). */
static int scan(report *r, const char *text, size_t len, us_error *err)
{
	us_position at = {0, 1, 1};
	int rc = us_scanner_scan(r->sc, text, len, at, on_finding, r, err);
	if (rc != US_EUTF8)
		return rc == US_ENOMEM ? us__error_set(err, rc, "out of memory") : rc;
	/* Nothing of the message was counted: US_EUTF8 comes before any
	 * finding. */
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return us__error_set(err, US_ENOMEM, "out of memory");
	memcpy(copy, text, len);
	us_utf8_replace_invalid(copy, len);
	us_scanner_reset_stats(r->sc);
	rc = us_scanner_scan(r->sc, copy, len, at, on_finding, r, err);
	free(copy);
	return rc == US_ENOMEM ? us__error_set(err, rc, "out of memory") : rc;
}

/* Close person b's open bid with outcome t; reply is the answering message
 * (NULL for no reply) by person `by`. */
static int close_bid(report *r, size_t b, report_turn t, const chat_message *reply, size_t by, us_error *err)
{
	report_person *p = &r->people[b];
	p->bid_open = 0;
	p->total.turns[t]++;
	/* The bid's month gets the outcome, so a month's bids add up. */
	report_counts *mc;
	int rc = month_counts(r, &p->bid_time, b, &mc, err);
	if (rc)
		return rc;
	if (mc)
		mc->turns[t]++;
	if (r->nexamples[t] < REPORT_EXAMPLES) {
		report_example *e = &r->examples[t][r->nexamples[t]];
		memset(e, 0, sizeof(*e));
		e->turn = t;
		e->bid_person = b;
		e->reply_person = reply ? by : b;
		e->bid_time = p->bid_time;
		if (reply)
			e->reply_time = reply->time;
		e->bid_text = p->bid_text;
		p->bid_text = NULL;
		if (reply && !r->opts.redact && reply->text_len) {
			int oom = 0;
			e->reply_text = example_copy(reply->text, reply->text_len, &oom);
			if (oom) {
				free(e->bid_text);
				return us__error_set(err, US_ENOMEM, "out of memory");
			}
		}
		r->nexamples[t]++;
	}
	free(p->bid_text);
	p->bid_text = NULL;
	return 0;
}

static report_turn classify(unsigned mask, const chat_message *msg)
{
	if (mask & AWAY_MASK)
		return REPORT_AWAY;
	if (mask & TOWARD_MASK)
		return REPORT_TOWARD;
	if (msg->text_len && memchr(msg->text, '?', msg->text_len))
		return REPORT_TOWARD;
	return REPORT_UNCLEAR;
}

static void add_counts(report_counts *c, const report_counts *m)
{
	c->messages += m->messages;
	c->words += m->words;
	c->media += m->media;
	c->pronoun_i += m->pronoun_i;
	c->pronoun_we += m->pronoun_we;
	c->pronoun_you += m->pronoun_you;
	for (int k = 0; k < US_CAT_COUNT; k++)
		c->categories[k] += m->categories[k];
	c->healthy += m->healthy;
	c->harmful += m->harmful;
	c->bids += m->bids;
}

int report_add(report *r, const chat_message *msg, us_error *err)
{
	if (r->finished)
		return us__error_set(err, US_EINVAL, "report: a message after report_finish");
	size_t who = 0;
	int rc = person_index(r, msg->sender ? msg->sender : "", &who, err);
	if (rc)
		return rc;
	r->cur_person = who;
	r->cur = msg;
	r->cat_mask = 0;
	us_scanner_reset_stats(r->sc);
	if (msg->text_len) {
		rc = scan(r, msg->text, msg->text_len, err);
		if (rc)
			return rc;
	}
	us_stats st;
	us_scanner_stats(r->sc, &st);
	report_counts m;
	memset(&m, 0, sizeof(m));
	m.messages = 1;
	m.media = msg->media != 0;
	m.words = st.words;
	m.pronoun_i = st.pronoun_i;
	m.pronoun_we = st.pronoun_we;
	m.pronoun_you = st.pronoun_you;
	for (int k = 0; k < US_CAT_COUNT; k++) {
		m.categories[k] = st.findings[k];
		if (is_healthy((us_category)k))
			m.healthy += st.findings[k];
		else if (is_harmful((us_category)k))
			m.harmful += st.findings[k];
	}
	report_person *p = &r->people[who];
	for (size_t i = 0; i < r->nemotions; i++) {
		const char *family;
		size_t n;
		if (!us_scanner_emotion(r->sc, i, &family, &n))
			p->emotions[i] += n;
	}

	long long now = report_time_seconds(&msg->time);
	if (now >= 0) {
		if (!r->messages || report_time_seconds(&r->first) < 0)
			r->first = msg->time;
		r->last = msg->time;
	} else {
		r->undated++;
	}
	r->messages++;

	/* Bids: first those left a day without answer, then the ones this
	 * message answers (any open bid of someone else), then this one. */
	for (size_t b = 0; b < r->npeople; b++) {
		report_person *q = &r->people[b];
		if (!q->bid_open)
			continue;
		if (now >= 0 && q->bid_at >= 0 && now - q->bid_at > REPORT_REPLY_SECONDS)
			rc = close_bid(r, b, REPORT_NO_REPLY, NULL, b, err);
		else if (b != who)
			rc = close_bid(r, b, classify(r->cat_mask, msg), msg, who, err);
		if (rc)
			return rc;
	}
	p = &r->people[who]; /* close_bid may not move people, but stay safe */
	if (r->cat_mask & BID_MASK) {
		m.bids = !p->bid_open; /* more bids before an answer are one */
		if (!p->bid_open) {
			p->bid_open = 1;
			p->bid_time = msg->time;
			if (!r->opts.redact) {
				int oom = 0;
				p->bid_text = example_copy(msg->text, msg->text_len, &oom);
				if (oom)
					return us__error_set(err, US_ENOMEM, "out of memory");
			}
		}
		/* A day to answer counts from the latest of the merged bids. */
		p->bid_at = now;
	}

	add_counts(&p->total, &m);
	report_counts *mc;
	rc = month_counts(r, &msg->time, who, &mc, err);
	if (rc)
		return rc;
	if (mc)
		add_counts(mc, &m);
	return 0;
}

static int by_count(const void *a, const void *b)
{
	const report_script *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (x->category != y->category)
		return x->category < y->category ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

int report_finish(report *r, us_error *err)
{
	if (r->finished)
		return 0;
	/* A bid still open when the chat ends had no reply in the export. */
	for (size_t b = 0; b < r->npeople; b++) {
		if (r->people[b].bid_open) {
			int rc = close_bid(r, b, REPORT_NO_REPLY, NULL, b, err);
			if (rc)
				return rc;
		}
	}
	if (r->nscripts > 1)
		qsort(r->scripts, r->nscripts, sizeof(*r->scripts), by_count);
	r->finished = 1;
	return 0;
}

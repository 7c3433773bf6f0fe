/*
 * report.h: `unscripted report`: how two (or more) people talk, from the
 * messages of a chat export. Messages go in one at a time (straight from
 * chat_import's callback, or from a test), the analyzer scans each, and the
 * report keeps only counts and a few short examples, so memory does not
 * grow with the length of the chat.
 *
 * What is counted, per person and per month: messages, words, I / we / you,
 * emotion words by family, findings of every category of TAXONOMY.md, and
 * bids: a message with a vulnerability or i-statement finding is a bid for
 * connection; the first message after it by someone else is the answer. It
 * turns toward the bid (reflection, appreciation, repair, or a question)
 * or away (dismissal, criticism, contempt, stonewalling; away wins when a
 * reply does both), is unclear (none of those), or there is no reply
 * within a day. More bids by the same person before the answer are one bid.
 *
 * Application layer (src/app/): not part of libunscripted's public API.
 * The structs below are read-only views for the writers and the tests.
 * Ownership: report_new allocates, report_free frees. The report borrows
 * the ruleset (it must outlive the report); rule ids, messages and
 * suggestions in report_script are borrowed from it.
 */
#ifndef US_APP_REPORT_H
#define US_APP_REPORT_H

#include "app/chat.h"
#include "unscripted/analyze.h"
#include "unscripted/error.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#define REPORT_MAX_PEOPLE 256   /* distinct senders; more fails with US_ETOOBIG */
#define REPORT_EXAMPLES 3       /* examples kept per bid outcome and per script */
#define REPORT_EXAMPLE_BYTES 280 /* a kept message is cut (at a character) after this */
#define REPORT_TOP_SCRIPTS 10   /* scripts shown, most frequent first */
#define REPORT_REPLY_SECONDS (24L * 60 * 60)

typedef enum report_turn {
	REPORT_TOWARD = 0,
	REPORT_AWAY,
	REPORT_UNCLEAR,
	REPORT_NO_REPLY,
	REPORT_TURN_COUNT
} report_turn;

/* "toward", "away", "unclear", "no_reply" */
const char *report_turn_name(report_turn t);

typedef struct report_counts {
	size_t messages, words, media;
	size_t pronoun_i, pronoun_we, pronoun_you;
	size_t categories[US_CAT_COUNT]; /* findings */
	size_t healthy, harmful;         /* findings of the healthy / harmful talk categories */
	/* Bids this person made, and how the others answered them. */
	size_t bids, turns[REPORT_TURN_COUNT];
} report_counts;

typedef struct report_person {
	char *name;
	report_counts total;
	size_t *emotions; /* [report.nemotions]: emotion words by family */
	/* The open bid: made and not yet answered. */
	int bid_open;
	long long bid_at;   /* seconds (report_time_seconds) of its latest message */
	chat_time bid_time; /* of its first message */
	char *bid_text;     /* NULL when redacted */
} report_person;

typedef struct report_month {
	int year, month;
	report_counts *people; /* [npeople]; may be shorter than report.npeople */
	size_t npeople;
} report_month;

typedef struct report_example {
	report_turn turn;
	size_t bid_person, reply_person; /* reply_person == bid_person: no reply */
	chat_time bid_time, reply_time;
	char *bid_text, *reply_text; /* NULL when redacted or no reply */
} report_example;

typedef struct report_script_example {
	size_t person;
	chat_time time;
	char *text;    /* the message, cut; NULL when redacted */
	char *matched; /* the matched words; NULL when redacted */
} report_script_example;

typedef struct report_script {
	const char *rule, *message, *suggestion; /* borrowed from the ruleset */
	us_category category;
	size_t count;
	report_script_example examples[REPORT_EXAMPLES];
	size_t nexamples;
	size_t last_example; /* report.messages when the last example was kept */
} report_script;

typedef struct report_opts {
	int redact; /* keep no message text at all */
} report_opts;

#define REPORT_OPTS_INIT { 0 }

typedef struct report {
	const us_ruleset *rs;
	us_scanner *sc;
	report_opts opts;
	report_person *people;
	size_t npeople, cap_people;
	size_t nemotions;
	const char **emotion_families; /* [nemotions], borrowed from the ruleset */
	report_month *months;          /* in calendar order */
	size_t nmonths, cap_months;
	report_script *scripts; /* every script rule that fired */
	size_t nscripts, cap_scripts;
	report_example examples[REPORT_TURN_COUNT][REPORT_EXAMPLES];
	size_t nexamples[REPORT_TURN_COUNT];
	size_t messages, skipped_lines, undated;
	chat_time first, last; /* of the dated messages */
	const char *source;    /* the input's name, borrowed; for the first screen */
	const char *format;    /* the input format's name, borrowed */
	int finished;
	/* The message being scanned. */
	unsigned cat_mask;
	size_t cur_person;
	const chat_message *cur;
} report;

/* A report over rs (compiled), which the report borrows. */
int report_new(report **out, const us_ruleset *rs, const report_opts *opts, us_error *err);
void report_free(report *r);

/* Count one message. Messages must come in chat order. */
int report_add(report *r, const chat_message *msg, us_error *err);

/* Close the bids still open at the end of the chat (no reply) and order the
 * scripts by frequency. Call once, after the last message. */
int report_finish(report *r, us_error *err);

/* Healthy findings per harmful one; returns 0 and sets *out, or -1 when
 * there is no harmful finding (the ratio is undefined). */
int report_ratio(const report_counts *c, double *out);

/* Seconds since 1970-01-01 of a wall-clock time (no time zone), for
 * differences only; -1 when the date is unknown. */
long long report_time_seconds(const chat_time *t);

/* The figures as JSON (jansson), the keys of docs and issue 7. */
int report_to_json(const report *r, json_t **out, us_error *err);
int report_write_json(const report *r, FILE *fp, us_error *err);

/* One self-contained HTML page: inline CSS and SVG, no external asset. */
int report_write_html(const report *r, FILE *fp, us_error *err);

#endif

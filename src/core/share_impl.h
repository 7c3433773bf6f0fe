/*
 * share_impl.h: the household and plan structures shared by the share_*.c
 * files (loader, solver, checks, formatters). Not installed.
 *
 * Invariants after loading: people and tasks are sorted by name (bytewise),
 * names are unique, so that every tie the solver breaks is broken by name
 * and the plan does not depend on the order of the file. `file_index` keeps
 * the file's order for output.
 */
#ifndef US_CORE_SHARE_IMPL_H
#define US_CORE_SHARE_IMPL_H

#include "unscripted/share.h"

#include <stdint.h>

#define US__SHARE_CANNOT (-1L)
#define US__SHARE_INF ((int64_t)1 << 50)

enum { US__EVERY_DAY = 0, US__EVERY_WEEK, US__EVERY_MONTH };

typedef struct us__share_person {
	char *name;
	char *pronouns; /* NULL when not given */
	char *gender;   /* in the person's own words; NULL when not given */
	long available; /* household minutes per week */
	long paid;      /* paid work, minutes per week */
	long daily_cap; /* doing minutes per day; 0: none */
	int file_index;
	int line;
} us__share_person;

typedef struct us__share_task {
	char *name;
	int every;              /* US__EVERY_* */
	int times;              /* per day, week or month (4 weeks) */
	unsigned days;          /* weekdays (bit 0 = Monday) for `on:`; 0: spread evenly */
	long minutes[US_SHARE_MAX_PEOPLE]; /* US__SHARE_CANNOT when a person cannot */
	int like[US_SHARE_MAX_PEOPLE];     /* -2..+2 */
	long planning;          /* planning minutes per week, carried by the owner */
	int split;              /* 1: occurrences may go to different people */
	int fixed;              /* person index, or -1 */
	unsigned forbidden;     /* person bit mask */
	int script;             /* traditionally done by: 0 none, 'w' women, 'm' men; -1 unknown */
	int at;                 /* minute of the day it starts (calendars); -1: not given */
	int file_index;
	int line;
} us__share_task;

/* A person away (travel, illness): no occurrences for them on those days,
 * and nobody counted as having missed one. Days since 1970-01-01. */
typedef struct us__share_absence {
	int person;
	long from, to; /* inclusive */
	char *reason;  /* NULL when not given */
	int line;
} us__share_absence;

/* One line of the previous plan: occurrence 0 means every occurrence. */
typedef struct us__share_prev {
	int task;
	int occurrence;
	int person;
} us__share_prev;

struct us_share_household {
	char *name;
	char *timezone;
	int period_weeks;  /* 0: automatic */
	long tolerance;    /* minutes per week */
	size_t n_people;
	us__share_person people[US_SHARE_MAX_PEOPLE];
	us__share_task *tasks;
	size_t n_tasks, cap_tasks;
	us__share_prev *prev;
	size_t n_prev, cap_prev;
	char *event; /* what the last applied life event changed; NULL if none */
	us__share_absence *absences;
	size_t n_absences, cap_absences;
};

/* A unit of assignment: all occurrences of a whole task (with its
 * planning), one occurrence of a split task, or the planning of a split
 * task. Costs are minutes over the whole period. */
enum { US__ITEM_WHOLE = 0, US__ITEM_OCCURRENCE, US__ITEM_PLANNING };

typedef struct us__share_item {
	int kind;
	int task;
	int first_occ; /* index into plan->occ; -1 for planning */
	int n_occ;
	int64_t cost[US_SHARE_MAX_PEOPLE];  /* US__SHARE_INF when not allowed */
	int64_t doing[US_SHARE_MAX_PEOPLE]; /* the doing part of cost */
	int64_t perc4[US_SHARE_MAX_PEOPLE]; /* 4 x perceived cost */
	unsigned allowed;
	int prev; /* person in the previous plan, or -1 */
} us__share_item;

typedef struct us__share_occ {
	int task;
	int index; /* 1-based within the period */
	int week;  /* 0-based */
	int day;   /* 0 = Monday */
	int item;
	int prev;  /* person in the previous plan, or -1 */
	int cover; /* the previous plan's person when they are away that day, or -1 */
} us__share_occ;

struct us_share_plan {
	const us_share_household *h;
	int weeks;
	int64_t tolerance; /* over the period */
	size_t n_items, n_occ;
	us__share_item *items;
	us__share_occ *occ;
	int *assign; /* per item */
	/* derived, over the period */
	int64_t load[US_SHARE_MAX_PEOPLE];
	int64_t doing[US_SHARE_MAX_PEOPLE];
	int64_t planning[US_SHARE_MAX_PEOPLE];
	int64_t lower_bound; /* over the period */
	int proven;
	long changes;
	us_share_check checks[US_SHARE_CHECK_COUNT];
	char *check_text[US_SHARE_CHECK_COUNT];
	char *notes[US_SHARE_MAX_PEOPLE];
	size_t *order; /* assignment output order: indices into occ */
	long start;    /* the period's first Monday, days since 1970-01-01; -1: none given */
	unsigned away[28]; /* per day of the period: the people away (bit per person) */
	int present[US_SHARE_MAX_PEOPLE][4]; /* days present, per person and week */
};

/* share_solve.c */
int us__share_expand(us_share_plan *p, us_error *err);
int us__share_solve(us_share_plan *p, us_error *err);
void us__share_totals(us_share_plan *p);
int64_t us__share_week_load(const us_share_plan *p, int person, int week);
int64_t us__share_day_minutes(const us_share_plan *p, int person, int week, int day);

/* share_check.c: fills p->checks and p->notes */
int us__share_verify(us_share_plan *p, us_error *err);
/* One move (item -> to, *item2 = -1) or swap (item -> to, item2 -> item's
 * person) that the local-optimum check counts as an improvement; returns 0
 * when there is none. */
int us__share_improving_step(const us_share_plan *p, int *item, int *to, int *item2);

/* share_ics.c: civil dates as days since 1970-01-01 (proleptic Gregorian) */
long us__share_days_from_civil(long y, int m, int d);
void us__share_civil_from_days(long z, long *y, int *m, int *d);
/* "YYYY-MM-DD" to days; -1 when malformed or not a real date */
int us__share_parse_date(const char *s, long *out);
/* days to "YYYY-MM-DD" */
void us__share_format_date(long days, char out[11]);
/* 0 = Monday .. 6 = Sunday */
int us__share_weekday(long days);

/* share_household.c */
int us__share_person_find(const us_share_household *h, const char *name);
char *us__share_strdup(const char *s);

#endif

/*
 * unscripted/share.h: the fair share of household work (`unscripted share`).
 *
 * A us_share_household is a YAML household file, loaded and checked: people
 * (time available, paid work), tasks (how often, minutes each person needs,
 * how much each likes it, planning minutes, fixed and forbidden people), the
 * previous plan. A us_share_plan assigns every task occurrence of a planning
 * period to a person, fairly in total load, then by interest and skill, then
 * with the fewest changes from the previous plan, and carries the verified
 * fairness properties of the result (see docs/household.md).
 *
 * Ownership: us_share_household_load* and us_share_plan_new allocate; the
 * caller frees with us_share_household_free / us_share_plan_free. A plan
 * borrows its household: free the plan first. Every `const char *` returned
 * by an accessor is borrowed from the household or the plan and lives as
 * long as it does. us_share_plan_json / us_share_plan_text return heap
 * strings the caller frees with free().
 *
 * Thread-safety: a loaded household is read-only and may be shared; each
 * plan is built and read by one thread at a time.
 */
#ifndef UNSCRIPTED_SHARE_H
#define UNSCRIPTED_SHARE_H

#include "unscripted/error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A household has 2 to US_SHARE_MAX_PEOPLE people. */
#define US_SHARE_MAX_PEOPLE 6

typedef struct us_share_household us_share_household;
typedef struct us_share_plan us_share_plan;

/* Parse a household from memory. `name` names the input in error messages
 * ("home.yml:12: unknown person 'Bem' in fixed"). Inputs over 1 MiB fail
 * with US_ETOOBIG; malformed input with US_EPARSE or US_EINVAL. */
int us_share_household_load_string(us_share_household **out, const char *name, const char *data,
				   size_t len, us_error *err);
/* Read and parse a household file; see us_share_household_load_string. */
int us_share_household_load_file(us_share_household **out, const char *path, us_error *err);
void us_share_household_free(us_share_household *h);

size_t us_share_household_person_count(const us_share_household *h);
size_t us_share_household_task_count(const us_share_household *h);

/* Life events for us_share_household_apply_event (docs/household.md lists
 * what each one changes). */
typedef enum us_share_event {
	US_SHARE_EVENT_NEW_BABY = 0,
	US_SHARE_EVENT_JOB_CHANGE,
	US_SHARE_EVENT_ILLNESS,
	US_SHARE_EVENT_MOVE,
	US_SHARE_EVENT_COUNT
} us_share_event;

/* "new-baby", "job-change", "illness", "move"; NULL when out of range. */
const char *us_share_event_name(us_share_event ev);
/* Returns 0 and sets *out, or US_ENOTFOUND. */
int us_share_event_parse(us_share_event *out, const char *name);

/*
 * Apply a life event to a household in place. `person` names whom it
 * concerns (job-change, illness); NULL means the first person in name order.
 * The household keeps its previous plan, so the next plan re-plans with the
 * fewest changes. A one-line description of what changed is written to
 * `what` (may be NULL) of `what_size` bytes.
 */
int us_share_household_apply_event(us_share_household *h, us_share_event ev, const char *person,
				   char *what, size_t what_size, us_error *err);

typedef struct us_share_options {
	unsigned version;      /* US_SHARE_OPTIONS_VERSION */
	long tolerance_minutes; /* loads this close count as equal; < 0: the household's (15) */
	int period_weeks;      /* 1, 2 or 4; 0: the household's */
	int ignore_previous;   /* 1: plan from scratch even if a previous plan is given */
	/* The period's first day, "YYYY-MM-DD", a Monday; NULL: none. Needed
	 * to place absences and to export calendars; see
	 * us_share_household_next_monday for the usual default. */
	const char *start;
} us_share_options;

#define US_SHARE_OPTIONS_VERSION 1
#define US_SHARE_OPTIONS_INIT { US_SHARE_OPTIONS_VERSION, -1, 0, 0, NULL }

/* The Monday after today in the household's time zone (UTC when it has
 * none), as "YYYY-MM-DD" into out. Reads the clock: the one call here that
 * does. */
int us_share_household_next_monday(const us_share_household *h, char out[11], us_error *err);

/*
 * Plan the household. Deterministic: the same household, in any order of
 * people and tasks, gives the same plan. Fails with US_EINFEASIBLE and a
 * message naming the conflict and the smallest change that fixes it when no
 * plan meets availability, daily caps, fixed and forbidden people.
 */
int us_share_plan_new(us_share_plan **out, const us_share_household *h,
		      const us_share_options *opts, us_error *err);
void us_share_plan_free(us_share_plan *p);

int us_share_plan_period_weeks(const us_share_plan *p);

/* One person's side of a plan; minutes are per week, averaged over the
 * period. Strings borrowed from the household. */
typedef struct us_share_person_summary {
	const char *name;
	const char *pronouns;                /* NULL when not given */
	double minutes_per_week;             /* doing tasks */
	double planning_minutes_per_week;    /* the mental load of the tasks they own */
	double paid_minutes_per_week;
	double load_minutes_per_week;        /* the sum of the three */
	long max_week_load_minutes;          /* the busiest week of the period */
	double available_minutes_per_week;
	const char *note;                    /* plain-language fairness note; borrowed from the plan */
} us_share_person_summary;

/* People in the household file's order; index < person count. */
int us_share_plan_person(const us_share_plan *p, size_t index, us_share_person_summary *out);

/* One task occurrence and who does it. */
typedef struct us_share_assignment {
	const char *task;
	int occurrence; /* 1-based within the period, per task */
	int week;       /* 1-based */
	int day;        /* 0 = Monday .. 6 = Sunday */
	const char *person;
	long minutes;   /* what it takes that person */
	int changed;    /* 1 when the previous plan gave it to someone else */
	const char *covered_for; /* the previous plan's person, away that day; else NULL */
	char date[11];  /* "YYYY-MM-DD" when the plan has a start date, else "" */
} us_share_assignment;

size_t us_share_plan_assignment_count(const us_share_plan *p);
/* Sorted by week, day, task name, occurrence. */
int us_share_plan_assignment(const us_share_plan *p, size_t index, us_share_assignment *out);

/* A person away (travel, illness): the plan gives them nothing on those
 * days, and nobody counts as having missed a task. */
typedef struct us_share_absence {
	const char *person;
	const char *reason;  /* NULL when not given */
	char from[11], to[11]; /* "YYYY-MM-DD", inclusive */
	int days_in_period;  /* 0 when it falls outside the plan's period */
} us_share_absence;

/* The household's absences, in the file's order. */
size_t us_share_plan_absence_count(const us_share_plan *p);
int us_share_plan_absence(const us_share_plan *p, size_t index, us_share_absence *out);

/* The verified properties printed with every plan. */
typedef enum us_share_check_kind {
	US_SHARE_CHECK_FEASIBLE = 0,
	US_SHARE_CHECK_EQ1,
	US_SHARE_CHECK_EF1,
	US_SHARE_CHECK_LOCAL_OPTIMUM,
	US_SHARE_CHECK_GENDERED_SPLIT, /* only where at least two people state a gender */
	US_SHARE_CHECK_COUNT
} us_share_check_kind;

typedef struct us_share_check {
	int applies; /* 0 when the check has nothing to say (gendered split without genders) */
	int holds;
	const char *detail; /* borrowed from the plan */
} us_share_check;

/* "feasible", "eq1", "ef1", "local_optimum", "gendered_split". */
const char *us_share_check_name(us_share_check_kind kind);
int us_share_plan_check(const us_share_plan *p, us_share_check_kind kind, us_share_check *out);

/* A proven lower bound on the largest weekly load, the plan's largest load,
 * the gap 100 x (largest - bound) / bound, and whether the largest load is
 * proven optimal. */
typedef struct us_share_bound {
	double lower_bound;
	double largest_load;
	double gap_percent;
	int proven_optimal;
	long changes; /* assignments that differ from the previous plan */
} us_share_bound;

void us_share_plan_bound(const us_share_plan *p, us_share_bound *out);

/* The plan as JSON (the keys are documented in docs/household.md) or as
 * text for a person to read. *out is the caller's, freed with free(). */
int us_share_plan_json(const us_share_plan *p, char **out, us_error *err);
int us_share_plan_text(const us_share_plan *p, char **out, us_error *err);

/*
 * One person's calendar (index in file order, as for us_share_plan_person)
 * as iCalendar text (RFC 5545): an event per task occurrence, in the
 * household's time zone, and an all-day event per absence. The plan needs
 * a start date (us_share_options.start). *out is the caller's, freed with
 * free(). docs/household.md says how events are timed.
 */
int us_share_plan_ics(const us_share_plan *p, size_t index, char **out, us_error *err);

#ifdef __cplusplus
}
#endif
#endif

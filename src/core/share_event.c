/*
 * share_event.c: life events ("a child arrives, careers change") as
 * documented templates applied to a loaded household. An event only edits
 * the household: the previous plan stays, so the next plan is a re-plan
 * that keeps as many assignments as fairness allows. The templates are
 * deliberately plain, so a household can read exactly what changed
 * (docs/household.md lists them) and edit the file to suit.
 */
#include "core/internal.h"
#include "core/share_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_names[US_SHARE_EVENT_COUNT] = { "new-baby", "job-change", "illness",
	"move" };

const char *us_share_event_name(us_share_event ev)
{
	return (unsigned)ev < US_SHARE_EVENT_COUNT ? event_names[ev] : NULL;
}

int us_share_event_parse(us_share_event *out, const char *name)
{
	for (int i = 0; i < US_SHARE_EVENT_COUNT; i++)
		if (strcmp(name, event_names[i]) == 0) {
			*out = (us_share_event)i;
			return 0;
		}
	return US_ENOTFOUND;
}

typedef struct task_template {
	const char *name;
	int every, times;
	long minutes, planning;
} task_template;

static const task_template baby_tasks[] = {
	{ "baby: night feeds", US__EVERY_DAY, 2, 25, 0 },
	{ "baby: nappies", US__EVERY_DAY, 4, 8, 0 },
	{ "baby: bath and bedtime", US__EVERY_DAY, 1, 30, 0 },
	{ "baby: laundry", US__EVERY_WEEK, 3, 25, 0 },
	{ "baby: appointments and admin", US__EVERY_WEEK, 1, 60, 30 },
};

static const task_template move_tasks[] = {
	{ "move: packing and unpacking", US__EVERY_WEEK, 3, 90, 0 },
	{ "move: contracts, address changes, removal firm", US__EVERY_WEEK, 1, 60, 45 },
};

static int cmp_task(const void *a, const void *b)
{
	return strcmp(((const us__share_task *)a)->name, ((const us__share_task *)b)->name);
}

/* Add tasks (everyone may do them, in equal time, liking them 0: nothing
 * is known yet) and keep tasks sorted by name, remapping the previous plan
 * by name since indices move. */
static int add_tasks(us_share_household *h, const task_template *tt, size_t n, us_error *err)
{
	const char **prev_names = NULL;
	int rc = 0;
	if (h->n_prev && !(prev_names = malloc(h->n_prev * sizeof(*prev_names))))
		return us__error_set(err, US_ENOMEM, "out of memory");
	for (size_t i = 0; i < h->n_prev; i++)
		prev_names[i] = h->tasks[h->prev[i].task].name;
	for (size_t k = 0; k < n; k++) {
		int exists = 0;
		for (size_t i = 0; i < h->n_tasks; i++)
			exists |= strcmp(h->tasks[i].name, tt[k].name) == 0;
		if (exists)
			continue; /* applying an event twice adds nothing twice */
		if (us__grow((void **)&h->tasks, &h->cap_tasks, h->n_tasks + 1, sizeof(*h->tasks))) {
			rc = us__error_set(err, US_ENOMEM, "out of memory");
			goto done;
		}
		us__share_task *t = &h->tasks[h->n_tasks];
		memset(t, 0, sizeof(*t));
		if (!(t->name = us__share_strdup(tt[k].name))) {
			rc = us__error_set(err, US_ENOMEM, "out of memory");
			goto done;
		}
		t->every = tt[k].every;
		t->times = tt[k].times;
		t->planning = tt[k].planning;
		t->split = 1;
		t->fixed = -1;
		t->script = -1;
		t->at = -1;
		t->file_index = (int)h->n_tasks;
		for (size_t i = 0; i < h->n_people; i++)
			t->minutes[i] = tt[k].minutes;
		h->n_tasks++;
	}
	qsort(h->tasks, h->n_tasks, sizeof(*h->tasks), cmp_task);
	for (size_t i = 0; i < h->n_prev; i++)
		for (size_t j = 0; j < h->n_tasks; j++)
			if (h->tasks[j].name == prev_names[i])
				h->prev[i].task = (int)j;
done:
	free(prev_names);
	return rc;
}

int us_share_household_apply_event(us_share_household *h, us_share_event ev, const char *person,
				   char *what, size_t what_size, us_error *err)
{
	int who = 0;
	char tmp[512];
	if (person && (who = us__share_person_find(h, person)) < 0)
		return us__error_set(err, US_EINVAL, "unknown person '%s' for the event", person);
	us__share_person *p = &h->people[who];
	int rc = 0;
	switch (ev) {
	case US_SHARE_EVENT_NEW_BABY:
		rc = add_tasks(h, baby_tasks, sizeof(baby_tasks) / sizeof(baby_tasks[0]), err);
		snprintf(tmp, sizeof(tmp), "new-baby: added night feeds (2 a night), nappies (4 a day), "
					   "bath and bedtime, baby laundry (3 a week) and appointments "
					   "and admin (weekly, 30 min planning); rate them in the file to refine");
		break;
	case US_SHARE_EVENT_JOB_CHANGE: {
		long before = p->available;
		p->available = p->available * 3 / 4;
		p->paid = p->paid + 5 * 60 > 100 * 60 ? 100 * 60 : p->paid + 5 * 60;
		snprintf(tmp, sizeof(tmp), "job-change for %s: paid work up 5 h to %ld h a week, household "
					   "availability down a quarter, from %ld to %ld min a week",
			 p->name, p->paid / 60, before, p->available);
		break;
	}
	case US_SHARE_EVENT_ILLNESS: {
		long before = p->available;
		p->available /= 2;
		if (p->daily_cap)
			p->daily_cap = p->daily_cap / 2 ? p->daily_cap / 2 : 1;
		snprintf(tmp, sizeof(tmp), "illness for %s: household availability halved, from %ld to %ld "
					   "min a week%s", p->name, before, p->available,
			 p->daily_cap ? ", daily cap halved" : "");
		break;
	}
	case US_SHARE_EVENT_MOVE:
		rc = add_tasks(h, move_tasks, sizeof(move_tasks) / sizeof(move_tasks[0]), err);
		snprintf(tmp, sizeof(tmp), "move: added packing and unpacking (3 a week, 90 min) and "
					   "contracts and address changes (weekly, 45 min planning)");
		break;
	default:
		return us__error_set(err, US_EINVAL, "unknown life event %d", (int)ev);
	}
	if (rc)
		return rc;
	if (what && what_size)
		snprintf(what, what_size, "%s", tmp);
	free(h->event);
	h->event = us__share_strdup(tmp);
	return h->event ? 0 : us__error_set(err, US_ENOMEM, "out of memory");
}

/*
 * share_check.c: the properties printed with every plan, verified from the
 * assignment alone. The checks recompute every load from p->assign and
 * the household rather than trusting the solver's bookkeeping, so a solver
 * bug shows up as a failed check, not as a false claim.
 *
 * - feasible: every item with an allowed person, availability and daily
 *   caps kept.
 * - eq1: for every pair, the heavier load minus that person's largest item
 *   is at most the lighter load (equitability up to one chore).
 * - ef1: on each person's perceived cost (minutes x (1 - 0.25 like)), with
 *   each side's paid work counted, nobody prefers another's share after
 *   dropping their own costliest item (envy-freeness up to one chore).
 * - local_optimum: no single move or swap between two people lowers the
 *   heavier of their two loads by more than the tolerance while staying
 *   feasible. The solver applies us__share_improving_step until none is
 *   left, so this holds by construction; the check still verifies it.
 * - gendered_split: where people state genders, tasks traditionally done
 *   by one gender that go mostly to such a person although someone of
 *   another gender is better placed by their own ratings and minutes, and
 *   fair load does not explain it (that person could take one more
 *   occurrence within the tolerance and their availability). `holds` means
 *   none was found; the detail then names the closest case and its reason.
 * - absences: nobody is given an occurrence on a day they are away.
 */
#include "core/buf.h"
#include "core/internal.h"
#include "core/share_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const day_names[7] = { "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday" };

typedef struct view {
	const us_share_plan *p;
	size_t np;
	int ndays;
	int64_t load[US_SHARE_MAX_PEOPLE];
	int64_t hh[US_SHARE_MAX_PEOPLE];
	int64_t *day;
} view;

static int view_init(view *v, const us_share_plan *p)
{
	const us_share_household *h = p->h;
	memset(v, 0, sizeof(*v));
	v->p = p;
	v->np = h->n_people;
	v->ndays = p->weeks * 7;
	v->day = calloc(v->np * (size_t)v->ndays, sizeof(*v->day));
	if (!v->day)
		return US_ENOMEM;
	for (size_t i = 0; i < v->np; i++)
		v->load[i] = h->people[i].paid * p->weeks;
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int who = p->assign[g];
		const us__share_task *t = &h->tasks[it->task];
		v->load[who] += it->cost[who];
		v->hh[who] += it->cost[who];
		for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++)
			v->day[(size_t)who * v->ndays + p->occ[o].week * 7 + p->occ[o].day] += t->minutes[who];
	}
	return 0;
}

/* Would moving item g to person `to` (and, when g2 >= 0, item g2 to g's
 * person) keep `to` and g's person within availability and daily caps? */
static int step_feasible(view *v, int g, int to, int g2)
{
	const us_share_plan *p = v->p;
	const us_share_household *h = p->h;
	int from = p->assign[g];
	int64_t hh_to = v->hh[to] + p->items[g].cost[to], hh_from = v->hh[from] - p->items[g].cost[from];
	if (g2 >= 0) {
		hh_to -= p->items[g2].cost[to];
		hh_from += p->items[g2].cost[from];
	}
	if (hh_to > h->people[to].available * p->weeks || hh_from > h->people[from].available * p->weeks)
		return 0;
	int ok = 1;
	int its[2] = { g, g2 };
	int dst[2] = { to, from };
	/* apply to the day table, test the touched days, then undo */
	for (int pass = 0; pass < 2; pass++) {
		int sign = pass == 0 ? 1 : -1;
		for (int k = 0; k < 2; k++) {
			if (its[k] < 0)
				continue;
			const us__share_item *it = &p->items[its[k]];
			int a = dst[1 - k], b = dst[k]; /* from a to b */
			for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++) {
				int d = p->occ[o].week * 7 + p->occ[o].day;
				int64_t m = h->tasks[it->task].minutes[a], n = h->tasks[it->task].minutes[b];
				v->day[(size_t)a * v->ndays + d] -= sign * m;
				v->day[(size_t)b * v->ndays + d] += sign * n;
			}
		}
		if (pass == 1)
			break;
		for (int k = 0; k < 2 && ok; k++) {
			if (its[k] < 0)
				continue;
			const us__share_item *it = &p->items[its[k]];
			for (int o = it->first_occ; o < it->first_occ + it->n_occ && ok; o++) {
				int d = p->occ[o].week * 7 + p->occ[o].day;
				for (int e = 0; e < 2; e++) {
					int64_t cap = h->people[dst[e]].daily_cap;
					if (cap && v->day[(size_t)dst[e] * v->ndays + d] > cap)
						ok = 0;
				}
			}
		}
	}
	return ok;
}

static int64_t max2(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int find_step(view *v, int *item, int *to, int *item2)
{
	const us_share_plan *p = v->p;
	int64_t tol = p->tolerance;
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int i = p->assign[g];
		for (size_t q = 0; q < v->np; q++) {
			if ((int)q == i || !((it->allowed >> q) & 1))
				continue;
			int64_t li = v->load[i] - it->cost[i], lq = v->load[q] + it->cost[q];
			if (max2(li, lq) < max2(v->load[i], v->load[q]) - tol && step_feasible(v, (int)g, (int)q, -1)) {
				*item = (int)g;
				*to = (int)q;
				*item2 = -1;
				return 1;
			}
		}
	}
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int i = p->assign[g];
		for (size_t g2 = g + 1; g2 < p->n_items; g2++) {
			const us__share_item *it2 = &p->items[g2];
			int q = p->assign[g2];
			if (q == i || !((it->allowed >> q) & 1) || !((it2->allowed >> i) & 1))
				continue;
			int64_t li = v->load[i] - it->cost[i] + it2->cost[i];
			int64_t lq = v->load[q] - it2->cost[q] + it->cost[q];
			if (max2(li, lq) < max2(v->load[i], v->load[q]) - tol && step_feasible(v, (int)g, q, (int)g2)) {
				*item = (int)g;
				*to = q;
				*item2 = (int)g2;
				return 1;
			}
		}
	}
	return 0;
}

int us__share_improving_step(const us_share_plan *p, int *item, int *to, int *item2)
{
	view v;
	if (view_init(&v, p))
		return 0; /* out of memory: stop improving; the check reports it */
	int found = find_step(&v, item, to, item2);
	free(v.day);
	return found;
}

/* ---------- naming things in messages ---------- */

static void item_label(const us_share_plan *p, int g, char *out, size_t n)
{
	const us__share_item *it = &p->items[g];
	const char *task = p->h->tasks[it->task].name;
	if (it->kind == US__ITEM_OCCURRENCE) {
		const us__share_occ *o = &p->occ[it->first_occ];
		if (p->weeks > 1)
			snprintf(out, n, "the %s %s of week %d", day_names[o->day], task, o->week + 1);
		else
			snprintf(out, n, "the %s %s", day_names[o->day], task);
	} else if (it->kind == US__ITEM_PLANNING) {
		snprintf(out, n, "planning %s", task);
	} else {
		snprintf(out, n, "%s", task);
	}
}

/* Person i's perceived cost (x4) of item g, from the task's own minutes
 * (so envy of a share with tasks fixed to someone else is still seen), or
 * -1 when i cannot do it at all. */
static int64_t perceived4(const us_share_plan *p, int g, int i)
{
	const us__share_item *it = &p->items[g];
	const us__share_task *t = &p->h->tasks[it->task];
	if (t->minutes[i] == US__SHARE_CANNOT)
		return -1;
	int64_t m = (int64_t)t->minutes[i] * it->n_occ;
	if (it->kind != US__ITEM_OCCURRENCE)
		m += t->planning * p->weeks;
	return m * (4 - t->like[i]);
}

static int set_check(us_share_plan *p, us_share_check_kind k, int holds, us__buf *b)
{
	free(p->check_text[k]);
	p->check_text[k] = b->data ? b->data : us__share_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	if (!p->check_text[k])
		return US_ENOMEM;
	p->checks[k].applies = 1;
	p->checks[k].holds = holds;
	p->checks[k].detail = p->check_text[k];
	return 0;
}

static double per_week(const us_share_plan *p, int64_t v)
{
	return (double)v / p->weeks;
}

/* ---------- the checks ---------- */

static int check_feasible(us_share_plan *p, view *v, us__buf *b)
{
	const us_share_household *h = p->h;
	int ok = 1;
	for (size_t g = 0; g < p->n_items && ok; g++) {
		int who = p->assign[g];
		if (who < 0 || (size_t)who >= v->np || !((p->items[g].allowed >> who) & 1)) {
			char lab[160];
			item_label(p, (int)g, lab, sizeof(lab));
			us__buf_printf(b, "%s is given to someone who may not do it", lab);
			ok = 0;
		}
	}
	for (size_t o = 0; o < p->n_occ && ok; o++) {
		const us__share_occ *oc = &p->occ[o];
		int who = p->assign[oc->item];
		if ((p->away[oc->week * 7 + oc->day] >> who) & 1) {
			us__buf_printf(b, "%s has %s on %s of week %d, while away", h->people[who].name,
				       h->tasks[oc->task].name, day_names[oc->day], oc->week + 1);
			ok = 0;
		}
	}
	for (size_t i = 0; i < v->np && ok; i++) {
		if (v->hh[i] > h->people[i].available * p->weeks) {
			us__buf_printf(b, "%s has %.0f household minutes a week, above the %ld available",
				       h->people[i].name, per_week(p, v->hh[i]), h->people[i].available);
			ok = 0;
		}
		for (int d = 0; ok && h->people[i].daily_cap && d < v->ndays; d++) {
			int64_t m = v->day[i * (size_t)v->ndays + d];
			if (m > h->people[i].daily_cap) {
				us__buf_printf(b, "%s has %lld minutes on %s of week %d, above the daily cap of %ld",
					       h->people[i].name, (long long)m, day_names[d % 7], d / 7 + 1,
					       h->people[i].daily_cap);
				ok = 0;
			}
		}
	}
	if (ok)
		us__buf_printf(b, "every occurrence assigned; fixed and forbidden people respected; "
				  "everyone within availability and daily caps%s",
			       h->n_absences ? "; nobody has a task on a day they are away" : "");
	return set_check(p, US_SHARE_CHECK_FEASIBLE, ok, b);
}

static int largest_item(const us_share_plan *p, int person, int64_t *cost)
{
	int best = -1;
	*cost = 0;
	for (size_t g = 0; g < p->n_items; g++)
		if (p->assign[g] == person && p->items[g].cost[person] > *cost) {
			*cost = p->items[g].cost[person];
			best = (int)g;
		}
	return best;
}

static int check_eq1(us_share_plan *p, view *v, us__buf *b)
{
	const us_share_household *h = p->h;
	for (size_t i = 0; i < v->np; i++) {
		int64_t big;
		int g = largest_item(p, (int)i, &big);
		for (size_t j = 0; j < v->np; j++) {
			if (i == j || v->load[i] - big <= v->load[j])
				continue;
			/* the reason: what i carries that cannot move */
			int64_t stuck = h->people[i].paid * p->weeks;
			for (size_t x = 0; x < p->n_items; x++)
				if (p->assign[x] == (int)i && p->items[x].allowed == (1u << i))
					stuck += p->items[x].cost[i];
			char lab[160] = "nothing";
			if (g >= 0)
				item_label(p, g, lab, sizeof(lab));
			us__buf_printf(b, "%s carries %.0f min a week and %s %.0f; without %s's largest task (%s) "
					  "%s still carries %.0f more",
				       h->people[i].name, per_week(p, v->load[i]), h->people[j].name,
				       per_week(p, v->load[j]), h->people[i].name, lab, h->people[i].name,
				       per_week(p, v->load[i] - big - v->load[j]));
			/* could j take any of i's tasks within j's availability? */
			int room = 0;
			for (size_t x = 0; x < p->n_items && !room; x++)
				room = p->assign[x] == (int)i && ((p->items[x].allowed >> j) & 1) &&
				       v->hh[j] + p->items[x].cost[j] <= h->people[j].available * p->weeks;
			if (stuck - big > v->load[j] || stuck >= v->load[i])
				us__buf_printf(b, ": it cannot hold, since %s's paid work and the tasks only %s may do "
						  "come to %.0f",
					       h->people[i].name, h->people[i].name, per_week(p, stuck));
			else if (!room)
				us__buf_printf(b, ": it cannot hold, since %s has no available minutes left for "
						  "any of %s's tasks", h->people[j].name, h->people[i].name);
			else
				us__buf_printf(b, ": no single move or swap evens it out without making someone "
						  "else's load the largest (the largest load is what the plan minimizes)");
			return set_check(p, US_SHARE_CHECK_EQ1, 0, b);
		}
	}
	us__buf_printf(b, "every load is within one task of every other");
	return set_check(p, US_SHARE_CHECK_EQ1, 1, b);
}

static int check_ef1(us_share_plan *p, view *v, us__buf *b)
{
	const us_share_household *h = p->h;
	for (size_t i = 0; i < v->np; i++) {
		int64_t own = h->people[i].paid * p->weeks * 4, worst = 0;
		int worst_g = -1, fixed = 0;
		for (size_t g = 0; g < p->n_items; g++) {
			if (p->assign[g] != (int)i)
				continue;
			int64_t c = perceived4(p, (int)g, (int)i);
			own += c;
			if (c > worst) {
				worst = c;
				worst_g = (int)g;
			}
			fixed += p->items[g].allowed == (1u << i);
		}
		for (size_t j = 0; j < v->np; j++) {
			if (i == j)
				continue;
			int64_t other = h->people[j].paid * p->weeks * 4;
			int cannot = 0;
			for (size_t g = 0; g < p->n_items && !cannot; g++) {
				if (p->assign[g] != (int)j)
					continue;
				int64_t c = perceived4(p, (int)g, (int)i);
				if (c < 0)
					cannot = 1;
				other += c;
			}
			if (cannot || own - worst <= other)
				continue;
			char lab[160] = "nothing";
			if (worst_g >= 0)
				item_label(p, worst_g, lab, sizeof(lab));
			us__buf_printf(b, "%s would rather have %s's share: by %s's own ratings, and with each "
					  "side's paid work, it costs %.0f perceived minutes a week less, and still "
					  "%.0f less after dropping %s (%s's costliest)",
				       h->people[i].name, h->people[j].name, h->people[i].name,
				       per_week(p, own - other) / 4.0, per_week(p, own - worst - other) / 4.0, lab,
				       h->people[i].name);
			if (fixed)
				us__buf_printf(b, "; %d of %s's tasks only %s may do (%s), which can make this "
						  "impossible", fixed, h->people[i].name, h->people[i].name,
					       h->n_absences ? "fixed, or on days the others are away" : "fixed");
			else
				us__buf_printf(b, "; the plan puts equal total load first, and that can rule "
						  "out envy-freeness up to one chore");
			return set_check(p, US_SHARE_CHECK_EF1, 0, b);
		}
	}
	us__buf_printf(b, "by their own ratings, nobody prefers another's share after dropping one of "
			  "their own tasks");
	return set_check(p, US_SHARE_CHECK_EF1, 1, b);
}

static int check_local(us_share_plan *p, view *v, us__buf *b)
{
	int g, to, g2;
	const us_share_household *h = p->h;
	if (find_step(v, &g, &to, &g2)) {
		char lab[160], lab2[160] = "";
		item_label(p, g, lab, sizeof(lab));
		if (g2 >= 0)
			item_label(p, g2, lab2, sizeof(lab2));
		us__buf_printf(b, "%s %s from %s to %s%s%s lowers the heavier of their loads by more than "
				  "%.0f min a week",
			       g2 >= 0 ? "swapping" : "moving", lab, h->people[p->assign[g]].name,
			       h->people[to].name, g2 >= 0 ? " for " : "", lab2, per_week(p, p->tolerance));
		return set_check(p, US_SHARE_CHECK_LOCAL_OPTIMUM, 0, b);
	}
	us__buf_printf(b, "no single move or swap lowers the heavier of two loads by more than %.0f min "
			  "a week", per_week(p, p->tolerance));
	return set_check(p, US_SHARE_CHECK_LOCAL_OPTIMUM, 1, b);
}

/* ---------- gendered split ---------- */

static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *s = hay; *s; s++) {
		size_t k = 0;
		while (k < n && s[k] && tolower((unsigned char)s[k]) == needle[k])
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* 'w', 'm' or 0 from a gender in the person's own words. Only the two
 * words a traditional script assigns tasks by are recognised; every other
 * answer (non-binary, agender, ...) is outside the script, so no task is
 * "traditional" for that person. */
static int gender_side(const char *g)
{
	static const char *const women[] = { "woman", "women", "female", "femme", "girl", "lady", NULL };
	static const char *const men[] = { "man", "men", "male", "boy", "guy", NULL };
	if (!g)
		return 0;
	for (size_t i = 0; women[i]; i++)
		if (contains(g, women[i]))
			return 'w';
	if (contains(g, "non") || contains(g, "enby"))
		return 0;
	for (size_t i = 0; men[i]; i++)
		if (contains(g, men[i]))
			return 'm';
	if (strcmp(g, "f") == 0 || strcmp(g, "F") == 0)
		return 'w';
	if (strcmp(g, "m") == 0 || strcmp(g, "M") == 0)
		return 'm';
	return 0;
}

/* Which gender a traditional script gives a task to, from its name, unless
 * the household file says (`traditionally:`). Time-use studies find these
 * the most gender-typed household tasks. */
static int task_side(const us__share_task *t)
{
	static const char *const women[] = { "cook", "meal", "laundry", "washing", "iron", "clean",
		"tidy", "dish", "grocer", "shopping", "child", "kid", "baby", "nappy", "nappies", "diaper",
		"feed", "school", "appointment", "birthday", "gift", "bathroom", "vacuum", "hoover", "dust",
		"mop", "bed", NULL };
	static const char *const men[] = { "repair", "fix", "diy", "car", "garden", "lawn", "mow", "yard",
		"bin", "trash", "rubbish", "garbage", "recycl", "tax", "finance", "bills", "boiler",
		"gutter", "snow", "grill", "bbq", "tool", NULL };
	if (t->script >= 0)
		return t->script;
	for (size_t i = 0; men[i]; i++)
		if (contains(t->name, men[i]))
			return 'm';
	for (size_t i = 0; women[i]; i++)
		if (contains(t->name, women[i]))
			return 'w';
	return 0;
}

/* One side of the script check: who does what under one assignment (the
 * plan's, or the previous plan's), and each person's load under it. */
typedef struct split_view {
	const us_share_plan *p;
	const int *assign; /* per item; NULL: the previous plan, per occurrence */
	int64_t load[US_SHARE_MAX_PEOPLE];
	int64_t hh[US_SHARE_MAX_PEOPLE];
	int64_t top;
} split_view;

static int occ_person(const split_view *sv, size_t o)
{
	return sv->assign ? sv->assign[sv->p->occ[o].item] : sv->p->occ[o].prev;
}

/* Occurrences of task ti per person under the view; returns the total. */
static int task_counts(const split_view *sv, int ti, int *count)
{
	int total = 0;
	memset(count, 0, US_SHARE_MAX_PEOPLE * sizeof(*count));
	for (size_t o = 0; o < sv->p->n_occ; o++) {
		int who = sv->p->occ[o].task == ti ? occ_person(sv, o) : -1;
		if (who >= 0) {
			count[who]++;
			total++;
		}
	}
	return total;
}

static void split_view_init(split_view *sv, const us_share_plan *p, const int *assign)
{
	const us_share_household *h = p->h;
	memset(sv, 0, sizeof(*sv));
	sv->p = p;
	sv->assign = assign;
	for (size_t i = 0; i < h->n_people; i++)
		sv->load[i] = h->people[i].paid * p->weeks;
	for (size_t o = 0; o < p->n_occ; o++) {
		int who = occ_person(sv, o);
		if (who >= 0) {
			sv->hh[who] += h->tasks[p->occ[o].task].minutes[who];
			sv->load[who] += h->tasks[p->occ[o].task].minutes[who];
		}
	}
	/* planning goes to whoever does most of the task */
	for (size_t ti = 0; ti < h->n_tasks; ti++) {
		int count[US_SHARE_MAX_PEOPLE], best = -1;
		task_counts(sv, (int)ti, count);
		for (size_t i = 0; i < h->n_people; i++)
			if (count[i] && (best < 0 || count[i] > count[best]))
				best = (int)i;
		if (best >= 0) {
			sv->hh[best] += h->tasks[ti].planning * p->weeks;
			sv->load[best] += h->tasks[ti].planning * p->weeks;
		}
	}
	for (size_t i = 0; i < h->n_people; i++)
		sv->top = sv->load[i] > sv->top ? sv->load[i] : sv->top;
}

/* How one traditionally gendered task falls under a view. */
enum { CASE_NONE = 0, CASE_RATINGS, CASE_LOAD, CASE_SPLIT };

typedef struct split_case {
	int kind;      /* CASE_*: explained by ratings, explained by load, or a split */
	int task, who, other;
	int64_t over;  /* CASE_LOAD: how far above the largest load `other` would go */
	int over_avail; /* CASE_LOAD: beyond other's availability rather than load */
} split_case;

/*
 * The script rule for task ti: the person the script expects (a woman for a
 * task traditionally done by women, a man for one done by men) does most of
 * its occurrences, although someone of another stated gender is better
 * placed by their own figures: rates it higher in no more time, or the same
 * in less time. That is a split beyond skill and interest unless fair load
 * explains it: giving them one of those occurrences (a whole task: all of
 * it) would put them above the largest load by more than the tolerance, or
 * beyond their availability.
 */
static split_case classify(const split_view *sv, int ti)
{
	const us_share_plan *p = sv->p;
	const us_share_household *h = p->h;
	const us__share_task *t = &h->tasks[ti];
	split_case c = { CASE_NONE, ti, -1, -1, 0, 0 };
	int side = task_side(t), count[US_SHARE_MAX_PEOPLE];
	int total = side ? task_counts(sv, ti, count) : 0, w = -1;
	for (size_t i = 0; i < h->n_people; i++)
		if (count[i] * 2 > total)
			w = (int)i;
	if (!total || w < 0 || gender_side(h->people[w].gender) != side)
		return c;
	c.who = w;
	for (size_t q = 0; q < h->n_people; q++) {
		int gq = gender_side(h->people[q].gender);
		if ((int)q == w || !gq || gq == side || t->minutes[q] == US__SHARE_CANNOT ||
		    ((t->forbidden >> q) & 1) || (t->fixed >= 0 && t->fixed != (int)q))
			continue;
		int likes = t->like[q] > t->like[w], same_like = t->like[q] == t->like[w];
		int faster = t->minutes[q] < t->minutes[w], same_time = t->minutes[q] == t->minutes[w];
		if (!((likes && (faster || same_time)) || (faster && same_like))) {
			if (c.kind == CASE_NONE) {
				c.kind = CASE_RATINGS;
				c.other = (int)q;
			}
			continue;
		}
		int64_t move = t->split ? t->minutes[q]
					: t->minutes[q] * (int64_t)count[w] + t->planning * p->weeks;
		int64_t over = sv->load[q] + move - sv->top;
		int over_avail = sv->hh[q] + move > h->people[q].available * p->weeks;
		if (over <= p->tolerance && !over_avail) {
			c.kind = CASE_SPLIT;
			c.other = (int)q;
			return c;
		}
		if (c.kind != CASE_LOAD || over < c.over) {
			c.kind = CASE_LOAD;
			c.other = (int)q;
			c.over = over;
			c.over_avail = over_avail;
		}
	}
	return c;
}

static const char *time_words(long a, long b)
{
	return a < b ? "less time" : a == b ? "no more time" : "more time";
}

/* "cooking goes to Ana, though Ben rates it +2 and takes less time" */
static void split_words(const us_share_plan *p, const split_case *c, us__buf *b)
{
	const us_share_household *h = p->h;
	const us__share_task *t = &h->tasks[c->task];
	const char *w = h->people[c->who].name, *q = h->people[c->other].name;
	if (t->like[c->other] > t->like[c->who])
		us__buf_printf(b, "%s goes to %s, though %s rates it %+d and takes %s", t->name, w, q,
			       t->like[c->other], time_words(t->minutes[c->other], t->minutes[c->who]));
	else
		us__buf_printf(b, "%s goes to %s, though %s rates it the same and takes less time", t->name,
			       w, q);
}

/* Appends the view's verdict; returns the number of splits found. */
static int script_view(const us_share_plan *p, const int *assign, us__buf *b)
{
	const us_share_household *h = p->h;
	split_view sv;
	split_case closest = { CASE_NONE, -1, -1, -1, 0, 0 };
	int n = 0;
	split_view_init(&sv, p, assign);
	for (size_t ti = 0; ti < h->n_tasks; ti++) {
		split_case c = classify(&sv, (int)ti);
		if (c.kind == CASE_SPLIT) {
			if (n++)
				us__buf_printf(b, "; ");
			split_words(p, &c, b);
		} else if (c.kind > closest.kind ||
			   (c.kind == CASE_LOAD && closest.kind == CASE_LOAD && c.over < closest.over)) {
			closest = c;
		}
	}
	if (n)
		return n;
	us__buf_printf(b, "none beyond what skills, interests and fair load explain");
	if (closest.kind == CASE_LOAD) {
		const us__share_task *t = &h->tasks[closest.task];
		const char *q = h->people[closest.other].name;
		us__buf_printf(b, "; the closest case, %s, goes to %s (rating %+d) rather than %s (rating %+d, "
				  "%s), because ",
			       t->name, h->people[closest.who].name, t->like[closest.who], q,
			       t->like[closest.other],
			       t->minutes[closest.other] < t->minutes[closest.who] ? "less time" : "the same time");
		if (closest.over_avail)
			us__buf_printf(b, "%s has no available minutes left for it", q);
		else
			us__buf_printf(b, "%s would put %s %.0f min a week above the largest load",
				       t->split ? "one more occurrence" : "taking it over", q,
				       per_week(p, closest.over));
	} else if (closest.kind == CASE_RATINGS) {
		const us__share_task *t = &h->tasks[closest.task];
		int w = closest.who, q = closest.other;
		if (t->like[w] == t->like[q] && t->minutes[w] == t->minutes[q])
			us__buf_printf(b, "; %s goes to %s as tradition has it, but %s and %s rate it the same "
					  "(%+d) and take the same time, so only fair load decides",
				       t->name, h->people[w].name, h->people[w].name, h->people[q].name, t->like[w]);
		else
			us__buf_printf(b, "; %s goes to %s as tradition has it, which their own figures explain "
					  "(%s: %+d, %ld min; %s: %+d, %ld min)",
				       t->name, h->people[w].name, h->people[w].name, t->like[w], t->minutes[w],
				       h->people[q].name, t->like[q], t->minutes[q]);
	}
	return 0;
}

static int check_gendered(us_share_plan *p, us__buf *b)
{
	const us_share_household *h = p->h;
	int any = 0, prev_given = 0;
	for (size_t i = 0; i < h->n_people; i++)
		any |= h->people[i].gender != NULL;
	if (!any) {
		p->checks[US_SHARE_CHECK_GENDERED_SPLIT].applies = 0;
		p->checks[US_SHARE_CHECK_GENDERED_SPLIT].holds = 1;
		p->checks[US_SHARE_CHECK_GENDERED_SPLIT].detail = "nobody stated a gender";
		return 0;
	}
	for (size_t o = 0; o < p->n_occ; o++)
		prev_given |= p->occ[o].prev >= 0;
	us__buf_printf(b, "the plan: ");
	int n = script_view(p, p->assign, b);
	if (prev_given) {
		us__buf_printf(b, "; the previous plan: ");
		script_view(p, NULL, b);
	}
	return set_check(p, US_SHARE_CHECK_GENDERED_SPLIT, n == 0, b);
}

/* ---------- notes ---------- */

static int person_note(us_share_plan *p, view *v, int i, us__buf *b)
{
	const us_share_household *h = p->h;
	int64_t all = 0, mine = 0, best = 0;
	int best_g = -1;
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		const us__share_task *t = &h->tasks[it->task];
		if (t->like[i] >= 0 || t->minutes[i] == US__SHARE_CANNOT)
			continue;
		int64_t m = perceived4(p, (int)g, i) / (4 - t->like[i]); /* i's own minutes */
		all += m;
		if (p->assign[g] == i) {
			mine += m;
			if (m > best) {
				best = m;
				best_g = (int)g;
			}
		}
	}
	double mean = 0;
	for (size_t q = 0; q < v->np; q++)
		mean += per_week(p, v->load[q]) / (double)v->np;
	double diff = per_week(p, v->load[i]) - mean;
	if (diff >= 0.5 || diff <= -0.5)
		us__buf_printf(b, "your load is %.0f min a week %s the household's average",
			       diff < 0 ? -diff : diff, diff < 0 ? "below" : "above");
	else
		us__buf_printf(b, "your load is the household's average");
	if (all == 0) {
		us__buf_printf(b, "; you rated no task you could do below 0");
	} else if (mine == 0) {
		us__buf_printf(b, "; you carry none of the work you dislike");
	} else {
		char lab[160];
		item_label(p, best_g, lab, sizeof(lab));
		us__buf_printf(b, "; by your own ratings you carry %.0f%% of the disliked work", 100.0 * (double)mine / (double)all);
		if (mine < all || best < mine)
			us__buf_printf(b, "; without %s you would carry %.0f%%", lab,
				       100.0 * (double)(mine - best) / (double)all);
	}
	free(p->notes[i]);
	p->notes[i] = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p->notes[i] ? 0 : US_ENOMEM;
}

int us__share_verify(us_share_plan *p, us_error *err)
{
	view v;
	us__buf b = US__BUF_INIT(0);
	int rc;
	if (view_init(&v, p))
		return us__error_set(err, US_ENOMEM, "out of memory");
	if ((rc = check_feasible(p, &v, &b)) || (rc = check_eq1(p, &v, &b)) || (rc = check_ef1(p, &v, &b)) ||
	    (rc = check_local(p, &v, &b)) || (rc = check_gendered(p, &b)))
		goto done;
	for (size_t i = 0; i < v.np && !rc; i++)
		rc = person_note(p, &v, (int)i, &b);
done:
	us__buf_free(&b);
	free(v.day);
	return rc ? us__error_set(err, rc, "out of memory") : 0;
}

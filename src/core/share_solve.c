/*
 * share_solve.c: turns a household into a plan.
 *
 * The period's task occurrences become items (a whole task, one occurrence
 * of a split task, or the planning of a split task); a plan gives each item
 * to a person. Aims, in order: feasible (availability, daily caps, fixed and
 * forbidden); fair (leximin on each person's total load: paid + doing +
 * planning); then the least perceived cost (minutes x (1 - 0.25 like)); then,
 * when re-planning, the fewest changes.
 *
 * How:
 * - 2 people: a pseudo-polynomial DP over person 0's household minutes
 *   keeps, for each, the least minutes of person 1 (then the least
 *   perceived cost). Every minute is a small integer, so the table is
 *   small, and it proves the optimal (largest, then smallest) load. The DP
 *   relaxes only daily caps; if its plan breaks one, local search repairs
 *   it and the DP value stays a proven lower bound.
 * - 3 to 6 people: a greedy start and leximin local search (moves and
 *   swaps), against a lower bound from the LP relaxation, computed as its
 *   Lagrangian dual (max over a weight per person of the weighted fixed
 *   load plus, per item, the cheapest weighted cost), by mirror ascent.
 * - Then loads within the tolerance count as equal: every rank of the
 *   sorted load vector may rise by at most the tolerance, and local search
 *   lowers the perceived cost inside that envelope; when re-planning, it
 *   then lowers the number of changes, keeping perceived cost within the
 *   tolerance of that optimum.
 * - Last, the local-optimum check's own improving moves are applied until
 *   none is left, so the printed check holds by construction.
 *
 * Absences (with a start date) take the absent person out of the allowed
 * people of each occurrence on those days; a whole task's occurrences on
 * such days become items of their own. The week-spread aim weighs each
 * week by the days a person is present, so the load evens out afterwards.
 *
 * Determinism: items follow the sorted order of tasks, people are sorted by
 * name, every tie falls to the lower index, and no step uses randomness or
 * clocks. Only comparisons between minutes decide, so scaling every minute
 * by the same factor does not change the plan.
 */
#include "core/internal.h"
#include "core/share_impl.h"

#include <stdlib.h>
#include <string.h>

#define DP_MAX_BITS ((size_t)400 << 20) /* 50 MiB of choice bits */
#define OCC_MAX 50000
#define KEY_MAX 16
#define ILS_ROUNDS 150

enum { STAGE_FAIR = 0, STAGE_INTEREST, STAGE_REPLAN };

typedef struct state {
	const us_share_plan *p;
	size_t np;
	int ndays;
	int *a;
	int64_t load[US_SHARE_MAX_PEOPLE];
	int64_t hh[US_SHARE_MAX_PEOPLE];
	int64_t *day; /* np x ndays doing minutes */
	int64_t wk[US_SHARE_MAX_PEOPLE][4]; /* doing minutes per week */
	int64_t dayviol;
	int64_t perc, changes;
	/* stage parameters */
	int stage;
	int64_t env[US_SHARE_MAX_PEOPLE]; /* sorted desc, with tolerance added */
	int64_t perc_cap;
} state;

static int64_t occ_minutes(const us_share_plan *p, int o, int person)
{
	return p->h->tasks[p->occ[o].task].minutes[person];
}

/* ---------- expansion ---------- */

static int add_occ(us_share_plan *p, size_t *cap, int task, int index, int week, int day)
{
	if (p->n_occ >= OCC_MAX)
		return US_ETOOBIG;
	if (us__grow((void **)&p->occ, cap, p->n_occ + 1, sizeof(*p->occ)))
		return US_ENOMEM;
	p->occ[p->n_occ++] = (us__share_occ){ task, index, week, day, -1, -1, -1 };
	return 0;
}

static int task_occurrences(us_share_plan *p, size_t *cap, int ti)
{
	const us__share_task *t = &p->h->tasks[ti];
	int idx = 1, rc = 0;
	/* Tasks without set weekdays start on a day derived from their name, so
	 * that weekly tasks do not all fall on Monday, and the day does not
	 * depend on the order of the file. */
	int offset = (int)(us__hash(t->name, strlen(t->name)) % 7);
	for (int w = 0; w < p->weeks && !rc; w++) {
		if (t->every == US__EVERY_DAY) {
			for (int d = 0; d < 7 && !rc; d++)
				for (int k = 0; k < t->times && !rc; k++)
					rc = add_occ(p, cap, ti, idx++, w, d);
		} else if (t->every == US__EVERY_WEEK && t->days) {
			for (int d = 0; d < 7 && !rc; d++)
				if ((t->days >> d) & 1)
					rc = add_occ(p, cap, ti, idx++, w, d);
		} else if (t->every == US__EVERY_WEEK) {
			for (int k = 0; k < t->times && !rc; k++)
				rc = add_occ(p, cap, ti, idx++, w, (k * 7 / t->times + offset) % 7);
		}
	}
	if (t->every == US__EVERY_MONTH) {
		/* a month is the 4-week period; spread evenly over its 28 days */
		for (int k = 0; k < t->times && !rc; k++) {
			int q = (k * 28 / t->times + offset) % 28;
			rc = add_occ(p, cap, ti, idx++, q / 7, q % 7);
		}
	}
	return rc;
}

static int item_prev_majority(const us_share_plan *p, int first, int n)
{
	int count[US_SHARE_MAX_PEOPLE] = { 0 }, best = -1;
	for (int o = first; o < first + n; o++)
		if (p->occ[o].prev >= 0)
			count[p->occ[o].prev]++;
	for (size_t i = 0; i < p->h->n_people; i++)
		if (count[i] && (best < 0 || count[i] > count[best]))
			best = (int)i;
	return best;
}

int us__share_expand(us_share_plan *p, us_error *err)
{
	const us_share_household *h = p->h;
	size_t occ_cap = 0, item_cap = 0;
	int rc = 0;
	for (size_t ti = 0; ti < h->n_tasks; ti++) {
		if (h->tasks[ti].every == US__EVERY_MONTH && p->weeks != 4)
			return us__error_set(err, US_EINVAL,
					     "%s:%d: task '%s' happens monthly, which needs a 4-week period "
					     "(period_weeks: 4)", h->name, h->tasks[ti].line, h->tasks[ti].name);
	}
	for (size_t i = 0; i < h->n_people; i++)
		for (int w = 0; w < p->weeks; w++)
			p->present[i][w] = 7;
	if (h->n_absences && p->start < 0)
		return us__error_set(err, US_EINVAL, "%s: the household has absences, so the plan needs a "
						     "start date (--start) to place them", h->name);
	for (size_t k = 0; k < h->n_absences; k++) {
		const us__share_absence *a = &h->absences[k];
		for (long d = a->from; d <= a->to; d++) {
			long x = d - p->start;
			if (x < 0 || x >= p->weeks * 7 || ((p->away[x] >> a->person) & 1))
				continue;
			p->away[x] |= 1u << a->person;
			p->present[a->person][x / 7]--;
		}
	}
	for (size_t ti = 0; ti < h->n_tasks; ti++) {
		const us__share_task *t = &h->tasks[ti];
		size_t first = p->n_occ;
		if ((rc = task_occurrences(p, &occ_cap, (int)ti)))
			return us__error_set(err, rc, rc == US_ETOOBIG ? "more than %d task occurrences in the period"
								     : "out of memory", OCC_MAX);
		for (size_t i = 0; i < h->n_prev; i++) {
			const us__share_prev *pv = &h->prev[i];
			if (pv->task != (int)ti)
				continue;
			for (size_t o = first; o < p->n_occ; o++)
				if (pv->occurrence == 0 || pv->occurrence == p->occ[o].index)
					p->occ[o].prev = pv->person;
		}
		unsigned allowed = 0;
		for (size_t i = 0; i < h->n_people; i++)
			if (t->minutes[i] != US__SHARE_CANNOT && !((t->forbidden >> i) & 1) &&
			    (t->fixed < 0 || t->fixed == (int)i))
				allowed |= 1u << i;
		size_t n_occ_t = p->n_occ - first, n_cover = 0;
		for (size_t o = first; o < p->n_occ; o++) {
			us__share_occ *oc = &p->occ[o];
			unsigned away = p->away[oc->week * 7 + oc->day];
			if (!(allowed & ~away)) {
				char date[11];
				us__share_format_date(p->start + oc->week * 7 + oc->day, date);
				return us__error_set(err, US_EINFEASIBLE,
						     "nobody can do '%s' on %s: everyone who may do it is away; "
						     "let someone else do it, or shorten an absence",
						     t->name, date);
			}
			/* nobody misses a task while away: it is covered, not changed */
			if (oc->prev >= 0 && ((away >> oc->prev) & 1)) {
				oc->cover = oc->prev;
				oc->prev = -1;
			}
		}
		if (!t->split) {
			/* A whole task keeps one owner, except on days when one of the
			 * people who may do it is away: those occurrences become items
			 * of their own, placed last, so anyone present may cover them. */
			us__share_occ tmp;
			for (size_t o = first, end = p->n_occ; o < end;) {
				if (allowed & p->away[p->occ[o].week * 7 + p->occ[o].day]) {
					tmp = p->occ[o];
					memmove(&p->occ[o], &p->occ[o + 1], (end - o - 1) * sizeof(tmp));
					p->occ[--end] = tmp;
					n_cover++;
				} else {
					o++;
				}
			}
		}
		int n_items = t->split ? (int)n_occ_t + (t->planning > 0) : 1 + (int)n_cover;
		if (us__grow((void **)&p->items, &item_cap, p->n_items + (size_t)n_items, sizeof(*p->items)))
			return us__error_set(err, US_ENOMEM, "out of memory");
		for (int k = 0; k < n_items; k++) {
			us__share_item *it = &p->items[p->n_items];
			memset(it, 0, sizeof(*it));
			it->task = (int)ti;
			it->allowed = allowed;
			if (!t->split && k == 0) {
				it->kind = US__ITEM_WHOLE;
				it->first_occ = (int)first;
				it->n_occ = (int)(n_occ_t - n_cover);
			} else if (!t->split) {
				it->kind = US__ITEM_OCCURRENCE;
				it->first_occ = (int)(first + n_occ_t - n_cover) + k - 1;
				it->n_occ = 1;
			} else if ((size_t)k < n_occ_t) {
				it->kind = US__ITEM_OCCURRENCE;
				it->first_occ = (int)first + k;
				it->n_occ = 1;
			} else {
				it->kind = US__ITEM_PLANNING;
				it->first_occ = (int)first;
				it->n_occ = 0;
			}
			if (it->kind == US__ITEM_OCCURRENCE) {
				const us__share_occ *oc = &p->occ[it->first_occ];
				it->allowed &= ~p->away[oc->week * 7 + oc->day];
			}
			int64_t plan_minutes = (it->kind != US__ITEM_OCCURRENCE) ? t->planning * p->weeks : 0;
			for (size_t i = 0; i < h->n_people; i++) {
				if (!((it->allowed >> i) & 1)) {
					it->cost[i] = it->doing[i] = it->perc4[i] = US__SHARE_INF;
					continue;
				}
				int64_t doing = (int64_t)t->minutes[i] * it->n_occ;
				it->doing[i] = doing;
				it->cost[i] = doing + plan_minutes;
				it->perc4[i] = it->cost[i] * (4 - t->like[i]);
			}
			for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++)
				p->occ[o].item = (int)p->n_items;
			/* the previous plan names who did occurrences, not who planned:
			 * a split task's planning has no previous person */
			it->prev = it->kind == US__ITEM_PLANNING ? -1
								 : item_prev_majority(p, it->first_occ, it->n_occ);
			if (it->prev >= 0 && !((it->allowed >> it->prev) & 1))
				it->prev = -1;
			p->n_items++;
		}
	}
	p->assign = calloc(p->n_items ? p->n_items : 1, sizeof(*p->assign));
	if (!p->assign)
		return us__error_set(err, US_ENOMEM, "out of memory");
	return 0;
}

/* ---------- totals ---------- */

void us__share_totals(us_share_plan *p)
{
	const us_share_household *h = p->h;
	for (size_t i = 0; i < h->n_people; i++) {
		p->doing[i] = p->planning[i] = 0;
		p->load[i] = h->people[i].paid * p->weeks;
	}
	p->changes = 0;
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int who = p->assign[g];
		p->doing[who] += it->doing[who];
		p->planning[who] += it->cost[who] - it->doing[who];
		p->load[who] += it->cost[who];
		for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++)
			p->changes += p->occ[o].prev >= 0 && p->occ[o].prev != who;
	}
}

int64_t us__share_week_load(const us_share_plan *p, int person, int week)
{
	int64_t load = p->h->people[person].paid;
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		if (p->assign[g] != person)
			continue;
		/* planning is a weekly load, spread evenly over the period */
		load += (it->cost[person] - it->doing[person]) / p->weeks;
		for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++)
			if (p->occ[o].week == week)
				load += occ_minutes(p, o, person);
	}
	return load;
}

int64_t us__share_day_minutes(const us_share_plan *p, int person, int week, int day)
{
	int64_t m = 0;
	for (size_t o = 0; o < p->n_occ; o++)
		if (p->occ[o].week == week && p->occ[o].day == day && p->assign[p->occ[o].item] == person)
			m += occ_minutes(p, (int)o, person);
	return m;
}

/* ---------- search state ---------- */

static int64_t excess(int64_t v, int64_t cap)
{
	return v > cap ? v - cap : 0;
}

static void apply(state *s, int g, int to)
{
	const us_share_plan *p = s->p;
	const us__share_item *it = &p->items[g];
	int from = s->a[g];
	if (from == to)
		return;
	s->load[from] -= it->cost[from];
	s->hh[from] -= it->cost[from];
	s->perc -= it->perc4[from];
	s->load[to] += it->cost[to];
	s->hh[to] += it->cost[to];
	s->perc += it->perc4[to];
	for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++) {
		int d = p->occ[o].week * 7 + p->occ[o].day;
		int64_t capf = p->h->people[from].daily_cap, capt = p->h->people[to].daily_cap;
		int64_t *df = &s->day[(size_t)from * s->ndays + d], *dt = &s->day[(size_t)to * s->ndays + d];
		if (capf)
			s->dayviol -= excess(*df, capf);
		if (capt)
			s->dayviol -= excess(*dt, capt);
		*df -= occ_minutes(p, o, from);
		*dt += occ_minutes(p, o, to);
		s->wk[from][p->occ[o].week] -= occ_minutes(p, o, from);
		s->wk[to][p->occ[o].week] += occ_minutes(p, o, to);
		if (capf)
			s->dayviol += excess(*df, capf);
		if (capt)
			s->dayviol += excess(*dt, capt);
		if (p->occ[o].prev >= 0)
			s->changes += (p->occ[o].prev != to) - (p->occ[o].prev != from);
	}
	s->a[g] = to;
}

static int64_t violation(const state *s)
{
	int64_t v = s->dayviol;
	for (size_t i = 0; i < s->np; i++)
		v += excess(s->hh[i], s->p->h->people[i].available * s->p->weeks);
	return v;
}

static void sorted_loads(const state *s, int64_t *out)
{
	for (size_t i = 0; i < s->np; i++) {
		int64_t v = s->load[i];
		size_t j = i;
		while (j > 0 && out[j - 1] < v) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = v;
	}
}

/* How much busier than their own average week people's busiest weeks are,
 * beyond the tolerance: a rotation should not pile a month's share into
 * one week. A week's fair part of a person's doing minutes is in
 * proportion to the days they are present, so after an absence the load
 * evens out over the following weeks instead of landing in one. In period
 * units (W x (a week's minutes - its fair part)). */
static int64_t week_spread(const state *s)
{
	int64_t sum = 0;
	int weeks = s->p->weeks;
	for (size_t i = 0; i < s->np; i++) {
		int64_t all = 0, days = 0, top = 0;
		for (int w = 0; w < weeks; w++) {
			all += s->wk[i][w];
			days += s->p->present[i][w];
		}
		if (!days)
			continue;
		for (int w = 0; w < weeks; w++) {
			int64_t over = (s->wk[i][w] * days - all * s->p->present[i][w]) * weeks / days;
			top = over > top ? over : top;
		}
		sum += excess(top, s->p->tolerance);
	}
	return sum;
}

static size_t key(const state *s, int64_t *k)
{
	int64_t sl[US_SHARE_MAX_PEOPLE];
	size_t n = 0;
	sorted_loads(s, sl);
	k[n++] = violation(s);
	if (s->stage != STAGE_FAIR) {
		int64_t env = 0;
		for (size_t i = 0; i < s->np; i++)
			env += excess(sl[i], s->env[i]);
		k[n++] = env;
		k[n++] = week_spread(s);
		if (s->stage == STAGE_REPLAN) {
			k[n++] = excess(s->perc, s->perc_cap);
			k[n++] = s->changes;
		}
		k[n++] = s->perc;
	}
	for (size_t i = 0; i < s->np; i++)
		k[n++] = sl[i];
	return n;
}

static int key_less(const int64_t *x, const int64_t *y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i];
	return 0;
}

static int state_init(state *s, const us_share_plan *p, const int *assign)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->np = p->h->n_people;
	s->ndays = p->weeks * 7;
	s->a = malloc((p->n_items ? p->n_items : 1) * sizeof(*s->a));
	s->day = calloc(s->np * (size_t)s->ndays, sizeof(*s->day));
	if (!s->a || !s->day) {
		free(s->a);
		free(s->day);
		return US_ENOMEM;
	}
	for (size_t i = 0; i < s->np; i++)
		s->load[i] = p->h->people[i].paid * p->weeks;
	/* start everything on a virtual "nobody" by adding items one by one */
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int who = assign[g];
		s->a[g] = who;
		s->load[who] += it->cost[who];
		s->hh[who] += it->cost[who];
		s->perc += it->perc4[who];
		for (int o = it->first_occ; o < it->first_occ + it->n_occ; o++) {
			s->day[(size_t)who * s->ndays + p->occ[o].week * 7 + p->occ[o].day] += occ_minutes(p, o, who);
			s->wk[who][p->occ[o].week] += occ_minutes(p, o, who);
			s->changes += p->occ[o].prev >= 0 && p->occ[o].prev != who;
		}
	}
	for (size_t i = 0; i < s->np; i++) {
		int64_t cap = p->h->people[i].daily_cap;
		for (int d = 0; cap && d < s->ndays; d++)
			s->dayviol += excess(s->day[i * (size_t)s->ndays + d], cap);
	}
	return 0;
}

static void state_free(state *s)
{
	free(s->a);
	free(s->day);
}

/* Whether the pair of loads (a2, b2) is leximin-lower than (a, b). */
static int pair_better(int64_t a2, int64_t b2, int64_t a, int64_t b)
{
	int64_t hi2 = a2 > b2 ? a2 : b2, lo2 = a2 > b2 ? b2 : a2;
	int64_t hi = a > b ? a : b, lo = a > b ? b : a;
	return hi2 < hi || (hi2 == hi && lo2 < lo);
}

/* First-improvement local search over moves and swaps, until no move or
 * swap lowers the key. Every accepted step lowers the key strictly, so it
 * ends. */
static void local_search(state *s)
{
	const us_share_plan *p = s->p;
	int64_t cur[KEY_MAX], k[KEY_MAX];
	size_t n = key(s, cur);
	int improved = 1;
	while (improved) {
		improved = 0;
		/* Without violations, the fairness key changes only through the two
		 * loads a step touches; it improves iff their sorted pair does, so
		 * most steps are rejected before they are applied. */
		int fast = s->stage == STAGE_FAIR && cur[0] == 0;
		for (size_t g = 0; g < p->n_items; g++) {
			for (size_t q = 0; q < s->np; q++) {
				int from = s->a[g];
				if ((int)q == from || !((p->items[g].allowed >> q) & 1))
					continue;
				if (fast && !pair_better(s->load[from] - p->items[g].cost[from],
							 s->load[q] + p->items[g].cost[q], s->load[from], s->load[q]))
					continue;
				apply(s, (int)g, (int)q);
				key(s, k);
				if (key_less(k, cur, n)) {
					memcpy(cur, k, sizeof(cur));
					improved = 1;
				} else {
					apply(s, (int)g, from);
				}
			}
		}
		if (improved)
			continue;
		int64_t top = 0;
		for (size_t i = 0; i < s->np; i++)
			top = s->load[i] > top ? s->load[i] : top;
		for (size_t g = 0; g < p->n_items; g++) {
			for (size_t h2 = g + 1; h2 < p->n_items; h2++) {
				int ag = s->a[g], ah = s->a[h2];
				if (ag == ah || !((p->items[g].allowed >> ah) & 1) || !((p->items[h2].allowed >> ag) & 1))
					continue;
				/* for fairness, a swap that helps involves the heaviest
				 * person; checking only those keeps a pass near O(n) */
				if (s->stage == STAGE_FAIR && s->load[ag] != top && s->load[ah] != top)
					continue;
				if (fast && !pair_better(s->load[ag] - p->items[g].cost[ag] + p->items[h2].cost[ag],
							 s->load[ah] - p->items[h2].cost[ah] + p->items[g].cost[ah],
							 s->load[ag], s->load[ah]))
					continue;
				apply(s, (int)g, ah);
				apply(s, (int)h2, ag);
				key(s, k);
				if (key_less(k, cur, n)) {
					memcpy(cur, k, sizeof(cur));
					improved = 1;
				} else {
					apply(s, (int)h2, ah);
					apply(s, (int)g, ag);
				}
			}
		}
	}
}

/* Iterated local search for 3 or more people: kick a few of the heaviest
 * person's items to others, search again, keep the result if its key is
 * lower, else go back. The kicks come from a fixed linear congruential
 * sequence over item indices, never from minutes or clocks, so the plan
 * stays deterministic and scale-free. Stops early at the lower bound. */
static int iterated_search(state *s, int64_t lb, int rounds)
{
	const us_share_plan *p = s->p;
	int64_t best[KEY_MAX], k[KEY_MAX];
	size_t n = key(s, best);
	int *saved = malloc((p->n_items ? p->n_items : 1) * sizeof(*saved));
	unsigned r = 2463534242u;
	if (!saved)
		return US_ENOMEM;
	memcpy(saved, s->a, p->n_items * sizeof(*saved));
	for (int round = 0; round < rounds && p->n_items > 1; round++) {
		int heavy = 0;
		for (size_t i = 1; i < s->np; i++)
			if (s->load[i] > s->load[heavy])
				heavy = (int)i;
		if (best[0] == 0 && s->load[heavy] <= lb)
			break;
		int kicks = 2 + round % 3;
		for (int tries = 0; kicks > 0 && tries < 50; tries++) {
			r = r * 1664525u + 1013904223u;
			size_t g = (r >> 8) % p->n_items;
			if (s->a[g] != heavy)
				continue;
			r = r * 1664525u + 1013904223u;
			int to = (int)((r >> 8) % s->np);
			if (to == heavy || !((p->items[g].allowed >> to) & 1))
				continue;
			apply(s, (int)g, to);
			kicks--;
		}
		local_search(s);
		key(s, k);
		if (key_less(k, best, n)) {
			memcpy(best, k, sizeof(best));
			memcpy(saved, s->a, p->n_items * sizeof(*saved));
		} else {
			for (size_t g = 0; g < p->n_items; g++)
				if (s->a[g] != saved[g])
					apply(s, (int)g, saved[g]);
		}
	}
	free(saved);
	return 0;
}

/* ---------- starts ---------- */

/* Each item to whoever is cheapest under the LP dual weights: close to the
 * LP relaxation's own assignment, which local search then rebalances. */
static void weighted_start(const us_share_plan *p, const double *lam, int *out)
{
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int best = -1;
		for (size_t i = 0; i < p->h->n_people; i++) {
			if (!((it->allowed >> i) & 1))
				continue;
			if (best < 0 || lam[i] * (double)it->cost[i] < lam[best] * (double)it->cost[best])
				best = (int)i;
		}
		out[g] = best;
	}
}

static int cmp_size_desc(const void *x, const void *y, const us_share_plan *p)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int64_t ma = US__SHARE_INF, mb = US__SHARE_INF;
	for (size_t i = 0; i < p->h->n_people; i++) {
		if (p->items[a].cost[i] < ma)
			ma = p->items[a].cost[i];
		if (p->items[b].cost[i] < mb)
			mb = p->items[b].cost[i];
	}
	if (ma != mb)
		return ma > mb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Greedy: largest items first, each to whoever ends with the smallest
 * load (then the smaller cost, then the lower index). */
static int greedy(us_share_plan *p)
{
	size_t n = p->n_items, np = p->h->n_people;
	size_t *ord = malloc((n ? n : 1) * sizeof(*ord));
	int64_t load[US_SHARE_MAX_PEOPLE];
	if (!ord)
		return US_ENOMEM;
	for (size_t g = 0; g < n; g++)
		ord[g] = g;
	/* insertion sort: stable, deterministic, and n is at most a few thousand */
	for (size_t i = 1; i < n; i++) {
		size_t v = ord[i], j = i;
		while (j > 0 && cmp_size_desc(&ord[j - 1], &v, p) > 0) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = v;
	}
	for (size_t i = 0; i < np; i++)
		load[i] = p->h->people[i].paid * p->weeks;
	for (size_t k = 0; k < n; k++) {
		const us__share_item *it = &p->items[ord[k]];
		int best = -1;
		for (size_t i = 0; i < np; i++) {
			if (!((it->allowed >> i) & 1))
				continue;
			if (best < 0 || load[i] + it->cost[i] < load[best] + it->cost[best] ||
			    (load[i] + it->cost[i] == load[best] + it->cost[best] && it->cost[i] < it->cost[best]))
				best = (int)i;
		}
		p->assign[ord[k]] = best;
		load[best] += it->cost[best];
	}
	free(ord);
	return 0;
}

/* Exact (largest, smallest) load for two people, relaxing daily caps. Sets
 * p->assign and *best_max; returns US_EINFEASIBLE when availability cannot
 * be met, US_ETOOBIG when the table would be too large. */
static int dp_two(us_share_plan *p, int64_t *best_max)
{
	const us_share_household *h = p->h;
	size_t n = p->n_items;
	int64_t cap0 = h->people[0].available * p->weeks, cap1 = h->people[1].available * p->weeks;
	int64_t sum0 = 0;
	for (size_t g = 0; g < n; g++)
		if (p->items[g].allowed & 1)
			sum0 += p->items[g].cost[0];
	int64_t amax = sum0 < cap0 ? sum0 : cap0;
	size_t width = (size_t)amax + 1;
	if (n && width > DP_MAX_BITS / n)
		return US_ETOOBIG;
	size_t row = (width + 7) / 8;
	unsigned char *choice = calloc(n ? n * row : 1, 1);
	int64_t *b = malloc(width * sizeof(*b)), *pc = malloc(width * sizeof(*pc));
	int64_t *nb = malloc(width * sizeof(*nb)), *npc = malloc(width * sizeof(*npc));
	int rc = 0;
	if (!choice || !b || !pc || !nb || !npc) {
		rc = US_ENOMEM;
		goto done;
	}
	for (size_t x = 0; x < width; x++)
		b[x] = pc[x] = US__SHARE_INF;
	b[0] = pc[0] = 0;
	for (size_t g = 0; g < n; g++) {
		const us__share_item *it = &p->items[g];
		int to0 = it->allowed & 1, to1 = (it->allowed >> 1) & 1;
		for (size_t x = 0; x < width; x++) {
			int64_t vb = US__SHARE_INF, vp = US__SHARE_INF;
			int pick0 = 0;
			if (to1 && b[x] < US__SHARE_INF && b[x] + it->cost[1] <= cap1) {
				vb = b[x] + it->cost[1];
				vp = pc[x] + it->perc4[1];
			}
			if (to0 && (int64_t)x >= it->cost[0]) {
				size_t y = x - (size_t)it->cost[0];
				if (b[y] < US__SHARE_INF &&
				    (b[y] < vb || (b[y] == vb && pc[y] + it->perc4[0] < vp))) {
					vb = b[y];
					vp = pc[y] + it->perc4[0];
					pick0 = 1;
				}
			}
			nb[x] = vb;
			npc[x] = vp;
			if (pick0)
				choice[g * row + x / 8] |= (unsigned char)(1u << (x % 8));
		}
		int64_t *t = b;
		b = nb;
		nb = t;
		t = pc;
		pc = npc;
		npc = t;
	}
	int64_t paid0 = h->people[0].paid * p->weeks, paid1 = h->people[1].paid * p->weeks;
	int64_t bk[4] = { 0 };
	long best = -1;
	for (size_t x = 0; x < width; x++) {
		if (b[x] >= US__SHARE_INF)
			continue;
		int64_t l0 = paid0 + (int64_t)x, l1 = paid1 + b[x];
		int64_t k[4] = { l0 > l1 ? l0 : l1, l0 > l1 ? l1 : l0, pc[x], l0 };
		if (best < 0 || key_less(k, bk, 4)) {
			memcpy(bk, k, sizeof(bk));
			best = (long)x;
		}
	}
	if (best < 0) {
		rc = US_EINFEASIBLE;
		goto done;
	}
	size_t x = (size_t)best;
	for (size_t g = n; g-- > 0;) {
		if (choice[g * row + x / 8] & (1u << (x % 8))) {
			p->assign[g] = 0;
			x -= (size_t)p->items[g].cost[0];
		} else {
			p->assign[g] = 1;
		}
	}
	*best_max = bk[0];
done:
	free(choice);
	free(b);
	free(pc);
	free(nb);
	free(npc);
	return rc;
}

/* The LP relaxation's value, as the best Lagrangian dual found: any
 * weights give a valid bound, so stopping early only weakens it. The
 * weights follow a multiplicative update toward whoever carries most under
 * the current weights (no libm needed: the factor stays in [0.5, 1.5]). */
static int64_t lower_bound(const us_share_plan *p, double *best_lam)
{
	const us_share_household *h = p->h;
	size_t np = h->n_people;
	double fixed[US_SHARE_MAX_PEOPLE], lam[US_SHARE_MAX_PEOPLE];
	int64_t lb = 0;
	for (size_t i = 0; i < np; i++) {
		fixed[i] = (double)(h->people[i].paid * p->weeks);
		lam[i] = best_lam[i] = 1.0 / (double)np;
	}
	for (size_t g = 0; g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int only = -1, count = 0;
		int64_t cheapest = US__SHARE_INF;
		for (size_t i = 0; i < np; i++) {
			if (!((it->allowed >> i) & 1))
				continue;
			count++;
			only = (int)i;
			if (h->people[i].paid * p->weeks + it->cost[i] < cheapest)
				cheapest = h->people[i].paid * p->weeks + it->cost[i];
		}
		if (count == 1)
			fixed[only] += (double)it->cost[only];
		if (cheapest > lb)
			lb = cheapest; /* the item goes somewhere */
	}
	for (size_t i = 0; i < np; i++)
		if ((int64_t)fixed[i] > lb)
			lb = (int64_t)fixed[i];
	double best = 0;
	for (int iter = 0; iter < 4000; iter++) {
		double g = 0, load[US_SHARE_MAX_PEOPLE];
		for (size_t i = 0; i < np; i++) {
			load[i] = fixed[i];
			g += lam[i] * fixed[i];
		}
		for (size_t gi = 0; gi < p->n_items; gi++) {
			const us__share_item *it = &p->items[gi];
			int arg = -1, count = 0;
			double m = 0;
			for (size_t i = 0; i < np; i++) {
				if (!((it->allowed >> i) & 1))
					continue;
				count++;
				double v = lam[i] * (double)it->cost[i];
				if (arg < 0 || v < m) {
					m = v;
					arg = (int)i;
				}
			}
			if (count > 1) {
				g += m;
				load[arg] += (double)it->cost[arg];
			}
		}
		if (g > best) {
			best = g;
			memcpy(best_lam, lam, np * sizeof(*lam));
		}
		double mean = 0, spread = 0, z = 0;
		for (size_t i = 0; i < np; i++)
			mean += load[i] / (double)np;
		for (size_t i = 0; i < np; i++) {
			double d = load[i] > mean ? load[i] - mean : mean - load[i];
			spread = d > spread ? d : spread;
		}
		if (spread == 0)
			break; /* the weights balance every load: this is the LP optimum */
		double eta = 0.5 / (1.0 + iter / 50.0);
		for (size_t i = 0; i < np; i++) {
			lam[i] *= 1.0 + eta * (load[i] - mean) / spread;
			z += lam[i];
		}
		for (size_t i = 0; i < np; i++)
			lam[i] /= z;
	}
	/* loads are whole minutes, so the bound rounds up; the slack absorbs
	 * floating-point error in the sum */
	int64_t lp = (int64_t)(best - 1e-6 * (best > 1 ? best : 1));
	if ((double)lp < best - 1e-6 * (best > 1 ? best : 1))
		lp++;
	return lp > lb ? lp : lb;
}

/* ---------- infeasibility ---------- */

static int explain_infeasible(const us_share_plan *p, const state *s, us_error *err)
{
	const us_share_household *h = p->h;
	int64_t need = 0, have = 0;
	for (size_t g = 0; g < p->n_items; g++) {
		int64_t m = US__SHARE_INF;
		for (size_t i = 0; i < h->n_people; i++)
			if (p->items[g].cost[i] < m)
				m = p->items[g].cost[i];
		need += m;
	}
	for (size_t i = 0; i < h->n_people; i++)
		have += h->people[i].available * p->weeks;
	if (need > have)
		return us__error_set(err, US_EINFEASIBLE,
				     "the tasks need %lld more minutes a week than the household has, even "
				     "with each done by whoever is quickest: raise availability or drop a task",
				     (long long)((need - have + p->weeks - 1) / p->weeks));
	for (size_t i = 0; i < h->n_people; i++) {
		int64_t fixed = 0;
		for (size_t g = 0; g < p->n_items; g++)
			if (p->items[g].allowed == (1u << i))
				fixed += p->items[g].cost[i];
		if (fixed > h->people[i].available * p->weeks)
			return us__error_set(err, US_EINFEASIBLE,
					     "the tasks only %s may do take %lld minutes a week, %lld more than "
					     "the %ld available: raise the availability or let others do one",
					     h->people[i].name, (long long)(fixed / p->weeks),
					     (long long)((fixed - h->people[i].available * p->weeks + p->weeks - 1) / p->weeks),
					     h->people[i].available);
	}
	static const char *const dn[7] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
		"Saturday", "Sunday" };
	for (size_t i = 0; s && i < h->n_people; i++) {
		int64_t cap = h->people[i].daily_cap;
		for (int d = 0; cap && d < s->ndays; d++) {
			int64_t v = s->day[i * (size_t)s->ndays + d];
			if (v > cap)
				return us__error_set(err, US_EINFEASIBLE,
						     "found no plan that keeps %s within the daily cap of %lld "
						     "minutes: %s of week %d needs %lld; raise the cap, or let "
						     "others do more of that day's tasks",
						     h->people[i].name, (long long)cap, dn[d % 7], d / 7 + 1,
						     (long long)v);
		}
		int64_t avail = h->people[i].available * p->weeks;
		if (s->hh[i] > avail)
			return us__error_set(err, US_EINFEASIBLE,
					     "found no plan within %s's %ld available minutes a week (needs %lld "
					     "more): raise availability or drop a task",
					     h->people[i].name, h->people[i].available,
					     (long long)((s->hh[i] - avail + p->weeks - 1) / p->weeks));
	}
	return us__error_set(err, US_EINFEASIBLE, "no plan meets availability and daily caps");
}

/* ---------- the whole solve ---------- */

int us__share_solve(us_share_plan *p, us_error *err)
{
	const us_share_household *h = p->h;
	state s;
	int rc;
	int64_t dp_max = -1;
	p->proven = 0;
	if (h->n_people == 2) {
		rc = dp_two(p, &dp_max);
		if (rc == US_EINFEASIBLE)
			return explain_infeasible(p, NULL, err);
		if (rc == US_ENOMEM)
			return us__error_set(err, rc, "out of memory");
		if (rc == US_ETOOBIG && (rc = greedy(p)))
			return us__error_set(err, rc, "out of memory");
	} else if ((rc = greedy(p))) {
		return us__error_set(err, rc, "out of memory");
	}
	double lam[US_SHARE_MAX_PEOPLE];
	p->lower_bound = dp_max >= 0 ? dp_max : lower_bound(p, lam);
	if (state_init(&s, p, p->assign))
		return us__error_set(err, US_ENOMEM, "out of memory");
	s.stage = STAGE_FAIR;
	if (dp_max < 0 || violation(&s) > 0)
		local_search(&s);
	if (dp_max < 0) {
		/* a second start from the LP weights; keep the better */
		state alt;
		int64_t k1[KEY_MAX], k2[KEY_MAX];
		weighted_start(p, lam, p->assign);
		if (state_init(&alt, p, p->assign)) {
			state_free(&s);
			return us__error_set(err, US_ENOMEM, "out of memory");
		}
		alt.stage = STAGE_FAIR;
		local_search(&alt);
		size_t n = key(&s, k1);
		key(&alt, k2);
		if (key_less(k2, k1, n)) {
			state t = s;
			s = alt;
			alt = t;
		}
		state_free(&alt);
		rc = iterated_search(&s, p->lower_bound, ILS_ROUNDS);
		if (rc) {
			state_free(&s);
			return us__error_set(err, rc, "out of memory");
		}
	}
	if (violation(&s) > 0) {
		rc = explain_infeasible(p, &s, err);
		state_free(&s);
		return rc;
	}
	int64_t top = 0;
	for (size_t i = 0; i < s.np; i++)
		top = s.load[i] > top ? s.load[i] : top;
	p->proven = top <= p->lower_bound;

	/* interest inside the tolerance envelope */
	sorted_loads(&s, s.env);
	for (size_t i = 0; i < s.np; i++)
		s.env[i] += p->tolerance;
	s.stage = STAGE_INTEREST;
	local_search(&s);

	int has_prev = 0;
	for (size_t g = 0; g < p->n_items; g++)
		has_prev |= p->items[g].prev >= 0;
	if (has_prev) {
		s.perc_cap = s.perc + p->tolerance * 4;
		s.stage = STAGE_REPLAN;
		/* start from the previous plan where it still fits, if that is better */
		state alt;
		int *start = malloc((p->n_items ? p->n_items : 1) * sizeof(*start));
		if (!start) {
			state_free(&s);
			return us__error_set(err, US_ENOMEM, "out of memory");
		}
		for (size_t g = 0; g < p->n_items; g++)
			start[g] = p->items[g].prev >= 0 ? p->items[g].prev : s.a[g];
		if (state_init(&alt, p, start) == 0) {
			int64_t k1[KEY_MAX], k2[KEY_MAX];
			alt.stage = STAGE_REPLAN;
			memcpy(alt.env, s.env, sizeof(s.env));
			alt.perc_cap = s.perc_cap;
			size_t n = key(&s, k1);
			key(&alt, k2);
			local_search(&alt);
			key(&alt, k2);
			local_search(&s);
			key(&s, k1);
			if (key_less(k2, k1, n)) {
				state t = s;
				s = alt;
				alt = t;
			}
			state_free(&alt);
		}
		free(start);
	}
	memcpy(p->assign, s.a, p->n_items * sizeof(*p->assign));
	state_free(&s);

	/* make the local-optimum check hold by construction */
	for (int guard = 0; guard < 100000; guard++) {
		int g, to, g2;
		if (!us__share_improving_step(p, &g, &to, &g2))
			break;
		if (g2 >= 0)
			p->assign[g2] = p->assign[g];
		p->assign[g] = to;
	}
	us__share_totals(p);
	top = 0;
	for (size_t i = 0; i < h->n_people; i++)
		top = p->load[i] > top ? p->load[i] : top;
	p->proven = top <= p->lower_bound;
	return 0;
}

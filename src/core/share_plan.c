/*
 * share_plan.c: the plan object, its accessors and its two renderings
 * (JSON and text). Both renderings live in the library, not the CLI, so
 * that the command and the web API print the same plan the same way.
 * Minutes are kept over the whole period as integers; they are divided by
 * the number of weeks only here, for people to read.
 */
#include "core/buf.h"
#include "core/internal.h"
#include "core/share_impl.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const day_keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char *const day_short[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const day_long[7] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday", "Sunday" };

static const char *const check_names[US_SHARE_CHECK_COUNT] = { "feasible", "eq1", "ef1",
	"local_optimum", "gendered_split" };

const char *us_share_check_name(us_share_check_kind kind)
{
	return (unsigned)kind < US_SHARE_CHECK_COUNT ? check_names[kind] : NULL;
}

/* Sort keys carried by value, so the comparison needs no global. */
typedef struct occ_key {
	int week, day, task, index;
	size_t at;
} occ_key;

static int cmp_occ(const void *x, const void *y)
{
	const occ_key *a = x, *b = y;
	if (a->week != b->week)
		return a->week - b->week;
	if (a->day != b->day)
		return a->day - b->day;
	if (a->task != b->task)
		return a->task - b->task;
	return a->index - b->index;
}

static int order_occurrences(us_share_plan *p)
{
	occ_key *k = malloc((p->n_occ ? p->n_occ : 1) * sizeof(*k));
	if (!k)
		return US_ENOMEM;
	for (size_t i = 0; i < p->n_occ; i++) {
		const us__share_occ *o = &p->occ[i];
		k[i] = (occ_key){ o->week, o->day, o->task, o->index, i };
	}
	qsort(k, p->n_occ, sizeof(*k), cmp_occ);
	for (size_t i = 0; i < p->n_occ; i++)
		p->order[i] = k[i].at;
	free(k);
	return 0;
}

static int default_weeks(const us_share_household *h)
{
	for (size_t i = 0; i < h->n_tasks; i++)
		if (h->tasks[i].every == US__EVERY_MONTH)
			return 4;
	return 2;
}

int us_share_plan_new(us_share_plan **out, const us_share_household *h,
		      const us_share_options *opts, us_error *err)
{
	us_share_options def = US_SHARE_OPTIONS_INIT;
	int rc;
	*out = NULL;
	if (!opts)
		opts = &def;
	if (opts->version != US_SHARE_OPTIONS_VERSION)
		return us__error_set(err, US_EINVAL, "us_share_options: unknown version %u", opts->version);
	us_share_plan *p = calloc(1, sizeof(*p));
	if (!p)
		return us__error_set(err, US_ENOMEM, "out of memory");
	p->h = h;
	p->start = -1;
	if (opts->start) {
		if (us__share_parse_date(opts->start, &p->start)) {
			rc = us__error_set(err, US_EINVAL, "the start date must look like 2025-03-10, not '%s'",
					   opts->start);
			goto fail;
		}
		int wd = us__share_weekday(p->start);
		if (wd != 0) {
			char before[11], after[11];
			us__share_format_date(p->start - wd, before);
			us__share_format_date(p->start + 7 - wd, after);
			rc = us__error_set(err, US_EINVAL, "the start date %s is a %s; the plan's weeks start "
							   "on Monday: use %s or %s",
					   opts->start, day_long[wd], before, after);
			goto fail;
		}
	}
	p->weeks = opts->period_weeks ? opts->period_weeks : h->period_weeks ? h->period_weeks : default_weeks(h);
	if (p->weeks != 1 && p->weeks != 2 && p->weeks != 4) {
		rc = us__error_set(err, US_EINVAL, "the period is 1, 2 or 4 weeks, not %d", p->weeks);
		goto fail;
	}
	p->tolerance = (opts->tolerance_minutes >= 0 ? opts->tolerance_minutes : h->tolerance) * p->weeks;
	if ((rc = us__share_expand(p, err)))
		goto fail;
	if (opts->ignore_previous) {
		for (size_t o = 0; o < p->n_occ; o++)
			p->occ[o].prev = -1;
		for (size_t g = 0; g < p->n_items; g++)
			p->items[g].prev = -1;
	}
	if ((rc = us__share_solve(p, err)))
		goto fail;
	if ((rc = us__share_verify(p, err)))
		goto fail;
	p->order = malloc((p->n_occ ? p->n_occ : 1) * sizeof(*p->order));
	if (!p->order || order_occurrences(p)) {
		rc = us__error_set(err, US_ENOMEM, "out of memory");
		goto fail;
	}
	*out = p;
	return 0;
fail:
	us_share_plan_free(p);
	return rc;
}

void us_share_plan_free(us_share_plan *p)
{
	if (!p)
		return;
	for (int k = 0; k < US_SHARE_CHECK_COUNT; k++)
		free(p->check_text[k]);
	for (int i = 0; i < US_SHARE_MAX_PEOPLE; i++)
		free(p->notes[i]);
	free(p->items);
	free(p->occ);
	free(p->assign);
	free(p->order);
	free(p);
}

int us_share_plan_period_weeks(const us_share_plan *p)
{
	return p->weeks;
}

/* index is in file order; people are stored sorted by name */
static int person_at(const us_share_plan *p, size_t index)
{
	for (size_t i = 0; i < p->h->n_people; i++)
		if ((size_t)p->h->people[i].file_index == index)
			return (int)i;
	return -1;
}

int us_share_plan_person(const us_share_plan *p, size_t index, us_share_person_summary *out)
{
	int i = person_at(p, index);
	if (i < 0)
		return US_EINVAL;
	const us__share_person *pp = &p->h->people[i];
	double w = p->weeks;
	out->name = pp->name;
	out->pronouns = pp->pronouns;
	out->minutes_per_week = (double)p->doing[i] / w;
	out->planning_minutes_per_week = (double)p->planning[i] / w;
	out->paid_minutes_per_week = (double)pp->paid;
	out->load_minutes_per_week = (double)p->load[i] / w;
	out->available_minutes_per_week = (double)pp->available;
	out->max_week_load_minutes = 0;
	for (int k = 0; k < p->weeks; k++) {
		int64_t l = us__share_week_load(p, i, k);
		if (l > out->max_week_load_minutes)
			out->max_week_load_minutes = (long)l;
	}
	out->note = p->notes[i];
	return 0;
}

size_t us_share_plan_assignment_count(const us_share_plan *p)
{
	return p->n_occ;
}

int us_share_plan_assignment(const us_share_plan *p, size_t index, us_share_assignment *out)
{
	if (index >= p->n_occ)
		return US_EINVAL;
	const us__share_occ *o = &p->occ[p->order[index]];
	int who = p->assign[o->item];
	out->task = p->h->tasks[o->task].name;
	out->occurrence = o->index;
	out->week = o->week + 1;
	out->day = o->day;
	out->person = p->h->people[who].name;
	out->minutes = p->h->tasks[o->task].minutes[who];
	out->changed = o->prev >= 0 && o->prev != who;
	out->covered_for = o->cover >= 0 ? p->h->people[o->cover].name : NULL;
	out->date[0] = '\0';
	if (p->start >= 0)
		us__share_format_date(p->start + o->week * 7 + o->day, out->date);
	return 0;
}

size_t us_share_plan_absence_count(const us_share_plan *p)
{
	return p->h->n_absences;
}

int us_share_plan_absence(const us_share_plan *p, size_t index, us_share_absence *out)
{
	if (index >= p->h->n_absences)
		return US_EINVAL;
	const us__share_absence *a = &p->h->absences[index];
	out->person = p->h->people[a->person].name;
	out->reason = a->reason;
	us__share_format_date(a->from, out->from);
	us__share_format_date(a->to, out->to);
	out->days_in_period = 0;
	for (long d = a->from; p->start >= 0 && d <= a->to; d++)
		out->days_in_period += d >= p->start && d < p->start + p->weeks * 7;
	return 0;
}

int us_share_plan_check(const us_share_plan *p, us_share_check_kind kind, us_share_check *out)
{
	if ((unsigned)kind >= US_SHARE_CHECK_COUNT)
		return US_EINVAL;
	*out = p->checks[kind];
	return 0;
}

void us_share_plan_bound(const us_share_plan *p, us_share_bound *out)
{
	int64_t top = 0;
	for (size_t i = 0; i < p->h->n_people; i++)
		top = p->load[i] > top ? p->load[i] : top;
	out->lower_bound = (double)p->lower_bound / p->weeks;
	out->largest_load = (double)top / p->weeks;
	out->gap_percent = p->lower_bound > 0 ? 100.0 * (double)(top - p->lower_bound) / (double)p->lower_bound : 0;
	out->proven_optimal = p->proven;
	out->changes = p->changes;
}

/* ---------- JSON ---------- */

static int jset(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

int us_share_plan_json(const us_share_plan *p, char **out, us_error *err)
{
	const us_share_household *h = p->h;
	json_t *root = json_object(), *people = json_array(), *asg = json_array(), *plan = json_array();
	json_t *checks = json_object(), *away = json_array();
	int bad = !root || !people || !asg || !plan || !checks || !away;
	us_share_bound bd;
	*out = NULL;
	for (size_t k = 0; !bad && k < h->n_people; k++) {
		us_share_person_summary s;
		json_t *o = json_object();
		us_share_plan_person(p, k, &s);
		bad |= !o || jset(o, "name", json_string(s.name)) ||
		       (s.pronouns && jset(o, "pronouns", json_string(s.pronouns))) ||
		       jset(o, "minutes_per_week", json_real(s.minutes_per_week)) ||
		       jset(o, "planning_minutes_per_week", json_real(s.planning_minutes_per_week)) ||
		       jset(o, "paid_minutes_per_week", json_real(s.paid_minutes_per_week)) ||
		       jset(o, "load_minutes_per_week", json_real(s.load_minutes_per_week)) ||
		       jset(o, "max_week_load_minutes", json_integer(s.max_week_load_minutes)) ||
		       jset(o, "available_minutes_per_week", json_real(s.available_minutes_per_week)) ||
		       jset(o, "note", json_string(s.note ? s.note : "")) || json_array_append_new(people, o);
	}
	for (size_t k = 0; !bad && k < p->n_occ; k++) {
		us_share_assignment a;
		json_t *o = json_object();
		us_share_plan_assignment(p, k, &a);
		bad |= !o || jset(o, "task", json_string(a.task)) || jset(o, "occurrence", json_integer(a.occurrence)) ||
		       jset(o, "week", json_integer(a.week)) || jset(o, "day", json_string(day_keys[a.day])) ||
		       jset(o, "person", json_string(a.person)) || jset(o, "minutes", json_integer(a.minutes)) ||
		       jset(o, "changed", json_boolean(a.changed)) ||
		       (a.date[0] && jset(o, "date", json_string(a.date))) ||
		       (a.covered_for && jset(o, "covered_for", json_string(a.covered_for))) ||
		       json_array_append_new(asg, o);
	}
	for (size_t g = 0; !bad && g < p->n_items; g++) {
		const us__share_item *it = &p->items[g];
		int who = p->assign[g];
		int64_t m = it->cost[who] - it->doing[who];
		if (m <= 0)
			continue;
		json_t *o = json_object();
		bad |= !o || jset(o, "task", json_string(h->tasks[it->task].name)) ||
		       jset(o, "person", json_string(h->people[who].name)) ||
		       jset(o, "minutes_per_week", json_real((double)m / p->weeks)) || json_array_append_new(plan, o);
	}
	for (int k = 0; !bad && k < US_SHARE_CHECK_COUNT; k++) {
		const us_share_check *c = &p->checks[k];
		if (!c->applies)
			continue;
		json_t *o = json_object();
		bad |= !o || jset(o, "holds", json_boolean(c->holds)) ||
		       jset(o, "detail", json_string(c->detail ? c->detail : "")) || jset(checks, check_names[k], o);
	}
	for (size_t k = 0; !bad && k < h->n_absences; k++) {
		us_share_absence a;
		json_t *o = json_object();
		us_share_plan_absence(p, k, &a);
		bad |= !o || jset(o, "person", json_string(a.person)) || jset(o, "from", json_string(a.from)) ||
		       jset(o, "to", json_string(a.to)) || (a.reason && jset(o, "reason", json_string(a.reason))) ||
		       jset(o, "days_in_period", json_integer(a.days_in_period)) || json_array_append_new(away, o);
	}
	us_share_plan_bound(p, &bd);
	if (!bad && p->start >= 0) {
		char date[11];
		us__share_format_date(p->start, date);
		bad |= jset(root, "start", json_string(date));
	}
	bad |= bad || (h->event && jset(root, "event", json_string(h->event))) ||
	       jset(root, "period_weeks", json_integer(p->weeks)) ||
	       jset(root, "tolerance_minutes", json_real((double)p->tolerance / p->weeks)) ||
	       json_object_set(root, "people", people) || json_object_set(root, "assignments", asg) ||
	       json_object_set(root, "planning", plan) || json_object_set(root, "absences", away) ||
	       json_object_set(root, "checks", checks) ||
	       jset(root, "lower_bound", json_real(bd.lower_bound)) ||
	       jset(root, "largest_load", json_real(bd.largest_load)) ||
	       jset(root, "gap_percent", json_real(bd.gap_percent)) ||
	       jset(root, "proven_optimal", json_boolean(bd.proven_optimal)) ||
	       jset(root, "changes", json_integer(bd.changes));
	if (!bad)
		*out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(people);
	json_decref(asg);
	json_decref(plan);
	json_decref(checks);
	json_decref(away);
	json_decref(root);
	return *out ? 0 : us__error_set(err, US_ENOMEM, "out of memory");
}

/* ---------- text ---------- */

static void text_person(const us_share_plan *p, size_t k, us__buf *b)
{
	const us_share_household *h = p->h;
	us_share_person_summary s;
	us_share_plan_person(p, k, &s);
	int i = person_at(p, k);
	us__buf_printf(b, "%s%s%s%s\n", s.name, s.pronouns ? " (" : "", s.pronouns ? s.pronouns : "",
		       s.pronouns ? ")" : "");
	us__buf_printf(b, "  load %.0f min a week: doing %.0f + planning %.0f + paid %.0f (%.1f h)",
		       s.load_minutes_per_week, s.minutes_per_week, s.planning_minutes_per_week,
		       s.paid_minutes_per_week, s.paid_minutes_per_week / 60.0);
	if (p->weeks > 1)
		us__buf_printf(b, "; busiest week %ld", s.max_week_load_minutes);
	us__buf_printf(b, "; available %.0f\n", s.available_minutes_per_week);
	for (size_t x = 0; x < h->n_absences; x++) {
		us_share_absence a;
		us_share_plan_absence(p, x, &a);
		if (h->absences[x].person != i)
			continue;
		us__buf_printf(b, "  away %s %s", day_short[us__share_weekday(h->absences[x].from)], a.from);
		if (strcmp(a.from, a.to))
			us__buf_printf(b, " to %s %s", day_short[us__share_weekday(h->absences[x].to)], a.to);
		if (a.reason)
			us__buf_printf(b, " (%s)", a.reason);
		if (a.days_in_period)
			us__buf_printf(b, ": no tasks on %d day%s of this period; others cover them, and the "
					  "load evens out over the other weeks\n",
				       a.days_in_period, a.days_in_period > 1 ? "s" : "");
		else
			us__buf_printf(b, ": outside this period\n");
	}
	for (size_t ti = 0; ti < h->n_tasks; ti++) {
		const us__share_task *t = &h->tasks[ti];
		int total = 0, mine = 0;
		for (size_t o = 0; o < p->n_occ; o++)
			if (p->occ[o].task == (int)ti) {
				total++;
				mine += p->assign[p->occ[o].item] == i;
			}
		int plans = 0;
		for (size_t g = 0; g < p->n_items; g++)
			plans |= p->items[g].task == (int)ti && p->assign[g] == i && t->planning > 0 &&
				 p->items[g].kind != US__ITEM_OCCURRENCE;
		if (!mine && !plans)
			continue;
		us__buf_printf(b, "  - %s: ", t->name);
		if (mine == total) {
			us__buf_printf(b, "all %d", total);
		} else {
			us__buf_printf(b, "%d of %d (", mine, total);
			int first = 1, last_week = -1;
			for (size_t k2 = 0; k2 < p->n_occ; k2++) {
				const us__share_occ *o = &p->occ[p->order[k2]];
				if (o->task != (int)ti || p->assign[o->item] != i)
					continue;
				if (p->weeks > 1 && o->week != last_week)
					us__buf_printf(b, "%sweek %d: ", first ? "" : "; ", o->week + 1);
				else if (!first)
					us__buf_printf(b, " ");
				us__buf_printf(b, "%s", day_short[o->day]);
				last_week = o->week;
				first = 0;
			}
			us__buf_printf(b, ")");
		}
		if (mine)
			us__buf_printf(b, ", %.0f min a week", (double)mine * (double)t->minutes[i] / p->weeks);
		if (plans)
			us__buf_printf(b, "%splans it (%ld min a week)", mine ? "; " : "", t->planning);
		us__buf_printf(b, "\n");
	}
	us__buf_printf(b, "  note: %s\n\n", s.note ? s.note : "");
}

int us_share_plan_text(const us_share_plan *p, char **out, us_error *err)
{
	static const char *const labels[US_SHARE_CHECK_COUNT] = { "feasible", "EQ1", "EF1",
		"local optimum", "gendered split" };
	us__buf b = US__BUF_INIT(0);
	us_share_bound bd;
	*out = NULL;
	us__buf_printf(&b, "Plan over %d week%s", p->weeks, p->weeks > 1 ? "s" : "");
	if (p->start >= 0) {
		char from[11], to[11];
		us__share_format_date(p->start, from);
		us__share_format_date(p->start + p->weeks * 7 - 1, to);
		us__buf_printf(&b, ", Mon %s to Sun %s", from, to);
	}
	us__buf_printf(&b, " (minutes per week, averaged; loads within %.0f min count as equal)\n\n",
		       (double)p->tolerance / p->weeks);
	for (size_t k = 0; k < p->h->n_people; k++)
		text_person(p, k, &b);
	us__buf_printf(&b, "Checks\n");
	for (int k = 0; k < US_SHARE_CHECK_COUNT; k++) {
		const us_share_check *c = &p->checks[k];
		if (!c->applies)
			continue;
		/* a gendered split is what that check looks for: "none" reads as good */
		const char *verdict = k == US_SHARE_CHECK_GENDERED_SPLIT ? (c->holds ? "none" : "found")
									  : (c->holds ? "yes" : "no");
		us__buf_printf(&b, "  %-15s %-5s %s\n", labels[k], verdict, c->detail);
	}
	us_share_plan_bound(p, &bd);
	us__buf_printf(&b, "\nLargest load %.1f min a week; proven lower bound %.1f; gap %.2f%%%s\n",
		       bd.largest_load, bd.lower_bound, bd.gap_percent, bd.proven_optimal ? " (optimal)" : "");
	if (bd.changes)
		us__buf_printf(&b, "Changes from the previous plan: %ld\n", bd.changes);
	if (!b.data)
		return us__error_set(err, US_ENOMEM, "out of memory");
	*out = b.data;
	return 0;
}

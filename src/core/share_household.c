/*
 * share_household.c: loads a household file (docs/household.md) with
 * libyaml's document API, so that every value keeps the line it came from
 * and every error names "file:line". Everything is validated here, once:
 * the solver may assume names are unique, minutes are in range, fixed and
 * forbidden people exist, and every task can be done by someone.
 *
 * After loading, people and tasks are sorted by name. The solver breaks
 * ties by index, so sorting is what makes the plan independent of the
 * order of the file.
 */
#include "core/buf.h"
#include "core/internal.h"
#include "core/share_impl.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>
#include <yaml.h>

#define SHARE_FILE_MAX ((size_t)1 << 20)
#define SHARE_TASKS_MAX 1000

static const char *const weekday_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

typedef struct loader {
	const char *name;
	yaml_document_t *doc;
	us_share_household *h;
	us_error *err;
} loader;

char *us__share_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static int line_of(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 0;
}

static int fail(loader *l, const yaml_node_t *at, int code, const char *fmt, const char *a,
		const char *b)
{
	char what[400];
	snprintf(what, sizeof(what), fmt, a ? a : "", b ? b : "");
	return us__error_set(l->err, code, "%s:%d: %s", l->name, line_of(at), what);
}

static yaml_node_t *node(loader *l, int id)
{
	return yaml_document_get_node(l->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value : NULL;
}

/* The value of `key` in mapping m, or NULL. */
static yaml_node_t *get(loader *l, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(l, p->key));
		if (k && strcmp(k, key) == 0)
			return node(l, p->value);
	}
	return NULL;
}

/* Every key of m must be one of `known` (NULL-terminated): a typo such as
 * `avialable_minutes_per_week` must not silently mean "0 minutes". */
static int only_keys(loader *l, yaml_node_t *m, const char *const *known, const char *where)
{
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node(l, p->key);
		const char *k = scalar(kn);
		int ok = 0;
		for (size_t i = 0; k && known[i]; i++)
			ok |= strcmp(k, known[i]) == 0;
		if (!ok)
			return fail(l, kn, US_EPARSE, "unknown key '%s' in %s", k ? k : "?", where);
	}
	return 0;
}

static int get_long(loader *l, yaml_node_t *n, long lo, long hi, const char *what, long *out)
{
	const char *s = scalar(n);
	char *end = NULL;
	if (!s)
		return fail(l, n, US_EPARSE, "%s must be a whole number", what, NULL);
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end) {
		char msg[128];
		snprintf(msg, sizeof(msg), "%s must be a whole number, not '%%s'", what);
		return fail(l, n, US_EPARSE, msg, s, NULL);
	}
	if (v < lo || v > hi) {
		char msg[160];
		snprintf(msg, sizeof(msg), "%s must be from %ld to %ld, not %%s%s", what, lo, hi,
			 v < 0 ? " (negative minutes or hours mean nothing here)" : "");
		return fail(l, n, US_EINVAL, msg, s, NULL);
	}
	*out = v;
	return 0;
}

static int get_string(loader *l, yaml_node_t *n, const char *what, char **out)
{
	const char *s = scalar(n);
	if (!s || !*s)
		return fail(l, n, US_EPARSE, "%s must be a non-empty string", what, NULL);
	free(*out);
	*out = us__share_strdup(s);
	return *out ? 0 : us__error_set(l->err, US_ENOMEM, "out of memory");
}

int us__share_person_find(const us_share_household *h, const char *name)
{
	for (size_t i = 0; i < h->n_people; i++)
		if (strcmp(h->people[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int find_task(const us_share_household *h, const char *name)
{
	for (size_t i = 0; i < h->n_tasks; i++)
		if (strcmp(h->tasks[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int person_ref(loader *l, yaml_node_t *n, const char *where, int *out)
{
	const char *s = scalar(n);
	if (!s)
		return fail(l, n, US_EPARSE, "%s must name a person", where, NULL);
	*out = us__share_person_find(l->h, s);
	if (*out < 0)
		return fail(l, n, US_EINVAL, "unknown person '%s' in %s", s, where);
	return 0;
}

static int cmp_person(const void *a, const void *b)
{
	return strcmp(((const us__share_person *)a)->name, ((const us__share_person *)b)->name);
}

static int cmp_task(const void *a, const void *b)
{
	return strcmp(((const us__share_task *)a)->name, ((const us__share_task *)b)->name);
}

static int load_people(loader *l, yaml_node_t *seq)
{
	static const char *const keys[] = { "name", "pronouns", "gender",
		"available_minutes_per_week", "paid_hours_per_week", "daily_cap_minutes", NULL };
	us_share_household *h = l->h;
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return fail(l, seq, US_EPARSE, "'people' must be a list of 2 to 6 people", NULL, NULL);
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	if (n < 2 || n > US_SHARE_MAX_PEOPLE)
		return fail(l, seq, US_EINVAL, "a household has 2 to 6 people, this one %s", n < 2 ? "fewer" : "more", NULL);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = node(l, seq->data.sequence.items.start[i]);
		us__share_person *p = &h->people[i];
		int rc;
		h->n_people = i + 1;
		p->file_index = (int)i;
		p->line = line_of(m);
		if (!m || m->type != YAML_MAPPING_NODE)
			return fail(l, m, US_EPARSE, "each person must be a mapping with a name", NULL, NULL);
		if ((rc = only_keys(l, m, keys, "a person")))
			return rc;
		if ((rc = get_string(l, get(l, m, "name"), "a person's name", &p->name)))
			return rc == US_EPARSE ? fail(l, m, US_EPARSE, "a person needs a name", NULL, NULL) : rc;
		if (us__share_person_find(h, p->name) != (int)i)
			return fail(l, m, US_EINVAL, "two people are named '%s'", p->name, NULL);
		yaml_node_t *v;
		if ((v = get(l, m, "pronouns")) && (rc = get_string(l, v, "pronouns", &p->pronouns)))
			return rc;
		if ((v = get(l, m, "gender")) && (rc = get_string(l, v, "gender", &p->gender)))
			return rc;
		v = get(l, m, "available_minutes_per_week");
		if (!v)
			return fail(l, m, US_EPARSE, "%s needs available_minutes_per_week", p->name, NULL);
		if ((rc = get_long(l, v, 0, 10080, "available_minutes_per_week", &p->available)))
			return rc;
		long hours = 0;
		if ((v = get(l, m, "paid_hours_per_week")) &&
		    (rc = get_long(l, v, 0, 100, "paid_hours_per_week", &hours)))
			return rc;
		p->paid = hours * 60;
		if ((v = get(l, m, "daily_cap_minutes")) &&
		    (rc = get_long(l, v, 1, 1440, "daily_cap_minutes", &p->daily_cap)))
			return rc;
	}
	qsort(h->people, h->n_people, sizeof(h->people[0]), cmp_person);
	return 0;
}

static int parse_every(loader *l, yaml_node_t *n, us__share_task *t)
{
	const char *s = scalar(n);
	if (s && strcmp(s, "day") == 0)
		t->every = US__EVERY_DAY;
	else if (s && strcmp(s, "week") == 0)
		t->every = US__EVERY_WEEK;
	else if (s && strcmp(s, "month") == 0)
		t->every = US__EVERY_MONTH;
	else
		return fail(l, n, US_EPARSE, "'every' must be day, week or month, not '%s'", s ? s : "?", NULL);
	return 0;
}

static int parse_on(loader *l, yaml_node_t *n, us__share_task *t)
{
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return fail(l, n, US_EPARSE, "'on' must be a list of weekdays such as [mon, thu]", NULL, NULL);
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *d = node(l, *it);
		const char *s = scalar(d);
		int found = -1;
		for (int k = 0; s && k < 7; k++)
			if (strncmp(s, weekday_names[k], 3) == 0 && (s[3] == '\0' || isalpha((unsigned char)s[3])))
				found = k;
		if (found < 0)
			return fail(l, d, US_EPARSE, "unknown weekday '%s' (use mon, tue, ... sun)", s ? s : "?", NULL);
		t->days |= 1u << found;
	}
	if (!t->days)
		return fail(l, n, US_EPARSE, "'on' lists no weekday", NULL, NULL);
	t->every = US__EVERY_WEEK;
	t->times = 0;
	for (int k = 0; k < 7; k++)
		t->times += (t->days >> k) & 1;
	return 0;
}

/* minutes: 30 (everyone) or {Ana: 30, Ben: cannot}. */
static int parse_minutes(loader *l, yaml_node_t *n, us__share_task *t)
{
	us_share_household *h = l->h;
	if (n && n->type == YAML_SCALAR_NODE) {
		long v;
		int rc = get_long(l, n, 0, 1440, "minutes", &v);
		for (size_t i = 0; !rc && i < h->n_people; i++)
			t->minutes[i] = v;
		return rc;
	}
	if (!n || n->type != YAML_MAPPING_NODE)
		return fail(l, n, US_EPARSE, "'minutes' must be a number or a mapping of people to minutes", NULL, NULL);
	for (size_t i = 0; i < h->n_people; i++)
		t->minutes[i] = -2; /* not given yet */
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		int who = 0, rc;
		if ((rc = person_ref(l, node(l, p->key), "minutes", &who)))
			return rc;
		yaml_node_t *v = node(l, p->value);
		const char *s = scalar(v);
		if (s && strcmp(s, "cannot") == 0)
			t->minutes[who] = US__SHARE_CANNOT;
		else if ((rc = get_long(l, v, 0, 1440, "minutes", &t->minutes[who])))
			return rc;
	}
	for (size_t i = 0; i < h->n_people; i++)
		if (t->minutes[i] == -2 && (((t->forbidden >> i) & 1) || (t->fixed >= 0 && t->fixed != (int)i)))
			t->minutes[i] = US__SHARE_CANNOT; /* who may not do it needs no minutes */
		else if (t->minutes[i] == -2)
			return fail(l, n, US_EINVAL, "task '%s' gives no minutes for %s (a number, or 'cannot')",
				    t->name, h->people[i].name);
	return 0;
}

static int parse_like(loader *l, yaml_node_t *n, us__share_task *t)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return fail(l, n, US_EPARSE, "'like' must map people to -2..+2", NULL, NULL);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		int who = 0, rc;
		long v;
		if ((rc = person_ref(l, node(l, p->key), "like", &who)))
			return rc;
		if ((rc = get_long(l, node(l, p->value), -2, 2, "like", &v)))
			return rc;
		t->like[who] = (int)v;
	}
	return 0;
}

static int parse_script(loader *l, yaml_node_t *n, us__share_task *t)
{
	const char *s = scalar(n);
	if (s && strcmp(s, "women") == 0)
		t->script = 'w';
	else if (s && strcmp(s, "men") == 0)
		t->script = 'm';
	else if (s && strcmp(s, "none") == 0)
		t->script = 0;
	else
		return fail(l, n, US_EPARSE, "'traditionally' must be women, men or none, not '%s'", s ? s : "?", NULL);
	return 0;
}

static int load_task(loader *l, yaml_node_t *m, us__share_task *t)
{
	static const char *const keys[] = { "name", "every", "times", "on", "minutes", "like",
		"planning_minutes_per_week", "owned", "fixed", "forbidden", "traditionally", "at", NULL };
	us_share_household *h = l->h;
	yaml_node_t *v;
	int rc;
	long x;
	t->line = line_of(m);
	t->fixed = -1;
	t->script = -1;
	t->at = -1;
	t->split = 1;
	t->times = 1;
	if (!m || m->type != YAML_MAPPING_NODE)
		return fail(l, m, US_EPARSE, "each task must be a mapping with a name", NULL, NULL);
	if ((rc = only_keys(l, m, keys, "a task")))
		return rc;
	if (!get(l, m, "name"))
		return fail(l, m, US_EPARSE, "a task needs a name", NULL, NULL);
	if ((rc = get_string(l, get(l, m, "name"), "a task's name", &t->name)))
		return rc;
	if ((v = get(l, m, "on"))) {
		if (get(l, m, "every") || get(l, m, "times"))
			return fail(l, v, US_EPARSE, "task '%s': give either 'on' or 'every'/'times', not both", t->name, NULL);
		if ((rc = parse_on(l, v, t)))
			return rc;
	} else {
		if (!(v = get(l, m, "every")))
			return fail(l, m, US_EPARSE, "task '%s' needs 'every' (day, week, month) or 'on' (weekdays)", t->name, NULL);
		if ((rc = parse_every(l, v, t)))
			return rc;
		if ((v = get(l, m, "times"))) {
			long hi = t->every == US__EVERY_DAY ? 6 : t->every == US__EVERY_WEEK ? 21 : 8;
			if ((rc = get_long(l, v, 1, hi, "times", &x)))
				return rc;
			t->times = (int)x;
		}
	}
	if ((v = get(l, m, "fixed")) && (rc = person_ref(l, v, "fixed", &t->fixed)))
		return rc;
	if ((v = get(l, m, "forbidden"))) {
		if (v->type == YAML_SCALAR_NODE) {
			int who = 0;
			if ((rc = person_ref(l, v, "forbidden", &who)))
				return rc;
			t->forbidden |= 1u << who;
		} else if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				int who = 0;
				if ((rc = person_ref(l, node(l, *it), "forbidden", &who)))
					return rc;
				t->forbidden |= 1u << who;
			}
		} else {
			return fail(l, v, US_EPARSE, "'forbidden' must be a person or a list of people", NULL, NULL);
		}
	}
	if (!(v = get(l, m, "minutes")))
		return fail(l, m, US_EPARSE, "task '%s' needs 'minutes'", t->name, NULL);
	if ((rc = parse_minutes(l, v, t)))
		return rc;
	if ((v = get(l, m, "like")) && (rc = parse_like(l, v, t)))
		return rc;
	if ((v = get(l, m, "planning_minutes_per_week"))) {
		if ((rc = get_long(l, v, 0, 1440, "planning_minutes_per_week", &t->planning)))
			return rc;
	}
	if ((v = get(l, m, "owned"))) {
		const char *s = scalar(v);
		if (s && strcmp(s, "whole") == 0)
			t->split = 0;
		else if (s && strcmp(s, "split") == 0)
			t->split = 1;
		else
			return fail(l, v, US_EPARSE, "'owned' must be whole or split, not '%s'", s ? s : "?", NULL);
	}
	if ((v = get(l, m, "traditionally")) && (rc = parse_script(l, v, t)))
		return rc;
	if ((v = get(l, m, "at"))) {
		const char *s = scalar(v);
		int hh = -1, mm = -1;
		char end = 0;
		if (!s || sscanf(s, "%2d:%2d%c", &hh, &mm, &end) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
			return fail(l, v, US_EPARSE, "'at' must be a time of day such as 07:30, not '%s'", s ? s : "?", NULL);
		t->at = hh * 60 + mm;
	}
	if (t->fixed >= 0 && (t->forbidden >> t->fixed) & 1)
		return fail(l, m, US_EINVAL, "task '%s' is both fixed to and forbidden for %s", t->name,
			    h->people[t->fixed].name);
	if (t->fixed >= 0 && t->minutes[t->fixed] == US__SHARE_CANNOT)
		return fail(l, m, US_EINVAL, "task '%s' is fixed to %s, who cannot do it", t->name,
			    h->people[t->fixed].name);
	int anyone = 0;
	for (size_t i = 0; i < h->n_people; i++)
		anyone |= t->minutes[i] != US__SHARE_CANNOT && !((t->forbidden >> i) & 1);
	if (!anyone)
		return fail(l, m, US_EINVAL, "nobody can do task '%s': give someone minutes for it, or drop it", t->name, NULL);
	return 0;
}

static int load_tasks(loader *l, yaml_node_t *seq)
{
	us_share_household *h = l->h;
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return fail(l, seq, US_EPARSE, "'tasks' must be a list of tasks", NULL, NULL);
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	if (n == 0)
		return fail(l, seq, US_EINVAL, "'tasks' is empty: there is nothing to share", NULL, NULL);
	if (n > SHARE_TASKS_MAX)
		return fail(l, seq, US_ETOOBIG, "more than 1000 tasks", NULL, NULL);
	h->tasks = calloc(n, sizeof(*h->tasks));
	if (!h->tasks)
		return us__error_set(l->err, US_ENOMEM, "out of memory");
	h->cap_tasks = n;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = node(l, seq->data.sequence.items.start[i]);
		h->n_tasks = i + 1;
		h->tasks[i].file_index = (int)i;
		int rc = load_task(l, m, &h->tasks[i]);
		if (rc)
			return rc;
		if (find_task(h, h->tasks[i].name) != (int)i)
			return fail(l, m, US_EINVAL, "two tasks are named '%s'", h->tasks[i].name, NULL);
	}
	qsort(h->tasks, h->n_tasks, sizeof(h->tasks[0]), cmp_task);
	return 0;
}

static int add_prev(loader *l, int task, int occurrence, int person)
{
	us_share_household *h = l->h;
	if (us__grow((void **)&h->prev, &h->cap_prev, h->n_prev + 1, sizeof(*h->prev)))
		return us__error_set(l->err, US_ENOMEM, "out of memory");
	h->prev[h->n_prev++] = (us__share_prev){ task, occurrence, person };
	return 0;
}

/* previous_plan: {cooking: Ana, laundry: [Ana, Ben, Ana]}: a task to one
 * person, or to a person per occurrence, in occurrence order. */
static int load_prev(loader *l, yaml_node_t *m)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return fail(l, m, US_EPARSE, "'previous_plan' must map tasks to a person or a list of people", NULL, NULL);
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node(l, p->key), *v = node(l, p->value);
		const char *k = scalar(kn);
		int task = k ? find_task(l->h, k) : -1, who, rc;
		if (task < 0)
			return fail(l, kn, US_EINVAL, "unknown task '%s' in previous_plan", k ? k : "?", NULL);
		if (v && v->type == YAML_SEQUENCE_NODE) {
			int occ = 1;
			for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
				if ((rc = person_ref(l, node(l, *it), "previous_plan", &who)) ||
				    (rc = add_prev(l, task, occ++, who)))
					return rc;
			}
		} else {
			if ((rc = person_ref(l, v, "previous_plan", &who)) || (rc = add_prev(l, task, 0, who)))
				return rc;
		}
	}
	return 0;
}

static int get_date(loader *l, yaml_node_t *n, const char *what, long *out)
{
	const char *s = scalar(n);
	if (!s || us__share_parse_date(s, out))
		return fail(l, n, US_EPARSE, "%s must be a date such as 2025-03-10, not '%s'", what, s ? s : "?");
	return 0;
}

/* absences: [{person: Ben, from: 2025-03-10, to: 2025-03-14, reason: travel}] */
static int load_absences(loader *l, yaml_node_t *seq)
{
	static const char *const keys[] = { "person", "from", "to", "reason", NULL };
	us_share_household *h = l->h;
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return fail(l, seq, US_EPARSE, "'absences' must be a list of {person, from, to, reason}", NULL, NULL);
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *m = node(l, *it), *v;
		us__share_absence a = { -1, 0, 0, NULL, line_of(m) };
		int rc;
		if (!m || m->type != YAML_MAPPING_NODE)
			return fail(l, m, US_EPARSE, "each absence must be a mapping with person and from", NULL, NULL);
		if ((rc = only_keys(l, m, keys, "an absence")))
			return rc;
		if (!(v = get(l, m, "person")))
			return fail(l, m, US_EPARSE, "an absence needs a person", NULL, NULL);
		if ((rc = person_ref(l, v, "absences", &a.person)))
			return rc;
		if (!(v = get(l, m, "from")))
			return fail(l, m, US_EPARSE, "an absence needs 'from' (a date such as 2025-03-10)", NULL, NULL);
		if ((rc = get_date(l, v, "'from'", &a.from)))
			return rc;
		a.to = a.from;
		if ((v = get(l, m, "to")) && (rc = get_date(l, v, "'to'", &a.to)))
			return rc;
		if (a.to < a.from)
			return fail(l, v, US_EINVAL, "an absence of %s ends before it starts", h->people[a.person].name, NULL);
		if (a.to - a.from > 366)
			return fail(l, v, US_EINVAL, "an absence of %s is longer than a year", h->people[a.person].name, NULL);
		if (us__grow((void **)&h->absences, &h->cap_absences, h->n_absences + 1, sizeof(*h->absences)))
			return us__error_set(l->err, US_ENOMEM, "out of memory");
		h->absences[h->n_absences++] = a;
		if ((v = get(l, m, "reason")) &&
		    (rc = get_string(l, v, "an absence's reason", &h->absences[h->n_absences - 1].reason)))
			return rc;
	}
	return 0;
}

static int load_root(loader *l, yaml_node_t *root)
{
	static const char *const keys[] = { "timezone", "period_weeks", "tolerance_minutes", "people",
		"tasks", "previous_plan", "absences", NULL };
	us_share_household *h = l->h;
	yaml_node_t *v;
	long x;
	int rc;
	if (!root)
		return us__error_set(l->err, US_EPARSE, "%s:1: the file is empty; a household needs people and tasks", l->name);
	if (root->type != YAML_MAPPING_NODE)
		return fail(l, root, US_EPARSE, "a household file is a mapping with people and tasks", NULL, NULL);
	if ((rc = only_keys(l, root, keys, "the household")))
		return rc;
	if (!(v = get(l, root, "people")))
		return fail(l, root, US_EPARSE, "the household has no 'people'", NULL, NULL);
	if ((rc = load_people(l, v)))
		return rc;
	if (!(v = get(l, root, "tasks")))
		return fail(l, root, US_EPARSE, "the household has no 'tasks'", NULL, NULL);
	if ((rc = load_tasks(l, v)))
		return rc;
	if ((v = get(l, root, "timezone")) && (rc = get_string(l, v, "timezone", &h->timezone)))
		return rc;
	if (h->timezone && !icaltimezone_get_builtin_timezone(h->timezone))
		return fail(l, v, US_EINVAL, "unknown time zone '%s' (use a name such as Europe/Berlin)",
			    h->timezone, NULL);
	if ((v = get(l, root, "period_weeks"))) {
		if ((rc = get_long(l, v, 1, 4, "period_weeks", &x)))
			return rc;
		if (x == 3)
			return fail(l, v, US_EINVAL, "period_weeks must be 1, 2 or 4", NULL, NULL);
		h->period_weeks = (int)x;
	}
	h->tolerance = 15;
	if ((v = get(l, root, "tolerance_minutes")) &&
	    (rc = get_long(l, v, 0, 1440, "tolerance_minutes", &h->tolerance)))
		return rc;
	if ((v = get(l, root, "previous_plan")) && (rc = load_prev(l, v)))
		return rc;
	if ((v = get(l, root, "absences")) && (rc = load_absences(l, v)))
		return rc;
	return 0;
}

int us_share_household_load_string(us_share_household **out, const char *name, const char *data,
				   size_t len, us_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = 0, have_doc = 0;
	*out = NULL;
	if (!name)
		name = "<household>";
	if (len > SHARE_FILE_MAX)
		return us__error_set(err, US_ETOOBIG, "%s: a household file may be at most 1 MiB", name);
	us_share_household *h = calloc(1, sizeof(*h));
	if (!h)
		return us__error_set(err, US_ENOMEM, "out of memory");
	if (!(h->name = us__share_strdup(name))) {
		rc = us__error_set(err, US_ENOMEM, "out of memory");
		goto done;
	}
	if (!yaml_parser_initialize(&parser)) {
		rc = us__error_set(err, US_ENOMEM, "out of memory");
		goto done;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = us__error_set(err, US_EPARSE, "%s:%zu: %s", name, parser.problem_mark.line + 1,
				   parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		goto done;
	}
	yaml_parser_delete(&parser);
	have_doc = 1;
	loader l = { name, &doc, h, err };
	rc = load_root(&l, yaml_document_get_root_node(&doc));
done:
	if (have_doc)
		yaml_document_delete(&doc);
	if (rc)
		us_share_household_free(h);
	else
		*out = h;
	return rc;
}

int us_share_household_load_file(us_share_household **out, const char *path, us_error *err)
{
	us__buf b = US__BUF_INIT(SHARE_FILE_MAX);
	*out = NULL;
	int rc = us__buf_read_file(&b, path, "a household file", err);
	if (!rc)
		rc = us_share_household_load_string(out, path, b.data ? b.data : "", b.len, err);
	us__buf_free(&b);
	return rc;
}

void us_share_household_free(us_share_household *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n_people; i++) {
		free(h->people[i].name);
		free(h->people[i].pronouns);
		free(h->people[i].gender);
	}
	for (size_t i = 0; i < h->n_tasks; i++)
		free(h->tasks[i].name);
	free(h->tasks);
	free(h->prev);
	for (size_t i = 0; i < h->n_absences; i++)
		free(h->absences[i].reason);
	free(h->absences);
	free(h->timezone);
	free(h->event);
	free(h->name);
	free(h);
}

size_t us_share_household_person_count(const us_share_household *h)
{
	return h->n_people;
}

size_t us_share_household_task_count(const us_share_household *h)
{
	return h->n_tasks;
}

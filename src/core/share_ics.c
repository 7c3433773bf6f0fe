/*
 * share_ics.c: dates and calendars for a plan. A plan's days are (week,
 * weekday) pairs; with a start date (the period's first Monday) they become
 * civil dates, which places absences (dates a person is away) on the
 * period's days and lets the plan be exported as iCalendar (RFC 5545), one
 * calendar per person, through libical so that what we write is what a
 * conforming parser reads back.
 *
 * Dates are whole days since 1970-01-01 in the proleptic Gregorian calendar
 * (Howard Hinnant's civil-days algorithms): no struct tm, no time zone and
 * no clock is involved in planning, so a plan stays deterministic. Only
 * us_share_household_next_monday reads the clock, to find a default start.
 *
 * Events: a task occurrence starts at its task's `at:` time, or, for tasks
 * without one, the person's untimed tasks of the day follow one another from
 * 18:00, in task name order. Times are local to the household's time zone
 * (a VTIMEZONE from libical's zone data under the zone's IANA name, cut to
 * the years around the plan; TZID on every time); a household
 * without a time zone gets floating times, which calendars show in the
 * device's own zone. An absence is an all-day event that does not block
 * time (TRANSP:TRANSPARENT). UIDs are derived from the household, the start
 * date, the task and the occurrence, so re-importing an updated plan
 * replaces events rather than doubling them.
 */
#include "core/buf.h"
#include "core/internal.h"
#include "core/share_impl.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_START_MINUTE (18 * 60)

long us__share_days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void us__share_civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int us__share_parse_date(const char *s, long *out)
{
	int v[3] = { 0, 0, 0 }, widths[3] = { 4, 2, 2 };
	const char *c = s;
	for (int k = 0; k < 3; k++) {
		for (int i = 0; i < widths[k]; i++, c++) {
			if (*c < '0' || *c > '9')
				return -1;
			v[k] = v[k] * 10 + (*c - '0');
		}
		if (k < 2 && *c++ != '-')
			return -1;
	}
	if (*c || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[0] < 1900)
		return -1;
	long days = us__share_days_from_civil(v[0], v[1], v[2]), y;
	int m, d;
	us__share_civil_from_days(days, &y, &m, &d);
	if (m != v[1] || d != v[2]) /* 2025-02-30 */
		return -1;
	*out = days;
	return 0;
}

void us__share_format_date(long days, char out[11])
{
	long y;
	int m, d;
	us__share_civil_from_days(days, &y, &m, &d);
	unsigned yy = (unsigned)((y % 10000 + 10000) % 10000);
	out[0] = (char)('0' + yy / 1000);
	out[1] = (char)('0' + yy / 100 % 10);
	out[2] = (char)('0' + yy / 10 % 10);
	out[3] = (char)('0' + yy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int us__share_weekday(long days)
{
	long w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

/* ---------- the clock: a default start ---------- */

int us_share_household_next_monday(const us_share_household *h, char out[11], us_error *err)
{
	icaltimezone *zone = h->timezone ? icaltimezone_get_builtin_timezone(h->timezone)
					 : icaltimezone_get_utc_timezone();
	if (!zone)
		return us__error_set(err, US_EINVAL, "%s: unknown time zone '%s'", h->name, h->timezone);
	struct icaltimetype now = icaltime_current_time_with_zone(zone);
	long today = us__share_days_from_civil(now.year, now.month, now.day);
	us__share_format_date(today + 7 - us__share_weekday(today), out);
	return 0;
}

/* ---------- calendars ---------- */

typedef struct ics {
	const us_share_plan *p;
	icaltimezone *zone; /* NULL: floating times */
	icalcomponent *cal;
	char stamp_uid[64]; /* start date and a hash of the household's tasks */
} ics;

static struct icaltimetype local_time(const ics *c, long day, int minute)
{
	struct icaltimetype t = icaltime_null_time();
	long y;
	int m, d;
	us__share_civil_from_days(day, &y, &m, &d);
	t.year = (int)y;
	t.month = m;
	t.day = d;
	t.is_date = 0;
	(void)c;
	icaltime_adjust(&t, 0, 0, minute, 0);
	return t;
}

static struct icaltimetype date_value(long day)
{
	struct icaltimetype t = icaltime_null_date();
	long y;
	int m, d;
	us__share_civil_from_days(day, &y, &m, &d);
	t.year = (int)y;
	t.month = m;
	t.day = d;
	return t;
}

static icalproperty *with_tzid(const ics *c, icalproperty *prop)
{
	if (prop && c->zone)
		icalproperty_add_parameter(prop, icalparameter_new_tzid(c->p->h->timezone));
	return prop;
}

static int add_event(ics *c, icalcomponent *ev)
{
	if (!ev)
		return US_ENOMEM;
	icalcomponent_add_component(c->cal, ev);
	return 0;
}

/* What goes in a UID: stable across runs for the same household, start and
 * occurrence, different for different households. */
static void make_uid(const ics *c, const char *kind, const char *name, long n, char *out, size_t size)
{
	snprintf(out, size, "%s-%s-%016llx-%ld@unscripted", kind, c->stamp_uid,
		 (unsigned long long)us__hash(name, strlen(name)), n);
}

static int add_occurrences(ics *c, int person, struct icaltimetype stamp)
{
	const us_share_plan *p = c->p;
	const us_share_household *h = p->h;
	int cursor[28];
	for (int d = 0; d < 28; d++)
		cursor[d] = DEFAULT_START_MINUTE;
	for (size_t k = 0; k < p->n_occ; k++) {
		const us__share_occ *o = &p->occ[p->order[k]];
		if (p->assign[o->item] != person)
			continue;
		const us__share_task *t = &h->tasks[o->task];
		int d = o->week * 7 + o->day, start = t->at;
		long minutes = t->minutes[person];
		if (start < 0) {
			start = cursor[d];
			cursor[d] += (int)minutes;
		}
		struct icaltimetype from = local_time(c, p->start + d, start), to = from;
		icaltime_adjust(&to, 0, 0, (int)(minutes > 0 ? minutes : 1), 0);
		char uid[200], desc[400];
		make_uid(c, "task", t->name, o->index, uid, sizeof(uid));
		snprintf(desc, sizeof(desc), "%ld min; occurrence %d of the %d-week plan%s%s%s",
			 minutes, o->index, p->weeks, o->cover >= 0 ? "; covering for " : "",
			 o->cover >= 0 ? h->people[o->cover].name : "", o->cover >= 0 ? ", who is away" : "");
		icalcomponent *ev = icalcomponent_vanew(
			ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid), icalproperty_new_dtstamp(stamp),
			with_tzid(c, icalproperty_new_dtstart(from)), with_tzid(c, icalproperty_new_dtend(to)),
			icalproperty_new_summary(t->name), icalproperty_new_description(desc),
			icalproperty_new_transp(ICAL_TRANSP_OPAQUE), (void *)0);
		if (add_event(c, ev))
			return US_ENOMEM;
	}
	return 0;
}

static int add_absences(ics *c, int person, struct icaltimetype stamp)
{
	const us_share_household *h = c->p->h;
	for (size_t k = 0; k < h->n_absences; k++) {
		const us__share_absence *a = &h->absences[k];
		if (a->person != person)
			continue;
		/* all-day: DTEND is the day after the last, as RFC 5545 has it */
		struct icaltimetype from = date_value(a->from), to = date_value(a->to + 1);
		char uid[200], summary[200];
		make_uid(c, "away", h->people[person].name, a->from, uid, sizeof(uid));
		snprintf(summary, sizeof(summary), "Away%s%s%s", a->reason ? " (" : "", a->reason ? a->reason : "",
			 a->reason ? ")" : "");
		icalcomponent *ev = icalcomponent_vanew(
			ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid), icalproperty_new_dtstamp(stamp),
			icalproperty_new_dtstart(from), icalproperty_new_dtend(to),
			icalproperty_new_summary(summary),
			icalproperty_new_description("no household tasks these days; others cover them"),
			icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), (void *)0);
		if (add_event(c, ev))
			return US_ENOMEM;
	}
	return 0;
}

int us_share_plan_ics(const us_share_plan *p, size_t index, char **out, us_error *err)
{
	const us_share_household *h = p->h;
	ics c;
	int rc = 0, person = -1;
	char name[300], start[11];
	*out = NULL;
	for (size_t i = 0; i < h->n_people; i++)
		if ((size_t)h->people[i].file_index == index)
			person = (int)i;
	if (person < 0)
		return us__error_set(err, US_EINVAL, "no person %zu in the household", index);
	if (p->start < 0)
		return us__error_set(err, US_EINVAL, "a calendar needs the plan's start date (--start)");
	memset(&c, 0, sizeof(c));
	c.p = p;
	if (h->timezone && !(c.zone = icaltimezone_get_builtin_timezone(h->timezone)))
		return us__error_set(err, US_EINVAL, "%s: unknown time zone '%s'", h->name, h->timezone);
	uint64_t tasks_hash = 0;
	for (size_t t = 0; t < h->n_tasks; t++)
		tasks_hash = tasks_hash * 31 + us__hash(h->tasks[t].name, strlen(h->tasks[t].name));
	us__share_format_date(p->start, start);
	snprintf(c.stamp_uid, sizeof(c.stamp_uid), "%s-%08llx", start, (unsigned long long)(tasks_hash & 0xffffffffu));
	snprintf(name, sizeof(name), "Household plan: %s", h->people[person].name);
	icalproperty *calname = icalproperty_new_x(name);
	if (calname)
		icalproperty_set_x_name(calname, "X-WR-CALNAME");
	c.cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
				    icalproperty_new_prodid("-//unscripted//share plan//EN"),
				    icalproperty_new_calscale("GREGORIAN"), icalproperty_new_method(ICAL_METHOD_PUBLISH),
				    calname, (void *)0);
	if (!c.cal) {
		rc = US_ENOMEM;
		goto done;
	}
	if (c.zone) {
		/* libical names its zones "/freeassociation.sourceforge.net/Europe/
		 * Berlin"; calendars know the plain IANA name better. The zone's
		 * history is cut to the plan's years. */
		icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(c.zone));
		icalproperty *tzid = vtz ? icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY) : NULL;
		if (!tzid) {
			if (vtz)
				icalcomponent_free(vtz);
			rc = US_ENOMEM;
			goto done;
		}
		icalproperty_set_tzid(tzid, h->timezone);
		long y;
		int m, d;
		us__share_civil_from_days(p->start - 366, &y, &m, &d);
		struct icaltimetype from = icaltime_null_time(), to;
		from.year = (int)y;
		from.month = m;
		from.day = d;
		to = from;
		to.year += 3;
		icaltimezone_truncate_vtimezone(vtz, from, to, 1);
		icalcomponent_add_component(c.cal, vtz);
		icalproperty *xtz = icalproperty_new_x(h->timezone);
		if (xtz) {
			icalproperty_set_x_name(xtz, "X-WR-TIMEZONE");
			icalcomponent_add_property(c.cal, xtz);
		}
	}
	struct icaltimetype stamp = icaltime_current_time_with_zone(icaltimezone_get_utc_timezone());
	if ((rc = add_occurrences(&c, person, stamp)) || (rc = add_absences(&c, person, stamp)))
		goto done;
	char *text = icalcomponent_as_ical_string_r(c.cal);
	if (!text) {
		rc = US_ENOMEM;
		goto done;
	}
	*out = us__share_strdup(text);
	icalmemory_free_buffer(text);
	if (!*out)
		rc = US_ENOMEM;
done:
	if (c.cal)
		icalcomponent_free(c.cal);
	return rc ? us__error_set(err, rc, "out of memory") : 0;
}

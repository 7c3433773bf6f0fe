/*
 * report_json.c: the report's figures as JSON (jansson). The keys are an
 * interface (issue 7, docs): `people` (name, messages, words, pronouns,
 * categories, per_100, healthy_to_harmful, bids), `skipped_lines` and
 * `months` must stay; new keys may be added beside them.
 *
 * Every category of TAXONOMY.md appears in `categories` and `per_100`, zero
 * or not, so a reader can index them without checking. Message texts come
 * only from the report's examples, which a redacted report never kept.
 */
#include "app/report.h"

#include "core/internal.h"

#include <stdio.h>
#include <string.h>

/* Set key to a new value; a NULL value (allocation failure) is noticed by
 * the caller through the returned flag. */
static int set(json_t *obj, const char *key, json_t *v)
{
	if (!v)
		return -1;
	return json_object_set_new(obj, key, v);
}

static json_t *count(size_t n)
{
	return json_integer((json_int_t)n);
}

/* "2024-03-05T21:07:00", local wall clock as written; null when unknown. */
static json_t *time_json(const chat_time *t)
{
	if (t->year <= 0)
		return json_null();
	char s[64];
	snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d", t->year, t->month, t->day, t->hour, t->minute,
		 t->second);
	return json_string(s);
}

static json_t *text_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *categories_json(const report_counts *c)
{
	json_t *o = json_object();
	int bad = !o;
	for (int k = 0; o && k < US_CAT_COUNT; k++)
		bad |= set(o, us_category_name((us_category)k), count(c->categories[k]));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *bids_json(const report_counts *c)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I}", "made", (json_int_t)c->bids, "toward",
			 (json_int_t)c->turns[REPORT_TOWARD], "away", (json_int_t)c->turns[REPORT_AWAY], "unclear",
			 (json_int_t)c->turns[REPORT_UNCLEAR], "no_reply", (json_int_t)c->turns[REPORT_NO_REPLY]);
}

static json_t *person_json(const report *r, const report_person *p)
{
	const report_counts *c = &p->total;
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = 0;
	bad |= set(o, "name", json_string(p->name));
	bad |= set(o, "messages", count(c->messages));
	bad |= set(o, "words", count(c->words));
	bad |= set(o, "media", count(c->media));
	bad |= set(o, "pronouns", json_pack("{s:I,s:I,s:I}", "i", (json_int_t)c->pronoun_i, "we",
					    (json_int_t)c->pronoun_we, "you", (json_int_t)c->pronoun_you));
	json_t *emo = json_object();
	for (size_t i = 0; emo && i < r->nemotions; i++)
		bad |= set(emo, r->emotion_families[i], count(p->emotions[i]));
	bad |= set(o, "emotions", emo);
	bad |= set(o, "categories", categories_json(c));
	json_t *per = json_object();
	for (int k = 0; per && k < US_CAT_COUNT; k++) {
		double v = c->messages ? 100.0 * (double)c->categories[k] / (double)c->messages : 0.0;
		bad |= set(per, us_category_name((us_category)k), json_real(v));
	}
	bad |= set(o, "per_100", per);
	bad |= set(o, "healthy", count(c->healthy));
	bad |= set(o, "harmful", count(c->harmful));
	double ratio;
	bad |= set(o, "healthy_to_harmful", report_ratio(c, &ratio) ? json_null() : json_real(ratio));
	bad |= set(o, "bids", bids_json(c));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *month_json(const report *r, const report_month *m)
{
	char key[16];
	snprintf(key, sizeof(key), "%04d-%02d", m->year, m->month);
	json_t *o = json_object(), *people = json_object();
	int bad = !o || !people;
	for (size_t i = 0; people && i < m->npeople; i++) {
		const report_counts *c = &m->people[i];
		if (!c->messages && !c->bids && !c->turns[REPORT_NO_REPLY] && !c->turns[REPORT_TOWARD] &&
		    !c->turns[REPORT_AWAY] && !c->turns[REPORT_UNCLEAR])
			continue;
		json_t *pc = json_object();
		bad |= !pc;
		if (pc) {
			bad |= set(pc, "messages", count(c->messages));
			bad |= set(pc, "words", count(c->words));
			bad |= set(pc, "categories", categories_json(c));
			bad |= set(pc, "healthy", count(c->healthy));
			bad |= set(pc, "harmful", count(c->harmful));
			bad |= set(pc, "bids", bids_json(c));
		}
		bad |= set(people, r->people[i].name, pc);
	}
	if (o) {
		bad |= set(o, "month", json_string(key));
		bad |= set(o, "people", people);
	} else {
		json_decref(people);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *example_json(const report *r, const report_example *e)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = 0;
	bad |= set(o, "turn", json_string(report_turn_name(e->turn)));
	bad |= set(o, "from", json_string(r->people[e->bid_person].name));
	bad |= set(o, "time", time_json(&e->bid_time));
	if (e->turn != REPORT_NO_REPLY) {
		bad |= set(o, "reply_from", json_string(r->people[e->reply_person].name));
		bad |= set(o, "reply_time", time_json(&e->reply_time));
	}
	if (!r->opts.redact) {
		bad |= set(o, "text", text_json(e->bid_text));
		if (e->turn != REPORT_NO_REPLY)
			bad |= set(o, "reply", text_json(e->reply_text));
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *script_json(const report *r, const report_script *s)
{
	json_t *o = json_object(), *ex = json_array();
	int bad = !o || !ex;
	for (size_t k = 0; ex && k < s->nexamples; k++) {
		const report_script_example *e = &s->examples[k];
		json_t *eo = json_object();
		bad |= !eo;
		if (eo) {
			bad |= set(eo, "from", json_string(r->people[e->person].name));
			bad |= set(eo, "time", time_json(&e->time));
			if (!r->opts.redact) {
				bad |= set(eo, "text", text_json(e->text));
				bad |= set(eo, "matched", text_json(e->matched));
			}
		}
		bad |= eo ? json_array_append_new(ex, eo) : 0;
	}
	if (o) {
		bad |= set(o, "rule", json_string(s->rule));
		bad |= set(o, "category", json_string(us_category_name(s->category)));
		bad |= set(o, "count", count(s->count));
		bad |= set(o, "message", text_json(s->message));
		bad |= set(o, "suggestion", text_json(s->suggestion));
		bad |= set(o, "examples", ex);
	} else {
		json_decref(ex);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int report_to_json(const report *r, json_t **out, us_error *err)
{
	*out = NULL;
	json_t *root = json_object();
	if (!root)
		return us__error_set(err, US_ENOMEM, "out of memory");
	int bad = 0;
	bad |= set(root, "source", text_json(r->source));
	bad |= set(root, "format", text_json(r->format));
	bad |= set(root, "redacted", json_boolean(r->opts.redact));
	bad |= set(root, "messages", count(r->messages));
	bad |= set(root, "skipped_lines", count(r->skipped_lines));
	bad |= set(root, "undated_messages", count(r->undated));
	bad |= set(root, "first", time_json(&r->first));
	bad |= set(root, "last", time_json(&r->last));
	bad |= set(root, "healthy_to_harmful_reference", json_real(5.0));

	json_t *people = json_array();
	for (size_t i = 0; people && i < r->npeople; i++) {
		json_t *p = person_json(r, &r->people[i]);
		bad |= p ? json_array_append_new(people, p) : -1;
	}
	bad |= set(root, "people", people);

	json_t *months = json_array();
	for (size_t i = 0; months && i < r->nmonths; i++) {
		json_t *m = month_json(r, &r->months[i]);
		bad |= m ? json_array_append_new(months, m) : -1;
	}
	bad |= set(root, "months", months);

	json_t *examples = json_array();
	for (int t = 0; examples && t < REPORT_TURN_COUNT; t++) {
		for (size_t k = 0; k < r->nexamples[t]; k++) {
			json_t *e = example_json(r, &r->examples[t][k]);
			bad |= e ? json_array_append_new(examples, e) : -1;
		}
	}
	bad |= set(root, "bid_examples", examples);

	json_t *scripts = json_array();
	for (size_t i = 0; scripts && i < r->nscripts && i < REPORT_TOP_SCRIPTS; i++) {
		json_t *s = script_json(r, &r->scripts[i]);
		bad |= s ? json_array_append_new(scripts, s) : -1;
	}
	bad |= set(root, "scripts", scripts);

	if (bad) {
		json_decref(root);
		return us__error_set(err, US_ENOMEM, "out of memory while writing the JSON report");
	}
	*out = root;
	return 0;
}

int report_write_json(const report *r, FILE *fp, us_error *err)
{
	json_t *root;
	int rc = report_to_json(r, &root, err);
	if (rc)
		return rc;
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (rc || fputc('\n', fp) == EOF || ferror(fp))
		return us__error_set(err, US_EIO, "could not write the JSON report");
	return 0;
}

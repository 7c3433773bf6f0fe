/*
 * output.c: writes findings in each format. JSON values are built and
 * escaped by jansson; the enclosing document of json and sarif is written
 * by hand around them so that findings stream out one at a time.
 */
#include "cli/output.h"

#include <stdlib.h>
#include <string.h>

int out_parse_format(out_format *out, const char *name)
{
	static const char *const names[] = { "text", "json", "jsonl", "sarif" };
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, names[i])) {
			*out = (out_format)i;
			return 0;
		}
	return -1;
}

enum { V_FILE, V_LINE, V_COLUMN, V_END_LINE, V_END_COLUMN, V_OFFSET, V_LENGTH, V_CATEGORY, V_RULE,
       V_SEVERITY, V_MESSAGE, V_SUGGESTION, V_TEXT };

static const char *const finding_keys[13] = {
	"file", "line", "column", "end_line", "end_column", "offset", "length",
	"category", "rule", "severity", "message", "suggestion", "text",
};

/* The finding as a JSON object (borrowed from o; valid until the next). */
static json_t *finding_json(out_ctx *o, const char *file, const us_finding *f, json_t *record)
{
	if (!o->obj) {
		o->obj = json_object();
		for (int k = 0; k < 13; k++) {
			int is_int = k >= V_LINE && k <= V_LENGTH;
			o->v[k] = is_int ? json_integer(0) : json_string("");
			json_object_set(o->obj, finding_keys[k], o->v[k]);
		}
	}
	json_string_set(o->v[V_FILE], file);
	json_integer_set(o->v[V_LINE], (json_int_t)f->start.line);
	json_integer_set(o->v[V_COLUMN], (json_int_t)f->start.column);
	json_integer_set(o->v[V_END_LINE], (json_int_t)f->end.line);
	json_integer_set(o->v[V_END_COLUMN], (json_int_t)f->end.column);
	json_integer_set(o->v[V_OFFSET], (json_int_t)f->start.offset);
	json_integer_set(o->v[V_LENGTH], (json_int_t)(f->end.offset - f->start.offset));
	json_string_set(o->v[V_CATEGORY], us_category_name(f->category));
	json_string_set(o->v[V_RULE], f->rule);
	json_string_set(o->v[V_SEVERITY], us_severity_name(f->severity));
	json_string_set(o->v[V_MESSAGE], f->message);
	if (f->suggestion) {
		json_string_set(o->v[V_SUGGESTION], f->suggestion);
		json_object_set(o->obj, "suggestion", o->v[V_SUGGESTION]);
	} else {
		json_object_set_new(o->obj, "suggestion", json_null());
	}
	/* Matched text cut inside a UTF-8 sequence cannot happen (tokens end
	 * on code point boundaries), but be safe: an invalid string is dropped. */
	if (json_string_setn(o->v[V_TEXT], f->text, f->text_len) != 0)
		json_string_set(o->v[V_TEXT], "");
	if (record)
		json_object_set(o->obj, "record", record);
	else
		json_object_del(o->obj, "record");
	return o->obj;
}

/* Write v compactly in one fwrite. */
static void dump_fast(out_ctx *o, json_t *v)
{
	size_t n = json_dumpb(v, o->dump, o->dump_cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (n > o->dump_cap) {
		char *p = realloc(o->dump, n * 2);
		if (!p)
			return;
		o->dump = p;
		o->dump_cap = n * 2;
		n = json_dumpb(v, o->dump, o->dump_cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	fwrite(o->dump, 1, n, o->fp);
}

void out_free(out_ctx *o)
{
	json_decref(o->obj);
	for (int k = 0; k < 13; k++)
		json_decref(o->v[k]);
	free(o->dump);
}

static void dump(FILE *fp, json_t *v)
{
	json_dumpf(v, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

static const char *sarif_level(us_severity s)
{
	return s == US_SEVERITY_ERROR ? "error" : s == US_SEVERITY_WARNING ? "warning" : "note";
}

void out_begin(out_ctx *o)
{
	if (o->format == OUT_JSON) {
		fputs("{\"findings\":[", o->fp);
	} else if (o->format == OUT_SARIF) {
		fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
		      "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"unscripted\",\"version\":\"" US_VERSION "\","
		      "\"informationUri\":\"https://example.invalid/unscripted\",\"rules\":",
		      o->fp);
		json_t *rules = json_array();
		for (size_t i = 0; o->rules && i < us_ruleset_rule_count(o->rules); i++) {
			us_rule_info info;
			if (us_ruleset_rule_info(o->rules, i, &info) || !info.enabled)
				continue;
			json_t *r = json_object();
			json_object_set_new(r, "id", json_string(info.id));
			json_object_set_new(r, "shortDescription", json_pack("{s:s}", "text", info.message));
			json_object_set_new(r, "defaultConfiguration",
					    json_pack("{s:s}", "level", sarif_level(us_category_severity(info.category))));
			json_object_set_new(r, "properties", json_pack("{s:s}", "category", us_category_name(info.category)));
			json_array_append_new(rules, r);
		}
		dump(o->fp, rules);
		json_decref(rules);
		fputs("}},\"results\":[", o->fp);
	}
}

static void text_finding(out_ctx *o, const char *file, const us_finding *f)
{
	const char *sev_color = f->severity == US_SEVERITY_ERROR ? "\033[1;31m"
				: f->severity == US_SEVERITY_WARNING ? "\033[1;33m" : "\033[1;36m";
	fprintf(o->fp, "%s:%zu:%zu: %s%s%s: %s [%s/%s]\n", file, f->start.line, f->start.column,
		o->color ? sev_color : "", us_severity_name(f->severity), o->color ? "\033[0m" : "",
		f->message, us_category_name(f->category), f->rule);
	/* The matched words on one line: newlines inside become spaces. */
	fputs(o->color ? "  \033[1m" : "  \"", o->fp);
	for (size_t i = 0; i < f->text_len; i++)
		fputc(f->text[i] == '\n' || f->text[i] == '\r' ? ' ' : f->text[i], o->fp);
	fputs(o->color ? "\033[0m\n" : "\"\n", o->fp);
	if (f->suggestion)
		fprintf(o->fp, "  suggestion: %s\n", f->suggestion);
}

void out_finding(out_ctx *o, const char *file, const us_finding *f, json_t *record)
{
	if (o->format == OUT_TEXT) {
		text_finding(o, file, f);
	} else if (o->format == OUT_SARIF) {
		json_t *region = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "startLine", (json_int_t)f->start.line,
					   "startColumn", (json_int_t)f->start.column, "endLine",
					   (json_int_t)f->end.line, "endColumn", (json_int_t)f->end.column,
					   "byteOffset", (json_int_t)f->start.offset, "byteLength",
					   (json_int_t)(f->end.offset - f->start.offset));
		json_object_set_new(region, "snippet", json_pack("{s:s%}", "text", f->text, f->text_len));
		json_t *r = json_pack("{s:s,s:s,s:{s:s},s:[{s:{s:{s:s},s:o}}],s:{s:s}}", "ruleId", f->rule,
				      "level", sarif_level(f->severity), "message", "text", f->message,
				      "locations", "physicalLocation", "artifactLocation", "uri", file, "region",
				      region, "properties", "category", us_category_name(f->category));
		if (f->suggestion)
			json_object_set_new(json_object_get(r, "properties"), "suggestion", json_string(f->suggestion));
		if (o->written)
			fputc(',', o->fp);
		dump(o->fp, r);
		json_decref(r);
	} else {
		json_t *j = finding_json(o, file, f, record);
		if (o->format == OUT_JSON && o->written)
			fputc(',', o->fp);
		dump_fast(o, j);
		if (o->format == OUT_JSONL)
			fputc('\n', o->fp);
	}
	o->written++;
}

json_t *out_stats_json(const us_scanner *sc)
{
	us_stats st;
	us_scanner_stats(sc, &st);
	json_t *cats = json_object();
	for (int c = 0; c < US_CAT_COUNT; c++)
		json_object_set_new(cats, us_category_name((us_category)c), json_integer((json_int_t)st.findings[c]));
	json_t *emotions = json_object();
	for (size_t i = 0; i < us_scanner_emotion_count(sc); i++) {
		const char *family;
		size_t n;
		/* Only the families seen, so the object stays small and stable
		 * when a lexicon adds a family. */
		if (us_scanner_emotion(sc, i, &family, &n) == 0 && n)
			json_object_set_new(emotions, family, json_integer((json_int_t)n));
	}
	json_t *s = json_object();
	json_object_set_new(s, "bytes", json_integer((json_int_t)st.bytes));
	json_object_set_new(s, "words", json_integer((json_int_t)st.words));
	json_object_set_new(s, "categories", cats);
	json_object_set_new(s, "pronouns", json_pack("{s:I,s:I,s:I}", "i", (json_int_t)st.pronoun_i, "we",
						      (json_int_t)st.pronoun_we, "you", (json_int_t)st.pronoun_you));
	json_object_set_new(s, "emotions", emotions);
	json_object_set_new(s, "healthy", json_integer((json_int_t)st.healthy));
	json_object_set_new(s, "harmful", json_integer((json_int_t)st.harmful));
	json_object_set_new(s, "healthy_per_harmful",
			    st.harmful ? json_real((double)st.healthy / (double)st.harmful) : json_null());
	return s;
}

void out_end(out_ctx *o, const us_scanner *sc)
{
	json_t *stats = o->stats ? out_stats_json(sc) : NULL;
	if (o->format == OUT_JSON) {
		fputc(']', o->fp);
		if (stats) {
			fputs(",\"stats\":", o->fp);
			dump(o->fp, stats);
		}
		fputs("}\n", o->fp);
	} else if (o->format == OUT_JSONL) {
		if (stats) {
			json_t *line = json_pack("{s:O}", "stats", stats);
			dump(o->fp, line);
			fputc('\n', o->fp);
			json_decref(line);
		}
	} else if (o->format == OUT_SARIF) {
		fputs("]", o->fp);
		if (stats) {
			fputs(",\"properties\":{\"stats\":", o->fp);
			dump(o->fp, stats);
			fputc('}', o->fp);
		}
		fputs("}]}\n", o->fp);
	} else if (stats) {
		us_stats st;
		us_scanner_stats(sc, &st);
		fprintf(o->fp, "\n%zu words; pronouns: I %zu, we %zu, you %zu\n", st.words, st.pronoun_i,
			st.pronoun_we, st.pronoun_you);
		for (int c = 0; c < US_CAT_COUNT; c++)
			if (st.findings[c])
				fprintf(o->fp, "  %-14s %zu\n", us_category_name((us_category)c), st.findings[c]);
		fputs("emotion words:", o->fp);
		for (size_t i = 0; i < us_scanner_emotion_count(sc); i++) {
			const char *family;
			size_t n;
			if (us_scanner_emotion(sc, i, &family, &n) == 0 && n)
				fprintf(o->fp, " %s %zu", family, n);
		}
		fputc('\n', o->fp);
		if (st.harmful)
			fprintf(o->fp, "healthy to harmful: %zu to %zu (%.2f to 1; about 5 to 1 is what lasting couples show)\n",
				st.healthy, st.harmful, (double)st.healthy / (double)st.harmful);
		else
			fprintf(o->fp, "healthy to harmful: %zu to 0\n", st.healthy);
	}
	json_decref(stats);
	fflush(o->fp);
}

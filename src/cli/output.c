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

/*
 * Findings are written as JSON by hand: with one finding per matched
 * phrase, this is the hot path of a JSON Lines filter, and building and
 * dumping a jansson object costs about 40,000 instructions a finding (its
 * strings are copied and validated twice) against a few hundred here.
 * jansson still writes everything else (stats, records, SARIF) and parses
 * JSON Lines input. The strings escaped here are valid UTF-8 already (the
 * scanner validated the input; messages come from validated packs).
 */
static int grow_dump(out_ctx *o, size_t need)
{
	if (o->dump_len + need <= o->dump_cap)
		return 0;
	size_t cap = o->dump_cap ? o->dump_cap : 1024;
	while (cap < o->dump_len + need)
		cap *= 2;
	char *p = realloc(o->dump, cap);
	if (!p)
		return -1;
	o->dump = p;
	o->dump_cap = cap;
	return 0;
}

static void put_raw(out_ctx *o, const char *s, size_t n)
{
	if (grow_dump(o, n) == 0) {
		memcpy(o->dump + o->dump_len, s, n);
		o->dump_len += n;
	}
}

/* A JSON string (RFC 8259): quote, backslash and control characters escaped. */
static void put_string(out_ctx *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (grow_dump(o, n * 6 + 2))
		return;
	char *d = o->dump + o->dump_len;
	*d++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			*d++ = '\\';
			*d++ = (char)c;
		} else if (c < 0x20) {
			*d++ = '\\';
			switch (c) {
			case '\n': *d++ = 'n'; break;
			case '\r': *d++ = 'r'; break;
			case '\t': *d++ = 't'; break;
			default:
				*d++ = 'u';
				*d++ = '0';
				*d++ = '0';
				*d++ = hex[c >> 4];
				*d++ = hex[c & 15];
			}
		} else {
			*d++ = (char)c;
		}
	}
	*d++ = '"';
	o->dump_len = (size_t)(d - o->dump);
}

static void put_key_string(out_ctx *o, const char *key, const char *s)
{
	put_raw(o, key, strlen(key));
	put_string(o, s, strlen(s));
}

static void put_key_number(out_ctx *o, const char *key, size_t v)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%zu", v);
	put_raw(o, key, strlen(key));
	put_raw(o, num, (size_t)n);
}

/* One finding as a JSON object, appended to o->dump. */
static void finding_json(out_ctx *o, const char *file, const us_finding *f, json_t *record)
{
	put_key_string(o, "{\"file\":", file);
	put_key_number(o, ",\"line\":", f->start.line);
	put_key_number(o, ",\"column\":", f->start.column);
	put_key_number(o, ",\"end_line\":", f->end.line);
	put_key_number(o, ",\"end_column\":", f->end.column);
	put_key_number(o, ",\"offset\":", f->start.offset);
	put_key_number(o, ",\"length\":", f->end.offset - f->start.offset);
	put_key_string(o, ",\"category\":", us_category_name(f->category));
	put_key_string(o, ",\"rule\":", f->rule);
	put_key_string(o, ",\"severity\":", us_severity_name(f->severity));
	put_key_string(o, ",\"message\":", f->message);
	if (f->suggestion)
		put_key_string(o, ",\"suggestion\":", f->suggestion);
	else
		put_raw(o, ",\"suggestion\":null", 18);
	put_raw(o, ",\"text\":", 8);
	put_string(o, f->text, f->text_len);
	if (record) {
		char *r = json_dumps(record, JSON_COMPACT);
		if (r) {
			put_raw(o, ",\"record\":", 10);
			put_raw(o, r, strlen(r));
			free(r);
		}
	}
	put_raw(o, "}", 1);
}

void out_free(out_ctx *o)
{
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
		o->dump_len = 0;
		if (o->format == OUT_JSON && o->written)
			put_raw(o, ",", 1);
		finding_json(o, file, f, record);
		if (o->format == OUT_JSONL)
			put_raw(o, "\n", 1);
		fwrite(o->dump, 1, o->dump_len, o->fp);
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

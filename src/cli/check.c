/*
 * check.c: `unscripted check`: options, the ruleset they describe, and the
 * loop that feeds each input's messages to the scanner.
 */
#include "cli/cli.h"
#include "cli/config.h"
#include "cli/output.h"
#include "cli/reader.h"
#include "unscripted/unscripted.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DISABLE_MARK "unscripted-disable-next-line"
#define MAX_DISABLED 256

typedef struct check_opts {
	out_format format;
	int lines;
	const char *jsonl_field;
	uint32_t only, ignore; /* category bit masks; 0 = not given */
	us_severity min_severity;
	int quiet, stats, exit_zero, no_config, no_default_rules, list_rules;
	const char *config;
	const char **rule_paths;
	size_t nrule_paths;
	int color; /* -1 auto */
} check_opts;

typedef struct run {
	check_opts *opts;
	out_ctx out;
	us_scanner *sc;
	const char *file;
	json_t *record;
	size_t record_line;
	int failing;   /* a warning or error was reported */
	int bad_input; /* some input could not be read or was not valid */
	size_t disabled[MAX_DISABLED];
	size_t ndisabled;
} run;

static void help(FILE *out)
{
	fputs("usage: unscripted check [OPTIONS] [FILE...]\n"
	      "\n"
	      "Find gender scripts (stereotypes, gendered roles and terms) and harmful or\n"
	      "healthy talk patterns in text. Reads standard input when no FILE or '-' is given.\n"
	      "\n"
	      "  -f, --format FMT        text (default), json, jsonl or sarif\n"
	      "      --lines             every input line is its own message (chat logs)\n"
	      "      --jsonl-input FIELD input is JSON Lines; analyze the string at FIELD\n"
	      "      --only CATS         report only these categories (comma-separated)\n"
	      "      --ignore CATS       do not report these categories\n"
	      "      --min-severity LVL  report findings of at least info, warning or error\n"
	      "  -q, --quiet             no info findings (the healthy patterns)\n"
	      "      --stats             add counts: categories, pronouns, emotion words, ratio\n"
	      "      --rules PATH        add a rule pack file or a folder of packs (repeatable)\n"
	      "      --no-default-rules  load no built-in rule pack (lexicons stay)\n"
	      "      --list-rules        list the loaded rules and filters, then exit\n"
	      "      --config FILE       use this config instead of the nearest .unscripted.yml\n"
	      "      --no-config         ignore .unscripted.yml files\n"
	      "      --exit-zero         exit 0 even when findings are reported\n"
	      "      --color WHEN        auto (default), always or never\n"
	      "  -h, --help              show this help\n"
	      "\n"
	      "Exit status: 0 no warning or error finding, 1 at least one, 2 bad usage or\n"
	      "unreadable input. See unscripted(1).\n",
	      out);
}

static int parse_categories(const char *list, uint32_t *mask)
{
	char *copy = strdup(list);
	if (!copy)
		return -1;
	int rc = 0;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		us_category c;
		while (*tok == ' ')
			tok++;
		if (us_category_parse(&c, tok)) {
			fprintf(stderr, "unscripted check: unknown category '%s'\n", tok);
			rc = -1;
			break;
		}
		*mask |= 1u << c;
	}
	free(copy);
	return rc;
}

static int line_disabled(const run *r, size_t line)
{
	for (size_t i = 0; i < r->ndisabled; i++)
		if (r->disabled[i] == line)
			return 1;
	return 0;
}

/* Note the lines that an inline marker switches off. Markers are rare:
 * search for them first and count lines only when one is found. */
static void note_disabled(run *r, const char *msg, size_t len, us_position at)
{
	const size_t mark_len = sizeof(DISABLE_MARK) - 1;
	const char *end = msg + len, *counted = msg;
	size_t line = at.line;
	if (len < mark_len)
		return;
	/* Look for the hyphen after "unscripted": hyphens are rare in prose. */
	const size_t head = sizeof("unscripted") - 1;
	for (const char *q = msg + head; q < end && (q = memchr(q, '-', (size_t)(end - q))) != NULL; q++) {
		const char *p = q - head;
		if ((size_t)(end - p) < mark_len || memcmp(p, DISABLE_MARK, mark_len) != 0)
			continue;
		for (; counted < p; counted++)
			line += *counted == '\n';
		if (r->ndisabled && r->disabled[r->ndisabled - 1] == line + 1)
			continue;
		if (r->ndisabled == MAX_DISABLED)
			memmove(r->disabled, r->disabled + 1, (MAX_DISABLED - 1) * sizeof(size_t));
		else
			r->ndisabled++;
		r->disabled[r->ndisabled - 1] = line + 1;
	}
}

static int on_finding(const us_finding *f, void *ctx)
{
	run *r = ctx;
	const check_opts *o = r->opts;
	uint32_t bit = 1u << f->category;
	if ((o->only && !(o->only & bit)) || (o->ignore & bit))
		return 0;
	if (f->severity < o->min_severity || (o->quiet && f->severity == US_SEVERITY_INFO))
		return 0;
	if (!r->record && line_disabled(r, f->start.line))
		return 0;
	us_finding g = *f;
	if (r->record) {
		/* In JSON Lines input, the line is the record's. */
		g.start.line = g.end.line = r->record_line;
	}
	out_finding(&r->out, r->file, &g, r->record);
	if (f->severity >= US_SEVERITY_WARNING)
		r->failing = 1;
	return 0;
}

/* Scan one message; invalid UTF-8 is reported with its position, and the
 * message is analyzed with each bad byte read as '?', so nothing after it
 * is lost. */
static int scan_message(run *r, const char *msg, size_t len, us_position at)
{
	us_error err = US_ERROR_INIT;
	int rc = us_scanner_scan(r->sc, msg, len, at, on_finding, r, &err);
	if (rc != US_EUTF8) {
		if (rc)
			fprintf(stderr, "unscripted: %s: %s\n", r->file, err.message);
		return rc;
	}
	char *copy = malloc(len ? len : 1);
	if (!copy) {
		fprintf(stderr, "unscripted: out of memory\n");
		return US_ENOMEM;
	}
	memcpy(copy, msg, len);
	/* Each bad byte is reported where it is; the position is carried
	 * forward, not recounted from the start for every byte. */
	us_position p = at;
	size_t counted = 0, i = 0;
	r->bad_input = 1;
	while (i < len) {
		size_t bad = i + us_utf8_invalid_offset(copy + i, len - i);
		if (bad >= len)
			break;
		for (; counted < bad; counted++) {
			if (copy[counted] == '\n') {
				p.line++;
				p.column = 1;
			} else if (((unsigned char)copy[counted] & 0xC0) != 0x80) {
				p.column++;
			}
		}
		fprintf(stderr, "%s:%zu:%zu: invalid UTF-8 at byte offset %zu; read as '?'\n", r->file, p.line,
			p.column, at.offset + bad);
		copy[bad] = '?';
		i = bad + 1;
	}
	rc = us_scanner_scan(r->sc, copy, len, at, on_finding, r, &err);
	if (rc)
		fprintf(stderr, "unscripted: %s: %s\n", r->file, err.message);
	free(copy);
	return rc;
}

static void check_jsonl_record(run *r, const char *line, size_t len, size_t lineno, size_t *skipped)
{
	json_error_t jerr;
	json_t *rec = json_loadb(line, len, 0, &jerr);
	json_t *text = rec ? json_object_get(rec, r->opts->jsonl_field) : NULL;
	if (!rec || !json_is_object(rec)) {
		fprintf(stderr, "%s:%zu: skipped: not a JSON object (%s)\n", r->file, lineno,
			rec ? "another JSON value" : jerr.text);
		(*skipped)++;
	} else if (!json_is_string(text)) {
		fprintf(stderr, "%s:%zu: skipped: no string field '%s'\n", r->file, lineno, r->opts->jsonl_field);
		(*skipped)++;
	} else {
		json_incref(text);
		json_object_del(rec, r->opts->jsonl_field);
		r->record = rec;
		r->record_line = lineno;
		us_position at = { 0, lineno, 1 };
		scan_message(r, json_string_value(text), json_string_length(text), at);
		r->record = NULL;
		json_decref(text);
	}
	json_decref(rec);
}

static void check_stream(run *r, FILE *fp)
{
	reader rd;
	reader_init(&rd, fp, r->opts->lines || r->opts->jsonl_field);
	const char *msg;
	size_t len, skipped = 0;
	us_position at;
	int got;
	r->ndisabled = 0;
	while ((got = reader_next(&rd, &msg, &len, &at)) > 0) {
		if (r->opts->jsonl_field) {
			if (len == 0)
				continue;
			check_jsonl_record(r, msg, len, at.line, &skipped);
			continue;
		}
		note_disabled(r, msg, len, at);
		if (scan_message(r, msg, len, at) == US_ENOMEM)
			break;
	}
	if (got < 0) {
		r->bad_input = 1;
		if (rd.binary)
			fprintf(stderr, "unscripted: %s: binary file, skipped\n", r->file);
		else
			fprintf(stderr, "unscripted: %s: read error: %s\n", r->file, strerror(rd.error));
	}
	if (r->opts->jsonl_field && skipped)
		fprintf(stderr, "%s: %zu record%s skipped\n", r->file, skipped, skipped == 1 ? "" : "s");
	reader_free(&rd);
}

static void check_path(run *r, const char *path)
{
	if (!strcmp(path, "-")) {
		r->file = "-";
		check_stream(r, stdin);
		return;
	}
	r->file = path;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "unscripted: %s: is a directory\n", path);
		r->bad_input = 1;
		return;
	}
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "unscripted: %s: cannot open: %s\n", path, strerror(errno));
		r->bad_input = 1;
		return;
	}
	check_stream(r, fp);
	fclose(fp);
}

/* One line a rule: id, category (or "filter"), patterns, state, file. */
static void list_rules(const us_ruleset *rs)
{
	size_t rules = 0, patterns = 0;
	for (size_t i = 0; i < us_ruleset_rule_count(rs); i++) {
		us_rule_info info;
		if (us_ruleset_rule_info(rs, i, &info))
			continue;
		printf("%s\t%s\t%zu\t%s\t%s\n", info.id, info.is_filter ? "filter" : us_category_name(info.category),
		       info.patterns, info.enabled || info.is_filter ? "on" : "off", info.source);
		rules += !info.is_filter;
		patterns += info.patterns;
	}
	printf("# %zu rules, %zu patterns in all\n", rules, patterns);
}

static int build_ruleset(check_opts *o, us_ruleset **out)
{
	us_error err = US_ERROR_INIT;
	rules_opts ro = { o->rule_paths, o->nrule_paths, o->config, o->no_config, o->no_default_rules };
	int rc = rules_build(&ro, out, &err);
	if (rc)
		fprintf(stderr, "unscripted: %s\n", err.message);
	return rc;
}

int us__cli_check(int argc, char **argv)
{
	enum { O_LINES = 256, O_JSONL, O_ONLY, O_IGNORE, O_MINSEV, O_STATS, O_RULES, O_CONFIG,
	       O_NOCONFIG, O_EXITZERO, O_COLOR, O_NODEFAULT, O_LIST };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lines", no_argument, NULL, O_LINES },
		{ "jsonl-input", required_argument, NULL, O_JSONL },
		{ "only", required_argument, NULL, O_ONLY },
		{ "ignore", required_argument, NULL, O_IGNORE },
		{ "min-severity", required_argument, NULL, O_MINSEV },
		{ "quiet", no_argument, NULL, 'q' },
		{ "stats", no_argument, NULL, O_STATS },
		{ "rules", required_argument, NULL, O_RULES },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "no-config", no_argument, NULL, O_NOCONFIG },
		{ "no-default-rules", no_argument, NULL, O_NODEFAULT },
		{ "list-rules", no_argument, NULL, O_LIST },
		{ "exit-zero", no_argument, NULL, O_EXITZERO },
		{ "color", required_argument, NULL, O_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	check_opts o;
	memset(&o, 0, sizeof(o));
	o.color = -1;
	const char *rule_paths[64];
	o.rule_paths = rule_paths;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (out_parse_format(&o.format, optarg)) {
				fprintf(stderr, "unscripted check: unknown format '%s' (text, json, jsonl, sarif)\n", optarg);
				return US_EXIT_USAGE;
			}
			break;
		case O_LINES: o.lines = 1; break;
		case O_JSONL: o.jsonl_field = optarg; break;
		case O_ONLY:
			if (parse_categories(optarg, &o.only))
				return US_EXIT_USAGE;
			break;
		case O_IGNORE:
			if (parse_categories(optarg, &o.ignore))
				return US_EXIT_USAGE;
			break;
		case O_MINSEV:
			if (us_severity_parse(&o.min_severity, optarg)) {
				fprintf(stderr, "unscripted check: unknown severity '%s' (info, warning, error)\n", optarg);
				return US_EXIT_USAGE;
			}
			break;
		case 'q': o.quiet = 1; break;
		case O_STATS: o.stats = 1; break;
		case O_RULES:
			if (o.nrule_paths == 64) {
				fprintf(stderr, "unscripted check: at most 64 --rules\n");
				return US_EXIT_USAGE;
			}
			rule_paths[o.nrule_paths++] = optarg;
			break;
		case O_CONFIG: o.config = optarg; break;
		case O_NOCONFIG: o.no_config = 1; break;
		case O_NODEFAULT: o.no_default_rules = 1; break;
		case O_LIST: o.list_rules = 1; break;
		case O_EXITZERO: o.exit_zero = 1; break;
		case O_COLOR:
			if (!strcmp(optarg, "always"))
				o.color = 1;
			else if (!strcmp(optarg, "never"))
				o.color = 0;
			else if (!strcmp(optarg, "auto"))
				o.color = -1;
			else {
				fprintf(stderr, "unscripted check: --color takes auto, always or never\n");
				return US_EXIT_USAGE;
			}
			break;
		case 'h':
			help(stdout);
			return US_EXIT_OK;
		case ':':
			fprintf(stderr, "unscripted check: option '%s' needs a value\n", argv[optind - 1]);
			return US_EXIT_USAGE;
		default:
			fprintf(stderr, "unscripted check: unknown option '%s' (try --help)\n", argv[optind - 1]);
			return US_EXIT_USAGE;
		}
	}
	us_ruleset *rs;
	if (build_ruleset(&o, &rs))
		return US_EXIT_USAGE;
	if (o.list_rules) {
		list_rules(rs);
		us_ruleset_free(rs);
		return US_EXIT_OK;
	}
	us_error err = US_ERROR_INIT;
	run r;
	memset(&r, 0, sizeof(r));
	r.opts = &o;
	if (us_scanner_new(&r.sc, rs, &err)) {
		fprintf(stderr, "unscripted: %s\n", err.message);
		us_ruleset_free(rs);
		return US_EXIT_USAGE;
	}
	r.out.fp = stdout;
	r.out.format = o.format;
	r.out.stats = o.stats;
	r.out.rules = rs;
	r.out.color = o.color < 0 ? isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL : o.color;
	out_begin(&r.out);
	if (optind >= argc)
		check_path(&r, "-");
	for (int i = optind; i < argc; i++)
		check_path(&r, argv[i]);
	out_end(&r.out, r.sc);
	out_free(&r.out);
	us_scanner_free(r.sc);
	us_ruleset_free(rs);
	if (r.bad_input)
		return US_EXIT_USAGE;
	return r.failing && !o.exit_zero ? US_EXIT_FINDINGS : US_EXIT_OK;
}

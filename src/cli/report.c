/*
 * report.c: the `unscripted report` command. Thin: it parses options,
 * builds the default ruleset, streams the chat export through
 * chat_import into the report (src/app/report.c), then writes what was
 * asked: an HTML page, JSON, or a short summary on standard output.
 *
 *   unscripted report CHAT [--out report.html] [--json report.json] [--redact]
 *                          [--input-format whatsapp|telegram|csv|jsonl]
 *                          [--date-order dmy|mdy]
 */
#include "cli/report.h"
#include "cli/config.h"

#include "app/chat.h"
#include "app/report.h"
#include "unscripted/analyze.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skipped lines are all counted, but only this many are listed, so a
 * file in the wrong format does not flood the terminal. */
#define MAX_SKIPS_SHOWN 20

static const char usage_text[] =
	"usage: unscripted report CHAT [--out FILE.html] [--json FILE.json] [--redact]\n"
	"                              [--input-format whatsapp|telegram|csv|jsonl]\n"
	"                              [--date-order dmy|mdy] [--rules PATH] [--no-config]\n"
	"\n"
	"How two people talk, from a chat export (WhatsApp .txt, Telegram result.json,\n"
	"CSV or JSON Lines of time, sender, text): per person, messages and words,\n"
	"I / we / you, feelings named, every talk pattern and script per 100 messages,\n"
	"healthy for each harmful finding, how bids for connection were answered, and\n"
	"all of it month by month. Without --out or --json, prints a short summary.\n"
	"\n"
	"  --out FILE           write one self-contained HTML page ('-': standard output)\n"
	"  --json FILE          write the figures as JSON ('-': standard output)\n"
	"  --redact             keep no message text in the output, only counts\n"
	"  --input-format FMT   whatsapp, telegram, csv or jsonl (default: detected)\n"
	"  --date-order ORDER   dmy or mdy for dates like 1/2/24 (default: from the file)\n"
	"  --rules PATH         add a rule pack file or folder (repeatable), as for check\n"
	"  --config FILE        use this config instead of the nearest .unscripted.yml\n"
	"  --no-config          ignore .unscripted.yml files\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 written, 2 bad usage, unreadable input or no message, 1 other failure.\n";

typedef struct run {
	report *rep;
	const char *file;
	us_error err;
	int report_failed; /* the callback stopped the import */
	size_t skips_shown;
} run;

static int usage(const char *msg, const char *arg)
{
	if (msg)
		fprintf(stderr, "unscripted report: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fputs(usage_text, stderr);
	return 2;
}

static void on_skip(size_t line, const char *reason, void *ctx)
{
	run *r = ctx;
	if (r->skips_shown < MAX_SKIPS_SHOWN)
		fprintf(stderr, "%s:%zu: skipped: %s\n", r->file, line, reason);
	r->skips_shown++;
}

static int on_message(const chat_message *msg, void *ctx)
{
	run *r = ctx;
	int rc = report_add(r->rep, msg, &r->err);
	if (rc)
		r->report_failed = 1;
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

typedef int (*writer_fn)(const report *r, FILE *fp, us_error *err);

static int write_out(const report *rep, const char *path, writer_fn fn, const char *what)
{
	us_error err = US_ERROR_INIT;
	int to_stdout = !strcmp(path, "-");
	FILE *fp = to_stdout ? stdout : fopen(path, "w");
	if (!fp) {
		fprintf(stderr, "unscripted report: cannot write %s %s: %s\n", what, path, strerror(errno));
		return 1;
	}
	int rc = fn(rep, fp, &err);
	if (to_stdout) {
		if (fflush(stdout) && !rc) {
			rc = US_EIO;
			snprintf(err.message, sizeof(err.message), "could not write to standard output: %s",
				 strerror(errno));
		}
	} else if (fclose(fp) && !rc) {
		rc = US_EIO;
		snprintf(err.message, sizeof(err.message), "could not write %s: %s", path, strerror(errno));
	}
	if (rc) {
		fprintf(stderr, "unscripted report: %s\n", err.message[0] ? err.message : us_strerror(rc));
		return 1;
	}
	return 0;
}

static void summary(const report *rep)
{
	printf("%zu messages", rep->messages);
	if (rep->skipped_lines)
		printf(", %zu lines skipped", rep->skipped_lines);
	printf("\n");
	for (size_t i = 0; i < rep->npeople; i++) {
		const report_counts *c = &rep->people[i].total;
		double ratio;
		printf("%s: %zu messages, %zu words; ", rep->people[i].name, c->messages, c->words);
		if (report_ratio(c, &ratio) == 0)
			printf("%.1f healthy per harmful (stable couples: about 5); ", ratio);
		else
			printf("%zu healthy, no harmful; ", c->healthy);
		printf("bids %zu: toward %zu, away %zu, unclear %zu, no reply %zu\n", c->bids, c->turns[REPORT_TOWARD],
		       c->turns[REPORT_AWAY], c->turns[REPORT_UNCLEAR], c->turns[REPORT_NO_REPLY]);
	}
	if (rep->nscripts)
		printf("most frequent script: %s (%zu)\n",
		       rep->scripts[0].message ? rep->scripts[0].message : rep->scripts[0].rule, rep->scripts[0].count);
	printf("Write the full report with --out report.html or --json report.json.\n");
}

int us__cli_report(int argc, char **argv)
{
	const char *file = NULL, *html_path = NULL, *json_path = NULL;
	report_opts ropts = REPORT_OPTS_INIT;
	chat_import_opts iopts = {CHAT_AUTO, CHAT_DATE_AUTO, NULL, NULL};
	chat_import_stats stats;
	us_ruleset *rs = NULL;
	run r;
	int status = 0, rc;
	FILE *fp = NULL;

	const char *rule_paths[64];
	rules_opts rules = { rule_paths, 0, NULL, 0, 0 };

	memset(&r, 0, sizeof(r));
	memset(&stats, 0, sizeof(stats));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(a, "--redact")) {
			ropts.redact = 1;
		} else if (!strcmp(a, "--no-config")) {
			rules.no_config = 1;
		} else if (a[0] == '-' && a[1] == '-' && a[2]) {
			if (i + 1 >= argc)
				return usage("option needs a value", a);
			const char *val = argv[++i];
			if (!strcmp(a, "--out")) {
				html_path = val;
			} else if (!strcmp(a, "--json")) {
				json_path = val;
			} else if (!strcmp(a, "--rules")) {
				if (rules.npaths == sizeof(rule_paths) / sizeof(rule_paths[0]))
					return usage("at most 64 --rules", val);
				rule_paths[rules.npaths++] = val;
			} else if (!strcmp(a, "--config")) {
				rules.config = val;
			} else if (!strcmp(a, "--input-format")) {
				if (chat_format_parse(&iopts.format, val))
					return usage("--input-format is whatsapp, telegram, csv or jsonl", val);
			} else if (!strcmp(a, "--date-order")) {
				if (!strcmp(val, "dmy"))
					iopts.date_order = CHAT_DATE_DMY;
				else if (!strcmp(val, "mdy"))
					iopts.date_order = CHAT_DATE_MDY;
				else
					return usage("--date-order is dmy or mdy", val);
			} else {
				return usage("unknown option", a);
			}
		} else if (!file) {
			file = a;
		} else {
			return usage("more than one chat export", a);
		}
	}
	if (!file)
		return usage("no chat export given", NULL);
	if (html_path && json_path && !strcmp(html_path, "-") && !strcmp(json_path, "-"))
		return usage("--out and --json cannot both be standard output", NULL);

	r.file = file;
	iopts.on_skip = on_skip;
	iopts.skip_ctx = &r;
	fp = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	if (!fp) {
		fprintf(stderr, "unscripted report: cannot read %s: %s\n", file, strerror(errno));
		return 2;
	}

	/* The same packs as check: defaults, --rules, .unscripted.yml. */
	if ((rc = rules_build(&rules, &rs, &r.err)) != 0) {
		/* A missing or broken pack is bad input, as for check. */
		fprintf(stderr, "unscripted report: %s\n", r.err.message);
		status = 2;
		goto done;
	}
	if ((rc = report_new(&r.rep, rs, &ropts, &r.err)) != 0) {
		fprintf(stderr, "unscripted report: %s\n", r.err.message);
		status = 1;
		goto done;
	}
	r.rep->source = base_name(file);

	us_error ierr = US_ERROR_INIT;
	rc = chat_import(fp, file, &iopts, on_message, &r, &stats, &ierr);
	if (rc) {
		if (r.report_failed) {
			fprintf(stderr, "unscripted report: %s: %s\n", file, r.err.message);
			status = rc == US_ENOMEM ? 1 : 2;
		} else {
			fprintf(stderr, "unscripted report: %s\n",
				ierr.message[0] ? ierr.message : us_strerror(rc));
			status = rc == US_ENOMEM ? 1 : 2;
		}
		goto done;
	}
	if (r.skips_shown > MAX_SKIPS_SHOWN)
		fprintf(stderr, "%s: %zu more lines skipped\n", file, r.skips_shown - MAX_SKIPS_SHOWN);
	if (!r.rep->messages) {
		fprintf(stderr, "unscripted report: %s: no message could be read\n", file);
		status = 2;
		goto done;
	}
	r.rep->skipped_lines = stats.skipped_lines;
	r.rep->format = chat_format_name(stats.format);
	if ((rc = report_finish(r.rep, &r.err))) {
		fprintf(stderr, "unscripted report: %s\n", r.err.message);
		status = 1;
		goto done;
	}

	if (html_path)
		status |= write_out(r.rep, html_path, report_write_html, "the HTML report to");
	if (json_path)
		status |= write_out(r.rep, json_path, report_write_json, "the JSON report to");
	if (!html_path && !json_path)
		summary(r.rep);

done:
	if (fp && fp != stdin)
		fclose(fp);
	report_free(r.rep);
	us_ruleset_free(rs);
	return status;
}

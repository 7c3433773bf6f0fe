/*
 * share.c: the `unscripted share` command. Thin by design: it parses
 * arguments, loads the household, calls the library and writes what the
 * library rendered (text or JSON), so the web API can return the same.
 *
 *   unscripted share plan FILE [--format text|json] [--period 1|2|4]
 *                              [--tolerance MIN] [--fresh] [--start DATE] [--ics DIR]
 *   unscripted share rebalance FILE --event new-baby|job-change|illness|move
 *                              [--person NAME] [--format text|json] ...
 */
#include "cli/share.h"

#include "unscripted/share.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: unscripted share plan FILE [--format text|json] [--period 1|2|4]\n"
	"                                  [--tolerance MINUTES] [--fresh]\n"
	"                                  [--start YYYY-MM-DD] [--ics DIR]\n"
	"       unscripted share rebalance FILE --event new-baby|job-change|illness|move\n"
	"                                  [--person NAME] [--format text|json] [...]\n"
	"\n"
	"Plans who does which household task, fairly in total load (paid work\n"
	"included), then by skill and interest, with verified fairness checks.\n"
	"The household file is described in docs/household.md.\n"
	"  --format     text (default) or json\n"
	"  --period     planning period in weeks (default: the file's, else 2, or 4 with monthly tasks)\n"
	"  --tolerance  loads this many minutes a week apart count as equal (default 15)\n"
	"  --fresh      ignore the file's previous_plan\n"
	"  --start      the plan's first day, a Monday (default: next Monday in the\n"
	"               household's time zone); places absences and calendar events\n"
	"  --ics        write one iCalendar file per person (RFC 5545) into DIR\n"
	"  --event      (rebalance) a life event to apply before re-planning\n"
	"  --person     (rebalance) whom the event concerns\n"
	"Exit status: 0 planned, 2 bad input or usage, 3 no feasible plan, 1 other failure.\n";

static int usage(const char *msg, const char *arg)
{
	if (msg)
		fprintf(stderr, "unscripted share: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fputs(usage_text, stderr);
	return 2;
}

static int exit_code(int rc)
{
	switch (rc) {
	case US_EINFEASIBLE: return 3;
	case US_ENOMEM: return 1;
	default: return 2;
	}
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* A file name from a person's name: letters, digits, '-' and '_' kept,
 * anything else (spaces, '/', dots) as '_'; non-ASCII bytes are kept, so
 * "Zoë" stays readable. */
static void file_name(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)name; *c && n + 5 < size; c++) {
		int keep = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			   *c == '-' || *c == '_' || *c >= 0x80;
		out[n++] = keep ? (char)*c : '_';
	}
	out[n] = '\0';
}

/* Writes DIR/<name>.ics per person; returns an exit status, having said
 * what failed. */
static int write_calendars(const us_share_plan *p, const char *dir)
{
	char names[US_SHARE_MAX_PEOPLE][128];
	size_t n = 0;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "unscripted share: cannot create %s: %s\n", dir, strerror(errno));
		return 2;
	}
	for (us_share_person_summary s; n < US_SHARE_MAX_PEOPLE && us_share_plan_person(p, n, &s) == 0; n++) {
		file_name(s.name, names[n], sizeof(names[n]) - 4);
		for (size_t k = 0; k < n; k++)
			if (strcmp(names[k], names[n]) == 0) { /* "A B" and "A_B" */
				size_t len = strlen(names[n]);
				names[n][len] = '-';
				names[n][len + 1] = (char)('1' + n);
				names[n][len + 2] = '\0';
			}
	}
	for (size_t i = 0; i < n; i++) {
		us_error err = US_ERROR_INIT;
		char *text = NULL;
		int rc = us_share_plan_ics(p, i, &text, &err);
		if (rc) {
			fprintf(stderr, "unscripted share: %s\n", err.message[0] ? err.message : us_strerror(rc));
			return rc == US_ENOMEM ? 1 : 2;
		}
		size_t need = strlen(dir) + strlen(names[i]) + 6;
		char *path = malloc(need);
		FILE *f = NULL;
		int ok = path != NULL;
		if (ok) {
			snprintf(path, need, "%s/%s.ics", dir, names[i]);
			f = fopen(path, "wb");
			ok = f && fputs(text, f) >= 0;
			ok = (f && fclose(f) == 0) && ok;
		}
		free(text);
		if (!ok)
			fprintf(stderr, "unscripted share: cannot write %s: %s\n", path ? path : dir, strerror(errno));
		free(path);
		if (!ok)
			return 1;
	}
	return 0;
}

int us__cli_share(int argc, char **argv)
{
	const char *file = NULL, *format = "text", *event = NULL, *person = NULL, *ics_dir = NULL;
	char start[11];
	us_share_options opts = US_SHARE_OPTIONS_INIT;
	us_share_household *h = NULL;
	us_share_plan *p = NULL;
	us_error err = US_ERROR_INIT;
	char *out = NULL, what[512] = "";
	int rebalance, status = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "plan") == 0)
		rebalance = 0;
	else if (strcmp(argv[1], "rebalance") == 0)
		rebalance = 1;
	else
		return usage("unknown subcommand", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		long v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else if (strcmp(a, "--fresh") == 0) {
			opts.ignore_previous = 1;
		} else if (a[0] == '-' && a[1] == '-' && a[2]) {
			if (i + 1 >= argc)
				return usage("option needs a value", a);
			const char *val = argv[++i];
			if (strcmp(a, "--format") == 0) {
				if (strcmp(val, "text") && strcmp(val, "json"))
					return usage("--format is text or json", val);
				format = val;
			} else if (strcmp(a, "--period") == 0) {
				if (parse_long(val, 1, 4, &v) || v == 3)
					return usage("--period is 1, 2 or 4", val);
				opts.period_weeks = (int)v;
			} else if (strcmp(a, "--tolerance") == 0) {
				if (parse_long(val, 0, 1440, &v))
					return usage("--tolerance is minutes from 0 to 1440", val);
				opts.tolerance_minutes = v;
			} else if (strcmp(a, "--start") == 0) {
				opts.start = val;
			} else if (strcmp(a, "--ics") == 0) {
				if (!*val)
					return usage("--ics needs a directory", NULL);
				ics_dir = val;
			} else if (strcmp(a, "--event") == 0 && rebalance) {
				event = val;
			} else if (strcmp(a, "--person") == 0 && rebalance) {
				person = val;
			} else {
				return usage("unknown option", a);
			}
		} else if (!file) {
			file = a;
		} else {
			return usage("more than one household file", a);
		}
	}
	if (!file)
		return usage("no household file given", NULL);
	if (rebalance && !event)
		return usage("rebalance needs --event", NULL);

	if ((rc = us_share_household_load_file(&h, file, &err)))
		goto fail;
	if (rebalance) {
		us_share_event ev;
		if (us_share_event_parse(&ev, event)) {
			us_share_household_free(h);
			return usage("unknown event (new-baby, job-change, illness, move)", event);
		}
		if ((rc = us_share_household_apply_event(h, ev, person, what, sizeof(what), &err)))
			goto fail;
	}
	if (!opts.start) {
		if ((rc = us_share_household_next_monday(h, start, &err)))
			goto fail;
		opts.start = start;
	}
	if ((rc = us_share_plan_new(&p, h, &opts, &err)))
		goto fail;
	if (ics_dir && (status = write_calendars(p, ics_dir)))
		goto done;
	if (strcmp(format, "json") == 0)
		rc = us_share_plan_json(p, &out, &err);
	else
		rc = us_share_plan_text(p, &out, &err);
	if (rc)
		goto fail;
	if (rebalance && strcmp(format, "text") == 0)
		printf("Event: %s\n\n", what);
	fputs(out, stdout);
	if (strcmp(format, "json") == 0)
		fputc('\n', stdout);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "unscripted share: cannot write the plan\n");
		status = 1;
	}
	goto done;
fail:
	fprintf(stderr, "unscripted share: %s\n", err.message[0] ? err.message : us_strerror(rc));
	status = exit_code(rc);
done:
	free(out);
	us_share_plan_free(p);
	us_share_household_free(h);
	return status;
}

/*
 * output.h: the formats of `unscripted check`: text, json, jsonl, sarif.
 * Every format writes as findings arrive, so memory stays bounded whatever
 * the number of findings.
 */
#ifndef US_CLI_OUTPUT_H
#define US_CLI_OUTPUT_H

#include "unscripted/analyze.h"

#include <jansson.h>
#include <stdio.h>

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_SARIF } out_format;

typedef struct out_ctx {
	FILE *fp;
	out_format format;
	int color;
	int stats;
	size_t written;          /* findings written so far */
	const us_ruleset *rules; /* for the SARIF rule list */
	char *dump; /* the finding being written */
	size_t dump_len, dump_cap;
} out_ctx;

int out_parse_format(out_format *out, const char *name);
void out_begin(out_ctx *o);
/* record: the input record for --jsonl-input (borrowed), else NULL. */
void out_finding(out_ctx *o, const char *file, const us_finding *f, json_t *record);
void out_end(out_ctx *o, const us_scanner *sc);
void out_free(out_ctx *o);
/* The statistics object of --stats; the caller owns the result. */
json_t *out_stats_json(const us_scanner *sc);

#endif

/*
 * category.c: the categories and severities of TAXONOMY.md. The names are
 * a public interface (JSON output, rule packs): never rename one without a
 * migration note.
 */
#include "unscripted/analyze.h"

#include <string.h>

static const char *const category_names[US_CAT_COUNT] = {
	"stereotype",  "gendered-role", "gendered-term", "criticism",   "contempt",
	"defensiveness", "stonewalling", "dismissal",   "suppression", "appeasement",
	"i-statement", "reflection",    "appreciation", "vulnerability", "repair",
};

const char *us_category_name(us_category cat)
{
	return (unsigned)cat < US_CAT_COUNT ? category_names[cat] : NULL;
}

int us_category_parse(us_category *out, const char *name)
{
	for (int i = 0; i < US_CAT_COUNT; i++)
		if (name && strcmp(name, category_names[i]) == 0) {
			*out = (us_category)i;
			return 0;
		}
	return US_ENOTFOUND;
}

us_severity us_category_severity(us_category cat)
{
	switch (cat) {
	case US_CAT_STEREOTYPE:
	case US_CAT_CONTEMPT:
		return US_SEVERITY_ERROR;
	case US_CAT_I_STATEMENT:
	case US_CAT_REFLECTION:
	case US_CAT_APPRECIATION:
	case US_CAT_VULNERABILITY:
	case US_CAT_REPAIR:
		return US_SEVERITY_INFO;
	default:
		return US_SEVERITY_WARNING;
	}
}

const char *us_severity_name(us_severity sev)
{
	switch (sev) {
	case US_SEVERITY_ERROR: return "error";
	case US_SEVERITY_WARNING: return "warning";
	default: return "info";
	}
}

int us_severity_parse(us_severity *out, const char *name)
{
	static const char *const names[] = { "info", "warning", "error" };
	for (int i = 0; i < 3; i++)
		if (name && strcmp(name, names[i]) == 0) {
			*out = (us_severity)i;
			return 0;
		}
	return US_ENOTFOUND;
}

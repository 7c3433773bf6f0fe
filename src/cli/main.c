/*
 * main.c: the unscripted command: picks the subcommand.
 */
#include "cli/cli.h"
#include "cli/report.h"
#include "cli/share.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("usage: unscripted <command> [options]\n"
	      "\n"
	      "See the gender scripts and talk patterns in what we write, and say it better.\n"
	      "\n"
	      "commands:\n"
	      "  check    find scripts and harmful or healthy talk patterns in text\n"
	      "  share    divide the household's work fairly by skill and interest\n"
	      "  report   how two people talk, from a chat export (HTML or JSON)\n"
	      "\n"
	      "options:\n"
	      "  -h, --help     show this help\n"
	      "  --version      show the version\n"
	      "\n"
	      "Run 'unscripted <command> --help' for a command's options; see unscripted(1).\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return US_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return US_EXIT_OK;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("unscripted %s\n", US_VERSION);
		return US_EXIT_OK;
	}
	if (!strcmp(cmd, "check"))
		return us__cli_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "share"))
		return us__cli_share(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return us__cli_report(argc - 1, argv + 1);
	fprintf(stderr, "unscripted: unknown command '%s' (try 'unscripted --help')\n", cmd);
	return US_EXIT_USAGE;
}

/*
 * cli.h: the subcommands of the unscripted command. Each takes argv with
 * argv[0] the subcommand name and returns the process exit status.
 */
#ifndef US_CLI_H
#define US_CLI_H

#define US_EXIT_OK 0
#define US_EXIT_FINDINGS 1
#define US_EXIT_USAGE 2

int us__cli_check(int argc, char **argv);

#endif

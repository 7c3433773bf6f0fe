/*
 * share.h: `unscripted share`, dispatched from main.c. argv[0] is "share".
 * Returns the process exit status: 0 success, 1 an internal failure (out of
 * memory), 2 bad input or usage, 3 an infeasible household.
 */
#ifndef US_CLI_SHARE_H
#define US_CLI_SHARE_H

int us__cli_share(int argc, char **argv);

#endif

/*
 * report.h: `unscripted report`, dispatched from main.c. argv[0] is
 * "report". Returns the process exit status: 0 success, 2 bad usage,
 * unreadable input or no message parsed, 1 another failure (memory,
 * writing the output).
 */
#ifndef US_CLI_REPORT_H
#define US_CLI_REPORT_H

int us__cli_report(int argc, char **argv);

#endif

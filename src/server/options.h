/*
 * options: every recertd option, in one table (options.c): its flag, its
 * environment variable, its default, its range and its help text. The
 * commands' getopt tables, their usage texts, the defaults and the checks
 * are all derived from it. A flag wins over the environment, which wins
 * over the default.
 */
#ifndef RECERT_SERVER_OPTIONS_H
#define RECERT_SERVER_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "server.h"

typedef enum recertd_cmd {
    CMD_SERVE = 1 << 0,
    CMD_IMPORT = 1 << 1,
    CMD_DEMO = 1 << 2,
} recertd_cmd;

/* What every command's options fill in. */
typedef struct recertd_options {
    server_config cfg;          /* serve (and db_url for every command) */
    bool replace;               /* import */
    bool print_ids;             /* import */
    long identities;            /* demo */
    long seed;                  /* demo */
    const char *credentials;    /* demo: the credentials file, or NULL for the default */
    bool new_secrets;           /* demo */
    int first_arg;              /* argv index of the first operand */
} recertd_options;

/* Fills o from the defaults, the environment and argv (getopt style, argv[0]
 * is the command name) for cmd. Returns 0; 1 when --help was printed; 2 on a
 * usage error (printed, naming the flag or the variable at fault). */
int options_parse(recertd_cmd cmd, int argc, char **argv, recertd_options *o);

/* Prints cmd's usage: its synopsis line, then every option it takes. */
void options_usage(recertd_cmd cmd, FILE *to);

#endif

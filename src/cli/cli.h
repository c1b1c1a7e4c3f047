/*
 * cli.h: what the files of the recert command share. The CLI uses only
 * the public librecert API (include/recert), plus jansson to print JSON.
 */
#ifndef RECERT_CLI_H
#define RECERT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <recert/recert.h>

/* Exit codes (documented in docs/cli.md and recert(1); never renumbered). */
enum {
    EXIT_OK = 0,
    EXIT_ERROR = 1,       /* network, invalid response, local I/O, anything else */
    EXIT_USAGE = 2,       /* bad command line or missing configuration */
    EXIT_AUTH = 3,        /* credentials refused (401, token endpoint) */
    EXIT_FORBIDDEN = 4,   /* 403 */
    EXIT_NOT_FOUND = 5,   /* 404 */
    EXIT_BAD_REQUEST = 6, /* 400: the server rejected the input (filters, ids...) */
    EXIT_RATE_LIMIT = 7,  /* 429 after the allowed retries */
    EXIT_SERVER = 8,      /* 5xx after the allowed retries */
    EXIT_TASK_FAILED = 9, /* reassign --wait: the task ended in ERROR */
    EXIT_TIMEOUT = 10,    /* reassign --wait: the task did not finish in time */
};

/* OUT_WIDE: a table whose cells are never cut (-o wide, or -o table --no-truncate). */
typedef enum { OUT_JSON, OUT_TABLE, OUT_NDJSON, OUT_WIDE } out_format;

/* Options by id; args.c holds the table of names. */
typedef enum {
    O_BASE_URL, O_CLIENT_ID, O_CLIENT_SECRET, O_OUTPUT, O_VERBOSE, O_TIMEOUT, O_RETRIES, O_HELP,
    O_VERSION, O_REVIEWER, O_FILTERS, O_SORTERS, O_LIMIT, O_OFFSET, O_COUNT, O_ALL, O_TO,
    O_REASON, O_ITEM, O_IDENTITY_SUMMARY, O_TARGET_SUMMARY, O_FROM_FILE, O_WAIT,
    O_WAIT_TIMEOUT, O_PROFILE, O_NO_TRUNCATE, O_APPROVE, O_REVOKE, O_COMMENT, O_END_DATE, O_FILE,
    O_BATCH_SIZE, O_TYPE, O_DECISIONS, O_ENTITLEMENTS, O_ACCESS_PROFILES, O_ROLES, O_SYNC, O__COUNT
} opt_id;

typedef struct opt_value {
    opt_id id;
    const char *value; /* borrowed from argv; NULL for flags */
} opt_value;

typedef struct args {
    const char **positional; /* borrowed from argv */
    size_t positional_count;
    opt_value *opts;         /* in command-line order */
    size_t opt_count;
    const char *last[O__COUNT]; /* last value of each option ("" for flags), or NULL */
} args_t;

/* Parses argv[1..]: options anywhere, "--" ends them. On error prints a
 * message and returns false. args_free releases the arrays. */
bool args_parse(args_t *a, int argc, char **argv);
void args_free(args_t *a);
const char *opt_name(opt_id id);
char opt_short(opt_id id);   /* 0: none */
bool opt_has_arg(opt_id id);
bool opt_global(opt_id id);

/* The candidate closest to word (edit distance with transpositions, or the
 * one candidate word is a prefix of), or NULL when none is close enough to
 * suggest. */
const char *suggest(const char *word, const char *const *cands, size_t n);
/* Fails (message, false) if an option given is not in allowed (a list
 * ending with O__COUNT). Global options are always allowed. */
bool args_allow(const args_t *a, const char *command, const opt_id *allowed);
/* Parses an option's integer value in [lo, hi]; prints and returns false on error. */
bool args_int(const args_t *a, opt_id id, long lo, long hi, long *out);

typedef struct command command_t;

typedef struct cli {
    const command_t *command;     /* the row of main.c's table being run */
    const char *const *operands;  /* the words after the command's name (CERT, ID...) */
    char name[64];                /* the command as typed, e.g. "certifications items" */
    recert_client *client;        /* NULL until cli_connect */
    recert_client_options options;
    char why[512];                /* receives recert_client_new's reason */
    out_format format;
    args_t *args;
} cli_t;

/* Names the tables of main.c hold, for messages and completion.c. */
extern const char *const cli_top_commands[]; /* certifications, decide, ..., completion */
extern const size_t cli_top_command_count;
extern const char *const cli_formats[];      /* the values of -o */
extern const size_t cli_format_count;
extern const char *const cli_shells[];       /* of recert completion */
extern const size_t cli_shell_count;
extern const char *const cli_access_types[]; /* of summaries --type (commands.c) */
extern const size_t cli_access_type_count;

/* completion.c: prints the completion script for shell (one of cli_shells)
 * to stdout, made from the command and option tables. */
bool completion_print(const char *shell);

/* filters.c: checks --filters of certifications permissions with the
 * project's filter parser and SailPoint's rule for that endpoint (one
 * and/or, between a target and a rights filter); prints the server's
 * wording and returns false when it would be refused. */
bool permission_filters_ok(const char *filters);

/* Creates the client once the command line has been checked (so usage
 * errors come before configuration errors). Returns EXIT_OK or the exit
 * code to return, after printing why. */
int cli_connect(cli_t *cli);

/* Prints the client's last error and returns the matching exit code. */
int cli_fail(cli_t *cli);
int exit_code_for(recert_code code);

/* ---- commands.c: collections ---------------------------------------- */

#define MAX_COLUMNS 16

/* The collection options of a command line, and its operands. */
typedef struct query {
    int limit, offset;            /* -1: not given */
    bool count, all;
    const char *filters, *sorters;
    const char *const *operands;  /* the words after the command word */
} query_t;

/* One table cell being made: text is borrowed from the item, or is buf,
 * or is made (malloc'd, freed after the row); NULL prints "-". */
typedef struct cell {
    const char *text;
    char *made;
    char buf[32];
} cell_t;

/* A table column: the string member at offset, or what cell makes (false:
 * out of memory, the row is dropped and the listing stops). */
typedef struct column {
    const char *header;
    size_t offset;
    bool (*cell)(const void *item, cell_t *c);
} column_t;

/* What a collection command walks: one page (list: the library's list,
 * freed by close) or, with --all, every page (iter). */
typedef struct source {
    void *list;
    void *iter;
    const void *items;  /* list: count items of listing.item_size bytes */
    size_t count;
    int64_t total;      /* X-Total-Count, or -1 */
} source_t;

/* A collection and how the CLI lists it. */
typedef struct listing {
    const column_t *columns;
    size_t column_count;
    size_t item_size;
    size_t json_offset; /* of the item's char *json (the object as received) */
    /* Makes the one request, or with q->all creates the iterator (no
     * request yet); RECERT_OK or a code with the client's last error. */
    recert_code (*open)(cli_t *cli, const query_t *q, source_t *s);
    recert_code (*next)(void *iter, const void **item); /* NULL: no --all */
    void (*close)(source_t *s);
} listing_t;

extern const listing_t listing_certifications, listing_reviewers, listing_permissions,
    listing_tasks, listing_items, listing_v3_certifications, listing_identity_summaries,
    listing_access_summaries, listing_v3_tasks;

/* A command: of `recert certifications` (group "certifications") or of
 * recert itself (group NULL: decide, sign-off, ...). main.c holds the table. */
struct command {
    const char *group;
    const char *name;
    int (*run)(cli_t *);
    const char *usage;
    size_t operands;            /* after the command word */
    const char *operand_names;  /* for messages */
    opt_id allowed[14];         /* ends with O__COUNT */
    const listing_t *listing;   /* for cmd_collection; NULL otherwise */
};

/* Every command, in main.c. */
extern const command_t cli_commands[];
extern const size_t cli_command_count;

/* Lists cli->command->listing: one page, every page (--all) or the total (--count). */
int cmd_collection(cli_t *cli);
/* The same for listing l. */
int run_listing(cli_t *cli, const listing_t *l);
int cmd_task(cli_t *cli);
int cmd_v3_task(cli_t *cli);
int cmd_get(cli_t *cli);
int cmd_sign_off(cli_t *cli);
int cmd_summaries(cli_t *cli);
/* Prints one v3 certification (get, sign-off, decide, reassign --sync). */
bool print_v3_certification(out_format f, const recert_identity_certification *c);
/* decide.c */
int cmd_decide(cli_t *cli);
/* Prints one item of a listing (a task) in the format. */
bool print_one(out_format f, const listing_t *l, const void *item);
bool print_task(out_format f, const recert_task *t);
/* reassign.c */
int cmd_reassign(cli_t *cli);
/* Reads a whole file ("-": stdin), at most 16 MiB, NUL-terminated; prints
 * why and returns NULL on failure. */
char *cli_read_file(const char *path, size_t *len);

/* output.c: items are JSON texts as received (recert_*.json). */
typedef struct out out_t;
out_t *out_begin(out_format f, const char *const *headers, size_t cols);
/* Adds one item: its JSON text and, for tables, its cells (NULL = "-"). */
bool out_item(out_t *o, const char *json, const char *const *cells);
/* Prints what is buffered and frees o. Returns false on a write or memory failure. */
bool out_end(out_t *o);
/* Prints one object (a task) in the format. */
bool out_single(out_format f, const char *json, const char *const *headers,
                const char *const *cells, size_t cols);

#endif

/*
 * args: the command-line parser. Options may come before, between or
 * after the words of a command (recert -o table certifications list and
 * recert certifications list -o table are the same); "--name=value" and
 * "--name value" both work; "--" ends the options. The parser knows every
 * option; each command then says which ones it accepts, so a misplaced
 * option is named in the error rather than silently ignored.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    char short_name;
    bool has_arg;
    bool global;
} specs[O__COUNT] = {
    [O_BASE_URL] = { "base-url", 0, true, true },
    [O_CLIENT_ID] = { "client-id", 0, true, true },
    [O_CLIENT_SECRET] = { "client-secret", 0, true, true },
    [O_OUTPUT] = { "output", 'o', true, true },
    [O_VERBOSE] = { "verbose", 'v', false, true },
    [O_TIMEOUT] = { "timeout", 0, true, true },
    [O_RETRIES] = { "retries", 0, true, true },
    [O_HELP] = { "help", 'h', false, true },
    [O_VERSION] = { "version", 0, false, true },
    [O_REVIEWER] = { "reviewer", 0, true, false },
    [O_FILTERS] = { "filters", 0, true, false },
    [O_SORTERS] = { "sorters", 0, true, false },
    [O_LIMIT] = { "limit", 0, true, false },
    [O_OFFSET] = { "offset", 0, true, false },
    [O_COUNT] = { "count", 0, false, false },
    [O_ALL] = { "all", 0, false, false },
    [O_TO] = { "to", 0, true, false },
    [O_REASON] = { "reason", 0, true, false },
    [O_ITEM] = { "item", 0, true, false },
    [O_IDENTITY_SUMMARY] = { "identity-summary", 0, true, false },
    [O_TARGET_SUMMARY] = { "target-summary", 0, true, false },
    [O_FROM_FILE] = { "from-file", 0, true, false },
    [O_WAIT] = { "wait", 0, false, false },
    [O_WAIT_TIMEOUT] = { "wait-timeout", 0, true, false },
    [O_PROFILE] = { "profile", 0, true, true },
    [O_NO_TRUNCATE] = { "no-truncate", 0, false, true },
    [O_APPROVE] = { "approve", 0, true, false },
    [O_REVOKE] = { "revoke", 0, true, false },
    [O_COMMENT] = { "comment", 0, true, false },
    [O_END_DATE] = { "end-date", 0, true, false },
    [O_FILE] = { "file", 0, true, false },
    [O_BATCH_SIZE] = { "batch-size", 0, true, false },
    [O_TYPE] = { "type", 0, true, false },
    [O_DECISIONS] = { "decisions", 0, false, false },
    [O_ENTITLEMENTS] = { "entitlements", 0, true, false },
    [O_ACCESS_PROFILES] = { "access-profiles", 0, true, false },
    [O_ROLES] = { "roles", 0, true, false },
    [O_SYNC] = { "sync", 0, false, false },
};

const char *opt_name(opt_id id)
{
    return specs[id].name;
}

char opt_short(opt_id id)
{
    return specs[id].short_name;
}

bool opt_has_arg(opt_id id)
{
    return specs[id].has_arg;
}

bool opt_global(opt_id id)
{
    return specs[id].global;
}

/* Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) of a and b, or a value > limit once it exceeds limit.
 * Words longer than 63 bytes are never close. */
static size_t distance(const char *a, const char *b, size_t limit)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return limit + 1;
    size_t d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1], best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *suggest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL, *prefixed = NULL;
    size_t best_d = (size_t)-1, len = strlen(word), prefixes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t clen = strlen(cands[i]);
        /* 1 edit in short words, 2 up to 8 letters, 3 beyond; never most of the word */
        size_t limit = clen <= 4 ? 1 : clen <= 8 ? 2 : 3;
        if (limit >= len)
            limit = len ? len - 1 : 0;
        size_t d = distance(word, cands[i], limit);
        if (d <= limit && d < best_d) {
            best = cands[i];
            best_d = d;
        }
        if (len >= 2 && len < clen && strncmp(word, cands[i], len) == 0) {
            prefixed = cands[i];
            prefixes++;
        }
    }
    if (best)
        return best;
    return prefixes == 1 ? prefixed : NULL;
}

/* "unknown option --name; did you mean --other?" */
static void unknown_long(const char *arg, size_t len)
{
    const char *names[O__COUNT];
    char word[64];
    for (int k = 0; k < O__COUNT; k++)
        names[k] = specs[k].name;
    snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), arg + 2);
    const char *s = suggest(word, names, O__COUNT);
    if (s)
        fprintf(stderr, "recert: unknown option %.*s; did you mean --%s?\n", (int)(len + 2), arg, s);
    else
        fprintf(stderr, "recert: unknown option %s\n", arg);
}

static bool push_opt(args_t *a, opt_id id, const char *value)
{
    opt_value *p = realloc(a->opts, (a->opt_count + 1) * sizeof *p);
    if (!p)
        return false;
    a->opts = p;
    a->opts[a->opt_count++] = (opt_value){ id, value };
    a->last[id] = value ? value : "";
    return true;
}

bool args_parse(args_t *a, int argc, char **argv)
{
    *a = (args_t){ 0 };
    if (!(a->positional = calloc((size_t)argc + 1, sizeof *a->positional))) {
        fprintf(stderr, "recert: out of memory\n");
        return false;
    }
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options || arg[0] != '-' || arg[1] == '\0') {
            a->positional[a->positional_count++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options = false;
            continue;
        }
        int id = -1;
        const char *value = NULL;
        if (arg[1] == '-') {
            const char *name = arg + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            for (int k = 0; k < O__COUNT && id < 0; k++)
                if (strlen(specs[k].name) == len && strncmp(specs[k].name, name, len) == 0)
                    id = k;
            if (id >= 0 && eq) {
                if (!specs[id].has_arg) {
                    fprintf(stderr, "recert: option --%s takes no value\n", specs[id].name);
                    return false;
                }
                value = eq + 1;
            }
        } else {
            for (int k = 0; k < O__COUNT && id < 0; k++)
                if (specs[k].short_name == arg[1])
                    id = k;
            if (id >= 0 && arg[2]) {
                if (!specs[id].has_arg) {
                    fprintf(stderr, "recert: unknown option %s\n", arg);
                    return false;
                }
                value = arg + 2;
            }
        }
        if (id < 0 && arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            unknown_long(arg, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
            return false;
        }
        if (id < 0) {
            fprintf(stderr, "recert: unknown option %s\n", arg);
            return false;
        }
        if (specs[id].has_arg && !value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "recert: option --%s needs a value\n", specs[id].name);
                return false;
            }
            value = argv[++i];
        }
        if (!push_opt(a, (opt_id)id, value)) {
            fprintf(stderr, "recert: out of memory\n");
            return false;
        }
    }
    return true;
}

void args_free(args_t *a)
{
    free(a->positional);
    free(a->opts);
    *a = (args_t){ 0 };
}

bool args_allow(const args_t *a, const char *command, const opt_id *allowed)
{
    for (size_t i = 0; i < a->opt_count; i++) {
        opt_id id = a->opts[i].id;
        bool ok = specs[id].global;
        for (const opt_id *p = allowed; !ok && *p != O__COUNT; p++)
            ok = *p == id;
        if (!ok) {
            fprintf(stderr, "recert: %s does not take --%s (see recert %s --help)\n", command,
                    specs[id].name, command);
            return false;
        }
    }
    return true;
}

bool args_int(const args_t *a, opt_id id, long lo, long hi, long *out)
{
    const char *v = a->last[id];
    if (!v)
        return true;
    long n = 0;
    bool ok = *v != '\0' && strlen(v) <= 9;
    for (const char *p = v; ok && *p; p++) {
        ok = *p >= '0' && *p <= '9';
        n = n * 10 + (*p - '0');
    }
    if (!ok || n < lo || n > hi) {
        fprintf(stderr, "recert: --%s must be a whole number from %ld to %ld (got \"%s\")\n",
                specs[id].name, lo, hi, v);
        return false;
    }
    *out = n;
    return true;
}

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
};

const char *opt_name(opt_id id)
{
    return specs[id].name;
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

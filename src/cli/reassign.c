/*
 * reassign: `recert certifications reassign`, --wait and --sync.
 *
 * References come from --item/--identity-summary/--target-summary in
 * command-line order, then from --from-file. The POST is made once (the
 * library never repeats it blindly). --wait polls the task, every 250 ms
 * at first and then less often (up to 2 s), so a long wait costs little of
 * the rate limit. On a terminal the progress is one line redrawn in place
 * on stderr; otherwise one plain line per status change. The final task
 * always goes to stdout. --sync reassigns at once through v3 (at most 50
 * references) and prints the certification afterwards.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILE (16u << 20)

typedef struct refs {
    recert_reassign_reference *items;
    size_t count, cap;
    char **owned;        /* strings read from the file */
    size_t owned_count, owned_cap;
    const char *to, *reason;
} refs_t;

static bool add_ref(refs_t *r, const char *id, const char *type)
{
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        recert_reassign_reference *p = realloc(r->items, cap * sizeof *p);
        if (!p)
            return false;
        r->items = p;
        r->cap = cap;
    }
    r->items[r->count++] = (recert_reassign_reference){ id, type };
    return true;
}

/* Keeps a copy of s[0..len) until refs_free; NULL when out of memory. */
static const char *own(refs_t *r, const char *s, size_t len)
{
    if (r->owned_count == r->owned_cap) {
        size_t cap = r->owned_cap ? r->owned_cap * 2 : 16;
        char **p = realloc(r->owned, cap * sizeof *p);
        if (!p)
            return NULL;
        r->owned = p;
        r->owned_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    r->owned[r->owned_count++] = copy;
    return copy;
}

static void refs_free(refs_t *r)
{
    for (size_t i = 0; i < r->owned_count; i++)
        free(r->owned[i]);
    free(r->owned);
    free(r->items);
}

static const char *ref_type(const char *s, size_t len)
{
    static const char *const types[] = { "ITEM", "IDENTITY_SUMMARY", "TARGET_SUMMARY" };
    for (size_t i = 0; i < 3; i++)
        if (strlen(types[i]) == len && strncasecmp(types[i], s, len) == 0)
            return types[i];
    return NULL;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "recert: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *p = cap < MAX_FILE ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                fprintf(stderr, "recert: %s: larger than %u bytes\n", path, MAX_FILE);
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "recert: %s: read error\n", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static bool json_ref(refs_t *r, json_t *v, const char *path, size_t i)
{
    json_t *id = json_object_get(v, "id"), *type = json_object_get(v, "type");
    const char *t = json_is_string(type)
                        ? ref_type(json_string_value(type), json_string_length(type)) : NULL;
    if (!json_is_string(id) || !json_string_length(id) || !t) {
        fprintf(stderr, "recert: %s: reference %zu needs an \"id\" and a \"type\" (ITEM, "
                        "IDENTITY_SUMMARY or TARGET_SUMMARY)\n", path, i + 1);
        return false;
    }
    const char *copy = own(r, json_string_value(id), json_string_length(id));
    return copy && add_ref(r, copy, t);
}

static bool from_json(refs_t *r, const char *text, size_t len, const char *path)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err), *list = root;
    if (!root) {
        fprintf(stderr, "recert: %s: line %d: %s\n", path, err.line, err.text);
        return false;
    }
    bool ok = true;
    if (json_is_object(root)) {
        list = json_object_get(root, "reassign");
        json_t *to = json_object_get(root, "reassignTo"), *why = json_object_get(root, "reason");
        if (!r->to && json_is_string(to))
            ok = (r->to = own(r, json_string_value(to), json_string_length(to))) != NULL;
        if (ok && !r->reason && json_is_string(why))
            ok = (r->reason = own(r, json_string_value(why), json_string_length(why))) != NULL;
    }
    if (ok && !json_is_array(list)) {
        fprintf(stderr, "recert: %s: expected a ReviewReassign object or an array of "
                        "references\n", path);
        ok = false;
    }
    for (size_t i = 0; ok && i < json_array_size(list); i++)
        ok = json_ref(r, json_array_get(list, i), path, i);
    json_decref(root);
    return ok;
}

static bool from_lines(refs_t *r, char *text, const char *path)
{
    size_t line_no = 0;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        const char *tok[3];
        size_t tlen[3], n = 0;
        for (char *p = line; *p && n < 3;) {
            while (*p && isspace((unsigned char)*p))
                p++;
            if (!*p)
                break;
            tok[n] = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            tlen[n] = (size_t)(p - tok[n]);
            n++;
        }
        const char *type = n == 2 ? ref_type(tok[0], tlen[0]) : "ITEM";
        if (n == 3 || (n == 2 && !type)) {
            fprintf(stderr, "recert: %s: line %zu: expected `[TYPE] ID` (TYPE: ITEM, "
                            "IDENTITY_SUMMARY or TARGET_SUMMARY)\n", path, line_no);
            return false;
        }
        if (n) {
            const char *id = own(r, tok[n - 1], tlen[n - 1]);
            if (!id || !add_ref(r, id, type))
                return false;
        }
        line = next;
    }
    return true;
}

static bool from_file(refs_t *r, const char *path)
{
    size_t len = 0;
    char *text = cli_read_file(path, &len);
    if (!text)
        return false;
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    bool ok = *p == '{' || *p == '[' ? from_json(r, text, len, path) : from_lines(r, text, path);
    free(text);
    return ok;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* s for a terminal: control characters (server data) become spaces. */
static const char *clean(char *buf, size_t n, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 1 < n; s++)
        buf[k++] = (char)((unsigned char)*s < ' ' || *s == 0x7f ? ' ' : *s);
    buf[k] = '\0';
    return buf;
}

static int wait_task(cli_t *cli, const char *cert, recert_task *task, long timeout_s)
{
    char id[128], line[1024];
    clean(id, sizeof id, task->id);
    static const char spin[] = "|/-\\";
    bool tty = isatty(STDERR_FILENO);
    int64_t start = mono_ms(), next_poll = start;
    long interval = 250;
    char shown[32] = "";
    unsigned frame = 0;
    int status = EXIT_OK;
    for (;;) {
        char st[32];
        clean(st, sizeof st, task->status ? task->status : "?");
        double elapsed = (double)(mono_ms() - start) / 1000.0;
        if (tty) {
            fprintf(stderr, "\r\033[K%c task %s: %s  %.1f s", spin[frame++ % 4], id, st, elapsed);
        } else if (strcmp(shown, st) != 0) {
            fprintf(stderr, "recert: task %s: %s\n", id, st);
        }
        snprintf(shown, sizeof shown, "%s", st);
        if (recert_task_is_finished(task))
            break;
        if (elapsed >= (double)timeout_s) {
            status = EXIT_TIMEOUT;
            break;
        }
        int64_t now = mono_ms();
        if (now < next_poll) {
            sleep_ms(tty ? 100 : (long)(next_poll - now));
            continue;
        }
        recert_task *fresh;
        if (recert_get_identity_certification_task_status(&fresh, cli->client, cert, task->id)) {
            if (tty)
                fputs("\r\033[K", stderr);
            recert_task_free(task);
            return cli_fail(cli);
        }
        recert_task_free(task);
        task = fresh;
        next_poll = mono_ms() + interval;
        interval = interval * 3 / 2 > 2000 ? 2000 : interval * 3 / 2;
    }
    double elapsed = (double)(mono_ms() - start) / 1000.0;
    if (tty)
        fprintf(stderr, "\r\033[Krecert: task %s: %s (%.1f s)\n", id, shown, elapsed);
    bool printed = print_task(cli->format, task);
    if (status == EXIT_TIMEOUT) {
        fprintf(stderr, "recert: task %s still %s after %ld s\n", id, shown, timeout_s);
    } else if (task->status && strcmp(task->status, "ERROR") == 0) {
        fprintf(stderr, "recert: task %s ended in ERROR\n", id);
        for (size_t i = 0; i < task->error_count; i++)
            fprintf(stderr, "recert:   %s\n", clean(line, sizeof line, task->errors[i]));
        status = EXIT_TASK_FAILED;
    }
    recert_task_free(task);
    return status == EXIT_OK && !printed ? EXIT_ERROR : status;
}

int cmd_reassign(cli_t *cli)
{
    const args_t *a = cli->args;
    const char *cert = cli->operands[0];
    bool sync = a->last[O_SYNC] != NULL;
    if (sync && (a->last[O_WAIT] || a->last[O_WAIT_TIMEOUT])) {
        fprintf(stderr, "recert: --sync reassigns at once: it takes no --%s (that is for the "
                        "queued task of the default, asynchronous reassignment)\n",
                a->last[O_WAIT] ? "wait" : "wait-timeout");
        return EXIT_USAGE;
    }
    long timeout_s = 600;
    if (!args_int(a, O_WAIT_TIMEOUT, 1, 604800, &timeout_s))
        return EXIT_USAGE;
    refs_t r = { 0 };
    r.to = a->last[O_TO];
    r.reason = a->last[O_REASON];
    bool ok = true;
    for (size_t i = 0; ok && i < a->opt_count; i++) {
        const opt_value *o = &a->opts[i];
        if (o->id == O_ITEM || o->id == O_IDENTITY_SUMMARY || o->id == O_TARGET_SUMMARY) {
            if (!*o->value) {
                fprintf(stderr, "recert: --%s needs a non-empty id\n", opt_name(o->id));
                refs_free(&r);
                return EXIT_USAGE;
            }
            ok = add_ref(&r, o->value, o->id == O_ITEM ? "ITEM"
                                       : o->id == O_IDENTITY_SUMMARY ? "IDENTITY_SUMMARY"
                                                                     : "TARGET_SUMMARY");
        }
    }
    if (ok && a->last[O_FROM_FILE] && !from_file(&r, a->last[O_FROM_FILE])) {
        refs_free(&r);
        return EXIT_USAGE;
    }
    const char *missing = !r.to ? "--to IDENTITY" : !r.reason ? "--reason TEXT"
                        : !r.count ? "at least one --item, --identity-summary or --target-summary"
                                   : NULL;
    if (ok && missing) {
        fprintf(stderr, "recert: certifications reassign needs %s (see recert certifications "
                        "reassign --help)\n", missing);
        refs_free(&r);
        return EXIT_USAGE;
    }
    if (!ok) {
        refs_free(&r);
        fprintf(stderr, "recert: out of memory\n");
        return EXIT_ERROR;
    }
    if (ok && sync && r.count > RECERT_V3_MAX_SYNC_REASSIGN) {
        fprintf(stderr, "recert: --sync moves at most %d references at once (got %zu); without "
                        "--sync up to 500 are queued as a task\n", RECERT_V3_MAX_SYNC_REASSIGN,
                r.count);
        refs_free(&r);
        return EXIT_USAGE;
    }
    int status = cli_connect(cli);
    if (status) {
        refs_free(&r);
        return status;
    }
    recert_review_reassign body = { r.items, r.count, r.to, r.reason };
    if (sync) {
        recert_identity_certification *c;
        recert_code rc = recert_v3_reassign_identity_certifications(&c, cli->client, cert, &body);
        refs_free(&r);
        if (rc)
            return cli_fail(cli);
        status = print_v3_certification(cli->format, c) ? EXIT_OK : EXIT_ERROR;
        recert_identity_certification_free(c);
        return status;
    }
    recert_task *task;
    recert_code rc = recert_submit_reassign_certs_async(&task, cli->client, cert, &body);
    refs_free(&r);
    if (rc)
        return cli_fail(cli);
    if (a->last[O_WAIT] && !task->id) {
        recert_task_free(task);
        fprintf(stderr, "recert: the server answered with a task without an id\n");
        return EXIT_ERROR;
    }
    if (a->last[O_WAIT])
        return wait_task(cli, cert, task, timeout_s);
    status = print_task(cli->format, task) ? EXIT_OK : EXIT_ERROR;
    recert_task_free(task);
    return status;
}

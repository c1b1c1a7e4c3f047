/*
 * fuzz_decide: the ReviewDecision[] body of POST
 * /v3/certifications/{id}/decide, as the pipeline decodes it: json_loadb
 * (with JSON_REJECT_DUPLICATES, as the pipeline's BODY_JSON_ARRAY) ->
 * decisions_decode (src/server/handlers/review.c) -> free. Any JSON value
 * is fed, not only arrays: the decoder must refuse the rest itself.
 *
 * Oracles: the count of problems is the count of sentences added (up to
 * the request's cap); every sentence is a NUL-terminated string; at most
 * 250 decisions decode, never more than the array has, in increasing
 * index order, each index naming an element of the array; a clean body
 * decodes every element. Every decoded decision has a non-empty id (the
 * element's own "id" string), a decision APPROVE or REVOKE, comments NULL
 * or the element's "comments" string, and a proposedEndDate that is NULL
 * or a normalized RFC 3339 UTC time with milliseconds
 * ("2027-01-31T00:00:00.000Z": it parses and formats back to itself) of
 * the same instant as the element's own (clamped to years 0000..9999).
 */
#include <string.h>

#include "../src/common/util.h"
#include "../src/server/handlers/handlers.h"
#include "fuzz.h"

/* YYYY-MM-DDTHH:MM:SS.mmmZ, digits where digits go. */
static bool normalized_shape(const char *s)
{
    static const char pattern[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (strlen(s) != sizeof pattern - 1)
        return false;
    for (size_t i = 0; pattern[i]; i++)
        if (pattern[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pattern[i])
            return false;
    return true;
}

static void check_end_date(const char *end, json_t *element)
{
    FUZZ_CHECK(normalized_shape(end));
    int64_t ms = 0;
    FUZZ_CHECK(parse_time(end, &ms) == 0);
    char again[32];
    format_time_ms(again, ms);
    FUZZ_CHECK(strcmp(again, end) == 0);
    /* The same instant as the one sent (format_time_ms clamps the years). */
    json_t *sent = json_object_get(element, "proposedEndDate");
    FUZZ_CHECK(json_is_string(sent));
    int64_t sent_ms = 0;
    FUZZ_CHECK(parse_time(json_string_value(sent), &sent_ms) == 0);
    char sent_text[32];
    format_time_ms(sent_text, sent_ms);
    FUZZ_CHECK(strcmp(sent_text, end) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!doc)
        return 0;
    problems_t p = PROBLEMS_INIT;
    p.max = REQ_MAX_MESSAGES;
    decisions_t *out = malloc(sizeof *out);
    FUZZ_CHECK(out != NULL);
    memset(out, 0xA5, sizeof *out); /* the decoder sets what it returns */
    int problems = decisions_decode(&p, doc, out);
    size_t n = json_is_array(doc) ? json_array_size(doc) : 0;

    FUZZ_CHECK(problems >= 0);
    FUZZ_CHECK(p.count <= REQ_MAX_MESSAGES &&
               (p.count == (size_t)problems || p.count == REQ_MAX_MESSAGES));
    for (size_t i = 0; i < p.count; i++)
        FUZZ_CHECK(p.items[i] != NULL && strlen(p.items[i]) < 1u << 20);
    FUZZ_CHECK(out->count <= DECIDE_MAX && out->count <= n);
    if (!json_is_array(doc) || n == 0 || n > DECIDE_MAX) {
        FUZZ_CHECK(problems == 1 && out->count == 0);
    } else {
        /* Each element that did not decode added at least one problem. */
        FUZZ_CHECK(n - out->count <= (size_t)problems);
        FUZZ_CHECK(problems != 0 || out->count == n);
    }

    for (size_t k = 0; k < out->count; k++) {
        const review_decision *d = &out->d[k];
        FUZZ_CHECK(d->index < n);
        FUZZ_CHECK(k == 0 || d->index > out->d[k - 1].index);
        json_t *e = json_array_get(doc, d->index);
        FUZZ_CHECK(json_is_object(e));
        FUZZ_CHECK(d->item_id && *d->item_id);
        FUZZ_CHECK(d->item_id == json_string_value(json_object_get(e, "id")));
        FUZZ_CHECK(d->decision &&
                   (strcmp(d->decision, "APPROVE") == 0 || strcmp(d->decision, "REVOKE") == 0));
        FUZZ_CHECK(json_is_boolean(json_object_get(e, "bulk")));
        json_t *comments = json_object_get(e, "comments");
        FUZZ_CHECK(d->comments ? d->comments == json_string_value(comments)
                               : (!comments || json_is_null(comments)));
        if (d->proposed_end_date)
            check_end_date(d->proposed_end_date, e);
        else
            FUZZ_CHECK(json_is_null(json_object_get(e, "proposedEndDate")) ||
                       !json_object_get(e, "proposedEndDate"));
    }
    free(out);
    problems_free(&p);
    json_decref(doc);
    return 0;
}

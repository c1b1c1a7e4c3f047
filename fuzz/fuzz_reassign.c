/*
 * fuzz_reassign: the ReviewReassign body of POST
 * /beta/certifications/{id}/reassign-async, as the pipeline decodes it:
 * json_loadb (with JSON_REJECT_DUPLICATES, as the pipeline's BODY_JSON) ->
 * reassign_decode (src/server/handlers/tasks.c) -> free.
 *
 * Oracles: the count of problems is the count of sentences added (up to
 * the request's cap); a clean body has a non-empty target, a non-blank
 * reason and 1..500 references, each of a known kind and pointing into the
 * document, none repeated; every sentence is a NUL-terminated string.
 */
#include <string.h>
#include <strings.h>

#include "../src/server/handlers/handlers.h"
#include "fuzz.h"

static bool nonblank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!doc)
        return 0;
    problems_t p = PROBLEMS_INIT;
    p.max = REQ_MAX_MESSAGES;
    reassign_ref refs[REASSIGN_MAX];
    size_t ref_count = 9999;
    const char *to = NULL, *reason = NULL;
    int problems = json_is_object(doc)
                       ? reassign_decode(&p, doc, REASSIGN_MAX, refs, &ref_count, &to, &reason)
                       : -1;
    if (problems >= 0) {
        FUZZ_CHECK(ref_count <= REASSIGN_MAX);
        FUZZ_CHECK(p.count <= REQ_MAX_MESSAGES &&
                   (p.count == (size_t)problems || p.count == REQ_MAX_MESSAGES));
        for (size_t i = 0; i < p.count; i++)
            FUZZ_CHECK(p.items[i] != NULL && strlen(p.items[i]) < 1u << 20);
    }
    if (problems == 0) {
        FUZZ_CHECK(to && *to && nonblank(reason));
        FUZZ_CHECK(ref_count >= 1);
        for (size_t i = 0; i < ref_count; i++) {
            FUZZ_CHECK(refs[i].id && *refs[i].id);
            FUZZ_CHECK((unsigned)refs[i].kind <= REASSIGN_TARGET_SUMMARY);
            for (size_t j = 0; j < i; j++)
                FUZZ_CHECK(refs[j].kind != refs[i].kind || strcasecmp(refs[j].id, refs[i].id));
        }
    }
    problems_free(&p);
    json_decref(doc);
    return 0;
}

/*
 * fuzz_reassign: the ReviewReassign body of POST
 * /beta/certifications/{id}/reassign-async, as the handler decodes it:
 * json_loadb (with JSON_REJECT_DUPLICATES, as the handler) ->
 * decode_reassign -> free.
 *
 * decode_reassign is static, so this file includes the handler's .c file
 * (the h2o style the project uses for unit tests of static functions). The
 * request is a zeroed req_t with no server and no connection: the decoder
 * only records problems on it through req_fail, which comes from the real
 * src/server/request.c (linked from the server library), so the message cap
 * and formatting are the production ones. The handlers defined by the
 * included file replace the library's copy of certifications.o at link
 * time; nothing here calls them.
 *
 * Oracles: the count of problems is zero exactly when the request did not
 * fail; a clean body has a non-empty target, a non-blank reason and 1..500
 * references, each of a known kind and pointing into the document, none
 * repeated; every recorded message is a NUL-terminated string.
 */
#include "../src/server/handlers/certifications.c"

#include "fuzz.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!doc)
        return 0;
    req_t req;
    memset(&req, 0, sizeof req);
    req.problems.max = REQ_MAX_MESSAGES;
    reassign_ref refs[REASSIGN_MAX];
    size_t ref_count = 9999;
    const char *to = NULL, *reason = NULL;
    int problems = decode_reassign(&req, doc, refs, &ref_count, &to, &reason);

    FUZZ_CHECK(problems >= 0 && ref_count <= REASSIGN_MAX);
    FUZZ_CHECK((problems == 0) == (req.rc == RC_OK));
    FUZZ_CHECK(problems == 0 || req.rc == RC_EINVALID);
    FUZZ_CHECK(req.problems.count <= REQ_MAX_MESSAGES &&
               (req.problems.count == (size_t)problems || req.problems.count == REQ_MAX_MESSAGES));
    for (size_t i = 0; i < req.problems.count; i++)
        FUZZ_CHECK(req.problems.items[i] != NULL && strlen(req.problems.items[i]) < 1u << 20);
    if (problems == 0) {
        FUZZ_CHECK(json_is_object(doc));
        FUZZ_CHECK(to && *to && nonblank(reason));
        FUZZ_CHECK(ref_count >= 1);
        for (size_t i = 0; i < ref_count; i++) {
            FUZZ_CHECK(refs[i].id && *refs[i].id);
            FUZZ_CHECK((unsigned)refs[i].kind <= REASSIGN_TARGET_SUMMARY);
            for (size_t j = 0; j < i; j++)
                FUZZ_CHECK(refs[j].kind != refs[i].kind || strcasecmp(refs[j].id, refs[i].id));
        }
    }
    problems_free(&req.problems);
    json_decref(doc);
    return 0;
}

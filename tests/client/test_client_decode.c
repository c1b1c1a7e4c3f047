/*
 * Unit tests of JSON decoding: the examples of the beta spec
 * (certifications-beta.openapi.json: property examples assembled into
 * objects, and the documented error responses), tolerance of unknown
 * fields and nulls, precise errors for values of the wrong type, the
 * ReviewReassign encoding, and how error bodies become the client's
 * last-error record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* CertificationDto from the spec's property examples. */
static const char spec_certification[] =
    "[{\"campaignRef\":{\"id\":\"ef38f94347e94562b5bb8424a56397d8\",\"name\":\"Campaign Name\","
    "\"type\":\"CAMPAIGN\",\"campaignType\":\"MANAGER\",\"description\":\"A description of the "
    "campaign\",\"correlatedStatus\":\"CORRELATED\",\"mandatoryCommentRequirement\":"
    "\"NO_DECISIONS\"},\"phase\":\"ACTIVE\",\"due\":\"2018-10-19T13:49:37.385Z\","
    "\"signed\":\"2018-10-19T13:49:37.385Z\",\"reviewer\":{\"type\":\"IDENTITY\","
    "\"id\":\"2c7180a46faadee4016fb4e018c20642\",\"name\":\"Michael Michaels\","
    "\"email\":\"reviewer@test.com\"},\"reassignment\":{\"from\":{\"type\":\"IDENTITY\","
    "\"id\":\"7589a83cec4b4f138ce56c1a5ef0756d\",\"name\":\"Manager Access for Michael Michaels\","
    "\"reviewer\":{\"type\":\"IDENTITY\",\"id\":\"2c7180a46faadee4016fb4e018c20642\","
    "\"name\":\"Michael Michaels\",\"email\":\"reviewer@test.com\"}},\"comment\":\"Please "
    "review\"},\"hasErrors\":false,\"errorMessage\":\"The certification has an error\","
    "\"completed\":false,\"decisionsMade\":20,\"decisionsTotal\":40,\"entitiesCompleted\":5,"
    "\"entitiesTotal\":10}]";

static void test_decode__spec_certification(void **state)
{
    (void)state;
    recert_certification_list l = { 0 };
    char err[256] = "";
    assert_int_equal(recert__decode_certifications(&l, spec_certification,
                                                   sizeof spec_certification - 1, err, sizeof err),
                     RECERT_OK);
    assert_int_equal(l.count, 1);
    assert_int_equal(l.total, -1);
    const recert_certification *c = &l.items[0];
    assert_null(c->id); /* not in the beta schema */
    assert_non_null(c->campaign_ref);
    assert_string_equal(c->campaign_ref->id, "ef38f94347e94562b5bb8424a56397d8");
    assert_string_equal(c->campaign_ref->name, "Campaign Name");
    assert_string_equal(c->campaign_ref->type, "CAMPAIGN");
    assert_string_equal(c->campaign_ref->campaign_type, "MANAGER");
    assert_string_equal(c->campaign_ref->description, "A description of the campaign");
    assert_string_equal(c->campaign_ref->correlated_status, "CORRELATED");
    assert_string_equal(c->campaign_ref->mandatory_comment_requirement, "NO_DECISIONS");
    assert_string_equal(c->phase, "ACTIVE");
    assert_string_equal(c->due, "2018-10-19T13:49:37.385Z");
    assert_string_equal(c->signed_at, "2018-10-19T13:49:37.385Z");
    assert_string_equal(c->reviewer->type, "IDENTITY");
    assert_string_equal(c->reviewer->id, "2c7180a46faadee4016fb4e018c20642");
    assert_string_equal(c->reviewer->name, "Michael Michaels");
    assert_string_equal(c->reviewer->email, "reviewer@test.com");
    assert_string_equal(c->reassignment->comment, "Please review");
    assert_string_equal(c->reassignment->from->id, "7589a83cec4b4f138ce56c1a5ef0756d");
    assert_string_equal(c->reassignment->from->name, "Manager Access for Michael Michaels");
    assert_string_equal(c->reassignment->from->type, "IDENTITY");
    assert_string_equal(c->reassignment->from->reviewer->name, "Michael Michaels");
    assert_false(c->has_errors);
    assert_string_equal(c->error_message, "The certification has an error");
    assert_false(c->completed);
    assert_int_equal(c->decisions_made, 20);
    assert_int_equal(c->decisions_total, 40);
    assert_int_equal(c->entities_completed, 5);
    assert_int_equal(c->entities_total, 10);
    /* The object as received, re-encoded compactly with its keys in order. */
    assert_non_null(strstr(c->json, "{\"campaignRef\":{\"id\":\"ef38f94347e94562b5bb8424a56397d8\""));
    assert_non_null(strstr(c->json, "\"entitiesTotal\":10}"));
    recert__certification_list_clear(&l);
}

static void test_decode__recertd_certification_nulls_and_unknown_fields(void **state)
{
    (void)state;
    /* What recertd serves (id, name, created, modified are extra), with
     * nulls everywhere the schema allows them and some it does not. */
    static const char json[] =
        "[{\"id\":\"cert-1\",\"name\":\"Q4\",\"campaignRef\":null,\"phase\":\"STAGED\","
        "\"due\":null,\"signed\":null,\"reviewer\":{\"type\":\"GOVERNANCE_GROUP\",\"id\":\"gg\","
        "\"name\":\"DB Owners\",\"email\":null,\"members\":[1,2]},\"reassignment\":null,"
        "\"hasErrors\":null,\"errorMessage\":null,\"completed\":true,\"decisionsMade\":null,"
        "\"created\":\"2026-11-01T09:00:00.000Z\",\"future\":{\"a\":[{\"b\":null}]}},{}]";
    recert_certification_list l = { 0 };
    char err[256] = "";
    assert_int_equal(recert__decode_certifications(&l, json, sizeof json - 1, err, sizeof err),
                     RECERT_OK);
    assert_int_equal(l.count, 2);
    const recert_certification *c = &l.items[0];
    assert_string_equal(c->id, "cert-1");
    assert_string_equal(c->name, "Q4");
    assert_null(c->campaign_ref);
    assert_null(c->due);
    assert_null(c->signed_at);
    assert_null(c->reviewer->email);
    assert_string_equal(c->reviewer->type, "GOVERNANCE_GROUP");
    assert_null(c->reassignment);
    assert_false(c->has_errors);
    assert_true(c->completed);
    assert_int_equal(c->decisions_made, 0);
    assert_non_null(strstr(c->json, "\"future\":{\"a\":[{\"b\":null}]}"));
    assert_null(l.items[1].phase);
    assert_string_equal(l.items[1].json, "{}");
    recert__certification_list_clear(&l);
}

static void test_decode__spec_identity_reference_and_permission(void **state)
{
    (void)state;
    static const char refs[] =
        "[{\"type\":\"IDENTITY\",\"id\":\"5168015d32f890ca15812c9180835d2e\","
        "\"name\":\"Alison Ferguso\",\"email\":\"alison.ferguso@identitysoon.com\"}]";
    recert_identity_reference_list r = { 0 };
    char err[256] = "";
    assert_int_equal(recert__decode_identity_references(&r, refs, sizeof refs - 1, err, sizeof err),
                     RECERT_OK);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.items[0].type, "IDENTITY");
    assert_string_equal(r.items[0].id, "5168015d32f890ca15812c9180835d2e");
    assert_string_equal(r.items[0].name, "Alison Ferguso");
    assert_string_equal(r.items[0].email, "alison.ferguso@identitysoon.com");
    assert_int_equal(strlen(r.items[0].json), sizeof refs - 3); /* the same text, less [ ] */
    assert_memory_equal(r.items[0].json, refs + 1, sizeof refs - 3);
    recert__identity_reference_list_clear(&r);

    static const char perms[] =
        "[{\"rights\":[\"SELECT\"],\"target\":\"SYS.GV_$TRANSACTION\"},"
        "{\"rights\":[\"CREATE\",null,\"SELECT\"],\"target\":\"SYS.OBJAUTH2\"},{\"rights\":null}]";
    recert_permission_list p = { 0 };
    assert_int_equal(recert__decode_permissions(&p, perms, sizeof perms - 1, err, sizeof err),
                     RECERT_OK);
    assert_int_equal(p.count, 3);
    assert_int_equal(p.items[0].rights_count, 1);
    assert_string_equal(p.items[0].rights[0], "SELECT");
    assert_string_equal(p.items[0].target, "SYS.GV_$TRANSACTION");
    assert_int_equal(p.items[1].rights_count, 2); /* the null is skipped */
    assert_string_equal(p.items[1].rights[1], "SELECT");
    assert_int_equal(p.items[2].rights_count, 0);
    assert_null(p.items[2].target);
    recert__permission_list_clear(&p);
}

static void test_decode__tasks(void **state)
{
    (void)state;
    /* The sample task of the docs; errors as beta strings and as v3
     * ErrorMessageDto objects. */
    static const char one[] = "{\"id\":\"abcd-ef12-3456\",\"certificationId\":"
                              "\"ef38f94347e94562b5bb8424a56397d8\",\"type\":\"REASSIGN\","
                              "\"status\":\"IN_PROGRESS\"}";
    recert_task t = { 0 };
    char err[256] = "";
    assert_int_equal(recert__decode_task(&t, one, sizeof one - 1, err, sizeof err), RECERT_OK);
    assert_string_equal(t.id, "abcd-ef12-3456");
    assert_string_equal(t.certification_id, "ef38f94347e94562b5bb8424a56397d8");
    assert_string_equal(t.type, "REASSIGN");
    assert_string_equal(t.status, "IN_PROGRESS");
    assert_int_equal(t.error_count, 0);
    assert_false(recert_task_is_finished(&t));
    recert__task_clear(&t);

    static const char list[] =
        "[{\"id\":\"t1\",\"status\":\"ERROR\",\"errors\":[\"item-1 is not in cert-1\"]},"
        "{\"id\":\"t2\",\"status\":\"SUCCESS\",\"errors\":[{\"locale\":\"en-US\",\"text\":\"v3\"}]}]";
    recert_task_list l = { 0 };
    assert_int_equal(recert__decode_tasks(&l, list, sizeof list - 1, err, sizeof err), RECERT_OK);
    assert_int_equal(l.count, 2);
    assert_int_equal(l.items[0].error_count, 1);
    assert_string_equal(l.items[0].errors[0], "item-1 is not in cert-1");
    assert_true(recert_task_is_finished(&l.items[0]));
    assert_string_equal(l.items[1].errors[0], "v3");
    assert_true(recert_task_is_finished(&l.items[1]));
    recert__task_list_clear(&l);
}

static void check_fails(const char *json, const char *want)
{
    recert_certification_list l = { 0 };
    char err[256] = "";
    assert_int_equal(recert__decode_certifications(&l, json, strlen(json), err, sizeof err),
                     RECERT_EPROTOCOL);
    assert_string_equal(err, want);
    assert_null(l.items);
    assert_int_equal(l.count, 0);
}

static void test_decode__wrong_types_name_their_path(void **state)
{
    (void)state;
    check_fails("{}", "expected an array, got an object");
    check_fails("[1]", "[0]: expected an object, got a number");
    check_fails("[{}, {\"phase\": 3}]", "[1].phase: expected a string, got a number");
    check_fails("[{\"campaignRef\": {\"name\": true}}]",
                "[0].campaignRef.name: expected a string, got a boolean");
    check_fails("[{\"reviewer\": []}]", "[0].reviewer: expected an object, got an array");
    check_fails("[{\"reassignment\": {\"from\": {\"reviewer\": {\"id\": 7}}}}]",
                "[0].reassignment.from.reviewer.id: expected a string, got a number");
    check_fails("[{\"completed\": \"yes\"}]", "[0].completed: expected a boolean, got a string");
    check_fails("[{\"decisionsMade\": 1.5}]", "[0].decisionsMade: expected an integer, got a number");
    check_fails("[{\"decisionsTotal\": 4294967296}]", "[0].decisionsTotal: integer out of range");
    recert_certification_list l = { 0 };
    char msg[256] = "";
    assert_int_equal(recert__decode_certifications(&l, "[", 1, msg, sizeof msg), RECERT_EPROTOCOL);
    assert_int_equal(strncmp(msg, "invalid JSON at line 1 column 1: ", 33), 0); /* + jansson's text */

    recert_permission_list p = { 0 };
    char err[256] = "";
    static const char bad[] = "[{\"rights\": [\"A\", 2]}]";
    assert_int_equal(recert__decode_permissions(&p, bad, sizeof bad - 1, err, sizeof err),
                     RECERT_EPROTOCOL);
    assert_string_equal(err, "[0].rights[1]: expected a string, got a number");
}

static void test_decode__empty_collections(void **state)
{
    (void)state;
    recert_task_list l = { 0 };
    char err[64];
    assert_int_equal(recert__decode_tasks(&l, "[]", 2, err, sizeof err), RECERT_OK);
    assert_int_equal(l.count, 0);
    assert_null(l.items);
    recert__task_list_clear(&l);
}

static void test_decode__spec_error_responses(void **state)
{
    (void)state;
    static const char e403[] =
        "{\"detailCode\":\"403 Forbidden\",\"trackingId\":\"b21b1f7ce4da4d639f2c62a57171b427\","
        "\"messages\":[{\"locale\":\"en-US\",\"localeOrigin\":\"DEFAULT\",\"text\":\"The server "
        "understood the request but refuses to authorize it.\"}]}";
    recert_error_response e = { 0 };
    char err[256];
    assert_int_equal(recert__decode_error_response(&e, e403, sizeof e403 - 1, err, sizeof err),
                     RECERT_OK);
    assert_string_equal(e.detail_code, "403 Forbidden");
    assert_string_equal(e.tracking_id, "b21b1f7ce4da4d639f2c62a57171b427");
    assert_int_equal(e.message_count, 1);
    assert_string_equal(e.messages[0].locale, "en-US");
    assert_string_equal(e.messages[0].locale_origin, "DEFAULT");
    assert_string_equal(e.messages[0].text,
                        "The server understood the request but refuses to authorize it.");
    assert_int_equal(e.cause_count, 0);
    free(e.detail_code);
    free(e.tracking_id);
    free(e.messages[0].locale);
    free(e.messages[0].locale_origin);
    free(e.messages[0].text);
    free(e.messages);
}

/* ---- the last-error record, from the bodies each status carries ---- */

static recert_client *offline_client(void)
{
    recert_client_options o = RECERT_CLIENT_OPTIONS_INIT;
    o.base_url = "http://127.0.0.1:9";
    o.access_token = "t";
    o.flags = RECERT_CLIENT_NO_ENV | RECERT_CLIENT_NO_CONFIG_FILE;
    recert_client *c = NULL;
    assert_int_equal(recert_client_new(&c, &o), RECERT_OK);
    return c;
}

static const recert_error *from_body(recert_client *c, long status, const char *body,
                                     const char *tracking_header, int retry_after)
{
    http_response_t r = { 0 };
    r.status = status;
    r.retry_after = retry_after;
    r.total_count = -1;
    recert__buf_puts(&r.body, body);
    snprintf(r.tracking_id, sizeof r.tracking_id, "%s", tracking_header);
    recert_code code = status == 429 ? RECERT_ERATELIMIT : RECERT_EBADREQUEST;
    assert_int_equal(recert__error_from_response(c, code, &r), code);
    recert__response_free(&r);
    return recert_client_last_error(c);
}

static void test_decode__error_records(void **state)
{
    (void)state;
    recert_client *c = offline_client();
    /* SailPoint repeats one text for en-US and und: shown once. */
    const recert_error *e = from_body(
        c, 400,
        "{\"detailCode\":\"400.1 Bad Request Content\",\"trackingId\":\"e7eab60924f64aa284175b9fa3309599\","
        "\"messages\":[{\"locale\":\"en-US\",\"localeOrigin\":\"DEFAULT\",\"text\":\"bad filter\"},"
        "{\"locale\":\"und\",\"localeOrigin\":\"REQUEST\",\"text\":\"bad filter\"},"
        "{\"locale\":\"en-US\",\"text\":\"second\\nline\"}],\"causes\":[]}",
        "header-id", -1);
    assert_int_equal(e->code, RECERT_EBADREQUEST);
    assert_int_equal(e->http_status, 400);
    assert_string_equal(e->message, "bad filter; second line");
    assert_string_equal(e->detail_code, "400.1 Bad Request Content");
    assert_string_equal(e->tracking_id, "e7eab60924f64aa284175b9fa3309599");
    assert_non_null(e->response);
    assert_int_equal(e->response->message_count, 3);
    assert_string_equal(e->response->messages[1].locale, "und");

    e = from_body(c, 401, "{\"error\":\"JWT validation failed: JWT is expired\"}", "abc", -1);
    assert_string_equal(e->message, "JWT validation failed: JWT is expired");
    assert_string_equal(e->tracking_id, "abc"); /* from SLPT-Request-ID */
    assert_string_equal(e->detail_code, "");
    assert_null(e->response);

    e = from_body(c, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Bad credentials\"}",
                  "", -1);
    assert_string_equal(e->message, "invalid_client: Bad credentials");

    e = from_body(c, 429, "{\"message\":\" Rate Limit Exceeded \"}", "", 7);
    assert_int_equal(e->code, RECERT_ERATELIMIT);
    assert_string_equal(e->message, "Rate Limit Exceeded");
    assert_int_equal(e->retry_after, 7);

    e = from_body(c, 400, "{\"detailMessage\":\"Specified offset is invalid.\",\"stackTrace\":[]}",
                  "", -1);
    assert_string_equal(e->message, "Specified offset is invalid.");

    e = from_body(c, 502, "<html>Bad Gateway</html>\n<body>", "", -1);
    assert_string_equal(e->message, "<html>Bad Gateway</html>");

    e = from_body(c, 503, "", "", -1);
    assert_string_equal(e->message, "HTTP 503");

    recert__error_reset(c);
    e = recert_client_last_error(c);
    assert_int_equal(e->code, RECERT_OK);
    assert_string_equal(e->message, "");
    recert_client_free(c);
}

static void test_decode__review_reassign_encoding(void **state)
{
    (void)state;
    /* The SDK's example body. */
    recert_reassign_reference refs[] = { { "ef38f94347e94562b5bb8424a56397d8", "ITEM" },
                                         { "ef38f94347e94562b5bb8424a56397d8", "ITEM" } };
    recert_review_reassign r = { refs, 2, "ef38f94347e94562b5bb8424a56397d8",
                                 "reassigned for some reason" };
    char *text = NULL;
    assert_int_equal(recert__encode_review_reassign(&text, &r), RECERT_OK);
    json_t *got = json_loads(text, 0, NULL);
    json_t *want = json_loads(
        "{\"reason\":\"reassigned for some reason\",\"reassignTo\":\"ef38f94347e94562b5bb8424a56397d8\","
        "\"reassign\":[{\"id\":\"ef38f94347e94562b5bb8424a56397d8\",\"type\":\"ITEM\"},"
        "{\"id\":\"ef38f94347e94562b5bb8424a56397d8\",\"type\":\"ITEM\"}]}",
        0, NULL);
    assert_true(json_equal(got, want));
    json_decref(got);
    json_decref(want);
    free(text);

    /* Quotes, backslashes and UTF-8 are escaped; bytes that are not UTF-8 are refused. */
    recert_review_reassign q = { refs, 1, "id", "\"quoted\" \\ Zo\xc3\xab" };
    assert_int_equal(recert__encode_review_reassign(&text, &q), RECERT_OK);
    assert_non_null(strstr(text, "\"reason\":\"\\\"quoted\\\" \\\\ Zo\xc3\xab\""));
    free(text);
    recert_review_reassign bad = { refs, 1, "id", "\xff" };
    assert_int_equal(recert__encode_review_reassign(&text, &bad), RECERT_EINVALID);
    assert_null(text);
}

/* v3: an AccessReviewItem of a role (access profiles and entitlements nested,
 * from the spec's property examples), a CertificationTask with ErrorMessageDto
 * errors and reassignment trails, and the decide body. */
static const char v3_item[] =
    "[{\"id\":\"ef38f94347e94562b5bb8424a56397d8\",\"completed\":true,\"newAccess\":false,"
    "\"decision\":\"APPROVE\",\"comments\":\"This user still needs access to this source\","
    "\"identitySummary\":{\"id\":\"2c91808772a504f50172a9540e501ba7\",\"name\":\"Alison Ferguso\","
    "\"identityId\":\"2c9180857182306001719937377a33de\",\"completed\":true},"
    "\"accessSummary\":{\"access\":{\"type\":\"ROLE\",\"id\":\"2c9180857182305e01719937429e2bad\","
    "\"name\":\"CN=Engineering\"},\"entitlement\":null,\"accessProfile\":null,"
    "\"role\":{\"id\":\"2c91808a7190d06e01719938fcd20792\",\"name\":\"Child Role\","
    "\"description\":\"Aggregated from AD\",\"privileged\":false,\"revocable\":true,"
    "\"endDate\":\"2021-12-25T00:00:00.000Z\",\"owner\":{\"type\":\"IDENTITY\",\"id\":\"o-1\","
    "\"name\":\"Owner\",\"email\":\"o@x\"},\"accessProfiles\":[{\"id\":\"ap-1\",\"name\":\"AP\","
    "\"entitlements\":[{\"id\":\"e-1\",\"name\":\"CN=Engineering\",\"sourceName\":\"ODS-AD-Source\","
    "\"account\":{\"nativeIdentity\":\"CN=Alison\",\"disabled\":true,\"activityInsights\":"
    "{\"accountID\":\"a-1\",\"usageDays\":45,\"usageDaysState\":\"COMPLETE\"},\"owner\":"
    "{\"id\":\"x\",\"type\":\"IDENTITY\",\"displayName\":\"X\"}},\"dataAccess\":{\"policies\":"
    "[{\"value\":\"GDPR-1\"}],\"categories\":[{\"value\":\"email-7\",\"matchCount\":10}],"
    "\"impactScore\":{\"value\":\"Medium\"}}}]}],\"entitlements\":[{\"id\":\"e-2\"},null]},"
    "\"extra\":1}}]";

static void test_decode__v3_access_review_item(void **state)
{
    (void)state;
    rlist_t l = RLIST_INIT;
    char err[256] = "";
    assert_int_equal(recert__list_decode(&l, &recert__dto_access_review_item, v3_item,
                                         sizeof v3_item - 1, err, sizeof err), RECERT_OK);
    assert_int_equal(l.count, 1);
    const recert_access_review_item *it = l.items;
    assert_string_equal(it->id, "ef38f94347e94562b5bb8424a56397d8");
    assert_true(it->completed);
    assert_false(it->new_access);
    assert_string_equal(it->decision, "APPROVE");
    assert_string_equal(it->identity_summary->identity_id, "2c9180857182306001719937377a33de");
    assert_true(it->identity_summary->completed);
    const recert_access_summary *a = it->access_summary;
    assert_string_equal(a->access->type, "ROLE");
    assert_null(a->entitlement);
    assert_null(a->access_profile);
    const recert_reviewable_role *r = a->role;
    assert_string_equal(r->description, "Aggregated from AD");
    assert_true(r->revocable);
    assert_string_equal(r->owner->email, "o@x");
    assert_int_equal(r->access_profile_count, 1);
    assert_int_equal(r->entitlement_count, 2);
    assert_string_equal(r->entitlements[0].id, "e-2");
    assert_null(r->entitlements[1].id); /* a null element stays a zeroed struct */
    const recert_reviewable_entitlement *e = &r->access_profiles[0].entitlements[0];
    assert_string_equal(e->source_name, "ODS-AD-Source");
    assert_true(e->account->disabled);
    assert_int_equal(e->account->activity_insights->usage_days, 45);
    assert_string_equal(e->account->owner->display_name, "X");
    assert_int_equal(e->data_access->policy_count, 1);
    assert_string_equal(e->data_access->policies[0].value, "GDPR-1");
    assert_int_equal(e->data_access->categories[0].match_count, 10);
    assert_string_equal(e->data_access->impact_score->value, "Medium");
    assert_non_null(strstr(it->json, "\"extra\":1"));
    assert_non_null(strstr(a->json, "\"extra\":1"));
    recert__list_clear(&l, &recert__dto_access_review_item);

    static const char wrong[] = "[{\"accessSummary\":{\"role\":{\"accessProfiles\":[{"
                                "\"entitlements\":[{\"account\":{\"locked\":\"no\"}}]}]}}}]";
    assert_int_equal(recert__list_decode(&l, &recert__dto_access_review_item, wrong,
                                         sizeof wrong - 1, err, sizeof err), RECERT_EPROTOCOL);
    assert_string_equal(err, "[0].accessSummary.role.accessProfiles[0].entitlements[0].account."
                             "locked: expected a boolean, got a string");
}

static void test_decode__v3_task_and_decision_summary(void **state)
{
    (void)state;
    static const char task[] =
        "{\"id\":\"2c918086719eec070171a7e3355a360a\",\"type\":\"ADMIN_REASSIGN\","
        "\"targetType\":\"CAMPAIGN\",\"targetId\":\"2c918086719eec070171a7e3355a834c\","
        "\"status\":\"ERROR\",\"errors\":[{\"locale\":\"en-US\",\"localeOrigin\":\"DEFAULT\","
        "\"text\":\"no such identity\"},null],\"reassignmentTrailDTOs\":[{\"previousOwner\":"
        "\"ef38f94347e94562b5bb8424a56397d8\",\"newOwner\":\"ef38f94347e94562b5bb8424a56397a3\","
        "\"reassignmentType\":\"AUTOMATIC_REASSIGNMENT\"}],\"created\":\"2020-09-24T18:10:47.693Z\"}";
    recert_certification_task t = { 0 };
    char err[256] = "";
    assert_int_equal(recert__object_decode(&t, &recert__dto_certification_task, task,
                                           sizeof task - 1, err, sizeof err), RECERT_OK);
    assert_string_equal(t.type, "ADMIN_REASSIGN");
    assert_string_equal(t.target_type, "CAMPAIGN");
    assert_int_equal(t.error_count, 2);
    assert_string_equal(t.errors[0].text, "no such identity");
    assert_string_equal(t.errors[0].locale_origin, "DEFAULT");
    assert_null(t.errors[1].text);
    assert_int_equal(t.reassignment_trail_count, 1);
    assert_string_equal(t.reassignment_trails[0].reassignment_type, "AUTOMATIC_REASSIGNMENT");
    assert_true(recert_certification_task_is_finished(&t));
    recert__object_clear(&t, &recert__dto_certification_task);
    assert_false(recert_certification_task_is_finished(&t));

    static const char ds[] = "{\"entitlementDecisionsMade\":3,\"accessProfileDecisionsMade\":5,"
                             "\"roleDecisionsTotal\":7,\"accountsRevoked\":2}";
    recert_decision_summary d = { 0 };
    assert_int_equal(recert__object_decode(&d, &recert__dto_decision_summary, ds, sizeof ds - 1,
                                           err, sizeof err), RECERT_OK);
    assert_int_equal(d.entitlement_decisions_made, 3);
    assert_int_equal(d.access_profile_decisions_made, 5);
    assert_int_equal(d.role_decisions_total, 7);
    assert_int_equal(d.accounts_revoked, 2);
    assert_int_equal(d.roles_approved, 0);
    recert__object_clear(&d, &recert__dto_decision_summary);
}

static void test_decode__review_decisions_encoding(void **state)
{
    (void)state;
    recert_review_decision d[] = { { "a", "APPROVE", true, NULL, NULL },
                                   { "b\xc3\xa9", "REVOKE", false, "c \"q\"", "2030-01-01T00:00:00Z" } };
    char *out = NULL;
    assert_int_equal(recert__encode_review_decisions(&out, d, 2), RECERT_OK);
    assert_string_equal(out, "[{\"id\":\"a\",\"decision\":\"APPROVE\",\"bulk\":true},"
                             "{\"id\":\"b\xc3\xa9\",\"decision\":\"REVOKE\",\"bulk\":false,"
                             "\"comments\":\"c \\\"q\\\"\",\"proposedEndDate\":"
                             "\"2030-01-01T00:00:00Z\"}]");
    free(out);
    d[1].comments = "bad \xff";
    assert_int_equal(recert__encode_review_decisions(&out, d, 2), RECERT_EINVALID);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode__spec_certification),
        cmocka_unit_test(test_decode__recertd_certification_nulls_and_unknown_fields),
        cmocka_unit_test(test_decode__spec_identity_reference_and_permission),
        cmocka_unit_test(test_decode__tasks),
        cmocka_unit_test(test_decode__wrong_types_name_their_path),
        cmocka_unit_test(test_decode__empty_collections),
        cmocka_unit_test(test_decode__spec_error_responses),
        cmocka_unit_test(test_decode__error_records),
        cmocka_unit_test(test_decode__review_reassign_encoding),
        cmocka_unit_test(test_decode__v3_access_review_item),
        cmocka_unit_test(test_decode__v3_task_and_decision_summary),
        cmocka_unit_test(test_decode__review_decisions_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

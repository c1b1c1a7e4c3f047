/*
 * ops: the operation table. See ops.h. One row per operation; adding an
 * operation is a row here and a handler.
 */
#include "ops.h"

#include <string.h>

#include "../model/collections.h"
#include "handlers/handlers.h"

const op_t ops[] = {
    { .id = "getAccessToken", .method = "POST", .path = "/oauth/token", .api = API_OAUTH,
      .auth = AUTH_NONE, .status = 200, .body = BODY_FORM, .handler = handle_token },
    { .id = "listCertifications", .method = "GET", .path = "/beta/certifications",
      .api = API_BETA, .auth = AUTH_TOKEN, .status = 200,
      /* The beta spec spells it "reviewer-identitiy" (and the SDK sends that);
       * v3 spells it correctly. Both are accepted. */
      .query = { { "reviewer-identitiy", "reviewer-identity", PARAM_IDENTITY_OR_ME } },
      .collection = &beta_cert_list, .handler = handle_cert_list },
    { .id = "listCertificationReviewers", .method = "GET",
      .path = "/beta/certifications/{id}/reviewers", .api = API_BETA, .auth = AUTH_CERT,
      .status = 200, .collection = &beta_cert_reviewers, .handler = handle_cert_reviewers },
    { .id = "getIdentityCertificationItemPermissions", .method = "GET",
      .path = "/beta/certifications/{certificationId}/access-review-items/{itemId}/permissions",
      .api = API_BETA, .auth = AUTH_CERT, .status = 200, .collection = &beta_item_permissions,
      .handler = handle_item_permissions },
    { .id = "submitReassignCertsAsync", .method = "POST",
      .path = "/beta/certifications/{id}/reassign-async", .api = API_BETA, .auth = AUTH_CERT,
      .tx = STORE_WRITE, .status = 200, .body = BODY_JSON, .body_schema = "ReviewReassign",
      .handler = handle_reassign_async },
    { .id = "getIdentityCertificationPendingTasks", .method = "GET",
      .path = "/beta/certifications/{id}/tasks-pending", .api = API_BETA, .auth = AUTH_CERT,
      .status = 200, .handler = handle_tasks_pending },
    { .id = "getIdentityCertificationTaskStatus", .method = "GET",
      .path = "/beta/certifications/{id}/tasks/{taskId}", .api = API_BETA, .auth = AUTH_CERT,
      .status = 200, .handler = handle_task_status },

    /* v3: the review workflow. */
    { .id = "listIdentityCertifications", .method = "GET", .path = "/v3/certifications",
      .api = API_V3, .auth = AUTH_TOKEN, .status = 200,
      .query = { { "reviewer-identity", NULL, PARAM_IDENTITY_OR_ME } },
      .collection = &v3_cert_list, .handler = handle_cert_list },
    { .id = "getIdentityCertification", .method = "GET", .path = "/v3/certifications/{id}",
      .api = API_V3, .auth = AUTH_CERT, .status = 200, .handler = handle_cert_get },
    { .id = "makeIdentityDecision", .method = "POST", .path = "/v3/certifications/{id}/decide",
      .api = API_V3, .auth = AUTH_CERT, .tx = STORE_WRITE, .status = 200,
      .body = BODY_JSON_ARRAY, .body_schema = "ReviewDecision", .handler = handle_decide },
    { .id = "signOffIdentityCertification", .method = "POST",
      .path = "/v3/certifications/{id}/sign-off", .api = API_V3, .auth = AUTH_CERT,
      .tx = STORE_WRITE, .status = 200, .handler = handle_sign_off },
    { .id = "reassignIdentityCertifications", .method = "POST",
      .path = "/v3/certifications/{id}/reassign", .api = API_V3, .auth = AUTH_CERT,
      .tx = STORE_WRITE, .status = 200, .body = BODY_JSON, .body_schema = "ReviewReassign",
      .handler = handle_reassign },
    { .id = "submitReassignCertsAsync", .method = "POST",
      .path = "/v3/certifications/{id}/reassign-async", .api = API_V3, .auth = AUTH_CERT,
      .tx = STORE_WRITE, .status = 200, .body = BODY_JSON, .body_schema = "ReviewReassign",
      .handler = handle_reassign_async },
    { .id = "getPendingCertificationTasks", .method = "GET", .path = "/v3/certification-tasks",
      .api = API_V3, .auth = AUTH_TOKEN, .status = 200,
      .query = { { "reviewer-identity", NULL, PARAM_IDENTITY_OR_ME } },
      .collection = &v3_pending_tasks, .handler = handle_tasks_v3 },
    { .id = "getCertificationTask", .method = "GET", .path = "/v3/certification-tasks/{id}",
      .api = API_V3, .auth = AUTH_TOKEN, .status = 200, .handler = handle_task_v3 },

    /* v3: one certification's review items and summaries (handlers/items.c);
     * its reviewers and an item's permissions as in beta (same fields). */
    { .id = "listIdentityAccessReviewItems", .method = "GET",
      .path = "/v3/certifications/{id}/access-review-items", .api = API_V3, .auth = AUTH_CERT,
      .status = 200, .collection = &v3_items, .handler = handle_v3_items,
      /* In this order: handlers/items.c maps them to access types. */
      .query = { { "entitlements", NULL, PARAM_ID_LIST }, { "access-profiles", NULL, PARAM_ID_LIST },
                 { "roles", NULL, PARAM_ID_LIST } },
      .query_exclusive = true },
    { .id = "getIdentityDecisionSummary", .method = "GET",
      .path = "/v3/certifications/{id}/decision-summary", .api = API_V3, .auth = AUTH_CERT,
      .status = 200, .collection = &v3_decision_summary, .handler = handle_v3_decision_summary },
    { .id = "getIdentitySummaries", .method = "GET",
      .path = "/v3/certifications/{id}/identity-summaries", .api = API_V3, .auth = AUTH_CERT,
      .status = 200, .collection = &v3_identity_summaries,
      .handler = handle_v3_identity_summaries },
    { .id = "getIdentitySummary", .method = "GET",
      .path = "/v3/certifications/{id}/identity-summaries/{identitySummaryId}", .api = API_V3,
      .auth = AUTH_CERT, .status = 200, .handler = handle_v3_identity_summary },
    { .id = "getIdentityAccessSummaries", .method = "GET",
      .path = "/v3/certifications/{id}/access-summaries/{type}", .api = API_V3,
      .auth = AUTH_CERT, .status = 200, .collection = &v3_access_summaries,
      .handler = handle_v3_access_summaries },
    { .id = "listCertificationReviewers", .method = "GET",
      .path = "/v3/certifications/{id}/reviewers", .api = API_V3, .auth = AUTH_CERT,
      .status = 200, .collection = &beta_cert_reviewers, .handler = handle_cert_reviewers },
    { .id = "getIdentityCertificationItemPermissions", .method = "GET",
      .path = "/v3/certifications/{certificationId}/access-review-items/{itemId}/permissions",
      .api = API_V3, .auth = AUTH_CERT, .status = 200, .collection = &beta_item_permissions,
      .handler = handle_item_permissions },

    /* recert's own extensions. */
    { .id = "listRemediations", .method = "GET", .path = "/recert/v1/campaigns/{id}/remediations",
      .api = API_RECERT, .auth = AUTH_ADMIN, .status = 200, .collection = &recert_remediations,
      .handler = handle_remediations },
};
const size_t op_count = sizeof ops / sizeof ops[0];

const char *op_api_name(op_api api)
{
    static const char *const names[API_COUNT] = {
        [API_OAUTH] = "oauth", [API_BETA] = "beta", [API_V3] = "v3", [API_RECERT] = "recert",
    };
    return (unsigned)api < API_COUNT ? names[api] : "?";
}

bool op_match(const op_t *op, const char *path, char *store, size_t store_len,
              const char **params)
{
    const char *pattern = op->path;
    int n = 0;
    size_t used = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *close = strchr(pattern, '}');
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (!close || len == 0 || n == REQ_MAX_PARAMS || used + len + 1 > store_len)
                return false;
            memcpy(store + used, path, len);
            store[used + len] = '\0';
            params[n++] = store + used;
            used += len + 1;
            path += len;
            pattern = close + 1;
        } else if (*pattern == *path) {
            pattern++;
            path++;
        } else {
            return false;
        }
    }
    /* A trailing slash is tolerated, as most gateways do. */
    if (*path == '/' && path[1] == '\0')
        path++;
    return *pattern == '\0' && *path == '\0';
}

/*
 * handlers: one function per operation. A handler receives a request that
 * is routed, authenticated (except /oauth/token) and within its rate
 * budget, plus the path parameters; it authorizes, validates, queries the
 * store and renders into req->out, or fails with req_fail().
 */
#ifndef RECERT_SERVER_HANDLERS_H
#define RECERT_SERVER_HANDLERS_H

#include "../request.h"

typedef rc_t (*handler_fn)(req_t *req, const char *const *params);

rc_t handle_token(req_t *req, const char *const *params);
rc_t handle_cert_list(req_t *req, const char *const *params);
rc_t handle_cert_reviewers(req_t *req, const char *const *params);
rc_t handle_item_permissions(req_t *req, const char *const *params);
rc_t handle_reassign_async(req_t *req, const char *const *params);
rc_t handle_tasks_pending(req_t *req, const char *const *params);
rc_t handle_task_status(req_t *req, const char *const *params);

#endif

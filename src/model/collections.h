/*
 * collections: what each collection operation accepts, in the API's words:
 * its filter fields (name, operators, value type) and sortable keys, each at
 * the index the store knows it by (CERT_F_PHASE, CERT_S_DUE, ...). The
 * server's operation table points at these, and the recert CLI checks
 * filters with them; nothing else names a field. Data only: this module
 * sits beside src/filter, below the store's callers.
 */
#ifndef RECERT_MODEL_COLLECTIONS_H
#define RECERT_MODEL_COLLECTIONS_H

#include <stddef.h>

#include "../filter/filter.h"

/* What one collection operation accepts. */
typedef struct collection_spec {
    const filter_field *fields;     /* NULL: the operation takes no filters */
    size_t field_count;
    filter_rules rules;
    const char *const *sorts;       /* NULL: the operation takes no sorters */
    size_t sort_count;
} collection_spec;

extern const collection_spec beta_cert_list;            /* GET /beta/certifications */
extern const collection_spec beta_cert_reviewers;       /* .../{id}/reviewers */
extern const collection_spec beta_item_permissions;     /* .../access-review-items/{id}/permissions */

extern const collection_spec v3_cert_list;              /* GET /v3/certifications */
extern const collection_spec v3_pending_tasks;          /* GET /v3/certification-tasks */
extern const collection_spec recert_remediations;       /* .../campaigns/{id}/remediations */
/* v3: one certification's review items and summaries. Reviewers and an
 * item's permissions take the same fields in v3 as in beta: their rows
 * point at beta_cert_reviewers and beta_item_permissions. */
extern const collection_spec v3_items;                  /* .../{id}/access-review-items */
extern const collection_spec v3_identity_summaries;     /* .../{id}/identity-summaries */
extern const collection_spec v3_access_summaries;       /* .../{id}/access-summaries/{type} */
extern const collection_spec v3_decision_summary;       /* .../{id}/decision-summary */

#endif

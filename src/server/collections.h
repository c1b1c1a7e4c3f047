/*
 * collections: what each collection operation accepts, in the API's words:
 * its filter fields (name, operators, value type) and sortable keys, each at
 * the index the store knows it by (CERT_F_PHASE, CERT_S_DUE, ...). The
 * operation table points at these; nothing else names a field.
 */
#ifndef RECERT_SERVER_COLLECTIONS_H
#define RECERT_SERVER_COLLECTIONS_H

#include "collection.h"

extern const collection_spec beta_cert_list;            /* GET /beta/certifications */
extern const collection_spec beta_cert_reviewers;       /* .../{id}/reviewers */
extern const collection_spec beta_item_permissions;     /* .../access-review-items/{id}/permissions */

#endif

/*
 * collection: SailPoint's standard collection parameters (limit, offset,
 * count, filters, sorters), parsed and validated once for every list
 * operation.
 */
#ifndef RECERT_SERVER_COLLECTION_H
#define RECERT_SERVER_COLLECTION_H

#include "../filter/filter.h"
#include "../store/store.h"
#include "request.h"

#define COLLECTION_MAX_LIMIT 250

/* What one list operation accepts. */
typedef struct collection_spec {
    const filter_field *fields;     /* NULL: the operation takes no filters */
    size_t field_count;
    filter_rules rules;
    const char *const *sorts;       /* NULL: the operation takes no sorters */
    size_t sort_count;
} collection_spec;

typedef req_collection collection;

/* Parses the request's collection parameters. On failure every problem is
 * recorded on req (RC_EINVALID) and *out holds nothing to free. */
rc_t collection_parse(req_t *req, const collection_spec *spec, collection *out);
void collection_free(collection *c);

#endif

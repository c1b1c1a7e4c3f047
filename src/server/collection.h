/*
 * collection: SailPoint's standard collection parameters (limit, offset,
 * count, filters, sorters), parsed and validated once for every list
 * operation.
 */
#ifndef RECERT_SERVER_COLLECTION_H
#define RECERT_SERVER_COLLECTION_H

#include "../filter/filter.h"
#include "../model/collections.h"
#include "../store/store.h"
#include "request.h"

#define COLLECTION_MAX_LIMIT 250

typedef req_collection collection;

/* Parses the request's collection parameters. On failure every problem is
 * recorded on req (RC_EINVALID) and *out holds nothing to free. */
rc_t collection_parse(req_t *req, const collection_spec *spec, collection *out);
void collection_free(collection *c);

#endif

/*
 * recert/iter.h: the one iterator over every collection of librecert.
 *
 * A recert_iter walks a collection from params->offset to its end, one
 * page (params->limit items; 250 if not set) per request. With
 * params->count the first page also asks for X-Total-Count, and the walk
 * then goes on until that many items were seen (surviving a short page)
 * and saves the empty request after a full last page; without it, the
 * walk ends at the first short page. An empty page always ends it.
 *
 * Each collection has its constructor (recert_v3_*_iter_new in
 * recert/v3.h; the beta recert_*_iter_new in recert/certifications.h,
 * whose iterator types are this one under another name). Then:
 *
 *   recert_iter *it;
 *   recert_v3_access_review_items_iter_new(&it, client, cert_id, &params);
 *   recert_code rc;
 *   while ((rc = recert_iter_next(it)) == RECERT_OK) {
 *       const recert_access_review_item *item = recert_iter_item(it);
 *       ...
 *   }
 *   if (rc != RECERT_ITEROVER) ... recert_client_last_error(client) ...
 *   recert_iter_free(it);
 *
 * recert_iter_next returns RECERT_OK with a new current item, or
 * RECERT_ITEROVER at the end; after a failure (any other code, detail in
 * recert_client_last_error) calling it again retries the same page. The
 * iterator borrows the client (and copies the params and ids): free it
 * before the client.
 */
#ifndef RECERT_ITER_H
#define RECERT_ITER_H

#include <stdint.h>

#include "common.h"
#include "error.h"

RECERT_BEGIN_DECLS

/** Opaque iterator over a collection (any of them). */
typedef struct recert_iter recert_iter;

/** Moves to the next item, fetching the next page when needed. */
RECERT_EXTERN recert_code recert_iter_next(recert_iter *iter);

/**
 * The current item: a const pointer to the collection's item type (e.g.
 * const recert_access_review_item *), borrowed until the next call of
 * recert_iter_next or recert_iter_free. NULL before the first successful
 * recert_iter_next, after the end, and for a NULL iter.
 */
RECERT_EXTERN const void *recert_iter_item(const recert_iter *iter);

/** X-Total-Count once known (params->count), else -1. */
RECERT_EXTERN int64_t recert_iter_total(const recert_iter *iter);

/** The API's schema name of the items, e.g. "AccessReviewItem" (a check for callers). */
RECERT_EXTERN const char *recert_iter_schema(const recert_iter *iter);

/** Frees the iterator and its current page. NULL is a no-op. */
RECERT_EXTERN void recert_iter_free(recert_iter *iter);

RECERT_END_DECLS

#endif

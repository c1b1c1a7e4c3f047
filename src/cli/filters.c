/*
 * filters: the permissions endpoint's --filters, checked before sending.
 *
 * SailPoint allows at most one and/or in GET .../access-review-items/{id}/
 * permissions, and only between a target and a rights filter. recertd
 * enforces it with the project's filter parser (src/filter) and the rules
 * { 1, true }; the CLI links the same parser (src/filter and
 * src/common only, no server code) and gives the same sentence the server
 * would, before any request, with recertd's own field list of the
 * endpoint (src/model/collections.c: data only, linked in).
 */
#include "cli.h"

#include <string.h>

#include "filter/filter.h"
#include "model/collections.h"

bool permission_filters_ok(const char *filters)
{
    problems_t why = PROBLEMS_INIT;
    filter_node *root = filter_parse(filters, strlen(filters), &why);
    const collection_spec *spec = &beta_item_permissions;
    bool ok = root && filter_validate(root, spec->fields, spec->field_count, spec->rules,
                                      &why) == 0;
    if (!ok)
        fprintf(stderr, "recert: %s\n", why.count ? why.items[0] : "filters: invalid expression");
    filter_free(root);
    problems_free(&why);
    return ok;
}

/*
 * filters: the permissions endpoint's --filters, checked before sending.
 *
 * SailPoint allows at most one and/or in GET .../access-review-items/{id}/
 * permissions, and only between a target and a rights filter. recertd
 * enforces it with the project's filter parser (src/filter) and the rules
 * { 1, true }; the CLI links the same parser (src/filter and
 * src/common only, no server code) and gives the same sentence the server
 * would, before any request. The field table below is the endpoint's, as
 * SailPoint documents it (src/server/collections.c holds recertd's copy).
 */
#include "cli.h"

#include <string.h>

#include "filter/filter.h"

static const filter_field permission_fields[] = {
    { "target", FILTER_OPBIT(FILTER_EQ) | FILTER_OPBIT(FILTER_SW), FILTER_TYPE_STRING },
    { "rights", FILTER_OPBIT(FILTER_CA), FILTER_TYPE_STRING_SET },
};

bool permission_filters_ok(const char *filters)
{
    problems_t why = PROBLEMS_INIT;
    filter_node *root = filter_parse(filters, strlen(filters), &why);
    filter_rules rules = { 1, true };
    bool ok = root && filter_validate(root, permission_fields,
                                      sizeof permission_fields / sizeof permission_fields[0],
                                      rules, &why) == 0;
    if (!ok)
        fprintf(stderr, "recert: %s\n", why.count ? why.items[0] : "filters: invalid expression");
    filter_free(root);
    problems_free(&why);
    return ok;
}

/*
 * access: see access.h.
 */
#include "access.h"

access_verdict review_cert_access(store_tx *tx, const char *identity_id, bool admin,
                                  const char *cert_id, problems_t *why, store_rc *rc)
{
    bool exists = false, reviewer = false;
    *rc = store_cert_access(tx, cert_id, identity_id, &exists, &reviewer);
    if (*rc != STORE_OK)
        return ACCESS_STORE_FAILED;
    if (!exists) {
        problems_add(why, "certification \"%s\" does not exist", cert_id);
        return ACCESS_NO_SUCH_CERT;
    }
    if (!admin && !reviewer) {
        problems_add(why, "only ORG_ADMIN, CERT_ADMIN or a reviewer of certification \"%s\" may"
                          " access it", cert_id);
        return ACCESS_DENIED;
    }
    return ACCESS_GRANTED;
}

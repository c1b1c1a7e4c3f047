/*
 * render: the beta response shapes (CertificationDto, IdentityReferenceWithNameAndEmail,
 * PermissionDto, IdentityCertificationTask), from store rows. Each is a store
 * row callback; payload is the jsonw_t * to write to. They return 0.
 */
#ifndef RECERT_SERVER_RENDER_H
#define RECERT_SERVER_RENDER_H

#include "../common/jsonw.h"
#include "../store/store.h"

int render_cert(const store_cert *c, void *payload);
int render_identity(const store_identity_ref *r, void *payload);
int render_permission(const store_permission *p, void *payload);
int render_task(const store_task *t, void *payload);
/* v3: IdentityCertificationDto, CertificationTask; recert/v1: a remediation. */
int render_cert_v3(const store_cert *c, void *payload);
int render_task_v3(const store_task *t, void *payload);
int render_remediation(const store_remediation *r, void *payload);

#endif

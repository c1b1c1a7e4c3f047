// The org the v3 campaign suites of all three SDKs run against
// (tests/sdk/campaigns.test.mjs, python/test_campaigns.py,
// go/campaigns_test.go; the Python and Go harnesses read it through node, so
// the suites share it): tests/api/fixture.mjs plus the assignments a
// generated campaign reviews. What generation must produce from it:
//
//   MANAGER: id-m1 reviews id-s1 (ent-dba, role-fin) and id-s2 (ent-read,
//            ap-hr): 4 items, 2 identities; id-m2 reviews id-s3 (ent-git)
//            and id-s4 (role-fin): 2 items, 2 identities; id-admin holds
//            ent-git and has no manager: one INFO alert.
//   SEARCH   (SEARCH_INFO: id-s1 and id-s3, entitlements ent-dba and
//            ent-git only, reviewed by id-m2): one certification, id-m2's,
//            2 items, 2 identities.
import { doc as baseDoc, SECRET } from '../api/fixture.mjs';

export { SECRET };

export const FUTURE = '2031-03-31T00:00:00.000Z';

export const SEARCH_INFO = {
  type: 'IDENTITY', identityIds: ['id-s1', 'id-s3'],
  accessConstraints: [{ type: 'ENTITLEMENT', operator: 'SELECTED', ids: ['ent-dba', 'ent-git'] }],
  reviewer: { type: 'IDENTITY', id: 'id-m2' },
};

// reviewer id -> [decisionsTotal, identitiesTotal] of each generated certification.
export const MANAGER_CERTS = { 'id-m1': [4, 2], 'id-m2': [2, 2] };
export const SEARCH_CERTS = { 'id-m2': [2, 2] };
export const MANAGER_INFO = '1 identity holding access has no manager and is not reviewed';

export function campaignDoc() {
  const d = structuredClone(baseDoc);
  d.assignments.push(
    { identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read' },
    { identityId: 'id-s2', accessType: 'ACCESS_PROFILE', accessId: 'ap-hr' },
    { identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-git' },
    { identityId: 'id-s4', accessType: 'ROLE', accessId: 'role-fin' },
    { identityId: 'id-admin', accessType: 'ENTITLEMENT', accessId: 'ent-git' },
  );
  return d;
}

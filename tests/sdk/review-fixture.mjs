// The org the v3 review suites of all three SDKs run against
// (tests/sdk/review.test.mjs, python/test_review.py, go/review_test.go; the
// Python and Go harnesses read it through node, so the suites share it):
// tests/api/fixture.mjs plus campaign camp-e2e with one certification,
// cert-e2e, whose four items are all undecided, reviewed by id-m1 (Mia
// Manager), and the assignments its items review, so that sign-off has
// something to remediate. camp-e2e asks for a comment on every REVOKE.
import { doc as baseDoc, SECRET } from '../api/fixture.mjs';

export { SECRET };

export const FUTURE = '2030-06-30T00:00:00.000Z';

export function reviewDoc() {
  const d = structuredClone(baseDoc);
  d.campaigns.push({ id: 'camp-e2e', name: 'End-to-End Review', description: 'SDK walk-through',
    type: 'MANAGER', status: 'ACTIVE', correlatedStatus: 'CORRELATED',
    mandatoryCommentRequirement: 'REVOKE_ONLY_DECISIONS', deadline: '2027-03-31T00:00:00.000Z' });
  d.certifications.push({
    id: 'cert-e2e', name: 'End-to-End Review for Mia Manager', campaignId: 'camp-e2e',
    reviewer: { type: 'IDENTITY', id: 'id-m1' }, phase: 'ACTIVE', due: '2027-03-31T00:00:00.000Z',
    signed: null, created: '2026-11-05T09:00:00.000Z',
    identitySummaries: [{ id: 'is-e1', identityId: 'id-s1' }, { id: 'is-e2', identityId: 'id-s2' }],
    reviewItems: [
      { id: 'e2e-1', identityId: 'id-s1', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
      { id: 'e2e-2', identityId: 'id-s1', accessType: 'ROLE', accessId: 'role-fin', decision: null, comments: null },
      { id: 'e2e-3', identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read', decision: null, comments: null },
      { id: 'e2e-4', identityId: 'id-s2', accessType: 'ACCESS_PROFILE', accessId: 'ap-hr', decision: null, comments: null },
    ],
  });
  d.assignments.push(
    { identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read' },
    { identityId: 'id-s2', accessType: 'ACCESS_PROFILE', accessId: 'ap-hr' },
  );
  return d;
}

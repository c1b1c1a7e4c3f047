// The org most API tests run against. Secrets here are test data.
export const SECRET = 'test-secret-0123456789';

const ident = (id, name, authorities = [], managerId = null) =>
  ({ id, name, email: `${id}@example.com`, managerId, authorities });

export const doc = {
  identities: [
    ident('id-admin', 'Ada Admin', ['ORG_ADMIN']),
    ident('id-certadmin', 'Cora Certadmin', ['CERT_ADMIN']),
    ident('id-helpdesk', 'Hal Helpdesk', ['HELPDESK']),
    ident('id-m1', 'Mia Manager', [], 'id-admin'),
    ident('id-m2', 'Max Manager', [], 'id-admin'),
    ident('id-g1', 'Gus Groupmember', [], 'id-admin'),
    ident('id-s1', 'Sam Subject', [], 'id-m1'),
    ident('id-s2', 'Sue Subject', [], 'id-m1'),
    ident('id-s3', 'Sid Subject', [], 'id-m2'),
    ident('id-s4', 'Sal Subject', [], 'id-m2'),
  ],
  governanceGroups: [{ id: 'gg-db', name: 'DB Owners', memberIds: ['id-g1', 'id-m2'] }],
  clients: [
    ['c-admin', 'id-admin'], ['c-certadmin', 'id-certadmin'], ['c-helpdesk', 'id-helpdesk'],
    ['c-m1', 'id-m1'], ['c-m2', 'id-m2'], ['c-g1', 'id-g1'], ['c-s1', 'id-s1'],
  ].map(([clientId, identityId]) => ({ clientId, clientSecret: SECRET, identityId, name: clientId })),
  entitlements: [
    { id: 'ent-dba', name: 'DBA', source: 'Oracle HR', attribute: 'role', value: 'DBA',
      permissions: [
        { target: 'SYS.OBJAUTH2', rights: ['CREATE', 'SELECT'] },
        { target: 'SYS.GV_$TRANSACTION', rights: ['SELECT'] },
        { target: 'HR.EMPLOYEES', rights: ['SELECT', 'UPDATE', 'DELETE'] },
      ] },
    { id: 'ent-read', name: 'Reader', source: 'Oracle HR', attribute: 'role', value: 'READ',
      permissions: [{ target: 'HR.EMPLOYEES', rights: ['SELECT'] }] },
    { id: 'ent-git', name: 'GitHub Admin', source: 'GitHub', attribute: 'team', value: 'admins', permissions: [] },
  ],
  accessProfiles: [{ id: 'ap-hr', name: 'HR Analyst', source: 'Oracle HR', entitlementIds: ['ent-read'] }],
  roles: [{ id: 'role-fin', name: 'Finance', accessProfileIds: ['ap-hr'], entitlementIds: [] }],
  assignments: [
    { identityId: 'id-s1', accessType: 'ENTITLEMENT', accessId: 'ent-dba' },
    { identityId: 'id-s1', accessType: 'ROLE', accessId: 'role-fin' },
  ],
  campaigns: [
    { id: 'camp-q4', name: 'Q4 Manager Review', description: 'Quarterly', type: 'MANAGER',
      status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'NO_DECISIONS',
      deadline: '2026-12-31T23:59:59.000Z' },
    { id: 'camp-src', name: 'Source Owner Review', description: null, type: 'SOURCE_OWNER',
      status: 'ACTIVE', correlatedStatus: 'UNCORRELATED', mandatoryCommentRequirement: 'REVOKE_ONLY_DECISIONS',
      deadline: '2027-01-15T12:00:00.000Z' },
  ],
  certifications: [
    { id: 'cert-1', name: 'Q4 Manager Review for Mia Manager', campaignId: 'camp-q4',
      reviewer: { type: 'IDENTITY', id: 'id-m1' }, phase: 'ACTIVE', due: '2026-12-31T23:59:59.000Z',
      signed: null, created: '2026-11-01T09:00:00.000Z',
      identitySummaries: [{ id: 'is-1', identityId: 'id-s1' }, { id: 'is-2', identityId: 'id-s2' }],
      reviewItems: [
        { id: 'item-1', identityId: 'id-s1', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
        { id: 'item-2', identityId: 'id-s1', accessType: 'ROLE', accessId: 'role-fin', decision: 'APPROVE', comments: null },
        { id: 'item-3', identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read', decision: null, comments: null },
        { id: 'item-4', identityId: 'id-s2', accessType: 'ACCESS_PROFILE', accessId: 'ap-hr', decision: 'REVOKE', comments: 'not needed' },
        { id: 'item-5', identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
      ] },
    { id: 'cert-2', name: 'Q4 Manager Review for Max Manager', campaignId: 'camp-q4',
      reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: '2026-12-15T00:00:00.000Z',
      signed: null, created: '2026-11-01T09:00:00.000Z',
      reviewItems: [
        { id: 'item-21', identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-read', decision: 'APPROVE', comments: null },
        { id: 'item-22', identityId: 'id-s4', accessType: 'ENTITLEMENT', accessId: 'ent-git', decision: 'APPROVE', comments: null },
      ] },
    { id: 'cert-3', name: 'Source Owner Review for DB Owners', campaignId: 'camp-src',
      reviewer: { type: 'GOVERNANCE_GROUP', id: 'gg-db' }, phase: 'ACTIVE', due: '2027-01-15T12:00:00.000Z',
      signed: null, created: '2026-11-02T09:00:00.000Z',
      reviewItems: [
        { id: 'item-31', identityId: 'id-s1', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
      ] },
    { id: 'cert-4', name: 'Source Owner Review for Mia Manager', campaignId: 'camp-src',
      reviewer: { type: 'IDENTITY', id: 'id-m1' }, phase: 'SIGNED', due: '2026-11-20T00:00:00.000Z',
      signed: '2026-11-19T10:00:00.000Z', created: '2026-11-02T09:00:00.000Z',
      reviewItems: [
        { id: 'item-41', identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-git', decision: 'REVOKE', comments: 'left the team' },
      ] },
    { id: 'cert-5', name: 'Another Review for Max Manager', campaignId: 'camp-q4',
      reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'STAGED', due: null,
      signed: null, created: '2026-11-03T09:00:00.000Z', reviewItems: [] },
  ],
};

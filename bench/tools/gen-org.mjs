#!/usr/bin/env node
// gen-org: writes an org document (shared/spec/org-document.md) for the
// import benchmark and the reassignment benchmark, plus a side file that
// tells the reassignment driver what it may reassign.
//
//   node gen-org.mjs --identities 100000 --big-certs 30 --big-items 520 OUT.json META.json
//
// The org: identities in a tree of fan-out 8 (identity 0 is the ORG_ADMIN),
// each holding 3..5 pieces of access; one MANAGER campaign where every
// manager reviews the access of their reports (about 4 review items per
// report, so about 4 items per identity and one certification per 8
// identities, like `recertd demo`); and one SEARCH campaign of "big"
// certifications with --big-items entitlement items each, reviewed by
// identity 1, so that a 500-item reassignment runs on distinct
// certifications. Identity "bench-delegate" reviews nothing and is the
// subject of no item: every reassignment goes to it.
//
// Ids are 32 hex characters derived from a hash (as SailPoint ids, and
// random as far as the store's B-trees are concerned). The output is
// deterministic for given arguments except the client secret, which is fresh.
import { createHash, randomBytes } from 'node:crypto';
import { openSync, writeSync, closeSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = { identities: 100000, 'big-certs': 30, 'big-items': 520, 'small-tasks': 200 };
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) opt[args[i].slice(2)] = Number(args[++i]);
  else files.push(args[i]);
}
if (files.length !== 2 || !(opt.identities >= 1000)) {
  console.error('usage: gen-org.mjs [--identities N>=1000] [--big-certs B] [--big-items K] OUT.json META.json');
  process.exit(2);
}
const N = opt.identities, B = opt['big-certs'], K = opt['big-items'];

const hid = (kind, n) => createHash('md5').update(`${kind}:${n}`).digest('hex');
const FIRST = ['Aaron', 'Alice', 'Ben', 'Chen', 'Diego', 'Elena', 'Fatima', 'Grace', 'Hiro', 'Isabel',
  'Jack', 'Kai', 'Laura', 'Maya', 'Noah', 'Olivia', 'Priya', 'Rahul', 'Sofia', 'Tariq', 'Uma', 'Wei'];
const LAST = ['Adams', 'Baker', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito',
  'Kim', 'Lopez', 'Meyer', 'Nguyen', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Smith', 'Wang', 'Young'];
const nameOf = (i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;

// Buffered writer: the document is tens of MB.
const fd = openSync(files[0], 'w');
let chunk = [];
let chunkLen = 0;
const out = (s) => {
  chunk.push(s);
  chunkLen += s.length;
  if (chunkLen > 1 << 20) flush();
};
const flush = () => { writeSync(fd, chunk.join('')); chunk = []; chunkLen = 0; };
const J = JSON.stringify;

let rngState = 12345;
const rnd = (n) => { rngState = (rngState * 1103515245 + 12345) >>> 0; return (rngState >>> 8) % n; };

// Catalog: 30 entitlements on 5 sources, 10 access profiles, 4 roles.
const ENT = Array.from({ length: 30 }, (_, i) => hid('ent', i));
const AP = Array.from({ length: 10 }, (_, i) => hid('ap', i));
const ROLE = Array.from({ length: 4 }, (_, i) => hid('role', i));
const SOURCES = ['Active Directory', 'Oracle HR', 'Workday', 'GitHub', 'Salesforce'];
const accessOf = (i) => { // 3..5 distinct pieces of access of identity i
  const n = 3 + (i % 3), got = [];
  for (let k = 0; got.length < n; k++) {
    const roll = (i * 7 + k * 13) % 10;
    const a = roll < 1 ? ['ROLE', ROLE[(i + k) % ROLE.length]]
      : roll < 3 ? ['ACCESS_PROFILE', AP[(i * 3 + k) % AP.length]]
        : ['ENTITLEMENT', ENT[(i * 5 + k * 11) % ENT.length]];
    if (!got.some((g) => g[1] === a[1])) got.push(a);
  }
  return got;
};

const ids = (i) => hid('identity', i);
const delegate = 'bench-delegate';
const secret = randomBytes(16).toString('hex');
let objects = { identities: 0, certifications: 0, reviewItems: 0, assignments: 0 };

out('{"identities":[');
for (let i = 0; i < N; i++) {
  out((i ? ',' : '') + J({ id: ids(i), name: nameOf(i), email: `user${i}@example.com`,
    managerId: i ? ids(Math.floor((i - 1) / 8)) : null, authorities: i ? [] : ['ORG_ADMIN'] }));
  objects.identities++;
}
out(',' + J({ id: delegate, name: 'Bench Delegate', email: 'delegate@example.com', managerId: ids(0), authorities: [] }));
objects.identities++;
out('],"governanceGroups":' + J([{ id: hid('group', 0), name: 'Access Review Board', memberIds: [ids(2), ids(3), ids(4)] }]));
out(',"clients":' + J([{ clientId: 'bench-admin', clientSecret: secret, identityId: ids(0), name: 'bench' }]));
out(',"entitlements":' + J(ENT.map((id, e) => ({
  id, name: `Entitlement ${e}`, source: SOURCES[e % 5], attribute: 'memberOf', value: `CN=ent${e}`,
  permissions: [{ target: `target-${e}`, rights: ['READ', 'WRITE'] }, { target: `target-${e}-b`, rights: ['READ'] }],
}))));
out(',"accessProfiles":' + J(AP.map((id, a) => ({ id, name: `Profile ${a}`, source: SOURCES[a % 5],
  entitlementIds: [ENT[a], ENT[a + 10]] }))));
out(',"roles":' + J(ROLE.map((id, r) => ({ id, name: `Role ${r}`, accessProfileIds: [AP[r], AP[r + 4]], entitlementIds: [ENT[r + 20]] }))));
out(',"assignments":[');
for (let i = 0; i < N; i++) {
  const acc = accessOf(i);
  out((i ? ',' : '') + acc.map(([t, a]) => J({ identityId: ids(i), accessType: t, accessId: a })).join(','));
  objects.assignments += acc.length;
}
const MGR = hid('campaign', 0), BIG = hid('campaign', 1);
out('],"campaigns":' + J([
  { id: MGR, name: 'Q4 Manager Review', description: 'Every manager reviews their reports', type: 'MANAGER',
    status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'NO_DECISIONS',
    deadline: '2026-12-31T23:59:59.000Z' },
  { id: BIG, name: 'Bench Big Review', description: 'Large certifications for reassignment', type: 'SEARCH',
    status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'NO_DECISIONS',
    deadline: '2026-12-31T23:59:59.000Z' },
]));
out(',"certifications":[');
const meta = { client_id: 'bench-admin', client_secret: secret, delegate, big: [], small: [] };
let first = true, itemNo = 0;
const cert = (id, name, campaignId, reviewerId, items) => {
  out((first ? '' : ',') + J({ id, name, campaignId, reviewer: { type: 'IDENTITY', id: reviewerId },
    phase: 'ACTIVE', due: '2026-12-31T23:59:59.000Z', signed: null, created: '2026-11-01T09:00:00.000Z',
    reviewItems: items }));
  first = false;
  objects.certifications++;
  objects.reviewItems += items.length;
};
// Manager certifications: manager m reviews reports 8m+1 .. 8m+8.
const managers = Math.floor((N - 2) / 8) + 1;
for (let m = 0; m < managers; m++) {
  const items = [];
  let firstReportItems = null;
  for (let r = 8 * m + 1; r <= Math.min(8 * m + 8, N - 1); r++) {
    const mine = [];
    for (const [t, a] of accessOf(r).slice(0, 4)) {
      const id = hid('item', itemNo++);
      items.push({ id, identityId: ids(r), accessType: t, accessId: a, decision: rnd(10) === 0 ? 'APPROVE' : null, comments: null });
      mine.push(id);
    }
    if (!firstReportItems) firstReportItems = mine;
  }
  const cid = hid('cert', m);
  cert(cid, `Q4 Manager Review for ${nameOf(m)}`, MGR, ids(m), items);
  // Small tasks: one report's items (ITEM refs) on distinct certifications.
  // Identity 0's certification is excluded: delegate reports to identity 0
  // but is no subject there, so it would work; kept out for symmetry.
  if (m > 0 && meta.small.length < opt['small-tasks']) meta.small.push({ cert: cid, items: firstReportItems });
}
// Big certifications: K entitlement items each, over distinct subjects.
for (let b = 0; b < B; b++) {
  const items = [];
  for (let k = 0; k < K; k++) {
    const subject = 10 + ((b * K + k) >> 2) % (N - 10); // 4 items per subject
    const id = hid('bigitem', b * K + k);
    items.push({ id, identityId: ids(subject), accessType: 'ENTITLEMENT', accessId: ENT[k % 4 + 4 * (b % 6)], decision: null, comments: null });
  }
  const cid = hid('bigcert', b);
  cert(cid, `Bench Big Review ${b}`, BIG, ids(1), items);
  meta.big.push({ cert: cid, items: items.map((i) => i.id) });
}
out(']}\n');
flush();
closeSync(fd);
meta.objects = objects;
writeFileSync(files[1], JSON.stringify(meta));
console.log(JSON.stringify(objects));

#!/usr/bin/env node
// gen-review: writes an org document (shared/spec/org-document.md) of
// 250-item certifications over the bench store's own identities and
// assignments, for the review workloads (8: decide, 9: sign-off, 10: a page
// of access-review-items), and a side file naming what each workload uses.
//
//   node gen-review.mjs --reviewer ID --decide D --signoff S [--items 250] ASSIGNMENTS.tsv OUT.json META.json
//
// ASSIGNMENTS.tsv: identity_id, access_type, access_id per line (tab
// separated), as many as the certifications need: (1 + D + S) × items,
// each used once. The store already holds these identities, their access
// and the access objects, so the document holds only:
//   - the assignments themselves (importing one that is held changes
//     nothing; one that a sign-off removed is given back: importing the
//     document again restores the store's access);
//   - campaign "Bench Review: decide" with one certification for the
//     access-review-items page and D for decide (each reviews 250
//     assignments, 4-5 per subject identity, as a manager review would);
//   - S campaigns "Bench Review: sign-off k" of one certification each, so
//     that a campaign's remediation records are the removals of that one
//     certification's sign-off (records outlive a re-import: the driver
//     reads only those past the count it saw before signing off).
// Every certification is ACTIVE, undecided and reviewed by --reviewer, due
// 2026-12-01 (before every demo certification, so they sort last in the
// demo's `sorters=-due` pages). Ids are 32 hex characters from a hash, as
// in gen-org.mjs: the same arguments and assignments give the same
// document, so importing it with --replace resets the certifications.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = { decide: 200, signoff: 50, items: 250, reviewer: null };
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) {
    const k = args[i].slice(2);
    opt[k] = k === 'reviewer' ? args[++i] : Number(args[++i]);
  } else files.push(args[i]);
}
if (files.length !== 3 || !opt.reviewer || !(opt.items >= 1 && opt.items <= 250)) {
  console.error('usage: gen-review.mjs --reviewer ID --decide D --signoff S [--items K<=250] ASSIGNMENTS.tsv OUT.json META.json');
  process.exit(2);
}
const K = opt.items, D = opt.decide, S = opt.signoff;
const need = (1 + D + S) * K;
const rows = readFileSync(files[0], 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
if (rows.length < need) {
  console.error(`gen-review: need ${need} assignments, got ${rows.length}`);
  process.exit(1);
}

const hid = (kind, n) => createHash('md5').update(`bench-review:${kind}:${n}`).digest('hex');
const DUE = '2026-12-01T17:00:00.000Z';
let next = 0;
const assignments = [];
const certs = [];
const meta = { items: K, read: null, decide: [], signoff: [] };

function cert(kind, k, campaignId, name) {
  const items = [];
  for (let i = 0; i < K; i++) {
    const [identityId, accessType, accessId] = rows[next++];
    assignments.push({ identityId, accessType, accessId });
    items.push({ id: hid(`${kind}-item`, k * K + i), identityId, accessType, accessId, decision: null, comments: null });
  }
  const id = hid(`${kind}-cert`, k);
  certs.push({ id, name, campaignId, reviewer: { type: 'IDENTITY', id: opt.reviewer }, phase: 'ACTIVE',
    due: DUE, signed: null, created: '2026-11-01T09:00:00.000Z', reviewItems: items });
  return { cert: id, campaign: campaignId, items: items.map((x) => x.id) };
}

const campaign = (id, name) => ({ id, name, description: 'make bench: review workloads', type: 'MANAGER',
  status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'REVOKE_ONLY_DECISIONS',
  deadline: '2026-12-31T23:59:59.000Z' });
const DECIDE = hid('campaign', 'decide');
const campaigns = [campaign(DECIDE, 'Bench Review: decide')];
meta.read = cert('read', 0, DECIDE, 'Bench Review: items page');
for (let k = 0; k < D; k++) meta.decide.push(cert('decide', k, DECIDE, `Bench Review: decide ${k}`));
for (let k = 0; k < S; k++) {
  const c = hid('campaign', `signoff-${k}`);
  campaigns.push(campaign(c, `Bench Review: sign-off ${k}`));
  meta.signoff.push(cert('signoff', k, c, `Bench Review: sign-off ${k}`));
}
writeFileSync(files[1], JSON.stringify({ assignments, campaigns, certifications: certs }) + '\n');
meta.objects = { campaigns: campaigns.length, certifications: certs.length, reviewItems: certs.length * K,
  assignments: assignments.length };
writeFileSync(files[2], JSON.stringify(meta));
console.log(JSON.stringify(meta.objects));

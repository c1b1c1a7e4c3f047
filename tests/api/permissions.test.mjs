// GET /beta/certifications/{cid}/access-review-items/{iid}/permissions:
// PermissionDto shape, which items have permissions, the restricted filter
// grammar (one and/or joining target and rights), paging, authorization.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, token, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';

let srv, admin, certadmin, m1, m2, g1, s1, helpdesk;

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  [admin, certadmin, m1, m2, g1, s1, helpdesk] = await Promise.all(
    ['c-admin', 'c-certadmin', 'c-m1', 'c-m2', 'c-g1', 'c-s1', 'c-helpdesk'].map((c) => token(srv.base, c, SECRET)));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const perms = (cert, item, tok, query) =>
  call(srv.base, `/beta/certifications/${cert}/access-review-items/${item}/permissions`, { tok, query });
const targets = (r) => r.body.map((p) => p.target).sort();

const DBA = [
  { rights: ['CREATE', 'SELECT'], target: 'SYS.OBJAUTH2' },
  { rights: ['SELECT'], target: 'SYS.GV_$TRANSACTION' },
  { rights: ['SELECT', 'UPDATE', 'DELETE'], target: 'HR.EMPLOYEES' },
];
const byTarget = (a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0);

test('an entitlement item lists its entitlement\'s permissions as PermissionDto', async () => {
  const r = await perms('cert-1', 'item-1', admin);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.body.length, 3);
  for (const p of r.body) assert.deepEqual(Object.keys(p).sort(), ['rights', 'target']);
  assert.deepEqual([...r.body].sort(byTarget), [...DBA].sort(byTarget));
  // Another item with the same entitlement in the same certification.
  const same = await perms('cert-1', 'item-5', admin);
  assert.deepEqual([...same.body].sort(byTarget), [...DBA].sort(byTarget));
  const read = await perms('cert-1', 'item-3', admin);
  assert.deepEqual(read.body, [{ rights: ['SELECT'], target: 'HR.EMPLOYEES' }]);
});

test('an entitlement without permissions, an access profile and a role give []', async () => {
  for (const [cert, item] of [['cert-2', 'item-22'], ['cert-1', 'item-2'], ['cert-1', 'item-4']]) {
    const r = await perms(cert, item, admin, { count: 'true' });
    assert.equal(r.status, 200, item);
    assert.deepEqual(r.body, [], item);
    assert.equal(r.headers.get('x-total-count'), '0', item);
  }
});

test('an item of another certification, an unknown item or certification is 404', async () => {
  const cases = [['cert-1', 'item-21'], ['cert-2', 'item-1'], ['cert-1', 'item-nope'], ['cert-nope', 'item-1']];
  for (const [cert, item] of cases) {
    const r = await perms(cert, item, admin);
    assert.equal(r.status, 404, `${cert}/${item}`);
    assert.equal(r.body.detailCode, '404 Not found');
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
    assert.equal(typeof r.body.messages[0].text, 'string');
  }
});

test('filters: target eq/sw and rights ca, all case-insensitive', async () => {
  const cases = [
    ['target eq "SYS.OBJAUTH2"', ['SYS.OBJAUTH2']],
    ['target eq "sys.objauth2"', ['SYS.OBJAUTH2']],
    ['target eq "SYS"', []],
    ['target sw "SYS."', ['SYS.GV_$TRANSACTION', 'SYS.OBJAUTH2']],
    ['target sw "sys.gv_$"', ['SYS.GV_$TRANSACTION']],
    ['target sw "HR_"', []],
    ['target sw "%"', []],
    ['rights ca ("SELECT")', ['HR.EMPLOYEES', 'SYS.GV_$TRANSACTION', 'SYS.OBJAUTH2']],
    ['rights ca ("select","create")', ['SYS.OBJAUTH2']],
    ['rights ca ("Update", "DELETE", "select")', ['HR.EMPLOYEES']],
    ['rights ca ("CREATE","DELETE")', []],
    ['rights ca ("SEL")', []],
    ['rights ca ("CREATE") and target eq "SYS.OBJAUTH2"', ['SYS.OBJAUTH2']],
    ['rights ca ("CREATE") and target eq "HR.EMPLOYEES"', []],
    ['target eq "sys.objauth2" and rights ca ("create")', ['SYS.OBJAUTH2']],
    ['target sw "SYS" or rights ca ("DELETE")', ['HR.EMPLOYEES', 'SYS.GV_$TRANSACTION', 'SYS.OBJAUTH2']],
    ['target sw "SYS.G" or rights ca ("DELETE")', ['HR.EMPLOYEES', 'SYS.GV_$TRANSACTION']],
    ['(target sw "HR") and (rights ca ("UPDATE"))', ['HR.EMPLOYEES']],
  ];
  for (const [f, want] of cases) {
    const r = await perms('cert-1', 'item-1', admin, { filters: f });
    assert.equal(r.status, 200, `${f}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(targets(r), want, f);
  }
  // A filtered row still shows all its rights.
  const r = await perms('cert-1', 'item-1', admin, { filters: 'rights ca ("delete")' });
  assert.deepEqual(r.body, [{ rights: ['SELECT', 'UPDATE', 'DELETE'], target: 'HR.EMPLOYEES' }]);
});

test('two filters on the same field are 400 explaining and/or must join different fields', async () => {
  for (const f of ['rights ca ("CREATE") and rights ca ("SELECT")', 'target eq "A" or target sw "B"',
    'target eq "A" or target eq "B"']) {
    const r = await perms('cert-1', 'item-1', admin, { filters: f });
    assert.equal(r.status, 400, f);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.messages[0].text, /and\/or/, f);
    assert.match(r.body.messages[0].text, /different fields/, f);
  }
});

test('more than one and/or is 400', async () => {
  for (const f of ['target sw "SYS" or rights ca ("DELETE") and target eq "x"',
    'rights ca ("CREATE") and target eq "SYS.OBJAUTH2" and target sw "SYS"',
    '(target eq "a" or rights ca ("b")) and (target eq "c" or rights ca ("d"))']) {
    const r = await perms('cert-1', 'item-1', admin, { filters: f });
    assert.equal(r.status, 400, f);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.messages[0].text, /and\/or/, f);
  }
});

test('other operators and fields are 400', async () => {
  const cases = [
    ['target co "x"', /operator "co"/],
    ['target in ("x")', /operator "in"/],
    ['target ne "x"', /operator "ne"/],
    ['rights eq "x"', /operator "eq"/],
    ['rights co "x"', /operator "co"/],
    ['rights sw "x"', /operator "sw"/],
    ['target ca ("x")', /operator "ca"/],
    ['id eq "1"', /unknown field "id"/],
    ['rights ca ()', /./],
  ];
  for (const [f, re] of cases) {
    const r = await perms('cert-1', 'item-1', admin, { filters: f });
    assert.equal(r.status, 400, f);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.messages[0].text, re, f);
  }
});

test('sorters are not supported: 400', async () => {
  for (const s of ['target', '-target', 'rights']) {
    const r = await perms('cert-1', 'item-1', admin, { sorters: s });
    assert.equal(r.status, 400, s);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.messages[0].text, /sort/);
  }
});

test('limit, offset and count', async () => {
  let r = await perms('cert-1', 'item-1', admin, { count: 'true', limit: 1 });
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 1);
  assert.equal(r.headers.get('x-total-count'), '3');
  r = await perms('cert-1', 'item-1', admin, { count: 'true', filters: 'target sw "SYS"' });
  assert.equal(r.headers.get('x-total-count'), '2');
  r = await perms('cert-1', 'item-1', admin, { limit: 0, count: 'true' });
  assert.deepEqual(r.body, []);
  assert.equal(r.headers.get('x-total-count'), '3');
  r = await perms('cert-1', 'item-1', admin, { offset: 3 });
  assert.deepEqual(r.body, []);
  r = await perms('cert-1', 'item-1', admin);
  assert.equal(r.headers.get('x-total-count'), null);
  // Pages are stable: walking with limit 2 yields each permission once.
  const seen = [];
  for (let offset = 0; offset < 10; offset += 2) {
    const p = await perms('cert-1', 'item-1', admin, { limit: 2, offset });
    assert.equal(p.status, 200);
    seen.push(...p.body);
    if (p.body.length < 2) break;
  }
  assert.deepEqual(seen.sort(byTarget), [...DBA].sort(byTarget));
  const full = await perms('cert-1', 'item-1', admin);
  const page1 = await perms('cert-1', 'item-1', admin, { limit: 1, offset: 1 });
  assert.deepEqual(page1.body, [full.body[1]]);
  for (const q of [{ limit: 251 }, { offset: -1 }, { limit: 'two' }]) {
    const b = await perms('cert-1', 'item-1', admin, q);
    assert.equal(b.status, 400, JSON.stringify(q));
  }
});

test('only admins and the certification\'s reviewers may read permissions', async () => {
  for (const [t, cert, item] of [[s1, 'cert-1', 'item-1'], [helpdesk, 'cert-1', 'item-1'],
    [m2, 'cert-1', 'item-1'], [m1, 'cert-3', 'item-31'], [g1, 'cert-1', 'item-1']]) {
    const r = await perms(cert, item, t);
    assert.equal(r.status, 403, `${cert}/${item}`);
    assert.equal(r.body.detailCode, '403 Forbidden');
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
  }
  for (const [t, cert, item] of [[m1, 'cert-1', 'item-1'], [g1, 'cert-3', 'item-31'],
    [m2, 'cert-3', 'item-31'], [certadmin, 'cert-1', 'item-1'], [admin, 'cert-3', 'item-31']]) {
    const r = await perms(cert, item, t);
    assert.equal(r.status, 200, `${cert}/${item}`);
    assert.equal(r.body.length, 3);
  }
  const none = await perms('cert-1', 'item-1');
  assert.equal(none.status, 401);
  assert.equal(typeof none.body.error, 'string');
});

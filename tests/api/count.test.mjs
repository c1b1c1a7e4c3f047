// X-Total-Count follows every change: counts are remembered by the store
// only until the data changes, whichever connection changed it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, token, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';

let srv, admin;
before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off', '--threads', '1'] });
  admin = await token(srv.base, 'c-admin', SECRET);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const total = async (filters) => {
  const query = { count: 'true', limit: 0 };
  if (filters) query.filters = filters;
  const r = await call(srv.base, '/beta/certifications', { tok: admin, query });
  assert.equal(r.status, 200);
  return Number(r.headers.get('x-total-count'));
};

test('a count repeated after a reassignment sees the new certification', async () => {
  assert.equal(await total(), 5);
  assert.equal(await total(), 5); // served again, unchanged data
  assert.equal(await total('campaignRef.id eq "camp-q4"'), 3);
  const r = await call(srv.base, '/beta/certifications/cert-1/reassign-async', {
    tok: admin, method: 'POST',
    body: { reassign: [{ id: 'item-3', type: 'ITEM' }], reassignTo: 'id-m2', reason: 'count check' },
  });
  assert.equal(r.status, 200);
  for (let i = 0; i < 200; i++) {
    const t = await call(srv.base, `/beta/certifications/cert-1/tasks/${r.body.id}`, { tok: admin });
    if (t.body.status === 'SUCCESS') break;
    assert.notEqual(t.body.status, 'ERROR');
    await new Promise((res) => setTimeout(res, 25));
  }
  assert.equal(await total(), 6);
  assert.equal(await total('campaignRef.id eq "camp-q4"'), 4);
});

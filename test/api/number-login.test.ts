import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { provisionNumber } from '../../src/numbers/provision-number.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness, sessionFrom } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

forEachDialect('api 400-number sign-in (P1)', ({ open }) => {
  let h: ApiHarness;
  let operator: Caller & { kind: 'session' };
  before(async () => {
    h = await ApiHarness.start(await open());
    operator = await h.as(null, 'p1.operator', 'operator_admin');
    await provisionNumber(h.db, { number: '4006123456', tenantId: 'TN', status: 'active', by: 'test' });
    await provisionNumber(h.db, { number: '4006123457', tenantId: 'TN', status: 'pending_activation', by: 'test' });
  });
  after(() => h?.close());

  const numberSignIn = (number: string, password: string) => h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/number-sign-in', { body: { number, password } });

  test('the operator gets a random 6-digit first password once; the tenant signs in with the number and must change it', async () => {
    const issued = await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '400-612-3456' } });
    assert.equal(issued.statusCode, 201, issued.body);
    const { password, tenantId, number } = issued.json() as { password: string; tenantId: string; number: string };
    assert.match(password, /^[0-9]{6}$/);
    assert.equal(tenantId, 'TN');
    assert.equal(number, '4006123456');
    const res = await numberSignIn('4006123456', password);
    assert.equal(res.statusCode, 200, res.body);
    const session = sessionFrom(res);
    assert.equal(res.json().user.mustChangePassword, true);
    assert.equal(res.json().user.tenantId, 'TN');
    const blocked = await h.call(session, 'GET', '/api/v1/audit');
    assert.equal(blocked.json().code, 'PASSWORD_CHANGE_REQUIRED');
    const weak = await h.call(session, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: password, newPassword: '12345678' } });
    assert.equal(weak.json().code, 'WEAK_PASSWORD');
    const changed = await h.call(session, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: password, newPassword: 'Tenant-0wn-Secret' } });
    assert.equal(changed.statusCode, 200, changed.body);
    const fresh = sessionFrom(changed);
    const audit = await h.call(fresh, 'GET', '/api/v1/audit');
    assert.equal(audit.statusCode, 200);
    assert.ok(!audit.body.includes(password));
    assert.equal((await numberSignIn('+86 400 612 3456', 'Tenant-0wn-Secret')).statusCode, 200, 'any usual spelling of the number');
    assert.equal((await numberSignIn('4006123456', password)).statusCode, 401, 'the first password is gone');
  });

  test('the first password is shown once: a reset issues a new one and the old stops working', async () => {
    const a = (await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } })).json().password as string;
    const b = (await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } })).json().password as string;
    if (a !== b) assert.equal((await numberSignIn('4006123456', a)).statusCode, 401);
    assert.equal((await numberSignIn('4006123456', b)).statusCode, 200);
  });

  test('a number that is not active neither gets a login nor signs in', async () => {
    const res = await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123457' } });
    assert.equal(res.statusCode, 422);
    assert.equal((await numberSignIn('4006123457', '000000')).json().code, 'INVALID_CREDENTIALS');
    assert.equal((await numberSignIn('not a number', '000000')).json().code, 'INVALID_CREDENTIALS');
  });

  test('only the operator issues number logins', async () => {
    const admin = await h.as('TN', 'tn.admin', 'tenant_admin');
    const res = await h.call(admin, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } });
    assert.equal(res.statusCode, 403);
  });
});

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

  test('a number login may keep a 6-digit password of its own (not a run or a repeat); a named user may not', async () => {
    const first = (await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } })).json().password as string;
    const session = sessionFrom(await numberSignIn('4006123456', first));
    for (const trivial of ['123456', '000000', '987654', '890123', first]) {
      const res = await h.call(session, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: first, newPassword: trivial } });
      assert.equal(res.json().code, 'WEAK_PASSWORD', trivial);
    }
    const own = first === '271828' ? '314159' : '271828';
    const changed = await h.call(session, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: first, newPassword: own } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().user.mustChangePassword, false);
    const again = await numberSignIn('400-612-3456', own);
    assert.equal(again.statusCode, 200);
    assert.equal((await h.call(sessionFrom(again), 'GET', '/api/v1/audit')).statusCode, 200);
    // The 6-digit allowance is the number login's only.
    const named = await h.as('TN', 'tn.named', 'tenant_admin');
    const res = await h.call(named, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: 'Str0ng-Passw0rd!', newPassword: '271828' } });
    assert.equal(res.json().code, 'WEAK_PASSWORD');
  });

  test('a number session upgrades to a named tenant-admin account; a named session cannot; the number login can be retired', async () => {
    const first = (await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } })).json().password as string;
    const pending = sessionFrom(await numberSignIn('4006123456', first));
    const body = { username: 'acme.boss', displayName: '王经理', password: 'Named-Acc0unt!' };
    assert.equal((await h.call(pending, 'POST', '/api/v1/auth/number-upgrade', { body })).json().code, 'PASSWORD_CHANGE_REQUIRED', 'the first password goes first');
    const changed = await h.call(pending, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: first, newPassword: '582046' } });
    const session = sessionFrom(changed);
    const weak = await h.call(session, 'POST', '/api/v1/auth/number-upgrade', { body: { ...body, password: '582046' } });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().code, 'WEAK_PASSWORD');
    assert.equal((await h.call(session, 'POST', '/api/v1/auth/number-upgrade', { body: { ...body, username: 'p1.operator' } })).json().code, 'NAME_UNAVAILABLE');
    const made = await h.call(session, 'POST', '/api/v1/auth/number-upgrade', { body });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.json().role, 'tenant_admin');
    assert.equal(made.json().tenantId, 'TN');
    assert.equal(made.json().loginKind ?? 'named', 'named');
    const boss = await h.signIn('acme.boss', 'Named-Acc0unt!');
    const refused = await h.call(boss, 'POST', '/api/v1/auth/number-upgrade', { body: { ...body, username: 'acme.boss2' } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'NOT_A_NUMBER_LOGIN');
    // The number login still works until retired; retiring it ends its sessions.
    assert.equal((await numberSignIn('4006123456', '582046')).statusCode, 200);
    const retire = await h.call(session, 'POST', '/api/v1/auth/number-upgrade', { body: { ...body, username: 'acme.deputy', disableNumberLogin: true } });
    assert.equal(retire.statusCode, 201, retire.body);
    assert.equal((await numberSignIn('4006123456', '582046')).json().code, 'ACCOUNT_DISABLED');
    assert.equal((await h.call(session, 'GET', '/api/v1/audit')).statusCode, 401);
    const log = (await h.call(boss, 'GET', '/api/v1/audit', { query: { limit: '50' } })).json() as Array<{ action: string; actor: { name: string } }>;
    assert.ok(log.some((e) => e.action === 'user.create' && e.actor.name === '4006123456'), 'the named accounts were made by the number login, audited');
  });

  test('guessing a 6-digit password is throttled: the 11th try within 15 minutes is locked out, even with the right password', async () => {
    const password = (await h.call(operator, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } })).json().password as string;
    const wrong = password === '999999' ? '999998' : '999999';
    h.clock.advance(16 * 60_000); // the earlier tests' failures out of the window
    for (let i = 0; i < 10; i++) {
      const res = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/number-sign-in', { body: { number: '4006123456', password: wrong }, remoteAddress: `198.51.100.${i + 1}` });
      assert.equal(res.json().code, 'INVALID_CREDENTIALS', `try ${i + 1}`);
    }
    const locked = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/number-sign-in', { body: { number: '4006123456', password }, remoteAddress: '198.51.100.99' });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'SIGN_IN_LOCKED');
    h.clock.advance(16 * 60_000);
    assert.equal((await numberSignIn('4006123456', password)).statusCode, 200, 'the lock lapses');
  });

  test('only the operator issues number logins', async () => {
    const admin = await h.as('TN', 'tn.admin', 'tenant_admin');
    const res = await h.call(admin, 'POST', '/api/v1/auth/number-logins', { body: { number: '4006123456' } });
    assert.equal(res.statusCode, 403);
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness, STRONG_PASSWORD } from './support/api-harness.ts';

const MINUTE = 60_000;

forEachDialect('api sign-in throttling', ({ open }) => {
  let h: ApiHarness;
  before(async () => {
    h = await ApiHarness.start(await open());
  });
  after(() => h?.close());

  const attempt = (username: string, password: string, remoteAddress: string) =>
    h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username, password }, remoteAddress });

  test('an account is locked after 10 failures (even the right password), and opens again after the lock', async () => {
    await h.user('T1', 'target', 'agent');
    for (let i = 0; i < 10; i++) {
      // Different addresses: only the account counter trips.
      assert.equal((await attempt('target', `guess-${i}`, `10.1.0.${i}`)).statusCode, 401, `attempt ${i}`);
    }
    const locked = await attempt('target', STRONG_PASSWORD, '10.9.9.9');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'SIGN_IN_LOCKED');
    assert.equal(locked.headers['retry-after'], String(15 * 60));
    h.clock.advance(15 * MINUTE - 1000);
    assert.equal((await attempt('target', STRONG_PASSWORD, '10.9.9.9')).statusCode, 429, 'still locked');
    h.clock.advance(2000);
    assert.equal((await attempt('target', STRONG_PASSWORD, '10.9.9.9')).statusCode, 200, 'lock over');
  });

  test('nine failures then a success clear the account count', async () => {
    await h.user('T1', 'forgetful', 'agent');
    for (let i = 0; i < 9; i++) await attempt('forgetful', 'wrong', `10.2.0.${i}`);
    assert.equal((await attempt('forgetful', STRONG_PASSWORD, '10.2.1.1')).statusCode, 200);
    for (let i = 0; i < 9; i++) assert.equal((await attempt('forgetful', 'wrong', `10.2.2.${i}`)).statusCode, 401);
    assert.equal((await attempt('forgetful', STRONG_PASSWORD, '10.2.1.1')).statusCode, 200, 'the count started over');
  });

  test('failures spread over more than the window do not lock', async () => {
    await h.user('T1', 'slowpoke', 'agent');
    for (let i = 0; i < 9; i++) await attempt('slowpoke', 'wrong', `10.3.0.${i}`);
    h.clock.advance(16 * MINUTE);
    assert.equal((await attempt('slowpoke', 'wrong', '10.3.1.1')).statusCode, 401, 'a new window');
    assert.equal((await attempt('slowpoke', STRONG_PASSWORD, '10.3.1.1')).statusCode, 200);
  });

  test('one address is locked after 10 failures across many accounts; other addresses are not', async () => {
    await h.user('T1', 'bystander', 'agent');
    for (let i = 0; i < 10; i++) await attempt(`spray-${i}`, 'wrong', '192.0.2.66');
    const locked = await attempt('bystander', STRONG_PASSWORD, '192.0.2.66');
    assert.equal(locked.statusCode, 429);
    assert.equal((await attempt('bystander', STRONG_PASSWORD, '192.0.2.67')).statusCode, 200);
  });
});

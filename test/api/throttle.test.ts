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

  test('100 parallel sign-ins, the right password 80th: exactly 10 reach the password check, none succeeds', async () => {
    await h.user('T1', 'besieged', 'agent');
    // Each from its own address, so only the account counter stands between them and the password.
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => attempt('besieged', i === 79 ? STRONG_PASSWORD : `guess-${i}`, `10.4.${Math.floor(i / 200)}.${i}`)),
    );
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 200).length, 0, 'the right password, 80th, is refused');
    assert.equal(codes.filter((c) => c === 401).length, 10, 'only maxFailures attempts were checked');
    assert.equal(codes.filter((c) => c === 429).length, 90);
    assert.equal(results[79]?.json().code, 'SIGN_IN_LOCKED');
    // The lock holds afterwards too.
    assert.equal((await attempt('besieged', STRONG_PASSWORD, '10.4.9.9')).statusCode, 429);
  });

  test('a right password gives its address its attempt back (a busy office behind one address is not locked by its own sign-ins)', async () => {
    await h.user('T1', 'office', 'agent');
    for (let i = 0; i < 30; i++) assert.equal((await attempt('office', STRONG_PASSWORD, '198.51.100.7')).statusCode, 200, `sign-in ${i}`);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_SCRYPT, hashPassword, needsRehash, verifyPassword } from '../../src/users/password.ts';
import { passwordProblems } from '../../src/users/password-policy.ts';

test('a hash verifies its password and no other', async () => {
  const hash = await hashPassword('correct horse', TEST_SCRYPT);
  assert.match(hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.equal(await verifyPassword('correct horse', hash), true);
  assert.equal(await verifyPassword('correct horsE', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('the same password hashes differently each time (salted)', async () => {
  const [a, b] = await Promise.all([hashPassword('pw', TEST_SCRYPT), hashPassword('pw', TEST_SCRYPT)]);
  assert.notEqual(a, b);
});

test('tampered or absurd stored hashes are refused without throwing', async () => {
  const hash = await hashPassword('pw', TEST_SCRYPT);
  for (const bad of ['', 'plain', hash.replace('scrypt', 'bcrypt'), hash.replace('$1024$', '$1000$'), hash.replace('$1024$', `$${2 ** 30}$`), hash.slice(0, -5)]) {
    assert.equal(await verifyPassword('pw', bad), false, bad);
  }
});

test('needsRehash when the stored cost is below the wanted cost', async () => {
  const cheap = await hashPassword('pw', TEST_SCRYPT);
  assert.equal(needsRehash(cheap, TEST_SCRYPT), false);
  assert.equal(needsRehash(cheap, { N: 2 ** 11, r: 8, p: 1 }), true);
  assert.equal(needsRehash('garbage', TEST_SCRYPT), true);
});

test('password policy: the 6-digit first password is weak, a mixed long one is not', () => {
  assert.deepEqual(passwordProblems('123456'), ['too-short', 'too-few-kinds']);
  assert.deepEqual(passwordProblems('Str0ng-Passw0rd!'), []);
  assert.deepEqual(passwordProblems('alllowercaseletters'), ['too-few-kinds']);
  assert.ok(passwordProblems('Alice-Passw0rd', { username: 'alice' }).includes('contains-username'));
  assert.ok(passwordProblems('Str0ng-Passw0rd!', { oldPassword: 'Str0ng-Passw0rd!' }).includes('same-as-old'));
});

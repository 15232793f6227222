import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { listAudit } from '../../src/audit/audit-log.ts';
import { systemActor } from '../../src/audit/actor.ts';
import { findSipAccount, findSipCredentials } from '../../src/users/find-sip-credentials.ts';
import { TEST_SCRYPT, verifyPassword } from '../../src/users/password.ts';
import { deleteUser, updateUser } from '../../src/users/update-user.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { findUserRowByUsername, getUser, listUsers } from '../../src/users/user-store.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { forEachDialect } from '../support/databases.ts';

const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: 'pbx.example', now: () => new Date('2026-11-22T08:00:00Z') });
const by = systemActor('test');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

forEachDialect('users store', ({ open }) => {
  let db: Kysely<object>;
  before(async () => {
    db = (await open()).db;
  });

  test('upsertUser creates, then updates the same user name in the same tenant', async () => {
    const a = await upsertUser(db, { tenantId: 'T1', username: 'Agent.One', role: 'agent', displayName: 'Agent One', agentId: '8001', password: 'pw-1' }, by, settings);
    assert.equal(a.created, true);
    assert.equal(a.user.username, 'agent.one');
    assert.equal(a.user.agentId, '8001');
    const b = await upsertUser(db, { tenantId: 'T1', username: 'agent.one', role: 'supervisor', displayName: 'Renamed' }, by, settings);
    assert.equal(b.created, false);
    assert.equal(b.user.id, a.user.id);
    assert.equal(b.user.role, 'supervisor');
    assert.equal(b.user.agentId, '8001', 'an absent field is left unchanged');
    const row = await findUserRowByUsername(db, 'AGENT.ONE');
    assert.ok(row?.password_hash && (await verifyPassword('pw-1', row.password_hash)));
    const log = await listAudit(db, { tenantId: 'T1', limit: 10 });
    assert.deepEqual(log.map((e) => e.action).sort(), ['user.create', 'user.update']);
    assert.ok(!JSON.stringify(log).includes('pw-1'), 'no secret in the audit log');
  });

  test('a user name of another tenant is refused, not taken over', async () => {
    await upsertUser(db, { tenantId: 'T1', username: 'shared', role: 'agent', displayName: 'x' }, by, settings);
    await assert.rejects(upsertUser(db, { tenantId: 'T2', username: 'shared', role: 'tenant_admin', displayName: 'y' }, by, settings), { code: 'NAME_UNAVAILABLE', statusCode: 409 });
    assert.equal((await findUserRowByUsername(db, 'shared'))?.tenant_id, 'T1');
  });

  test('agent IDs are unique per tenant, SIP user names platform-wide', async () => {
    await upsertUser(db, { tenantId: 'T1', username: 'a1', role: 'agent', displayName: 'a', agentId: '9001', sipUsername: 'sip9001', sipPassword: 'sip-secret-1' }, by, settings);
    await assert.rejects(upsertUser(db, { tenantId: 'T1', username: 'a2', role: 'agent', displayName: 'a', agentId: '9001' }, by, settings), { code: 'AGENT_ID_TAKEN' });
    const other = await upsertUser(db, { tenantId: 'T2', username: 'b1', role: 'agent', displayName: 'b', agentId: '9001' }, by, settings);
    assert.equal(other.user.agentId, '9001');
    await assert.rejects(upsertUser(db, { tenantId: 'T2', username: 'b2', role: 'agent', displayName: 'b', sipUsername: 'sip9001', sipPassword: 'sip-secret-2' }, by, settings), { code: 'NAME_UNAVAILABLE' });
  });

  test('roles and tenants must agree; bad fields are refused before any write', async () => {
    await assert.rejects(upsertUser(db, { tenantId: 'T1', username: 'op', role: 'operator_admin', displayName: 'x' }, by, settings), { code: 'INVALID_USER' });
    await assert.rejects(upsertUser(db, { tenantId: null, username: 'ag', role: 'agent', displayName: 'x' }, by, settings), { code: 'INVALID_USER' });
    await assert.rejects(upsertUser(db, { tenantId: 'T1', username: 'x y', role: 'agent', displayName: 'x' }, by, settings), { code: 'INVALID_USER' });
    await assert.rejects(upsertUser(db, { tenantId: 'T1', username: 'bn', role: 'agent', displayName: 'x', boundNumber: '13800138000' }, by, settings), { code: 'INVALID_USER' });
    assert.equal(await findUserRowByUsername(db, 'op'), undefined);
  });

  test('SIP credentials: HA1 for MD5 and SHA-256 of the realm, found by one lookup; never the password', async () => {
    const { user } = await upsertUser(db, { tenantId: 'T3', username: 'phone', role: 'agent', displayName: 'p', sipUsername: '7001', sipPassword: 'pa55-word' }, by, settings);
    assert.equal(user.hasSipPassword, true);
    assert.equal(await findSipCredentials(db, '7001', 'pbx.example', 'MD5'), md5('7001:pbx.example:pa55-word'));
    assert.equal(await findSipCredentials(db, '7001', 'pbx.example', 'SHA-256'), sha256('7001:pbx.example:pa55-word'));
    assert.equal(await findSipCredentials(db, '7001', 'other.realm', 'MD5'), undefined, 'provisioned for another realm');
    assert.equal(await findSipCredentials(db, '7002', 'pbx.example', 'MD5'), undefined);
    assert.deepEqual({ ...(await findSipAccount(db, '7001', 'pbx.example', 'MD5')), ha1: '' }, { userId: user.id, tenantId: 'T3', agentId: null, ha1: '' });
    const row = await findUserRowByUsername(db, 'phone');
    assert.ok(!JSON.stringify(row).includes('pa55-word'));
    await updateUser(db, 'T3', user.id, { disabled: true }, by, settings);
    assert.equal(await findSipCredentials(db, '7001', 'pbx.example', 'MD5'), undefined, 'a disabled user cannot register');
  });

  test('renaming a SIP account needs the SIP password again', async () => {
    const { user } = await upsertUser(db, { tenantId: 'T4', username: 'ren', role: 'agent', displayName: 'r', sipUsername: '6001', sipPassword: 'pa55-word' }, by, settings);
    await assert.rejects(updateUser(db, 'T4', user.id, { sipUsername: '6002' }, by, settings), { code: 'SIP_PASSWORD_REQUIRED' });
    await updateUser(db, 'T4', user.id, { sipUsername: '6002', sipPassword: 'new-pa55-word' }, by, settings);
    assert.equal(await findSipCredentials(db, '6002', 'pbx.example', 'MD5'), md5('6002:pbx.example:new-pa55-word'));
    assert.equal(await findSipCredentials(db, '6001', 'pbx.example', 'MD5'), undefined);
  });

  test('updates and deletes stay inside the tenant', async () => {
    const { user } = await upsertUser(db, { tenantId: 'T5', username: 't5user', role: 'agent', displayName: 'x' }, by, settings);
    assert.equal(await getUser(db, 'T6', user.id), undefined);
    await assert.rejects(updateUser(db, 'T6', user.id, { displayName: 'hijack' }, by, settings), { code: 'USER_NOT_FOUND', statusCode: 404 });
    await assert.rejects(deleteUser(db, 'T6', user.id, by, settings), { code: 'USER_NOT_FOUND' });
    await deleteUser(db, 'T5', user.id, by, settings);
    assert.deepEqual(await listUsers(db, 'T5', { limit: 10 }), []);
  });

  test('the last enabled operator admin cannot be removed or disabled', async () => {
    const { user } = await upsertUser(db, { tenantId: null, username: 'root', role: 'operator_admin', displayName: 'Root' }, by, settings);
    await assert.rejects(updateUser(db, null, user.id, { disabled: true }, by, settings), { code: 'LAST_OPERATOR' });
    await assert.rejects(deleteUser(db, null, user.id, by, settings), { code: 'LAST_OPERATOR' });
    await upsertUser(db, { tenantId: null, username: 'root2', role: 'operator_admin', displayName: 'Root 2' }, by, settings);
    await deleteUser(db, null, user.id, by, settings);
    assert.deepEqual((await listUsers(db, null, { limit: 10 })).map((u) => u.username), ['root2']);
  });
});

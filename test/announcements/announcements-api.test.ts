/**
 * C21 through the API on both dialects: admins and supervisors publish to roles and to the agents of
 * ACD queues; recipients list theirs with an unread count and confirm reading; the history counts
 * confirmations; agents cannot publish; another tenant sees nothing. The feed's visibility rule too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { canSeeAnnouncement } from '../../src/events/viewer.ts';

forEachDialect('announcements API', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let supervisor: Caller;
  let agent: Caller;
  let queueAgent: Caller;
  let other: Caller;
  let queueAgentId: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    const a = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(a, 'acme-admin', 'tenant_admin');
    supervisor = await h.as(a, 'acme-sup', 'supervisor');
    agent = await h.as(a, 'acme-agent', 'agent');
    queueAgentId = await h.user(a, 'acme-agent2', 'agent');
    queueAgent = await h.signIn('acme-agent2');
    other = await h.as(b, 'beta-agent', 'agent');
    await h.db
      .withTables<{ acd_memberships: { tenant_id: string; queue_id: string; user_id: string; tier: number; level: number; weight: number; priority: number; delay_seconds: number } }>()
      .insertInto('acd_memberships')
      .values({ tenant_id: a, queue_id: 'q-sales', user_id: queueAgentId, tier: 1, level: 1, weight: 1, priority: 1, delay_seconds: 0 })
      .execute();
  });
  after(() => h?.close());

  test('publish to all agents: each sees it unread, confirms, and the history counts it', async () => {
    const res = await h.call(supervisor, 'POST', '/api/v1/announcements', { body: { title: '明日系统升级', body: '明早 8 点前请勿登录。', audience: { roles: ['agent'], queueIds: [] } } });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id;
    assert.equal(res.json().recipients, 2);
    const mine = (await h.call(agent, 'GET', '/api/v1/announcements')).json();
    assert.equal(mine.unread, 1);
    assert.deepEqual(mine.items.map((x: { title: string; readAt: null }) => [x.title, x.readAt]), [['明日系统升级', null]]);
    assert.equal((await h.call(agent, 'POST', `/api/v1/announcements/${id}/read`)).statusCode, 204);
    assert.equal((await h.call(agent, 'POST', `/api/v1/announcements/${id}/read`)).statusCode, 204, 'twice is fine');
    const after = (await h.call(agent, 'GET', '/api/v1/announcements')).json();
    assert.equal(after.unread, 0);
    assert.ok(after.items[0].readAt);
    const history = (await h.call(admin, 'GET', '/api/v1/announcements/history')).json().items;
    assert.deepEqual(history.map((x: { recipients: number; read: number }) => [x.recipients, x.read]), [[2, 1]]);
    assert.equal((await h.call(admin, 'GET', '/api/v1/announcements')).json().unread, 0, 'not published to admins');
    assert.equal((await h.call(other, 'GET', '/api/v1/announcements')).json().items.length, 0);
    assert.equal((await h.call(other, 'POST', `/api/v1/announcements/${id}/read`)).statusCode, 404);
  });

  test('publish to a queue reaches its agents only; agents cannot publish; an empty audience is refused', async () => {
    const res = await h.call(admin, 'POST', '/api/v1/announcements', { body: { title: '销售组例会', body: '周五 17:00', audience: { roles: [], queueIds: ['q-sales'] } } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().recipients, 1);
    assert.equal((await h.call(queueAgent, 'GET', '/api/v1/announcements')).json().unread, 2);
    assert.equal((await h.call(agent, 'GET', '/api/v1/announcements')).json().unread, 0);
    assert.equal((await h.call(agent, 'POST', '/api/v1/announcements', { body: { title: 'x', body: 'y', audience: { roles: ['agent'], queueIds: [] } } })).statusCode, 403);
    assert.equal((await h.call(admin, 'POST', '/api/v1/announcements', { body: { title: 'x', body: 'y', audience: { roles: [], queueIds: [] } } })).statusCode, 422);
    assert.equal((await h.call(admin, 'POST', '/api/v1/announcements', { body: { title: 'x', body: 'y', audience: { roles: [], queueIds: ['q-none'] } } })).statusCode, 422);
  });

  test('the feed shows the event to its recipients and the tenant staff only', () => {
    const e = { type: 'announcement.published' as const, tenantId: 't1', announcementId: 'a', title: 'x', recipientUserIds: ['u1'] };
    assert.equal(canSeeAnnouncement({ tenantId: 't1', own: { sipUsername: null, number: null, userId: 'u1' } }, e), true);
    assert.equal(canSeeAnnouncement({ tenantId: 't1', own: { sipUsername: null, number: null, userId: 'u2' } }, e), false);
    assert.equal(canSeeAnnouncement({ tenantId: 't1' }, e), true);
    assert.equal(canSeeAnnouncement({ tenantId: 't2' }, e), false);
  });
});

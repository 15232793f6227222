/**
 * The ACD through the API: a tenant admin sets up queues, skills, members and not-ready reasons;
 * an agent logs in and changes their own state; a supervisor forces it; the queues' live figures;
 * another tenant sees none of it; bad input is refused and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { openFresh } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

let h: ApiHarness;
let admin: Caller;
let supervisor: Caller;
let agent: Caller;
let otherAdmin: Caller;
let agentId: string;
let cleanup: () => Promise<void>;

before(async () => {
  const opened = await openFresh('sqlite');
  cleanup = opened.cleanup;
  h = await ApiHarness.start(opened.database);
  const t = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null }, seats: 10 }, 'test')).id;
  const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
  admin = await h.as(t, 'acme-admin', 'tenant_admin');
  supervisor = await h.as(t, 'acme-sup', 'supervisor');
  agentId = await h.user(t, 'acme-agent', 'agent', { agentId: '8001', sipUsername: 'acme8001', sipPassword: 'Sip-Passw0rd-8001' });
  agent = await h.signIn('acme-agent');
  otherAdmin = await h.as(b, 'beta-admin', 'tenant_admin');
});
after(async () => {
  await h?.close();
  await cleanup?.();
});

test('a tenant admin sets up a queue with a skill and a member; an agent logs in and goes ready; a supervisor forces not ready', async () => {
  const skill = await h.call(admin, 'POST', '/api/v1/acd/skills', { body: { name: '英语' } });
  assert.equal(skill.statusCode, 201, skill.body);
  const skillId = (skill.json() as { id: string }).id;
  const q = await h.call(admin, 'POST', '/api/v1/acd/queues', { body: { name: '客服', strategy: 'round_robin', skillId, bullseye: [{ minProficiency: 3, untilSeconds: 30 }], wrapUpMode: 'manual' } });
  assert.equal(q.statusCode, 201, q.body);
  const queue = q.json() as { id: string; ringSeconds: number; strategy: string };
  assert.equal(queue.ringSeconds, 20, 'default');
  assert.equal(queue.strategy, 'round_robin');
  const member = await h.call(admin, 'PUT', `/api/v1/acd/queues/${queue.id}/members/${agentId}`, { body: { tier: 1, priority: 2 } });
  assert.equal(member.statusCode, 200, member.body);
  assert.equal((await h.call(admin, 'PUT', `/api/v1/acd/agents/${agentId}/skills`, { body: { skills: [{ skillId, proficiency: 4 }] } })).statusCode, 200);

  const login = await h.call(agent, 'POST', '/api/v1/acd/agents/me/state', { body: { action: 'log_in' } });
  assert.equal(login.statusCode, 200, login.body);
  const me = login.json() as { status: { state: string }; agentId: string; queueIds: string[]; phone: unknown };
  assert.equal(me.status.state, 'ready');
  assert.equal(me.agentId, '8001');
  assert.deepEqual(me.queueIds, [queue.id]);
  assert.deepEqual(me.phone, { kind: 'sip', username: 'acme8001' });

  const forced = await h.call(supervisor, 'POST', `/api/v1/acd/agents/${agentId}/state`, { body: { action: 'not_ready', reason: 'meeting' } });
  assert.equal(forced.statusCode, 200, forced.body);
  assert.deepEqual((forced.json() as { status: unknown }).status, { state: 'not_ready', reason: 'meeting' });

  const live = await h.call(supervisor, 'GET', '/api/v1/acd/queues/live');
  assert.equal(live.statusCode, 200);
  const figures = (live.json() as { queues: { queueId: string; waiting: number; agents: Record<string, number> }[] }).queues;
  assert.equal(figures.length, 1);
  assert.equal(figures[0]!.agents.not_ready, 1);

  const agents = (await h.call(supervisor, 'GET', '/api/v1/acd/agents')).json() as { agents: { id: string }[] };
  assert.deepEqual(agents.agents.map((a) => a.id), [agentId]);
});

test('an agent changes only their own state and cannot manage queues; another tenant sees nothing', async () => {
  const queues = (await h.call(admin, 'GET', '/api/v1/acd/queues')).json() as { queues: { id: string }[] };
  const qid = queues.queues[0]!.id;
  assert.equal((await h.call(agent, 'POST', '/api/v1/acd/queues', { body: { name: 'x' } })).statusCode, 403);
  assert.equal((await h.call(agent, 'POST', `/api/v1/acd/agents/${qid}/state`, { body: { action: 'log_out' } })).statusCode, 404, 'not someone else');
  assert.equal((await h.call(otherAdmin, 'GET', `/api/v1/acd/queues/${qid}`)).statusCode, 404);
  assert.equal((await h.call(otherAdmin, 'POST', `/api/v1/acd/agents/${agentId}/state`, { body: { action: 'log_out' } })).statusCode, 404);
  assert.deepEqual(((await h.call(otherAdmin, 'GET', '/api/v1/acd/queues')).json() as { queues: unknown[] }).queues, []);
});

test('bad input gets a clear 4xx and changes nothing', async () => {
  const bad = await h.call(admin, 'POST', '/api/v1/acd/queues', { body: { name: 'y', overflow: { kind: 'queue', queueId: 'nope' } } });
  assert.equal(bad.statusCode, 422, bad.body);
  assert.match((bad.json() as { message: string }).message, /overflow\.queueId/);
  const unknownReason = await h.call(agent, 'POST', '/api/v1/acd/agents/me/state', { body: { action: 'not_ready', reason: 'nap' } });
  assert.equal(unknownReason.statusCode, 404);
  assert.equal((unknownReason.json() as { code: string }).code, 'REASON_NOT_FOUND');
  const names = ((await h.call(admin, 'GET', '/api/v1/acd/queues')).json() as { queues: { name: string }[] }).queues.map((q) => q.name);
  assert.deepEqual(names, ['客服']);
  // The tenant's own reasons replace the defaults; the engine takes them at once.
  assert.equal((await h.call(admin, 'PUT', '/api/v1/acd/not-ready-reasons', { body: { reasons: [{ code: 'nap', name: '午休' }] } })).statusCode, 200);
  assert.equal((await h.call(agent, 'POST', '/api/v1/acd/agents/me/state', { body: { action: 'not_ready', reason: 'nap' } })).statusCode, 200);
  const log = (await h.call(agent, 'GET', '/api/v1/acd/agents/me/transitions')).json() as { transitions: unknown[] };
  assert.ok(Array.isArray(log.transitions), 'the log reads (empty here: no platform writes it in this test)');
});

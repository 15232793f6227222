import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { AcdError } from '../../src/acd/acd-error.ts';
import { AcdLoader } from '../../src/acd/acd-loader.ts';
import { putAgentProfile } from '../../src/acd/agent-profile-store.ts';
import { TransitionLogWriter, listAgentTransitions } from '../../src/acd/agent-transition-log.ts';
import { InMemoryAcdEngine } from '../../src/acd/in-memory-acd-engine.ts';
import { listMemberships, putMembership } from '../../src/acd/membership-store.ts';
import { listNotReadyReasons, setNotReadyReasons } from '../../src/acd/not-ready-reason-store.ts';
import { createQueue, deleteQueue, listQueues, updateQueue } from '../../src/acd/queue-store.ts';
import { createSkill, listAgentSkills, setAgentSkills } from '../../src/acd/skill-store.ts';
import { systemActor } from '../../src/audit/actor.ts';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { forEachDialect } from '../support/databases.ts';

const NOW = new Date('2026-12-07T09:00:00Z');
const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: 'pbx.example', now: () => NOW });
const isAcd = (code: string) => (e: unknown) => e instanceof AcdError && e.code === code;

forEachDialect('acd store', ({ open }) => {
  let db: Kysely<object>;
  before(async () => {
    db = (await open()).db;
  });

  test('queues: defaults, validation that changes nothing, overflow to another queue, names unique per tenant', async () => {
    const sales = await createQueue(db, 'T1', { name: '销售' }, NOW);
    assert.equal(sales.strategy, 'longest_idle');
    assert.equal(sales.ringSeconds, 20);
    await assert.rejects(createQueue(db, 'T1', { name: '销售' }, NOW), isAcd('NAME_TAKEN'));
    await assert.rejects(createQueue(db, 'T1', { name: 'bad', ringSeconds: 1 }, NOW), isAcd('INVALID_ACD'));
    await assert.rejects(createQueue(db, 'T1', { name: 'bad', overflow: { kind: 'queue', queueId: 'nope' } }, NOW), isAcd('INVALID_ACD'));
    await assert.rejects(createQueue(db, 'T1', { name: 'bad', overflow: { kind: 'number', number: 'abc' } }, NOW), isAcd('INVALID_ACD'));
    const service = await createQueue(db, 'T1', { name: '客服', strategy: 'ring_all', overflow: { kind: 'queue', queueId: sales.id }, wrapUpMode: 'manual' }, NOW);
    assert.deepEqual(service.overflow, { kind: 'queue', queueId: sales.id });
    await createQueue(db, 'T2', { name: '销售' }, NOW);
    const changed = await updateQueue(db, 'T1', sales.id, { ringSeconds: 30, overflow: { kind: 'number', number: '13912345678' } }, NOW);
    assert.equal(changed.ringSeconds, 30);
    assert.deepEqual(changed.overflow, { kind: 'number', number: '+8613912345678' });
    await assert.rejects(updateQueue(db, 'T2', sales.id, { ringSeconds: 30 }, NOW), isAcd('QUEUE_NOT_FOUND'), 'another tenant’s queue is none');
    await assert.rejects(deleteQueue(db, 'T1', sales.id), isAcd('INVALID_ACD'), '客服 overflows to it');
    assert.deepEqual((await listQueues(db, 'T1')).map((q) => q.name).sort(), ['客服', '销售'].sort());
  });

  test('skills, proficiencies 1–5, bullseye needs the skill', async () => {
    const en = await createSkill(db, 'T1', 'English', NOW);
    await assert.rejects(createSkill(db, 'T1', 'English', NOW), isAcd('NAME_TAKEN'));
    await setAgentSkills(db, 'T1', 'u1', [{ skillId: en.id, proficiency: 4 }]);
    await assert.rejects(setAgentSkills(db, 'T1', 'u1', [{ skillId: en.id, proficiency: 6 }]), isAcd('INVALID_ACD'));
    await assert.rejects(setAgentSkills(db, 'T2', 'u1', [{ skillId: en.id, proficiency: 3 }]), isAcd('SKILL_NOT_FOUND'));
    assert.deepEqual(await listAgentSkills(db, 'T1', 'u1'), [{ userId: 'u1', skillId: en.id, proficiency: 4 }]);
    await assert.rejects(createQueue(db, 'T1', { name: 'no-skill', bullseye: [{ minProficiency: 4, untilSeconds: 30 }] }, NOW), isAcd('INVALID_ACD'));
    const q = await createQueue(db, 'T1', { name: 'english', skillId: en.id, bullseye: [{ minProficiency: 4, untilSeconds: 30 }, { minProficiency: 2, untilSeconds: null }] }, NOW);
    assert.equal(q.bullseye.length, 2);
  });

  test('not-ready reasons: the defaults until the tenant sets its own', async () => {
    assert.deepEqual((await listNotReadyReasons(db, 'T3')).map((r) => r.name), ['小休', '用餐', '会议', '培训']);
    await setNotReadyReasons(db, 'T3', [{ code: 'lunch', name: '午饭' }, { code: 'coaching', name: '辅导' }]);
    assert.deepEqual((await listNotReadyReasons(db, 'T3')).map((r) => r.code), ['lunch', 'coaching']);
    await assert.rejects(setNotReadyReasons(db, 'T3', [{ code: 'missed_offers', name: 'x' }]), isAcd('INVALID_ACD'));
  });

  test('the loader puts agents, queues and memberships in the engine; transitions are stored and a restart restores them', async () => {
    const by = systemActor('test');
    const a = (await upsertUser(db, { tenantId: 'T9', username: 'agent9a', role: 'agent', displayName: '小王', agentId: '9001', sipUsername: 'sip9a', sipPassword: 'Secret-9a-pass' }, by, settings)).user;
    const b = (await upsertUser(db, { tenantId: 'T9', username: 'agent9b', role: 'agent', displayName: '小李', agentId: '9002', boundNumber: '+8613900000002' }, by, settings)).user;
    const q = await createQueue(db, 'T9', { name: 'q' }, NOW);
    await putMembership(db, 'T9', { queueId: q.id, userId: a.id, priority: 2 });
    await putMembership(db, 'T9', { queueId: q.id, userId: b.id });
    assert.equal((await listMemberships(db, 'T9', { queueId: q.id })).length, 2);
    await putAgentProfile(db, 'T9', { userId: b.id, phone: { kind: 'mobile', number: '13900000003' }, regions: ['广东'] }, NOW);

    const clock = new FakeClock(0, { wallStart: NOW.getTime() });
    const writer = new TransitionLogWriter(db, (err) => assert.fail(String(err)));
    const engine = new InMemoryAcdEngine({ clock, sink: (e) => e.type === 'agent.state_changed' && writer.push(e) });
    await new AcdLoader(db, engine).loadAll();
    assert.equal(engine.agent('T9', a.id)!.agentId, '9001');
    assert.deepEqual(engine.agent('T9', a.id)!.phone, { kind: 'sip', username: 'sip9a' });
    assert.deepEqual(engine.agent('T9', b.id)!.phone, { kind: 'mobile', number: '+8613900000003' });
    engine.logIn('T9', a.id, 'agent');
    engine.logIn('T9', b.id, 'agent', 'break');
    const ticket = engine.enqueue({ tenantId: 'T9', queueId: q.id, callId: 'c1', callerNumber: '+8613800000000' });
    const tokens: string[] = [];
    ticket.onOffer((o) => tokens.push(o.token));
    assert.equal(tokens.length, 1);
    await writer.flush();
    const log = await listAgentTransitions(db, 'T9', a.id);
    assert.deepEqual(log.map((t) => `${t.previous}→${t.state}:${t.cause}`), ['logged_out→ready:agent', 'ready→reserved:offer']);
    assert.equal(log[1]!.callId, 'c1');

    clock.advance(5_000); // the restart takes a moment
    // The process dies with a1 reserved: the new engine restores a1 to ready (cause restart), b as not ready.
    const writer2 = new TransitionLogWriter(db, (err) => assert.fail(String(err)));
    const engine2 = new InMemoryAcdEngine({ clock, sink: (e) => e.type === 'agent.state_changed' && writer2.push(e) });
    await new AcdLoader(db, engine2).loadAll();
    assert.equal(engine2.agent('T9', a.id)!.status.state, 'ready');
    assert.deepEqual(engine2.agent('T9', b.id)!.status, { state: 'not_ready', reason: 'break' });
    await writer2.flush();
    assert.deepEqual((await listAgentTransitions(db, 'T9', a.id)).map((t) => t.cause), ['agent', 'offer', 'restart']);
  });
});

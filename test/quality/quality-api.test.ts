/**
 * C19 through the API on both dialects: scoring forms, queuing calls for review, scoring (weights,
 * required comments, a fatal item → 0), the agent's own reviews (and only theirs), their recording
 * read audited per user, dispute and resolution, results per agent/group/day, sampling rules, and
 * the retention job keeping a call under review until its review closes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { seedCall } from '../support/seed-calls.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { listAudit } from '../../src/audit/audit-log.ts';
import { pruneRecordings } from '../../src/recordings/prune-recordings.ts';
import { getCallRecord } from '../../src/cdr/call-record-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'qa-'));
function wav(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(1044));
  return path;
}

const FORM = {
  name: '标准质检表',
  items: [
    { id: 'greeting', label: '问候语规范', weight: 40, fatal: false, commentRequired: true },
    { id: 'solution', label: '问题解决', weight: 60, fatal: false, commentRequired: false },
    { id: 'privacy', label: '泄露客户信息', weight: 0, fatal: true, commentRequired: true },
  ],
};
const day = (h: number) => new Date(Date.UTC(2026, 10, 21, h));

forEachDialect('quality inspection API', ({ open }) => {
  let h: ApiHarness;
  let tenantId: string;
  let admin: Caller;
  let qa: Caller;
  let agent: Caller;
  let otherAgent: Caller;
  let agentId: string;
  let formId: string;
  let reviewId: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    tenantId = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(tenantId, 'acme-admin', 'tenant_admin');
    qa = await h.as(tenantId, 'acme-qa', 'qa_reviewer');
    agentId = await h.user(tenantId, 'acme-agent', 'agent', { boundNumber: '+8613800138000' });
    agent = await h.signIn('acme-agent');
    otherAgent = await h.as(tenantId, 'acme-agent2', 'agent');
    await seedCall(h.db, { id: 'c1', tenantId, startedAt: day(2), answerSeconds: 5, talkSeconds: 120, answering: '13800138000', recordingPath: wav('c1.wav') });
    await seedCall(h.db, { id: 'c2', tenantId, startedAt: day(3), answerSeconds: 3, talkSeconds: 6, answering: '13900139000', recordingPath: wav('c2.wav') });
    await seedCall(h.db, { id: 'c3', tenantId, startedAt: day(4), answerSeconds: 3, talkSeconds: 60 });
    await seedCall(h.db, { id: 'c4', tenantId, startedAt: day(5), answerSeconds: 3, talkSeconds: 4, answering: '13800138000', recordingPath: wav('c4.wav') });
  });
  after(() => h?.close());

  test('forms: created by reviewers, refused when unsound, read by agents, not written by them', async () => {
    const res = await h.call(qa, 'POST', '/api/v1/quality/forms', { body: FORM });
    assert.equal(res.statusCode, 201, res.body);
    formId = res.json().id;
    const dup = await h.call(admin, 'POST', '/api/v1/quality/forms', { body: { name: 'x', items: [FORM.items[0], FORM.items[0]] } });
    assert.equal(dup.statusCode, 422);
    assert.equal((await h.call(admin, 'POST', '/api/v1/quality/forms', { body: { name: 'x', items: [FORM.items[2]] } })).statusCode, 422, 'only a fatal item');
    assert.equal((await h.call(agent, 'POST', '/api/v1/quality/forms', { body: FORM })).statusCode, 403);
    assert.equal((await h.call(agent, 'GET', '/api/v1/quality/forms')).json().items.length, 1);
  });

  test('a reviewer queues an answered, recorded call; not twice, not one without a recording; the agent is found by bound number', async () => {
    const res = await h.call(qa, 'POST', '/api/v1/quality/reviews', { body: { callId: 'c1' } });
    assert.equal(res.statusCode, 201, res.body);
    const r = res.json();
    reviewId = r.id;
    assert.deepEqual([r.status, r.agentUserId, r.answeredBy, r.queue, r.source], ['pending', agentId, '13800138000', '4006123456', 'manual']);
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/reviews', { body: { callId: 'c1' } })).statusCode, 409);
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/reviews', { body: { callId: 'c3' } })).statusCode, 422);
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/reviews', { body: { callId: 'nope' } })).statusCode, 404);
  });

  test('scoring: every item answered, required comments, a failed fatal item makes 0, then the real score', async () => {
    const url = `/api/v1/quality/reviews/${reviewId}/score`;
    const noComment = await h.call(qa, 'POST', url, { body: { formId, answers: [{ itemId: 'greeting', points: 30 }, { itemId: 'solution', points: 50 }, { itemId: 'privacy', points: 1 }] } });
    assert.equal(noComment.statusCode, 422);
    assert.match(noComment.json().message, /greeting.*comment/);
    assert.equal((await h.call(qa, 'POST', url, { body: { formId, answers: [{ itemId: 'greeting', points: 40 }] } })).statusCode, 422);
    assert.equal((await h.call(qa, 'POST', url, { body: { formId, answers: [{ itemId: 'greeting', points: 41 }, { itemId: 'solution', points: 50 }, { itemId: 'privacy', points: 1 }] } })).statusCode, 422);
    const fatal = await h.call(qa, 'POST', url, { body: { formId, answers: [{ itemId: 'greeting', points: 40 }, { itemId: 'solution', points: 60 }, { itemId: 'privacy', points: 0, comment: '读出了身份证号' }] } });
    assert.equal(fatal.statusCode, 200, fatal.body);
    assert.deepEqual([fatal.json().score, fatal.json().fatal], [0, true]);
    const ok = await h.call(qa, 'POST', url, { body: { formId, answers: [{ itemId: 'greeting', points: 30, comment: '未报工号' }, { itemId: 'solution', points: 50 }, { itemId: 'privacy', points: 1 }], comment: '整体良好' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().status, ok.json().score, ok.json().fatal, ok.json().reviewerName], ['scored', 80, false, 'acme-qa']);
    assert.equal(ok.json().items[0].comment, '未报工号');
    assert.equal((await h.call(agent, 'POST', url, { body: { formId, answers: [] } })).statusCode, 403);
  });

  test('the agent reads their own review and its recording (audited as theirs); another agent sees nothing', async () => {
    const mine = (await h.call(agent, 'GET', '/api/v1/quality/reviews')).json().items;
    assert.deepEqual(mine.map((r: { id: string; score: number }) => [r.id, r.score]), [[reviewId, 80]]);
    assert.deepEqual((await h.call(otherAgent, 'GET', '/api/v1/quality/reviews')).json().items, []);
    assert.equal((await h.call(otherAgent, 'GET', `/api/v1/quality/reviews/${reviewId}`)).statusCode, 404);
    assert.equal((await h.call(otherAgent, 'GET', `/api/v1/quality/reviews/${reviewId}/recording`)).statusCode, 404);
    const rec = await h.call(agent, 'GET', `/api/v1/quality/reviews/${reviewId}/recording`);
    assert.equal(rec.statusCode, 200);
    assert.equal(rec.headers['content-type'], 'audio/wav');
    assert.equal((await h.call(qa, 'GET', `/api/v1/quality/reviews/${reviewId}/recording`)).statusCode, 200);
    const reads = (await listAudit(h.db, { tenantId, action: 'recording.read', limit: 10 })).filter((e) => e.targetId === 'c1');
    assert.deepEqual(reads.map((e) => e.actor.name).sort(), ['acme-agent', 'acme-qa']);
  });

  test('dispute and resolution: the agent disputes with a reason, the reviewer re-scores and closes; wrong states are 409', async () => {
    assert.equal((await h.call(agent, 'POST', `/api/v1/quality/reviews/${reviewId}/resolve`, { body: { resolution: 'x' } })).statusCode, 403);
    assert.equal((await h.call(qa, 'POST', `/api/v1/quality/reviews/${reviewId}/resolve`, { body: { resolution: 'x' } })).statusCode, 409, 'nothing to resolve yet');
    assert.equal((await h.call(otherAgent, 'POST', `/api/v1/quality/reviews/${reviewId}/dispute`, { body: { reason: 'x' } })).statusCode, 404);
    const d = await h.call(agent, 'POST', `/api/v1/quality/reviews/${reviewId}/dispute`, { body: { reason: '我报了工号，录音第 3 秒' } });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().status, 'disputed');
    assert.equal((await h.call(agent, 'POST', `/api/v1/quality/reviews/${reviewId}/accept`)).statusCode, 409);
    const r = await h.call(qa, 'POST', `/api/v1/quality/reviews/${reviewId}/resolve`, { body: { resolution: '复听属实，已更正', answers: [{ itemId: 'greeting', points: 40 }, { itemId: 'solution', points: 50 }, { itemId: 'privacy', points: 1 }] } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().status, r.json().score, r.json().resolution, r.json().disputeReason], ['closed', 90, '复听属实，已更正', '我报了工号，录音第 3 秒']);
  });

  test('sampling: short calls and a share per agent are queued once; unknown kinds and bad parameters are refused', async () => {
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/sampling-rules', { body: { kind: 'nope', params: {} } })).statusCode, 422);
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/sampling-rules', { body: { kind: 'short_calls', params: { maxTalkSeconds: 0 } } })).statusCode, 422);
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/sampling-rules', { body: { kind: 'short_calls', params: { maxTalkSeconds: 10 } } })).statusCode, 201);
    const period = { from: '2026-11-21T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' };
    const run = await h.call(qa, 'POST', '/api/v1/quality/sampling/run', { body: period });
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(run.json().rules.map((r: { kind: string; queued: number }) => [r.kind, r.queued]), [['short_calls', 2]], 'c2 and c4 (c1 is already reviewed, c3 has no recording)');
    assert.deepEqual((await h.call(qa, 'POST', '/api/v1/quality/sampling/run', { body: period })).json().rules[0].queued, 0, 'nothing twice');
    const pending = (await h.call(qa, 'GET', '/api/v1/quality/reviews', { query: { status: 'pending' } })).json().items;
    assert.deepEqual(pending.map((r: { callId: string; source: string }) => [r.callId, r.source]).sort(), [['c2', 'short_calls'], ['c4', 'short_calls']]);
    assert.equal((await h.call(qa, 'POST', '/api/v1/quality/sampling-rules', { body: { kind: 'percent_per_agent', params: { percent: 50 } } })).statusCode, 201);
    assert.equal((await h.call(qa, 'GET', '/api/v1/quality/sampling-rules')).json().items.length, 2);
  });

  test('results per agent, per group and per day', async () => {
    const res = await h.call(admin, 'GET', '/api/v1/quality/results', { query: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' } });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual(r.total, { reviews: 1, averageScore: 90, fatal: 0, disputed: 1 });
    assert.deepEqual(r.agents, [{ agentUserId: agentId, answeredBy: '13800138000', name: 'acme-agent', reviews: 1, averageScore: 90, fatal: 0, disputed: 1 }]);
    assert.deepEqual(r.groups.map((g: { group: string }) => g.group), ['4006123456']);
    assert.deepEqual(r.days.map((d: { date: string }) => d.date), ['2026-11-21']);
    assert.equal((await h.call(agent, 'GET', '/api/v1/quality/results')).statusCode, 403);
  });

  test('retention keeps a call under review until its review closes', async () => {
    const later = new Date('2027-06-01T00:00:00.000Z');
    await pruneRecordings(h.db, later);
    assert.equal((await getCallRecord(h.db, tenantId, 'c1'))?.recordingPath, null, 'c1: review closed, pruned');
    const c2 = await getCallRecord(h.db, tenantId, 'c2');
    assert.ok(c2?.recordingPath && existsSync(c2.recordingPath), 'c2: pending review, kept');
    const pending = (await h.call(qa, 'GET', '/api/v1/quality/reviews', { query: { status: 'pending' } })).json().items as Array<{ id: string; callId: string }>;
    const r2 = pending.find((r) => r.callId === 'c2')!;
    assert.equal((await h.call(qa, 'POST', `/api/v1/quality/reviews/${r2.id}/close`)).statusCode, 200);
    await pruneRecordings(h.db, later);
    assert.equal((await getCallRecord(h.db, tenantId, 'c2'))?.recordingPath, null, 'c2: closed, pruned at the next run');
  });

  test('retention keeps a call in dispute until the dispute is resolved', async () => {
    const later = new Date('2027-06-01T00:00:00.000Z');
    const r4 = ((await h.call(qa, 'GET', '/api/v1/quality/reviews', { query: { status: 'pending' } })).json().items as Array<{ id: string; callId: string }>).find((r) => r.callId === 'c4')!;
    const answers = [{ itemId: 'greeting', points: 40 }, { itemId: 'solution', points: 0 }, { itemId: 'privacy', points: 1 }];
    assert.equal((await h.call(qa, 'POST', `/api/v1/quality/reviews/${r4.id}/score`, { body: { formId, answers } })).statusCode, 200);
    assert.equal((await h.call(agent, 'POST', `/api/v1/quality/reviews/${r4.id}/dispute`, { body: { reason: '客户挂断太快' } })).statusCode, 200);
    await pruneRecordings(h.db, later);
    const c4 = await getCallRecord(h.db, tenantId, 'c4');
    assert.ok(c4?.recordingPath && existsSync(c4.recordingPath), 'c4: in dispute, kept');
    assert.equal((await h.call(qa, 'POST', `/api/v1/quality/reviews/${r4.id}/resolve`, { body: { resolution: '维持原评分' } })).statusCode, 200);
    await pruneRecordings(h.db, later);
    assert.equal((await getCallRecord(h.db, tenantId, 'c4'))?.recordingPath, null, 'c4: resolved, pruned at the next run');
    const deletions = (await listAudit(h.db, { tenantId, action: 'recording.delete', limit: 10 })).map((e) => e.targetId).sort();
    assert.deepEqual(deletions, ['c1', 'c2', 'c4']);
  });

  test('sampling rules scoped to a queue or agent, switched off and on; the schedule; what rules can be scoped to', async () => {
    const created = await h.call(qa, 'POST', '/api/v1/quality/sampling-rules', { body: { kind: 'low_survey', params: { maxScore: 2 }, queue: '4006123456', agentUserId: agentId } });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual([created.json().queue, created.json().agentUserId, created.json().enabled], ['4006123456', agentId, true]);
    const off = await h.call(qa, 'PUT', `/api/v1/quality/sampling-rules/${created.json().id}`, { body: { kind: 'low_survey', params: { maxScore: 3 }, enabled: false } });
    assert.equal(off.statusCode, 200, off.body);
    assert.deepEqual([off.json().params, off.json().enabled, off.json().queue, off.json().agentUserId], [{ maxScore: 3 }, false, null, null]);
    assert.equal((await h.call(qa, 'PUT', `/api/v1/quality/sampling-rules/${created.json().id}`, { body: { kind: 'low_survey', params: { maxScore: 11 } } })).statusCode, 422);
    assert.equal((await h.call(qa, 'PUT', '/api/v1/quality/sampling-rules/nope', { body: { kind: 'low_survey', params: { maxScore: 1 } } })).statusCode, 404);
    assert.equal((await h.call(agent, 'PUT', `/api/v1/quality/sampling-rules/${created.json().id}`, { body: { kind: 'low_survey', params: { maxScore: 1 } } })).statusCode, 403);

    const schedule = await h.call(qa, 'GET', '/api/v1/quality/sampling/schedule');
    assert.deepEqual([schedule.json().enabled, schedule.json().everyMinutes, schedule.json().lastRunAt], [true, 60, null], 'on, hourly, by default');
    assert.equal((await h.call(qa, 'PUT', '/api/v1/quality/sampling/schedule', { body: { enabled: true, everyMinutes: 1 } })).statusCode, 400, 'under 5 minutes');
    const daily = await h.call(qa, 'PUT', '/api/v1/quality/sampling/schedule', { body: { enabled: true, everyMinutes: 1440 } });
    assert.equal(daily.statusCode, 200, daily.body);
    assert.equal(daily.json().everyMinutes, 1440);
    assert.equal((await h.call(agent, 'PUT', '/api/v1/quality/sampling/schedule', { body: { enabled: false, everyMinutes: 60 } })).statusCode, 403);

    const scopes = (await h.call(qa, 'GET', '/api/v1/quality/scopes')).json();
    assert.deepEqual(scopes.agents.map((a: { username: string }) => a.username).sort(), ['acme-agent', 'acme-agent2']);
    assert.deepEqual(scopes.queues, []);
  });
});

/**
 * P4 retention: the per-tenant period through the API, and the job that deletes recordings and
 * voicemails past it — files gone, call records kept (without their recording), each deletion in
 * the tenant's audit log — on both dialects.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { listAudit } from '../../src/audit/audit-log.ts';
import { getCallRecord, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { closeAndCharge } from '../../src/cdr/close-and-charge.ts';
import { addVoicemail, listVoicemails } from '../../src/flows/voicemail-store.ts';
import { startRetentionJob } from '../../src/platform/retention-job.ts';
import { pruneRecordings } from '../../src/recordings/prune-recordings.ts';
import { mp3PathOf } from '../../src/recordings/recording-mp3.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { forEachDialect } from '../support/databases.ts';
import { until } from '../support/until.ts';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

forEachDialect('recordings retention', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let supervisor: Caller;
  let dir: string;
  let acme: string;
  let beta: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    dir = mkdtempSync(join(tmpdir(), 'hotline-retention-'));
    acme = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    beta = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(acme, 'acme-admin', 'tenant_admin');
    supervisor = await h.as(acme, 'acme-sup', 'supervisor');
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function recordedCall(db: Kysely<object>, tenantId: string, id: string, startedAt: Date): Promise<string> {
    const wav = join(dir, `${id}.wav`);
    writeFileSync(wav, 'RIFF');
    writeFileSync(mp3PathOf(wav), 'mp3');
    await openCallRecord(db, { id, tenantId, number400: '4006123456', sipCallId: `sip-${id}`, caller: { number: '+8613912345678', kind: 'mobile' }, startedAt });
    await closeAndCharge(db, id, { endedAt: new Date(startedAt.getTime() + 60_000), outcome: 'no_answer', sipStatus: 480, sipReason: 'x', endedBy: 'callee', attempts: [], recordingPath: wav });
    return wav;
  }

  async function voicemail(db: Kysely<object>, tenantId: string, id: string, createdAt: Date): Promise<string> {
    const path = join(dir, `vm-${id}.wav`);
    writeFileSync(path, 'RIFF');
    await addVoicemail(db, { tenantId, number400: '4006123456', callId: id, callerNumber: '+8613912345678', path, durationMs: 3000, createdAt });
    return path;
  }

  test('the period is 3 months by default; a tenant admin changes it, audited; a supervisor only reads it', async () => {
    const get = await h.call(supervisor, 'GET', '/api/v1/retention');
    assert.equal(get.statusCode, 200);
    assert.deepEqual(get.json(), { months: 3, isDefault: true });
    assert.equal((await h.call(supervisor, 'PUT', '/api/v1/retention', { body: { months: 6 } })).statusCode, 403);
    for (const months of [0, 121, 1.5]) assert.equal((await h.call(admin, 'PUT', '/api/v1/retention', { body: { months } })).statusCode, 400, String(months));
    const put = await h.call(admin, 'PUT', '/api/v1/retention', { body: { months: 1 } });
    assert.equal(put.statusCode, 200);
    assert.deepEqual(put.json(), { months: 1, isDefault: false });
    assert.deepEqual((await h.call(admin, 'GET', '/api/v1/retention')).json(), { months: 1, isDefault: false });
    const audit = await listAudit(h.db, { tenantId: acme, action: 'retention.update', limit: 10 });
    assert.deepEqual(audit[0]?.details, { months: 1, previousMonths: 3 });
  });

  test('the job deletes what is past each tenant’s period, keeps the records, logs each deletion, and has nothing to do the second time', async () => {
    // acme keeps 1 month (set above), beta the default 3.
    const acmeOld = await recordedCall(h.db, acme, 'acme-40d', daysAgo(40));
    const acmeNew = await recordedCall(h.db, acme, 'acme-20d', daysAgo(20));
    const betaMid = await recordedCall(h.db, beta, 'beta-40d', daysAgo(40));
    const betaOld = await recordedCall(h.db, beta, 'beta-100d', daysAgo(100));
    const vmOld = await voicemail(h.db, acme, 'vm-acme-35d', daysAgo(35));
    const vmNew = await voicemail(h.db, acme, 'vm-acme-5d', daysAgo(5));

    const result = await pruneRecordings(h.db, NOW);
    assert.deepEqual(result, { recordings: 2, voicemails: 1 });
    for (const gone of [acmeOld, mp3PathOf(acmeOld), betaOld, mp3PathOf(betaOld), vmOld]) assert.equal(existsSync(gone), false, gone);
    for (const kept of [acmeNew, mp3PathOf(acmeNew), betaMid, vmNew]) assert.equal(existsSync(kept), true, kept);

    const record = await getCallRecord(h.db, acme, 'acme-40d');
    assert.ok(record, 'the call record itself stays');
    assert.equal(record.recordingPath, null);
    assert.equal((await getCallRecord(h.db, acme, 'acme-20d'))?.recordingPath, acmeNew);
    assert.deepEqual((await listVoicemails(h.db, acme)).map((v) => v.callId), ['vm-acme-5d']);

    const acmeLog = await listAudit(h.db, { tenantId: acme, limit: 100 });
    const deletion = acmeLog.find((e) => e.action === 'recording.delete');
    assert.equal(deletion?.targetId, 'acme-40d');
    assert.equal(deletion?.actor.name, 'retention');
    assert.equal(deletion?.details?.retentionMonths, 1);
    assert.equal(acmeLog.find((e) => e.action === 'voicemail.delete')?.details?.callId, 'vm-acme-35d');
    const betaLog = await listAudit(h.db, { tenantId: beta, action: 'recording.delete', limit: 100 });
    assert.deepEqual(betaLog.map((e) => e.targetId), ['beta-100d']);
    // The API answers "no recording" for the pruned call.
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records/acme-40d/recording')).statusCode, 404);

    assert.deepEqual(await pruneRecordings(h.db, NOW), { recordings: 0, voicemails: 0 });
  });

  test('a record whose file is already gone (a crash between the two) is finished by the next run', async () => {
    const wav = await recordedCall(h.db, acme, 'acme-gone', daysAgo(50));
    rmSync(wav);
    assert.deepEqual(await pruneRecordings(h.db, NOW), { recordings: 1, voicemails: 0 });
    assert.equal((await getCallRecord(h.db, acme, 'acme-gone'))?.recordingPath, null);
  });

  test('the platform job runs on its own and logs a summary', async () => {
    await recordedCall(h.db, acme, 'acme-job', daysAgo(45));
    const lines: string[] = [];
    const job = startRetentionJob(h.db, { now: () => NOW, log: (l) => lines.push(l), firstAfterMs: 0 });
    try {
      await until(() => lines.length > 0, 'the retention summary');
      assert.match(lines[0] ?? '', /deleted 1 recording\(s\) and 0 voicemail\(s\)/);
    } finally {
      await job.stop();
    }
  });
});

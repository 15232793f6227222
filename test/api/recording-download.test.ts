/**
 * A recording as the web app's player fetches it: HTTP Range (206 / 416) so it can seek, MP3 on
 * the same route (converted by lame once and kept beside the WAV), and every fresh read in the
 * audit log (S2) — a seek is not a new entry. Real files: a µ-law stereo WAV made by sox.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { byteRange } from '../../src/api/byte-range.ts';
import { markCallAnswered, openCallRecord } from '../../src/cdr/call-record-store.ts';
import { closeAndCharge } from '../../src/cdr/close-and-charge.ts';
import { databaseCallRecords } from '../../src/platform/call-record-sink.ts';
import { mp3PathOf, recordingMp3 } from '../../src/recordings/recording-mp3.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

const NOW = Date.parse('2026-11-22T08:00:00.000Z');

function soxWav(path: string, seconds: number): void {
  execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-e', 'u-law', path, 'synth', String(seconds), 'sine', '440', 'sine', '660']);
}

test('byteRange reads the Range header as RFC 9110 says', () => {
  assert.deepEqual(byteRange(undefined, 100), { kind: 'whole' });
  assert.deepEqual(byteRange('bytes=0-9', 100), { kind: 'part', start: 0, end: 9 });
  assert.deepEqual(byteRange('bytes=90-', 100), { kind: 'part', start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=90-500', 100), { kind: 'part', start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=-10', 100), { kind: 'part', start: 90, end: 99 });
  assert.deepEqual(byteRange('bytes=-500', 100), { kind: 'part', start: 0, end: 99 });
  assert.deepEqual(byteRange('bytes=5-9, 20-30', 100), { kind: 'part', start: 5, end: 9 });
  assert.deepEqual(byteRange('items=0-9', 100), { kind: 'whole' }, 'another unit is ignored');
  assert.deepEqual(byteRange('bytes=100-', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(byteRange('bytes=9-5', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(byteRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(byteRange('bytes=abc', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(byteRange('bytes=-', 100), { kind: 'unsatisfiable' });
  assert.deepEqual(byteRange('bytes=0-', 0), { kind: 'unsatisfiable' });
});

forEachDialect('api recording download', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let other: Caller;
  let dir: string;
  let wav: string;
  before(async () => {
    h = await ApiHarness.start(await open());
    dir = mkdtempSync(join(tmpdir(), 'hotline-rec-api-'));
    wav = join(dir, 'r1.wav');
    soxWav(wav, 3);
    const a = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(a, 'acme-admin', 'tenant_admin');
    other = await h.as(b, 'beta-admin', 'tenant_admin');
    const startedAt = new Date(NOW - 600_000);
    await openCallRecord(h.db, { id: 'r1', tenantId: a, number400: '4006123456', sipCallId: 'sip-r1', caller: { number: '+8613912345678', kind: 'mobile' }, startedAt });
    const attempts = [{ seq: 0, target: '13800138000', kind: 'pstn' as const, startedAt, endedAt: new Date(NOW - 597_000), result: 'answered' as const, sipStatus: 200 }];
    await markCallAnswered(h.db, 'r1', { answeredAt: new Date(NOW - 597_000), answeringNumber: '13800138000', answeringKind: 'pstn', attempts });
    await closeAndCharge(h.db, 'r1', { answeringNumber: '13800138000', answeredAt: new Date(NOW - 597_000), endedAt: new Date(NOW - 590_000), outcome: 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller', attempts, recordingPath: wav });
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = '/api/v1/call-records/r1/recording';
  const reads = async () => {
    const res = await h.call(admin, 'GET', '/api/v1/audit', { query: { limit: '500' } });
    return (res.json() as Array<{ action: string; targetId: string | null; details: { format?: string } | null }>).filter((e) => e.action === 'recording.read');
  };

  test('the whole WAV, then byte ranges a player asks for when it seeks; 416 outside the file', async () => {
    const file = readFileSync(wav);
    const whole = await h.call(admin, 'GET', url);
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.headers['content-type'], 'audio/wav');
    assert.equal(Number(whole.headers['content-length']), file.length);
    assert.ok(whole.rawPayload.equals(file));

    const head = await h.call(admin, 'GET', url, { headers: { range: 'bytes=0-43' } });
    assert.equal(head.statusCode, 206);
    assert.equal(head.headers['content-range'], `bytes 0-43/${file.length}`);
    assert.equal(Number(head.headers['content-length']), 44);
    assert.ok(head.rawPayload.equals(file.subarray(0, 44)));

    const seek = await h.call(admin, 'GET', url, { headers: { range: 'bytes=24000-' } });
    assert.equal(seek.statusCode, 206);
    assert.equal(seek.headers['content-range'], `bytes 24000-${file.length - 1}/${file.length}`);
    assert.ok(seek.rawPayload.equals(file.subarray(24000)));

    const tail = await h.call(admin, 'GET', url, { headers: { range: 'bytes=-100' } });
    assert.equal(tail.statusCode, 206);
    assert.ok(tail.rawPayload.equals(file.subarray(file.length - 100)));

    for (const range of [`bytes=${file.length}-`, 'bytes=50-10', 'bytes=x-y']) {
      const bad = await h.call(admin, 'GET', url, { headers: { range } });
      assert.equal(bad.statusCode, 416, range);
      assert.equal(bad.headers['content-range'], `bytes */${file.length}`);
      assert.equal((bad.json() as { code: string }).code, 'RANGE_NOT_SATISFIABLE');
    }
    // The whole file and the read from byte 0 are reads; the seeks and refusals are not.
    assert.equal((await reads()).length, 2);
  });

  test('?format=mp3 converts with lame once, keeps the MP3 beside the WAV and serves ranges of it', async () => {
    const mp3Path = mp3PathOf(wav);
    assert.equal(existsSync(mp3Path), false);
    const before = (await reads()).length;
    const [first, concurrent] = await Promise.all([h.call(admin, 'GET', url, { query: { format: 'mp3' } }), h.call(admin, 'GET', url, { query: { format: 'mp3' } })]);
    for (const res of [first, concurrent]) {
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'audio/mpeg');
      assert.match(String(res.headers['content-disposition']), /r1\.mp3/);
    }
    const mp3 = readFileSync(mp3Path);
    assert.ok(first.rawPayload.equals(mp3) && concurrent.rawPayload.equals(mp3));
    // An MPEG audio frame sync (lame writes no ID3 tag by default) — and about 3 s at 32 kbit/s.
    assert.equal(mp3[0], 0xff);
    assert.equal((mp3[1] ?? 0) & 0xe0, 0xe0);
    assert.ok(mp3.length > 8_000 && mp3.length < 20_000, `${mp3.length} bytes`);
    assert.equal(existsSync(`${mp3Path}.part`), false);
    const made = statSync(mp3Path);

    const again = await h.call(admin, 'GET', url, { query: { format: 'mp3' }, headers: { range: 'bytes=1000-1999' } });
    assert.equal(again.statusCode, 206);
    assert.ok(again.rawPayload.equals(mp3.subarray(1000, 2000)));
    const kept = statSync(mp3Path);
    assert.equal(kept.mtimeMs, made.mtimeMs, 'the cached MP3 is served, not made again');
    assert.equal(kept.ino, made.ino);

    const entries = await reads();
    assert.equal(entries.length, before + 2);
    assert.equal(entries[0]?.details?.format, 'mp3');
    assert.equal((await h.call(admin, 'GET', url, { query: { format: 'ogg' } })).statusCode, 400);
  });

  test("another tenant's recording is a 404 and no read is logged", async () => {
    assert.equal((await h.call(other, 'GET', url)).statusCode, 404);
    assert.equal((await h.call(other, 'GET', url, { query: { format: 'mp3' } })).statusCode, 404);
    const res = await h.call(other, 'GET', '/api/v1/audit', { query: { limit: '500' } });
    assert.equal((res.json() as Array<{ action: string }>).filter((e) => e.action === 'recording.read').length, 0);
  });

  test('reads of call records are logged: the list, one record, the export', async () => {
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records', { query: { number: '4006123456' } })).statusCode, 200);
    assert.equal((await h.call(admin, 'GET', '/api/v1/call-records/r1')).statusCode, 200);
    const started = await h.call(admin, 'POST', '/api/v1/call-records/exports', { body: { number: '4006123456' } });
    assert.equal(started.statusCode, 202, started.body);
    const res = await h.call(admin, 'GET', '/api/v1/audit', { query: { limit: '500' } });
    const entries = res.json() as Array<{ action: string; targetId: string | null; details: { count?: number; query?: Record<string, string> } | null; actor: { name: string } }>;
    const list = entries.find((e) => e.action === 'call_records.list');
    assert.equal(list?.details?.count, 1);
    assert.equal(list?.details?.query?.number, '4006123456');
    assert.equal(list?.actor.name, 'acme-admin');
    assert.equal(entries.find((e) => e.action === 'call_record.read')?.targetId, 'r1');
    const exported = entries.find((e) => e.action === 'call_records.export');
    assert.equal(exported?.targetId, (started.json() as { id: string }).id);
    assert.equal(exported?.details?.query?.number, '4006123456');
  });
});

forEachDialect('recorded call leaves an MP3', ({ open }) => {
  test('closing a recorded call hands its recording to the MP3 conversion, which makes <id>.mp3 beside the WAV', async () => {
    const { db } = await open();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-rec-mp3-'));
    try {
      const wav = join(dir, 'c1.wav');
      soxWav(wav, 1);
      const tenantId = (await createTenant(db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
      const handed: string[] = [];
      const sink = databaseCallRecords(db, { onRecorded: (p) => handed.push(p) });
      const startedAt = new Date(NOW);
      await sink.open({ id: 'c1', tenantId, number400: '4006123456', sipCallId: 'sip-c1', caller: { number: '+8613912345678', kind: 'mobile' }, startedAt });
      await sink.close('c1', { endedAt: new Date(NOW + 5000), outcome: 'no_answer', sipStatus: 480, sipReason: 'x', endedBy: 'callee', attempts: [], recordingPath: wav });
      assert.deepEqual(handed, [wav]);
      const mp3 = await recordingMp3(wav);
      assert.equal(mp3, join(dir, 'c1.mp3'));
      assert.ok(statSync(mp3).size > 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

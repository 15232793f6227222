/**
 * C3, the prompts library through the API: WAV and MP3 uploads (real files made by sox and lame)
 * converted to 8 kHz mono µ-law WAV, text to speech (espeak-ng) with a preview, download with
 * Range, deletion refused while a flow plays the prompt; on both dialects.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setNumberFlow, deleteNumberFlow } from '../../src/flows/flow-store.ts';
import { parseWavHeader } from '../../src/media/wav/wav-header.ts';
import { promptPath } from '../../src/prompts/prompt-store.ts';
import { createTenant } from '../../src/tenants/tenant-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import type { Caller } from './support/api-harness.ts';

interface PromptBody { id: string; name: string; source: string; durationMs: number; flowAudio: string; audioUrl: string }

forEachDialect('api prompts library (C3)', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let supervisor: Caller;
  let other: Caller;
  let dataDir: string;
  let files: string;
  let tenantId: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-prompts-data-'));
    files = mkdtempSync(join(tmpdir(), 'hotline-prompts-in-'));
    h = await ApiHarness.start(await open(), { dataDir });
    tenantId = (await createTenant(h.db, { code: 'acme', name: 'Acme', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    const b = (await createTenant(h.db, { code: 'beta', name: 'Beta', contact: { name: 'x', phone: '1', email: null } }, 'test')).id;
    admin = await h.as(tenantId, 'acme-admin', 'tenant_admin');
    supervisor = await h.as(tenantId, 'acme-sup', 'supervisor');
    other = await h.as(b, 'beta-admin', 'tenant_admin');
    // A 16 kHz stereo 16-bit WAV of 1.5 s, and the same as MP3.
    execFileSync('sox', ['-n', '-r', '16000', '-c', '2', '-b', '16', join(files, 'in.wav'), 'synth', '1.5', 'sine', '440']);
    execFileSync('lame', ['--quiet', join(files, 'in.wav'), join(files, 'in.mp3')]);
  });
  after(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  const upload = (caller: Caller, name: string, body: Buffer, type = 'audio/wav') =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/prompts?name=${encodeURIComponent(name)}`,
      payload: body,
      headers: { 'content-type': type, ...(caller.kind === 'session' ? { cookie: caller.cookie, 'x-csrf-token': caller.csrfToken } : {}) },
    });

  const storedFormat = (id: string) => {
    const bytes = readFileSync(promptPath(dataDir, tenantId, id));
    const info = parseWavHeader(bytes);
    return { format: info.format, sampleRate: info.sampleRate, channels: info.channels, seconds: info.dataLength / 8000 };
  };

  test('a WAV upload becomes 8 kHz mono µ-law, named, listed, audited', async () => {
    const res = await upload(admin, '欢迎词', readFileSync(join(files, 'in.wav')));
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json() as PromptBody;
    assert.equal(p.name, '欢迎词');
    assert.equal(p.source, 'upload');
    assert.equal(p.durationMs, 1500);
    assert.equal(p.flowAudio, `prompts/${p.id}.wav`);
    assert.deepEqual(storedFormat(p.id), { format: 'ulaw', sampleRate: 8000, channels: 1, seconds: 1.5 });
    const list = (await h.call(supervisor, 'GET', '/api/v1/prompts')).json() as PromptBody[];
    assert.deepEqual(list.map((x) => x.name), ['欢迎词']);
    const audit = (await h.call(admin, 'GET', '/api/v1/audit')).json() as Array<{ action: string; targetId: string }>;
    assert.ok(audit.some((e) => e.action === 'prompt.create' && e.targetId === p.id));
  });

  test('an MP3 upload is decoded by lame and stored the same way', async () => {
    const res = await upload(admin, 'menu', readFileSync(join(files, 'in.mp3')), 'audio/mpeg');
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json() as PromptBody;
    const f = storedFormat(p.id);
    assert.equal(f.format, 'ulaw');
    assert.equal(f.sampleRate, 8000);
    assert.equal(f.channels, 1);
    // lame's decoder pads a frame or so at each end.
    assert.ok(f.seconds >= 1.5 && f.seconds < 1.7, String(f.seconds));
  });

  test('bad uploads are refused and store nothing: not audio, JSON, a taken name, too big, a supervisor', async () => {
    const count = async () => ((await h.call(admin, 'GET', '/api/v1/prompts')).json() as unknown[]).length;
    const before = await count();
    assert.equal((await upload(admin, 'noise', Buffer.from('hello, not audio'))).statusCode, 422);
    assert.equal((await upload(admin, 'half', readFileSync(join(files, 'in.wav')).subarray(0, 30))).statusCode, 422);
    assert.equal((await h.call(admin, 'POST', '/api/v1/prompts', { query: { name: 'json' }, body: { a: 1 } })).statusCode, 415);
    const dup = await upload(admin, '欢迎词', readFileSync(join(files, 'in.wav')));
    assert.equal(dup.statusCode, 409);
    assert.equal((await upload(admin, 'huge', Buffer.alloc(17 * 1024 * 1024))).statusCode, 413);
    assert.equal((await upload(supervisor, 'sup', readFileSync(join(files, 'in.wav')))).statusCode, 403);
    assert.equal(await count(), before);
  });

  test('text to speech: a preview to hear, then a kept prompt', async () => {
    const preview = await h.call(admin, 'POST', '/api/v1/prompts/tts-preview', { body: { text: '您好，欢迎致电', language: 'zh-CN' } });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.headers['content-type'], 'audio/wav');
    const info = parseWavHeader(preview.rawPayload);
    assert.equal(info.format, 'ulaw');
    assert.ok(info.dataLength > 4000, 'half a second at least');
    const before = ((await h.call(admin, 'GET', '/api/v1/prompts')).json() as unknown[]).length;
    assert.equal(before, 2, 'a preview stores nothing');
    const kept = await h.call(admin, 'POST', '/api/v1/prompts/tts', { body: { name: 'closing', text: 'Thank you for calling', language: 'en' } });
    assert.equal(kept.statusCode, 201, kept.body);
    const p = kept.json() as PromptBody & { text: string; language: string };
    assert.equal(p.source, 'tts');
    assert.equal(p.text, 'Thank you for calling');
    assert.equal(storedFormat(p.id).format, 'ulaw');
  });

  test("download with Range; another tenant's prompt is 404", async () => {
    const [p] = (await h.call(admin, 'GET', '/api/v1/prompts')).json() as PromptBody[];
    assert.ok(p);
    const file = readFileSync(promptPath(dataDir, tenantId, p.id));
    const part = await h.call(admin, 'GET', p.audioUrl, { headers: { range: 'bytes=0-99' } });
    assert.equal(part.statusCode, 206);
    assert.ok(part.rawPayload.equals(file.subarray(0, 100)));
    assert.equal((await h.call(other, 'GET', p.audioUrl)).statusCode, 404);
    assert.equal((await h.call(other, 'DELETE', `/api/v1/prompts/${p.id}`)).statusCode, 404);
    assert.deepEqual((await h.call(other, 'GET', '/api/v1/prompts')).json(), []);
  });

  test('a prompt a flow plays is not deleted; once the flow lets go it is, file and all', async () => {
    const p = ((await h.call(admin, 'GET', '/api/v1/prompts')).json() as PromptBody[]).find((x) => x.name === 'menu');
    assert.ok(p);
    await setNumberFlow(h.db, tenantId, '4006123456', { welcome: { audio: p.flowAudio } });
    const refused = await h.call(admin, 'DELETE', `/api/v1/prompts/${p.id}`);
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(refused.json().details, { numbers: ['4006123456'] });
    await deleteNumberFlow(h.db, tenantId, '4006123456');
    assert.equal((await h.call(admin, 'DELETE', `/api/v1/prompts/${p.id}`)).statusCode, 204);
    assert.equal(existsSync(promptPath(dataDir, tenantId, p.id)), false);
    assert.equal((await h.call(admin, 'GET', `/api/v1/prompts/${p.id}`)).statusCode, 404);
  });
});

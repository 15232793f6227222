/** The flows and voicemail API: replace/read/remove a number's flow, list and download voicemails. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after, test } from 'node:test';
import { getNumberFlow } from '../../src/flows/flow-store.ts';
import { addVoicemail } from '../../src/flows/voicemail-store.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { twoTenants } from '../api/support/two-tenants.ts';

const FLOW = { language: 'en', welcome: { system: 'welcome' }, password: { digits: '1234' }, menu: { options: [{ key: '1', phones: ['13800000001'] }] }, ringback: { audio: 'cailing.wav' }, voicemail: { enabled: true } };

forEachDialect('api flows', ({ open }) => {
  let h: ApiHarness;
  let admin: Caller;
  let supervisor: Caller;
  let other: Caller;
  let tenantId: string;
  const dir = mkdtempSync(join(tmpdir(), 'hotline-vm-api-'));
  before(async () => {
    h = await ApiHarness.start(await open());
    ({ tenantId, admin, supervisor, other } = await twoTenants(h));
  });
  after(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an admin replaces the flow; it reads back, is audited, and is removed', async () => {
    assert.deepEqual((await h.call(supervisor, 'GET', '/api/v1/flows/numbers/4006123456')).json(), { number: '4006123456', flow: {}, updatedAt: null, updatedBy: null });
    const put = await h.call(admin, 'PUT', '/api/v1/flows/numbers/4006123456', { body: FLOW });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().flow, FLOW);
    assert.deepEqual((await getNumberFlow(h.db, tenantId, '4006123456'))?.flow, FLOW);
    assert.deepEqual((await h.call(supervisor, 'GET', '/api/v1/flows/numbers/4006123456')).json().flow, FLOW);
    const actions = ((await h.call(admin, 'GET', '/api/v1/audit')).json() as Array<{ action: string }>).map((e) => e.action);
    assert.ok(actions.includes('flows.flow.set'), actions.join());
    assert.equal((await h.call(admin, 'DELETE', '/api/v1/flows/numbers/4006123456')).statusCode, 204);
    assert.equal((await h.call(admin, 'DELETE', '/api/v1/flows/numbers/4006123456')).statusCode, 404);
  });

  test('bad flows: schema errors 400, semantic ones 422; another tenant 404; supervisors cannot write', async () => {
    assert.equal((await h.call(admin, 'PUT', '/api/v1/flows/numbers/4006123456', { body: { password: { digits: 'abc' } } })).statusCode, 400);
    const sem = await h.call(admin, 'PUT', '/api/v1/flows/numbers/4006123456', { body: { menu: { options: [{ key: '1', phones: ['a'] }, { key: '1', phones: ['b'] }] } } });
    assert.equal(sem.statusCode, 422, sem.body);
    assert.equal((await h.call(other, 'GET', '/api/v1/flows/numbers/4006123456')).statusCode, 404);
    assert.equal((await h.call(other, 'PUT', '/api/v1/flows/numbers/4006123456', { body: {} })).statusCode, 404);
    assert.equal((await h.call(supervisor, 'PUT', '/api/v1/flows/numbers/4006123456', { body: {} })).statusCode, 403);
    assert.equal(await getNumberFlow(h.db, tenantId, '4006123456'), undefined);
  });

  test('voicemails: listed for their tenant only, downloadable as WAV', async () => {
    const path = join(dir, 'm1.wav');
    writeFileSync(path, Buffer.from('RIFF....WAVE'));
    const vm = await addVoicemail(h.db, { tenantId, number400: '4006123456', callId: 'call-1', callerNumber: '+8613912345678', path, durationMs: 5000, createdAt: new Date('2026-11-22T10:00:00Z') });
    const list = await h.call(supervisor, 'GET', '/api/v1/voicemails?number=4006123456');
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json(), [{ id: vm.id, number400: '4006123456', callId: 'call-1', callerNumber: '+8613912345678', durationMs: 5000, createdAt: '2026-11-22T10:00:00.000Z', heardAt: null, heardBy: null, audioUrl: `/api/v1/voicemails/${vm.id}/audio` }]);
    const audio = await h.call(supervisor, 'GET', `/api/v1/voicemails/${vm.id}/audio`);
    assert.equal(audio.statusCode, 200);
    assert.equal(audio.headers['content-type'], 'audio/wav');
    assert.equal(audio.body, 'RIFF....WAVE');
    assert.deepEqual((await h.call(other, 'GET', '/api/v1/voicemails')).json(), []);
    assert.equal((await h.call(other, 'GET', `/api/v1/voicemails/${vm.id}`)).statusCode, 404);
    assert.equal((await h.call(other, 'GET', `/api/v1/voicemails/${vm.id}/audio`)).statusCode, 404);
  });

  test('voicemails: marked heard and new again, deleted with their audio; another tenant can do neither', async () => {
    const path = join(dir, 'm2.wav');
    writeFileSync(path, Buffer.from('RIFF....WAVE'));
    const vm = await addVoicemail(h.db, { tenantId, number400: '4006123456', callId: 'call-2', callerNumber: '+8613912345679', path, durationMs: 4000, createdAt: new Date('2026-11-23T10:00:00Z') });
    assert.equal((await h.call(other, 'PATCH', `/api/v1/voicemails/${vm.id}`, { body: { heard: true } })).statusCode, 404);
    const heard = await h.call(supervisor, 'PATCH', `/api/v1/voicemails/${vm.id}`, { body: { heard: true } });
    assert.equal(heard.statusCode, 200, heard.body);
    assert.ok(heard.json().heardAt);
    assert.equal(typeof heard.json().heardBy, 'string');
    const fresh = await h.call(supervisor, 'PATCH', `/api/v1/voicemails/${vm.id}`, { body: { heard: false } });
    assert.equal(fresh.json().heardAt, null);
    assert.equal((await h.call(supervisor, 'PATCH', `/api/v1/voicemails/${vm.id}`, { body: { heard: 'yes' } })).statusCode, 400);
    assert.equal((await h.call(other, 'DELETE', `/api/v1/voicemails/${vm.id}`)).statusCode, 404);
    assert.ok(existsSync(path));
    assert.equal((await h.call(supervisor, 'DELETE', `/api/v1/voicemails/${vm.id}`)).statusCode, 204);
    assert.equal((await h.call(supervisor, 'GET', `/api/v1/voicemails/${vm.id}`)).statusCode, 404);
    for (let i = 0; i < 50 && existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(existsSync(path), false, 'the audio file goes with the message');
  });
});

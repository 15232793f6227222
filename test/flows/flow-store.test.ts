/** Flow and voicemail storage on both dialects, and the import's `flow` per number. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { FlowError } from '../../src/flows/flow-schema.ts';
import { deleteNumberFlow, getNumberFlow, setNumberFlow } from '../../src/flows/flow-store.ts';
import { addVoicemail, getVoicemail, listVoicemails } from '../../src/flows/voicemail-store.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';

forEachDialect('flow store', ({ open }) => {
  test('a flow is replaced as a whole, read back, and removed; a bad one changes nothing', async () => {
    const { db } = await open();
    assert.equal(await getNumberFlow(db, 't1', '4006000001'), undefined);
    await setNumberFlow(db, 't1', '4006000001', { welcome: { system: 'welcome' } }, { by: 'alice', now: new Date('2026-11-22T10:00:00Z') });
    await setNumberFlow(db, 't1', '4006000001', { password: { digits: '1234' } }, { by: 'bob', now: new Date('2026-11-22T11:00:00Z') });
    assert.deepEqual(await getNumberFlow(db, 't1', '4006000001'), { flow: { password: { digits: '1234' } }, updatedAt: '2026-11-22T11:00:00.000Z', updatedBy: 'bob' });
    await assert.rejects(setNumberFlow(db, 't1', '4006000001', { password: { digits: 'abc' } }), FlowError);
    assert.deepEqual((await getNumberFlow(db, 't1', '4006000001'))?.flow, { password: { digits: '1234' } });
    assert.equal(await getNumberFlow(db, 't2', '4006000001'), undefined, 'another tenant sees nothing');
    assert.equal(await deleteNumberFlow(db, 't1', '4006000001'), true);
    assert.equal(await deleteNumberFlow(db, 't1', '4006000001'), false);
  });

  test('voicemails: newest first, per tenant and number', async () => {
    const { db } = await open();
    const base = { tenantId: 't1', callerNumber: '+8613912345678', durationMs: 4200.4 };
    const a = await addVoicemail(db, { ...base, number400: '4006000001', callId: 'c1', path: '/d/c1.wav', createdAt: new Date('2026-11-22T10:00:00Z') });
    await addVoicemail(db, { ...base, number400: '4006000002', callId: 'c2', path: '/d/c2.wav', createdAt: new Date('2026-11-22T11:00:00Z') });
    await addVoicemail(db, { ...base, tenantId: 't2', number400: '4006000003', callId: 'c3', path: '/d/c3.wav', createdAt: new Date('2026-11-22T12:00:00Z') });
    assert.deepEqual((await listVoicemails(db, 't1')).map((v) => v.callId), ['c2', 'c1']);
    assert.deepEqual((await listVoicemails(db, 't1', { number400: '4006000001' })).map((v) => v.callId), ['c1']);
    assert.equal((await getVoicemail(db, 't1', a.id))?.durationMs, 4200);
    assert.equal(await getVoicemail(db, 't2', a.id), undefined);
  });

  test('the import sets a number flow (and refuses a bad one)', async () => {
    const { db } = await open();
    const tenant = (flow: unknown) => ({
      code: 'acme',
      name: '测试科技有限公司',
      contact: { name: '张三', phone: '+8613800138000' },
      documents: [
        { kind: 'business_licence' as const, number: '91350100M000100Y43', verified: true },
        { kind: 'handler_id' as const, number: '110101199003077777', verified: true },
      ],
      numbers: [{ number: '4006123456', boundPhones: [{ pstn: '13800138000' }], flow }],
    });
    const settings = usersSettings({ sipRealm: 'hotline', scrypt: TEST_SCRYPT });
    await applyImport(db, { tenants: [tenant({ voicemail: { enabled: true } })] }, settings);
    const row = await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow();
    assert.deepEqual((await getNumberFlow(db, row.id, '4006123456'))?.flow, { voicemail: { enabled: true } });
    await assert.rejects(applyImport(db, { tenants: [tenant({ menu: { options: [] } })] }, settings), FlowError);
  });
});

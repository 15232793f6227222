import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import type { ImportFile } from '../../src/provisioning/import-schema.ts';
import { getMissedCallRecipients } from '../../src/notify/missed-call-recipients.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { tenantWithNumber } from '../support/platform-harness.ts';
import { forEachDialect } from '../support/databases.ts';

const users = usersSettings({ sipRealm: 'hotline', scrypt: TEST_SCRYPT });

function file(alerts: { mobiles?: string[]; emails?: string[] }): ImportFile {
  const tenant = tenantWithNumber('4006123456', []);
  tenant.numbers = [{ number: '400-612-3456', missedCallAlerts: alerts }];
  return { tenants: [tenant] };
}

forEachDialect('hotline import: missed-call alert recipients', ({ open }) => {
  test('set from the file, idempotent, replaced by a changed list; a bad entry changes nothing', async () => {
    const { db } = await open();
    await applyImport(db, file({ mobiles: ['13912345678'], emails: ['Duty@Acme.TEST'] }), users);
    await applyImport(db, file({ mobiles: ['13912345678'], emails: ['Duty@Acme.TEST'] }), users);
    const tenantId = (await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    assert.deepEqual(await getMissedCallRecipients(db, tenantId, '4006123456'), { number: '4006123456', mobiles: ['+8613912345678'], emails: ['Duty@acme.test'] });
    await applyImport(db, file({ mobiles: ['13700137000'] }), users);
    assert.deepEqual(await getMissedCallRecipients(db, tenantId, '4006123456'), { number: '4006123456', mobiles: ['+8613700137000'], emails: [] });
    await assert.rejects(applyImport(db, file({ mobiles: ['13800138000', 'not-a-phone'] }), users), /not a mobile/);
    assert.deepEqual((await getMissedCallRecipients(db, tenantId, '4006123456')).mobiles, ['+8613700137000']);
  });
});

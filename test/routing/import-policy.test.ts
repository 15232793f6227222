import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { importYaml } from '../support/import-yaml.ts';
import { tenantWithNumber } from '../support/platform-harness.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import { parseImportText } from '../../src/provisioning/read-import-file.ts';
import { getNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { PolicyError } from '../../src/routing/number-policy.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';

const YAML = importYaml(`
boundPhones: [{ pstn: '13800000001' }, { pstn: '13800000002' }]
policy:
  groups:
    north: { phones: ['13800000001'] }
  regionRules:
    - { name: North China, regions: [{ province: 北京 }], group: north }
  blocking: { anonymous: true, areaCodes: ['020'] }
  forwarding: { onBusy: ['13900000001'] }
  memory: { days: 30 }
`);

forEachDialect('import: routing policies', ({ open }) => {
  const settings = usersSettings({ sipRealm: 'hotline', scrypt: TEST_SCRYPT });

  test('a number’s policy section is validated and stored', async () => {
    const { db } = await open();
    await applyImport(db, parseImportText(YAML, 'acme.yaml'), settings);
    const tenant = await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow();
    const stored = await getNumberPolicy(db, tenant.id, '4006123456');
    assert.equal(stored?.updatedBy, 'import');
    assert.deepEqual(stored?.policy.blocking, { anonymous: true, areaCodes: ['020'] });
    assert.equal(stored?.policy.regionRules?.[0]?.group, 'north');
  });

  test('a bad policy fails the whole import and changes nothing', async () => {
    const { db } = await open();
    const tenant = tenantWithNumber('4006123456', [{ pstn: '13800000001' }]);
    const bad = { tenants: [{ ...tenant, numbers: [{ number: '4006123456', policy: { regionRules: [{ regions: [{ province: '北京' }], group: 'ghost' }] } }] }] };
    await assert.rejects(applyImport(db, bad, settings), PolicyError);
    const tenants = await db.withTables<{ tenants: { id: string } }>().selectFrom('tenants').select('id').execute();
    assert.equal(tenants.length, 0);
  });
});

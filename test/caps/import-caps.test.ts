/** `hotline import`: a number's `caps` section is validated, stored, and replaced by a later import. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { importYaml } from '../support/import-yaml.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import { ImportFileError, parseImportText } from '../../src/provisioning/read-import-file.ts';
import { getNumberCaps } from '../../src/caps/cap-store.ts';
import { getTenantByCode } from '../../src/tenants/tenant-store.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';

const yaml = (caps: string) => importYaml(`caps: ${caps}`);

forEachDialect('import: caps', ({ open }) => {
  const settings = usersSettings({ sipRealm: 'hotline', scrypt: TEST_SCRYPT });

  test('caps are stored; a second import replaces them (a kind left out is uncapped)', async () => {
    const { db } = await open();
    await applyImport(db, parseImportText(yaml('{ monthlySpendLi: 500000, monthlyCalls: 3000 }'), 'a.yaml'), settings);
    const t = (await getTenantByCode(db, 'acme'))?.id ?? '';
    assert.deepEqual(await getNumberCaps(db, t, '4006123456').then((c) => c && [c.monthlySpendLi, c.monthlyCalls, c.updatedBy]), [500_000, 3000, 'import']);
    await applyImport(db, parseImportText(yaml('{ monthlyCalls: 10 }'), 'a.yaml'), settings);
    assert.deepEqual(await getNumberCaps(db, t, '4006123456').then((c) => c && [c.monthlySpendLi, c.monthlyCalls]), [null, 10]);
    await applyImport(db, parseImportText(yaml('{}'), 'a.yaml'), settings);
    assert.equal(await getNumberCaps(db, t, '4006123456'), undefined);
  });
});

test('a bad caps section is refused when the file is read', () => {
  for (const caps of ['{ monthlyCalls: -1 }', '{ monthlySpendLi: 1.5 }', '{ calls: 3 }', "{ monthlyCalls: 'many' }"]) {
    assert.throws(() => parseImportText(yaml(caps), 'bad.yaml'), ImportFileError, caps);
  }
});

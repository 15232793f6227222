import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TENANT_STATUSES, canChangeTenantStatus } from '../../src/tenants/tenant-status.ts';

test('the allowed moves, and only those', () => {
  const allowed = new Set(['pending>active', 'pending>closed', 'active>suspended', 'active>closed', 'suspended>active', 'suspended>closed']);
  for (const from of TENANT_STATUSES) {
    for (const to of TENANT_STATUSES) {
      assert.equal(canChangeTenantStatus(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
    }
  }
});

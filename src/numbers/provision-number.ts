/**
 * Idempotent provisioning for `hotline import` (and the demo set-up): make a number be held by a
 * tenant in the wanted state, walking the lifecycle as needed and recording each step. Running it
 * again changes nothing.
 */
import type { Kysely } from 'kysely';
import { withTransaction } from '../db/transaction.ts';
import { addNumbers } from './number-inventory.ts';
import { activateNumber, assignNumber, recycleNumber, resumeNumber } from './number-actions.ts';
import type { LicencesOnFile } from './number-actions.ts';
import { NumberError } from './number-error.ts';
import { normalizeNumber } from './number-format.ts';
import type { NumberAction } from './number-lifecycle.ts';
import { toRecord } from './number-record.ts';
import type { NumberRecord } from './number-record.ts';
import { loadNumber } from './number-transition.ts';

export interface ProvisionNumberInput {
  number: string;
  tenantId: string;
  status: 'active' | 'pending_activation';
  by: string;
  reason?: string;
  /** N4 check before activation; when omitted the history says the check was the importer's. */
  licencesOnFile?: LicencesOnFile;
  now?: Date;
}

export interface ProvisionNumberResult {
  record: NumberRecord;
  /** The steps taken (empty when the number already was as wanted). */
  actions: Array<NumberAction | 'add'>;
}

export async function provisionNumber(db: Kysely<object>, input: ProvisionNumberInput): Promise<ProvisionNumberResult> {
  const number = normalizeNumber(input.number);
  const now = input.now ?? new Date();
  const reason = input.reason ?? 'provisioned by import';
  const step = { number, by: input.by, reason, now };
  return withTransaction(db, async (trx) => {
    const actions: ProvisionNumberResult['actions'] = [];
    const { added } = await addNumbers(trx, [number], input.by, { now, reason });
    if (added.length > 0) actions.push('add');
    let row = await loadNumber(trx, number);
    if (row.tenant_id !== null && row.tenant_id !== input.tenantId) {
      throw new NumberError('NUMBER_HELD_BY_OTHER_TENANT', `number ${number} is held by another tenant`, { number, status: row.status });
    }
    // The quarantine after release protects the next holder; the same tenant may take it back.
    if (row.status === 'released') {
      await recycleNumber(trx, { ...step, quarantineDays: 0 });
      actions.push('recycle');
    }
    row = await loadNumber(trx, number);
    if (row.status === 'available' || row.status === 'reserved') {
      await assignNumber(trx, { ...step, tenantId: input.tenantId });
      actions.push('assign');
    }
    row = await loadNumber(trx, number);
    if (input.status === 'active' && row.status === 'pending_activation') {
      const licencesOnFile = input.licencesOnFile ?? (() => true);
      const why = input.licencesOnFile ? reason : `${reason} (licence check left to the importer)`;
      await activateNumber(trx, { ...step, reason: why, licencesOnFile });
      actions.push('activate');
    }
    row = await loadNumber(trx, number);
    if (input.status === 'active' && row.status === 'suspended') {
      await resumeNumber(trx, step);
      actions.push('resume');
    }
    row = await loadNumber(trx, number);
    if (row.status !== input.status) {
      throw new NumberError('NUMBER_TRANSITION_REFUSED', `number ${number} is ${row.status} and cannot be provisioned as ${input.status}`, {
        number,
        status: row.status,
      });
    }
    return { record: toRecord(row), actions };
  });
}

/**
 * Applies one lifecycle transition to a stored number and records it in `number_history` (who,
 * why, when), in the caller's transaction. The update is conditional on the state it was read in,
 * so two concurrent requests cannot both move the same number.
 */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { NumberError } from './number-error.ts';
import { nextStatus } from './number-lifecycle.ts';
import type { NumberAction } from './number-lifecycle.ts';
import { normalizeNumber } from './number-format.ts';
import type { NumberRow, NumberTables } from './number-tables.ts';

export interface TransitionRequest {
  action: NumberAction;
  by: string;
  reason: string;
  now: Date;
  /** The holder after reserve/assign. */
  tenantId?: string;
  reservedUntil?: string;
  activationDueOn?: string;
}

/** Reads a number (any spelling) or refuses with NUMBER_NOT_FOUND / NUMBER_INVALID. */
export async function loadNumber(db: Kysely<object>, number: string): Promise<NumberRow> {
  const n = normalizeNumber(number);
  const row = await db.withTables<NumberTables>().selectFrom('number_inventory').selectAll().where('number', '=', n).executeTakeFirst();
  if (row === undefined) throw new NumberError('NUMBER_NOT_FOUND', `number ${n} is not in the pool`, { number: n });
  return row;
}

/** Refuses (as not found: no leak of other tenants' numbers) when a tenant-scoped caller asks for a number it does not hold. */
export function requireHolder(row: NumberRow, tenantId: string | undefined): void {
  if (tenantId !== undefined && row.tenant_id !== tenantId) {
    throw new NumberError('NUMBER_NOT_FOUND', `number ${row.number} is not held by this tenant`, { number: row.number });
  }
}

export async function applyTransition(db: Kysely<object>, row: NumberRow, req: TransitionRequest): Promise<NumberRow> {
  const to = nextStatus(row.number, row.status, req.action);
  const at = toDbTimestamp(req.now);
  const tenantId = to === 'available' ? null : (req.tenantId ?? row.tenant_id);
  if (to !== 'available' && tenantId === null) throw new Error(`transition ${req.action} of ${row.number} needs a tenant`);
  const next: NumberRow = {
    ...row,
    status: to,
    tenant_id: tenantId,
    reserved_until: to === 'reserved' ? (req.reservedUntil ?? null) : null,
    activation_due_on: to === 'pending_activation' ? (req.activationDueOn ?? null) : null,
    status_changed_at: at,
  };
  const t = db.withTables<NumberTables>();
  const res = await t
    .updateTable('number_inventory')
    .set({
      status: next.status,
      tenant_id: next.tenant_id,
      reserved_until: next.reserved_until,
      activation_due_on: next.activation_due_on,
      status_changed_at: at,
    })
    .where('number', '=', row.number)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw new NumberError('NUMBER_TRANSITION_REFUSED', `number ${row.number} changed while being ${req.action}d; try again`, {
      number: row.number,
      action: req.action,
    });
  }
  const last = await t
    .selectFrom('number_history')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('number', '=', row.number)
    .executeTakeFirst();
  await t
    .insertInto('number_history')
    .values({
      id: newId(),
      number: row.number,
      seq: (last?.seq ?? 0) + 1,
      // The tenant concerned: the new holder, or the one the number leaves.
      tenant_id: tenantId ?? row.tenant_id,
      action: req.action,
      from_status: row.status,
      to_status: to,
      by: req.by,
      reason: req.reason,
      at,
    })
    .execute();
  return next;
}

/**
 * The lifecycle operations on one number (REQUIREMENTS N4), each one transaction with its history
 * entry. Optional `tenantId` on operator-or-tenant operations scopes the call to that tenant's
 * numbers (another tenant's number reads as not found). `now` is injectable (default: the clock).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { activationDueOn } from './activation-due.ts';
import { NumberError } from './number-error.ts';
import type { NumberAction } from './number-lifecycle.ts';
import { toRecord } from './number-record.ts';
import type { NumberRecord } from './number-record.ts';
import type { NumberRow, NumberTables } from './number-tables.ts';
import { applyTransition, loadNumber, requireHolder } from './number-transition.ts';
import { findRuleSet } from './rule-sets/index.ts';

export const DEFAULT_RESERVATION_HOURS = 72;
export const DEFAULT_QUARANTINE_DAYS = 90;

/** Whether a tenant's business licence and handler's ID are on file (the tenants domain answers). */
export type LicencesOnFile = (tenantId: string) => boolean | Promise<boolean>;

interface Who {
  number: string;
  by: string;
  reason: string;
  now?: Date;
}

/** Holds an available number for a tenant until `until` (default 72 h). An expired hold counts as available. */
export async function reserveNumber(db: Kysely<object>, input: Who & { tenantId: string; until?: Date }): Promise<NumberRecord> {
  const now = input.now ?? new Date();
  const until = input.until ?? new Date(now.getTime() + DEFAULT_RESERVATION_HOURS * 3600_000);
  if (until.getTime() <= now.getTime()) {
    throw new NumberError('NUMBER_TRANSITION_REFUSED', 'a reservation must end in the future', { number: input.number });
  }
  return withTransaction(db, async (trx) => {
    const row = await lapseIfExpired(trx, await loadNumber(trx, input.number), now);
    refuseOtherHolder(row, input.tenantId);
    const next = await applyTransition(trx, row, { ...common(input, now, 'reserve'), tenantId: input.tenantId, reservedUntil: toDbTimestamp(until) });
    return toRecord(next);
  });
}

/** Gives a reservation up before it lapses. */
export async function unreserveNumber(db: Kysely<object>, input: Who & { tenantId?: string }): Promise<NumberRecord> {
  return simple(db, input, 'unreserve');
}

/** Returns every lapsed reservation to the pool (run by a timer); returns the numbers. */
export async function expireReservations(db: Kysely<object>, opts: { now?: Date; by?: string } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  return withTransaction(db, async (trx) => {
    const rows = await trx
      .withTables<NumberTables>()
      .selectFrom('number_inventory')
      .selectAll()
      .where('status', '=', 'reserved')
      .where('reserved_until', '<=', toDbTimestamp(now))
      .execute();
    for (const row of rows) {
      await applyTransition(trx, row, { action: 'expire', by: opts.by ?? 'system', reason: 'reservation lapsed', now });
    }
    return rows.map((r) => r.number);
  });
}

/**
 * A tenant applies for a number: available (or reserved by that same tenant) → pending activation,
 * with the expected opening date (3 working days, 15 for special classes).
 */
export async function assignNumber(db: Kysely<object>, input: Who & { tenantId: string }): Promise<NumberRecord> {
  const now = input.now ?? new Date();
  return withTransaction(db, async (trx) => {
    const row = await lapseIfExpired(trx, await loadNumber(trx, input.number), now);
    refuseOtherHolder(row, input.tenantId);
    const special = findRuleSet(row.rule_set)?.classes.find((c) => c.code === row.class_code)?.special ?? false;
    const next = await applyTransition(trx, row, {
      ...common(input, now, 'assign'),
      tenantId: input.tenantId,
      activationDueOn: activationDueOn(now, special),
    });
    return toRecord(next);
  });
}

/** The application is withdrawn or refused: pending activation → available. */
export async function cancelAssignment(db: Kysely<object>, input: Who & { tenantId?: string }): Promise<NumberRecord> {
  return simple(db, input, 'cancel');
}

/** Opens the number: refused (NUMBER_LICENCE_MISSING) unless the tenant's licences are on file (N4). */
export async function activateNumber(db: Kysely<object>, input: Who & { licencesOnFile: LicencesOnFile }): Promise<NumberRecord> {
  const now = input.now ?? new Date();
  return withTransaction(db, async (trx) => {
    const row = await loadNumber(trx, input.number);
    if (row.status === 'pending_activation' && row.tenant_id !== null && !(await input.licencesOnFile(row.tenant_id))) {
      throw new NumberError('NUMBER_LICENCE_MISSING', `tenant ${row.tenant_id} has no business licence and handler ID on file`, {
        number: row.number,
        tenantId: row.tenant_id,
      });
    }
    return toRecord(await applyTransition(trx, row, common(input, now, 'activate')));
  });
}

/** Balance exhausted or frozen by the operator: active → suspended. */
export async function suspendNumber(db: Kysely<object>, input: Who & { tenantId?: string }): Promise<NumberRecord> {
  return simple(db, input, 'suspend');
}

export async function resumeNumber(db: Kysely<object>, input: Who & { tenantId?: string }): Promise<NumberRecord> {
  return simple(db, input, 'resume');
}

/** The tenant gives the number up: active/suspended → released (it stays registered to them during quarantine). */
export async function releaseNumber(db: Kysely<object>, input: Who & { tenantId?: string }): Promise<NumberRecord> {
  return simple(db, input, 'release');
}

/** Back to the pool once the quarantine after release (default 90 days) has passed. */
export async function recycleNumber(db: Kysely<object>, input: Who & { quarantineDays?: number }): Promise<NumberRecord> {
  const now = input.now ?? new Date();
  return withTransaction(db, async (trx) => {
    const row = await loadNumber(trx, input.number);
    const days = input.quarantineDays ?? DEFAULT_QUARANTINE_DAYS;
    const free = Date.parse(row.status_changed_at) + days * 86_400_000;
    if (row.status === 'released' && now.getTime() < free) {
      throw new NumberError('NUMBER_QUARANTINED', `number ${row.number} was released on ${row.status_changed_at} and is quarantined for ${days} days`, {
        number: row.number,
        availableFrom: toDbTimestamp(new Date(free)),
      });
    }
    return toRecord(await applyTransition(trx, row, common(input, now, 'recycle')));
  });
}

async function simple(db: Kysely<object>, input: Who & { tenantId?: string }, action: NumberAction): Promise<NumberRecord> {
  const now = input.now ?? new Date();
  return withTransaction(db, async (trx) => {
    const row = await loadNumber(trx, input.number);
    requireHolder(row, input.tenantId);
    return toRecord(await applyTransition(trx, row, common(input, now, action)));
  });
}

function common(input: Who, now: Date, action: NumberAction) {
  return { action, by: input.by, reason: input.reason, now };
}

/** A reservation past its end is returned to the pool first (recorded), so the caller sees available. */
async function lapseIfExpired(db: Kysely<object>, row: NumberRow, now: Date): Promise<NumberRow> {
  if (row.status !== 'reserved' || row.reserved_until === null || row.reserved_until > toDbTimestamp(now)) return row;
  return applyTransition(db, row, { action: 'expire', by: 'system', reason: 'reservation lapsed', now });
}

/** N4: a number belongs to exactly one tenant while not available. */
function refuseOtherHolder(row: NumberRow, tenantId: string): void {
  if (row.tenant_id !== null && row.tenant_id !== tenantId) {
    throw new NumberError('NUMBER_HELD_BY_OTHER_TENANT', `number ${row.number} is held by another tenant`, { number: row.number, status: row.status });
  }
}

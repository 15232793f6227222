/** Bound phones per 400 number, in ring order. Replaced as a whole: a change takes effect at once (R1). */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { PreparedQuery } from '../db/prepared-query.ts';
import type { BoundPhone, BoundPhoneKind } from './bound-phone.ts';
import { BoundPhoneError, validateBoundPhones } from './bound-phone.ts';
import { sipUsernamesOfTenant } from '../users/find-sip-credentials.ts';
import { assertDestinationsAllowed } from '../fraud/outbound-store.ts';

export type BoundPhonesTable = {
  bound_phones: {
    id: string;
    tenant_id: string;
    number_400: string;
    position: number;
    kind: string;
    target: string;
    created_at: string;
  };
};

type Db = Kysely<object>;

export async function setBoundPhones(db: Db, tenantId: string, number400: string, phones: BoundPhone[]): Promise<void> {
  validateBoundPhones(phones);
  await checkSipUsersOwned(db, tenantId, phones);
  // Toll fraud: a bound phone is called out through the trunk; premium, satellite and countries the operator did not allow are refused.
  await assertDestinationsAllowed(db, tenantId, phones.filter((p) => p.kind === 'pstn').map((p) => p.target));
  await withTransaction(db.withTables<BoundPhonesTable>(), async (trx) => {
    await trx.deleteFrom('bound_phones').where('tenant_id', '=', tenantId).where('number_400', '=', number400).execute();
    if (phones.length === 0) return;
    const now = toDbTimestamp(new Date());
    await trx
      .insertInto('bound_phones')
      .values(phones.map((p, i) => ({ id: newId(), tenant_id: tenantId, number_400: number400, position: i, kind: p.kind, target: p.target, created_at: now })))
      .execute();
  });
}

/**
 * A SIP bound phone must be a SIP user of the number's own tenant: binding another tenant's user
 * would ring that tenant's agent with this tenant's calls. An unknown name and another tenant's
 * get the same answer, so the refusal reveals nothing about other tenants.
 */
async function checkSipUsersOwned(db: Db, tenantId: string, phones: BoundPhone[]): Promise<void> {
  const names = phones.filter((p) => p.kind === 'sip').map((p) => p.target);
  const own = await sipUsernamesOfTenant(db, tenantId, names);
  const foreign = names.find((n) => !own.has(n));
  if (foreign !== undefined) throw new BoundPhoneError('UNKNOWN_SIP_USER', `'${foreign}' is not a SIP user of this tenant`);
}

// Read for every call: compiled once.
const boundPhonesOf = new PreparedQuery((db, p) =>
  db.withTables<BoundPhonesTable>().selectFrom('bound_phones').select(['kind', 'target']).where('tenant_id', '=', p('tenantId')).where('number_400', '=', p('number400')).orderBy('position'),
);

export async function listBoundPhones(db: Db, tenantId: string, number400: string): Promise<BoundPhone[]> {
  const { rows } = await boundPhonesOf.execute(db, { tenantId, number400 });
  return rows.map((r) => ({ kind: r.kind as BoundPhoneKind, target: r.target }));
}

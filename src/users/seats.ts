import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import { UserError } from './user-error.ts';
import { usersDb } from './user-store.ts';

/**
 * C32: a tenant rents a number of seats; each enabled agent takes one. Checked when a tenant admin
 * adds an agent, makes a user an agent or re-enables one (the operator grows the seats). A tenant
 * id without a tenant row (tests, early imports) has no seat limit.
 */
export async function ensureSeatFor(db: Kysely<object>, tenantId: string, exceptUserId?: string): Promise<void> {
  // Two admins adding the last seat at once: on PostgreSQL the tenant row lock makes the second
  // transaction wait for the first and count its agent. (SQLite runs one writer at a time anyway.)
  if (dialectOf(db) === 'postgres') await sql`select id from tenants where id = ${tenantId} for update`.execute(db);
  const tenant = await getTenant(db, tenantId);
  if (!tenant) return;
  let q = usersDb(db)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'agent')
    .where('disabled', '=', 0);
  if (exceptUserId !== undefined) q = q.where('id', '!=', exceptUserId);
  const used = Number((await q.executeTakeFirstOrThrow()).n);
  if (used >= tenant.seats) {
    throw new UserError('SEATS_EXHAUSTED', `all ${tenant.seats} seats are taken: ask the operator for more`, { seats: tenant.seats, used });
  }
}

import type { Kysely } from 'kysely';

/**
 * Per tenant: whether its calls may be transferred (REFER, the desk's transfer, consult, three-way)
 * to outside numbers. Off by default — a phone on a 400 number must not become a way to call anywhere
 * on the tenant's bill; the operator turns it on, and the tenant's outbound rules still apply.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenant_outbound').addColumn('outside_transfers', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenant_outbound').dropColumn('outside_transfers').execute();
}

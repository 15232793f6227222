import type { Kysely } from 'kysely';

/** R13 in the portal: a voicemail is marked heard (and by whom) so the list shows what is new. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('voicemails').addColumn('heard_at', 'text').execute();
  await db.schema.alterTable('voicemails').addColumn('heard_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('voicemails').dropColumn('heard_by').execute();
  await db.schema.alterTable('voicemails').dropColumn('heard_at').execute();
}

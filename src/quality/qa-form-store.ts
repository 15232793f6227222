/** A tenant's scoring forms (C19). Items are kept as JSON; a review keeps its own copy of what it was scored against. */
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import type { QaTables } from './qa-tables.ts';
import { QualityError } from './quality-error.ts';
import { checkFormItems } from './scoring-form.ts';
import type { FormItem } from './scoring-form.ts';

export interface QaForm {
  id: string;
  name: string;
  items: FormItem[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface FormInput {
  name: string;
  items: FormItem[];
  active?: boolean;
}

const tables = (db: Kysely<object>) => db.withTables<QaTables>();

function toForm(r: QaTables['qa_forms']): QaForm {
  return { id: r.id, name: r.name, items: JSON.parse(r.items) as FormItem[], active: Number(r.active) === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function createForm(db: Kysely<object>, tenantId: string, input: FormInput, by: string, at: Date): Promise<QaForm> {
  checkFormItems(input.items);
  const row = { id: newId(), tenant_id: tenantId, name: input.name, items: JSON.stringify(input.items), active: input.active === false ? 0 : 1, created_at: toDbTimestamp(at), updated_at: toDbTimestamp(at), created_by: by };
  await tables(db).insertInto('qa_forms').values(row).execute();
  return toForm(row);
}

export async function updateForm(db: Kysely<object>, tenantId: string, id: string, input: FormInput, at: Date): Promise<QaForm> {
  checkFormItems(input.items);
  const res = await tables(db)
    .updateTable('qa_forms')
    .set({ name: input.name, items: JSON.stringify(input.items), active: input.active === false ? 0 : 1, updated_at: toDbTimestamp(at) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new QualityError('NOT_FOUND', 'No such scoring form');
  return (await getForm(db, tenantId, id))!;
}

export async function getForm(db: Kysely<object>, tenantId: string, id: string): Promise<QaForm | undefined> {
  const r = await tables(db).selectFrom('qa_forms').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return r ? toForm(r) : undefined;
}

export async function listForms(db: Kysely<object>, tenantId: string): Promise<QaForm[]> {
  const rows = await tables(db).selectFrom('qa_forms').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
  return rows.map(toForm);
}

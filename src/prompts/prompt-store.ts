/**
 * C3: a tenant's prompts library. Each prompt is a µ-law WAV at
 * `<data dir>/audio/<tenant id>/prompts/<id>.wav` — inside the tenant's audio folder, so a flow
 * plays it as `{ "audio": "prompts/<id>.wav" }` (the `flowAudio` of the prompt) like any tenant
 * audio. Names are unique per tenant.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { newId, toDbTimestamp } from '../db/conventions.ts';
import type { NumberFlowsTable } from '../flows/flow-store.ts';
import type { PromptAudio } from './prompt-audio.ts';
import { PromptError } from './prompt-error.ts';

export type PromptsTable = {
  prompts: { id: string; tenant_id: string; name: string; source: string; text: string | null; language: string | null; duration_ms: number; created_at: string; created_by: string | null };
};

export interface Prompt {
  id: string;
  name: string;
  source: 'upload' | 'tts';
  text: string | null;
  language: string | null;
  durationMs: number;
  /** What a flow names to play it: `{ "audio": flowAudio }`. */
  flowAudio: string;
  createdAt: string;
  createdBy: string | null;
}

type Db = Kysely<object>;
const tables = (db: Db) => db.withTables<PromptsTable>();

export function tenantAudioDir(dataDir: string, tenantId: string): string {
  return join(dataDir, 'audio', tenantId);
}

const flowAudioOf = (id: string) => `prompts/${id}.wav`;

export function promptPath(dataDir: string, tenantId: string, id: string): string {
  return join(tenantAudioDir(dataDir, tenantId), flowAudioOf(id));
}

export interface NewPrompt {
  tenantId: string;
  name: string;
  source: Prompt['source'];
  text?: string;
  language?: string;
  audio: PromptAudio;
  by: string;
  at: Date;
}

/** Adds the row, then the file (written aside and renamed): a refused row leaves no file. */
export async function createPrompt(db: Db, dataDir: string, p: NewPrompt): Promise<Prompt> {
  const row = { id: newId(), tenant_id: p.tenantId, name: p.name.trim(), source: p.source, text: p.text ?? null, language: p.language ?? null, duration_ms: p.audio.durationMs, created_at: toDbTimestamp(p.at), created_by: p.by };
  if (row.name === '') throw new PromptError('the name is empty');
  const taken = await tables(db).selectFrom('prompts').select('id').where('tenant_id', '=', p.tenantId).where('name', '=', row.name).executeTakeFirst();
  if (taken) throw new PromptError(`a prompt named ${row.name} exists already`, 'conflict');
  await tables(db).insertInto('prompts').values(row).execute();
  const path = promptPath(dataDir, p.tenantId, row.id);
  await mkdir(join(tenantAudioDir(dataDir, p.tenantId), 'prompts'), { recursive: true });
  await writeFile(`${path}.part`, p.audio.wav);
  await rename(`${path}.part`, path);
  return fromRow(row);
}

export async function listPrompts(db: Db, tenantId: string): Promise<Prompt[]> {
  const rows = await tables(db).selectFrom('prompts').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
  return rows.map(fromRow);
}

export async function getPrompt(db: Db, tenantId: string, id: string): Promise<Prompt | undefined> {
  const row = await tables(db).selectFrom('prompts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** The numbers whose flow plays the prompt (a prompt in use is not deleted). */
export async function numbersUsingPrompt(db: Db, tenantId: string, id: string): Promise<string[]> {
  const rows = await db.withTables<NumberFlowsTable>().selectFrom('number_flows').select(['number_400', 'flow']).where('tenant_id', '=', tenantId).execute();
  return rows.filter((r) => r.flow.includes(`"${flowAudioOf(id)}"`)).map((r) => r.number_400);
}

/** Removes the row and the file; false when there is no such prompt in the tenant. */
export async function deletePrompt(db: Db, dataDir: string, tenantId: string, id: string): Promise<boolean> {
  const res = await tables(db).deleteFrom('prompts').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return false;
  await rm(promptPath(dataDir, tenantId, id), { force: true });
  return true;
}

function fromRow(r: PromptsTable['prompts']): Prompt {
  return {
    id: r.id,
    name: r.name,
    source: r.source === 'tts' ? 'tts' : 'upload',
    text: r.text,
    language: r.language,
    durationMs: Number(r.duration_ms),
    flowAudio: flowAudioOf(r.id),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

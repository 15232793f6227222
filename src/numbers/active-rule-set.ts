/**
 * Which preset rule set classifies the pool. Stored in `number_settings`; switching it reclassifies
 * every number (class is a precomputed, indexed column).
 */
import type { Kysely } from 'kysely';
import { toDbTimestamp } from '../db/conventions.ts';
import { withTransaction } from '../db/transaction.ts';
import { classifierFor } from './classify.ts';
import { NumberError } from './number-error.ts';
import type { NumberTables } from './number-tables.ts';
import type { RuleSet } from './rule-set.ts';
import { DEFAULT_RULE_SET_ID, findRuleSet, PRESET_RULE_SETS } from './rule-sets/index.ts';

const KEY = 'rule_set';
const BATCH = 2000;

export function requireRuleSet(id: string): RuleSet {
  const ruleSet = findRuleSet(id);
  if (ruleSet === undefined) {
    throw new NumberError('NUMBER_RULE_SET_NOT_FOUND', `no rule set '${id}' (known: ${PRESET_RULE_SETS.map((r) => r.id).join(', ')})`, { ruleSet: id });
  }
  return ruleSet;
}

export async function getActiveRuleSet(db: Kysely<object>): Promise<RuleSet> {
  const row = await db
    .withTables<NumberTables>()
    .selectFrom('number_settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirst();
  return requireRuleSet(row?.value ?? DEFAULT_RULE_SET_ID);
}

/** Makes `ruleSetId` the active rule set and reclassifies the pool. Returns how many changed class. */
export async function setActiveRuleSet(
  db: Kysely<object>,
  input: { ruleSetId: string; by: string; now?: Date },
): Promise<{ reclassified: number }> {
  const ruleSet = requireRuleSet(input.ruleSetId);
  const at = toDbTimestamp(input.now ?? new Date());
  return withTransaction(db.withTables<NumberTables>(), async (trx) => {
    await trx
      .insertInto('number_settings')
      .values({ key: KEY, value: ruleSet.id, updated_by: input.by, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: ruleSet.id, updated_by: input.by, updated_at: at }))
      .execute();
    const classifier = classifierFor(ruleSet);
    let reclassified = 0;
    let after = '';
    while (true) {
      const rows = await trx
        .selectFrom('number_inventory')
        .select(['number', 'class_code', 'rule_set'])
        .where('number', '>', after)
        .orderBy('number')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.number;
      const byClass = new Map<string, string[]>();
      for (const row of rows) {
        const classCode = classifier.classify(row.number).classCode;
        if (classCode === row.class_code && row.rule_set === ruleSet.id) continue;
        byClass.set(classCode, [...(byClass.get(classCode) ?? []), row.number]);
      }
      for (const [classCode, numbers] of byClass) {
        await trx.updateTable('number_inventory').set({ class_code: classCode, rule_set: ruleSet.id }).where('number', 'in', numbers).execute();
        reclassified += numbers.length;
      }
    }
    return { reclassified };
  });
}

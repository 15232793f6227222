/**
 * Minimum monthly spend and minimum term per class (REQUIREMENTS N3). The preset gives the
 * defaults; the operator's edits are stored in `number_class_terms` and win over them.
 */
import type { Kysely } from 'kysely';
import { toDbBoolean, toDbTimestamp } from '../db/conventions.ts';
import { NumberError } from './number-error.ts';
import type { NumberTables } from './number-tables.ts';
import type { ClassTerms, NumberClassDefinition, RuleSet } from './rule-set.ts';
import { requireRuleSet } from './active-rule-set.ts';

export interface NumberClassInfo {
  ruleSet: string;
  code: string;
  name: { zh: string; en: string };
  /** Position in the rule set: 0 is the highest class. */
  rank: number;
  special: boolean;
  terms: ClassTerms;
  termsSource: string;
  /** True when the operator has edited the preset's terms. */
  edited: boolean;
  /** Rules of this class that allow a lower minimum from a later month. */
  alternativeMinimums: Array<{ ruleId: string; minMonthlySpendLi: number; fromMonth: number }>;
}

export async function listClassTerms(db: Kysely<object>, ruleSetId: string): Promise<NumberClassInfo[]> {
  const ruleSet = requireRuleSet(ruleSetId);
  const rows = await db
    .withTables<NumberTables>()
    .selectFrom('number_class_terms')
    .selectAll()
    .where('rule_set', '=', ruleSet.id)
    .execute();
  const edits = new Map(rows.map((r) => [r.class_code, r]));
  return ruleSet.classes.map((c, rank) => {
    const row = edits.get(c.code);
    const terms: ClassTerms = row
      ? {
          minMonthlySpendLi: row.min_monthly_spend_li,
          minTermMonths: row.min_term_months,
          selectionFeeAllowed: row.selection_fee_allowed === 1,
          selectionFeeLi: row.selection_fee_li,
        }
      : { ...c.terms };
    return describeClass(ruleSet, c, rank, terms, row !== undefined);
  });
}

export async function getClassTerms(db: Kysely<object>, ruleSetId: string, classCode: string): Promise<NumberClassInfo> {
  const found = (await listClassTerms(db, ruleSetId)).find((c) => c.code === classCode);
  if (found === undefined) {
    throw new NumberError('NUMBER_CLASS_NOT_FOUND', `rule set ${ruleSetId} has no class ${classCode}`, { ruleSet: ruleSetId, classCode });
  }
  return found;
}

export interface UpdateClassTermsInput {
  ruleSetId: string;
  classCode: string;
  terms: Partial<ClassTerms>;
  by: string;
  now?: Date;
}

/** The operator edits a class's terms; unspecified fields keep their current value. */
export async function updateClassTerms(db: Kysely<object>, input: UpdateClassTermsInput): Promise<NumberClassInfo> {
  const current = await getClassTerms(db, input.ruleSetId, input.classCode);
  const terms: ClassTerms = { ...current.terms, ...input.terms };
  validateTerms(terms);
  const at = toDbTimestamp(input.now ?? new Date());
  const values = {
    min_monthly_spend_li: terms.minMonthlySpendLi,
    min_term_months: terms.minTermMonths,
    selection_fee_allowed: toDbBoolean(terms.selectionFeeAllowed),
    selection_fee_li: terms.selectionFeeLi,
    updated_by: input.by,
    updated_at: at,
  };
  await db
    .withTables<NumberTables>()
    .insertInto('number_class_terms')
    .values({ rule_set: input.ruleSetId, class_code: input.classCode, ...values })
    .onConflict((oc) => oc.columns(['rule_set', 'class_code']).doUpdateSet(values))
    .execute();
  return getClassTerms(db, input.ruleSetId, input.classCode);
}

function validateTerms(terms: ClassTerms): void {
  const money = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const bad: string[] = [];
  if (!money(terms.minMonthlySpendLi)) bad.push('minMonthlySpendLi must be a non-negative integer (li)');
  if (!money(terms.selectionFeeLi)) bad.push('selectionFeeLi must be a non-negative integer (li)');
  if (!Number.isInteger(terms.minTermMonths) || terms.minTermMonths < 0 || terms.minTermMonths > 240) {
    bad.push('minTermMonths must be an integer from 0 to 240');
  }
  if (typeof terms.selectionFeeAllowed !== 'boolean') bad.push('selectionFeeAllowed must be a boolean');
  if (bad.length > 0) throw new NumberError('NUMBER_TERMS_INVALID', bad.join('; '), { problems: bad });
}

function describeClass(ruleSet: RuleSet, c: NumberClassDefinition, rank: number, terms: ClassTerms, edited: boolean): NumberClassInfo {
  return {
    ruleSet: ruleSet.id,
    code: c.code,
    name: c.name,
    rank,
    special: c.special,
    terms,
    termsSource: edited ? 'edited by the operator' : c.termsSource,
    edited,
    alternativeMinimums: ruleSet.rules
      .filter((r) => r.classCode === c.code && r.alternativeMinimum !== undefined)
      .map((r) => ({ ruleId: r.id, ...(r.alternativeMinimum as { minMonthlySpendLi: number; fromMonth: number }) })),
  };
}

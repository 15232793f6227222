/**
 * The shape of a classification rule set (REQUIREMENTS N2/N3): classes ordered highest first, and
 * rules that put a number into a class by digit pattern. Rule sets are data (`rule-sets/*.ts`);
 * `classify.ts` compiles them.
 */
import type { PatternSpec } from './digit-pattern.ts';

export interface ClassTerms {
  /** Minimum monthly spend in li (0.001 CNY). */
  minMonthlySpendLi: number;
  /** Minimum contract term in months. */
  minTermMonths: number;
  /** A one-off selection fee may replace the monthly minimum (seed 001, D class). */
  selectionFeeAllowed: boolean;
  /** That fee in li; 0 until the operator sets it (the seed names no amount). */
  selectionFeeLi: number;
}

export interface NumberClassDefinition {
  code: string;
  name: { zh: string; en: string };
  /** Special numbers take 15 working days to open, ordinary ones 3 (seed 000 step 5). */
  special: boolean;
  /** Default terms; the operator edits them (`class-terms.ts`). */
  terms: ClassTerms;
  /** Where the default terms come from, or why they are an assumption. */
  termsSource: string;
}

export interface ClassRule {
  id: string;
  classCode: string;
  /** Any of these patterns matches. */
  patterns: PatternSpec[];
  /** The seed's own words. */
  source: string;
  /** The seed's own example numbers (`×` where the seed writes it); every one must match. */
  examples: string[];
  /** A lower minimum the carrier accepts when spending starts from a later month (N3). */
  alternativeMinimum?: { minMonthlySpendLi: number; fromMonth: number };
}

export interface RuleSet {
  id: string;
  name: { zh: string; en: string };
  source: string;
  /** Highest class first: a number matching several rules gets the earliest class. */
  classes: NumberClassDefinition[];
  /** The class of a number no rule matches. */
  defaultClass: string;
  rules: ClassRule[];
}

/** CNY to li, for readable data. */
export function cny(yuan: number): number {
  return yuan * 1000;
}

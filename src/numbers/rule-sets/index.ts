/** The rule sets that ship (REQUIREMENTS N2): both seed presets. */
import type { RuleSet } from '../rule-set.ts';
import { FIVE_CLASS } from './five-class.ts';
import { UNICOM_4006 } from './unicom-4006.ts';

export const PRESET_RULE_SETS: readonly RuleSet[] = [UNICOM_4006, FIVE_CLASS];

/** The rule set a new platform classifies with until the operator picks another. */
export const DEFAULT_RULE_SET_ID = UNICOM_4006.id;

export function findRuleSet(id: string): RuleSet | undefined {
  return PRESET_RULE_SETS.find((r) => r.id === id);
}

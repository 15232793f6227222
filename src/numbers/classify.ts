/**
 * Classifies a number under a rule set (REQUIREMENTS N2): every rule is compiled once from its
 * data; a number matching several rules gets the highest class (earliest in `classes`).
 */
import { compilePattern } from './digit-pattern.ts';
import type { DigitMatcher } from './digit-pattern.ts';
import type { ClassRule, RuleSet } from './rule-set.ts';

export interface Classification {
  ruleSet: string;
  classCode: string;
  /** Ids of every rule that matched, highest class first. */
  matchedRules: string[];
}

export interface Classifier {
  readonly ruleSet: RuleSet;
  classify(digits: string): Classification;
  /** True when this one rule matches (tests of each rule against its examples). */
  ruleMatches(ruleId: string, digits: string): boolean;
}

interface CompiledRule {
  rule: ClassRule;
  rank: number;
  matchers: DigitMatcher[];
}

const cache = new Map<RuleSet, Classifier>();

export function classifierFor(ruleSet: RuleSet): Classifier {
  let classifier = cache.get(ruleSet);
  if (classifier === undefined) {
    classifier = compileRuleSet(ruleSet);
    cache.set(ruleSet, classifier);
  }
  return classifier;
}

export function compileRuleSet(ruleSet: RuleSet): Classifier {
  const rank = new Map(ruleSet.classes.map((c, i) => [c.code, i]));
  if (!rank.has(ruleSet.defaultClass)) throw new Error(`rule set ${ruleSet.id}: unknown default class ${ruleSet.defaultClass}`);
  const compiled: CompiledRule[] = ruleSet.rules.map((rule) => {
    const r = rank.get(rule.classCode);
    if (r === undefined) throw new Error(`rule set ${ruleSet.id}: rule ${rule.id} names unknown class ${rule.classCode}`);
    return { rule, rank: r, matchers: rule.patterns.map(compilePattern) };
  });
  compiled.sort((a, b) => a.rank - b.rank);
  const byId = new Map(compiled.map((c) => [c.rule.id, c]));
  const matches = (c: CompiledRule, digits: string) => c.matchers.some((m) => m(digits));
  return {
    ruleSet,
    classify(digits) {
      const matched = compiled.filter((c) => matches(c, digits));
      const best = matched[0];
      return {
        ruleSet: ruleSet.id,
        classCode: best === undefined ? ruleSet.defaultClass : best.rule.classCode,
        matchedRules: matched.map((c) => c.rule.id),
      };
    },
    ruleMatches(ruleId, digits) {
      const c = byId.get(ruleId);
      if (c === undefined) throw new Error(`rule set ${ruleSet.id} has no rule ${ruleId}`);
      return matches(c, digits);
    },
  };
}

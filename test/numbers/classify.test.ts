import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifierFor, compileRuleSet } from '../../src/numbers/classify.ts';
import { PRESET_RULE_SETS } from '../../src/numbers/rule-sets/index.ts';
import { UNICOM_4006 } from '../../src/numbers/rule-sets/unicom-4006.ts';
import { FIVE_CLASS } from '../../src/numbers/rule-sets/five-class.ts';
import { isValidNumber } from '../../src/numbers/number-format.ts';
import type { RuleSet } from '../../src/numbers/rule-set.ts';

/** The seed writes `×` for "any digit": try each example with several fillers. */
function expand(example: string): string[] {
  if (!example.includes('×')) return [example];
  return ['0', '1', '5', '9'].map((d) => example.replaceAll('×', d));
}

for (const ruleSet of PRESET_RULE_SETS) {
  describe(`rule set ${ruleSet.id}: every rule matches the seed's examples`, () => {
    const classifier = classifierFor(ruleSet);
    for (const rule of ruleSet.rules) {
      test(`${rule.id} (${rule.source})`, () => {
        assert.ok(rule.examples.length > 0, 'every rule has examples');
        for (const example of rule.examples) {
          for (const digits of expand(example)) {
            assert.ok(isValidNumber(digits), `${digits} is a valid number`);
            assert.ok(classifier.ruleMatches(rule.id, digits), `${rule.id} matches ${digits}`);
          }
        }
      });
    }
    test('classes have distinct codes and the default class exists', () => {
      const codes = ruleSet.classes.map((c) => c.code);
      assert.equal(new Set(codes).size, codes.length);
      assert.ok(codes.includes(ruleSet.defaultClass));
    });
  });
}

/** Final class of each seed example: the highest class among the rules it matches. */
const UNICOM_EXPECTED: Array<[string, string]> = [
  ['4006000000', 'A'], ['4006688888', 'A'], ['4006123456', 'A'], ['4006987654', 'A'],
  ['4006666999', 'A'], ['4006999888', 'A'],
  ['4006126666', 'B'], ['4006501234', 'B'], ['4006112233', 'B'], ['4006121212', 'B'],
  ['4006123123', 'B'], ['4006900800', 'B'],
  ['4006086000', 'D'], ['4006806699', 'D'], ['4006819090', 'D'], ['4006510060', 'D'],
  ['4006510069', 'D'], ['4006100109', 'D'], ['4006201001', 'D'],
  // D7's own examples are also XAAYAA (B6): the higher class wins.
  ['4006100200', 'B'], ['4006400800', 'B'],
  ['4006955990', 'E'], ['4006955660', 'E'],
  // 4006095599 is also XYAABB (D2); E ranks above D.
  ['4006095599', 'E'], ['4006095588', 'E'], ['4006095533', 'E'], ['4006012315', 'E'],
  // 4006012345 is X123XX (E3) and six consecutive digits (A2): A.
  ['4006012345', 'A'],
  ['4006351792', 'ordinary'],
  // The scheme is Unicom 4006 only: other blocks are ordinary whatever their digits.
  ['4008888888', 'ordinary'], ['4001003721', 'ordinary'],
];

const FIVE_EXPECTED: Array<[string, string]> = [
  ['4008123888', 'special'], ['4001236688', 'special'], ['4007125858', 'special'],
  ['4000155299', 'special'], ['4009310067', 'special'], ['4001103721', 'special'], ['4008204617', 'special'],
  ['4006395556', 'A'], ['4008317677', 'A'], ['4007314464', 'A'],
  ['4006351881', 'B'], ['4006315766', 'B'], ['4008315788', 'B'], ['4001315799', 'B'],
  ['4006351789', 'B'], ['4008351987', 'B'],
  ['4006351700', 'C'], ['4006350811', 'C'], ['4006351722', 'C'], ['4006351733', 'C'],
  ['4006351744', 'C'], ['4006351755', 'C'], ['4006351677', 'C'],
  ['4006351790', 'D'], ['4006351792', 'D'],
  // The seed's own hotline 400-100-3721: tail 21 is a single digit.
  ['4001003721', 'D'],
];

function checkExpected(ruleSet: RuleSet, expected: Array<[string, string]>): void {
  const classifier = classifierFor(ruleSet);
  for (const [digits, classCode] of expected) {
    const got = classifier.classify(digits);
    assert.equal(got.classCode, classCode, `${digits}: matched ${got.matchedRules.join(',') || 'nothing'}`);
    assert.equal(got.ruleSet, ruleSet.id);
  }
}

test('Unicom 4006 preset: each seed example gets the highest class it matches', () => {
  checkExpected(UNICOM_4006, UNICOM_EXPECTED);
});

test('five-class preset: each example gets the highest class it matches', () => {
  checkExpected(FIVE_CLASS, FIVE_EXPECTED);
});

test('every example of every rule is covered by an expectation table', () => {
  const tables = new Map([[UNICOM_4006.id, UNICOM_EXPECTED], [FIVE_CLASS.id, FIVE_EXPECTED]]);
  for (const ruleSet of PRESET_RULE_SETS) {
    const known = new Set((tables.get(ruleSet.id) ?? []).map(([d]) => d));
    for (const rule of ruleSet.rules) {
      for (const example of rule.examples) {
        const concrete = example.includes('×') ? expand(example).slice(1, 3) : [example];
        assert.ok(concrete.some((d) => known.has(d)) || example.includes('×'), `${ruleSet.id} ${example} has an expected class`);
      }
    }
  }
});

test('matchedRules lists every matching rule, highest class first', () => {
  const got = classifierFor(UNICOM_4006).classify('4006100200');
  assert.deepEqual(got.matchedRules, ['B6', 'D5', 'D7']);
});

test('a rule set naming an unknown class is refused when compiled', () => {
  const broken: RuleSet = { ...UNICOM_4006, rules: [{ ...UNICOM_4006.rules[0]!, classCode: 'Z' }] };
  assert.throws(() => compileRuleSet(broken), /unknown class Z/);
});

test("the seed's nine-digit example 400686000 is not a valid number", () => {
  assert.equal(isValidNumber('400686000'), false);
});

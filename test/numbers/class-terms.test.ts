import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { getClassTerms, listClassTerms, updateClassTerms } from '../../src/numbers/class-terms.ts';
import { getActiveRuleSet, setActiveRuleSet } from '../../src/numbers/active-rule-set.ts';
import { addNumbers, getNumber } from '../../src/numbers/number-inventory.ts';
import { NumberError } from '../../src/numbers/number-error.ts';

forEachDialect('numbers class terms', ({ open }) => {
  test('the Unicom preset carries the N3 minimums; E1/E2 allow 20 000 CNY from month 7', async () => {
    const { db } = await open();
    const classes = await listClassTerms(db, 'unicom-4006');
    const byCode = new Map(classes.map((c) => [c.code, c]));
    assert.deepEqual(classes.map((c) => c.code), ['A', 'B', 'E', 'D', 'ordinary']);
    assert.equal(byCode.get('A')?.terms.minMonthlySpendLi, 50_000_000);
    assert.equal(byCode.get('A')?.terms.minTermMonths, 36);
    assert.equal(byCode.get('B')?.terms.minMonthlySpendLi, 30_000_000);
    assert.equal(byCode.get('B')?.terms.minTermMonths, 24);
    assert.equal(byCode.get('E')?.terms.minMonthlySpendLi, 30_000_000);
    assert.deepEqual(byCode.get('E')?.alternativeMinimums, [
      { ruleId: 'E1', minMonthlySpendLi: 20_000_000, fromMonth: 7 },
      { ruleId: 'E2', minMonthlySpendLi: 20_000_000, fromMonth: 7 },
    ]);
    assert.equal(byCode.get('D')?.terms.minMonthlySpendLi, 3_000_000);
    assert.equal(byCode.get('D')?.terms.minTermMonths, 12);
    assert.equal(byCode.get('D')?.terms.selectionFeeAllowed, true);
    assert.equal(byCode.get('D')?.edited, false);
  });

  test('the operator edits terms; the edit is stored and validated', async () => {
    const { db } = await open();
    const edited = await updateClassTerms(db, { ruleSetId: 'unicom-4006', classCode: 'D', terms: { minMonthlySpendLi: 2_500_000, selectionFeeLi: 8_000_000 }, by: 'op', now: new Date(0) });
    assert.equal(edited.terms.minMonthlySpendLi, 2_500_000);
    assert.equal(edited.terms.minTermMonths, 12, 'unspecified fields keep their value');
    assert.equal(edited.edited, true);
    assert.equal((await getClassTerms(db, 'unicom-4006', 'D')).terms.selectionFeeLi, 8_000_000);
    await updateClassTerms(db, { ruleSetId: 'unicom-4006', classCode: 'D', terms: { minTermMonths: 6 }, by: 'op' });
    assert.equal((await getClassTerms(db, 'unicom-4006', 'D')).terms.minMonthlySpendLi, 2_500_000);
    for (const terms of [{ minMonthlySpendLi: -1 }, { minMonthlySpendLi: 1.5 }, { minTermMonths: 1000 }]) {
      await assert.rejects(updateClassTerms(db, { ruleSetId: 'unicom-4006', classCode: 'D', terms, by: 'op' }), (e: unknown) => e instanceof NumberError && e.code === 'NUMBER_TERMS_INVALID');
    }
    await assert.rejects(getClassTerms(db, 'unicom-4006', 'Z'), (e: unknown) => e instanceof NumberError && e.code === 'NUMBER_CLASS_NOT_FOUND');
    await assert.rejects(listClassTerms(db, 'nope'), (e: unknown) => e instanceof NumberError && e.code === 'NUMBER_RULE_SET_NOT_FOUND');
  });

  test('switching the active rule set reclassifies the pool', async () => {
    const { db } = await open();
    assert.equal((await getActiveRuleSet(db)).id, 'unicom-4006');
    await addNumbers(db, ['4008123888', '4006123456', '4006351700'], 'op');
    assert.equal((await getNumber(db, '4008123888'))?.classCode, 'ordinary');
    const { reclassified } = await setActiveRuleSet(db, { ruleSetId: 'five-class', by: 'op' });
    assert.equal(reclassified, 3);
    assert.equal((await getActiveRuleSet(db)).id, 'five-class');
    const n = await getNumber(db, '4008123888');
    assert.equal(n?.classCode, 'special');
    assert.equal(n?.ruleSet, 'five-class');
    assert.equal((await getNumber(db, '4006351700'))?.classCode, 'C');
    await addNumbers(db, ['4001236688'], 'op');
    assert.equal((await getNumber(db, '4001236688'))?.classCode, 'special', 'new numbers use the active set');
  });
});

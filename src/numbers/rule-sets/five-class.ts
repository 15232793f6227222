/**
 * Preset: the five-class scheme "special / A / B / C / D" for any 400K block (seed 001,
 * "目前根据400电话号码的类别,普遍认同将他们分为以下五类"). K is the carrier digit. The seed gives
 * patterns but neither example numbers nor prices for this scheme: the examples below are ours
 * (one per pattern), and the default terms are assumptions the operator is expected to edit.
 */
import { cny } from '../rule-set.ts';
import type { RuleSet } from '../rule-set.ts';

const ASSUMED = 'assumption: seed 001 names no price for this scheme; set by the operator';

export const FIVE_CLASS: RuleSet = {
  id: 'five-class',
  name: { zh: '五类号码(特号/A/B/C/D类)', en: 'Five classes: special, A, B, C, D' },
  source: 'seed 001',
  classes: [
    {
      code: 'special',
      name: { zh: '特号', en: 'Special' },
      special: true,
      terms: { minMonthlySpendLi: cny(50_000), minTermMonths: 36, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: ASSUMED,
    },
    {
      code: 'A',
      name: { zh: 'A类号码', en: 'Class A' },
      special: true,
      terms: { minMonthlySpendLi: cny(30_000), minTermMonths: 24, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: ASSUMED,
    },
    {
      code: 'B',
      name: { zh: 'B类号码', en: 'Class B' },
      special: true,
      terms: { minMonthlySpendLi: cny(10_000), minTermMonths: 24, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: ASSUMED,
    },
    {
      code: 'C',
      name: { zh: 'C类号码', en: 'Class C' },
      special: false,
      terms: { minMonthlySpendLi: cny(3_000), minTermMonths: 12, selectionFeeAllowed: true, selectionFeeLi: 0 },
      termsSource: ASSUMED,
    },
    {
      code: 'D',
      name: { zh: 'D类号码', en: 'Class D' },
      special: false,
      terms: { minMonthlySpendLi: 0, minTermMonths: 12, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: ASSUMED,
    },
  ],
  defaultClass: 'D',
  rules: [
    { id: 'S1', classCode: 'special', patterns: [{ pattern: '400K***AAA' }], source: '特号:400K***AAA', examples: ['4008123888'] },
    { id: 'S2', classCode: 'special', patterns: [{ pattern: '400K**AABB' }], source: '特号:400K**AABB', examples: ['4001236688'] },
    { id: 'S3', classCode: 'special', patterns: [{ pattern: '400K**ABAB' }], source: '特号:400K**ABAB', examples: ['4007125858'] },
    { id: 'S4', classCode: 'special', patterns: [{ pattern: '400K*AA*BB' }], source: '特号:400K*AA*BB', examples: ['4000155299'] },
    { id: 'S5', classCode: 'special', patterns: [{ pattern: '400K*1006*' }], source: '特号:400K*1006*', examples: ['4009310067'] },
    { id: 'S6', classCode: 'special', patterns: [{ pattern: '400K10****' }], source: '特号:400K10****', examples: ['4001103721'] },
    { id: 'S7', classCode: 'special', patterns: [{ pattern: '400K20****' }], source: '特号:400K20****', examples: ['4008204617'] },
    { id: 'A1', classCode: 'A', patterns: [{ pattern: '400K**AAAB' }], source: 'A类:400K**AAAB', examples: ['4006395556'] },
    { id: 'A2', classCode: 'A', patterns: [{ pattern: '400K**ABAA' }], source: 'A类:400K**ABAA', examples: ['4008317677'] },
    { id: 'A3', classCode: 'A', patterns: [{ pattern: '400K**AABA' }], source: 'A类:400K**AABA', examples: ['4007314464'] },
    { id: 'B1', classCode: 'B', patterns: [{ pattern: '400K**ABBA' }], source: 'B类:400K**ABBA', examples: ['4006351881'] },
    {
      id: 'B2',
      classCode: 'B',
      patterns: [{ pattern: '400K****66' }, { pattern: '400K****88' }, { pattern: '400K****99' }],
      source: 'B类:400K尾数66.88.99双连号',
      examples: ['4006315766', '4008315788', '4001315799'],
    },
    { id: 'B3', classCode: 'B', patterns: [{ pattern: '400K***RRR', run: 'either' }], source: 'B类:400K***ABC/CBA', examples: ['4006351789', '4008351987'] },
    {
      id: 'C1',
      classCode: 'C',
      patterns: ['00', '11', '22', '33', '44', '55', '77'].map((tail) => ({ pattern: `400K****${tail}` })),
      source: 'C类:400K尾数00、11、22、33、44、55、77的双连号',
      examples: ['4006351700', '4006350811', '4006351722', '4006351733', '4006351744', '4006351755', '4006351677'],
    },
    { id: 'D1', classCode: 'D', patterns: [{ pattern: '400K****AB' }], source: 'D类:尾数单0、1、2、3、4、5、6、7、8、9', examples: ['4006351790', '4006351792'] },
  ],
};

/**
 * Preset: China Unicom's 4006 vanity scheme, classes A, B, D, E (seed 000, "A類號碼…E類號碼"), with
 * the minimum spend and term of seed 001 ("400电话号码类别及最低消费"). Numbers no rule matches are
 * ordinary (普通号码).
 */
import { cny } from '../rule-set.ts';
import type { RuleSet } from '../rule-set.ts';

export const UNICOM_4006: RuleSet = {
  id: 'unicom-4006',
  name: { zh: '联通4006号码分类(A/B/D/E类)', en: 'China Unicom 4006 classes A/B/D/E' },
  source: 'seed 000 (patterns), seed 001 (minimum spend and term)',
  classes: [
    {
      code: 'A',
      name: { zh: 'A类号码', en: 'Class A' },
      special: true,
      terms: { minMonthlySpendLi: cny(50_000), minTermMonths: 36, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: 'seed 001: 最低消费不低于50000元/月,在网时间不少于3年',
    },
    {
      code: 'B',
      name: { zh: 'B类号码', en: 'Class B' },
      special: true,
      terms: { minMonthlySpendLi: cny(30_000), minTermMonths: 24, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: 'seed 001: B类及E类 最低消费不低于30000元/月,在网时间不少于2年',
    },
    {
      code: 'E',
      name: { zh: 'E类号码', en: 'Class E' },
      special: true,
      terms: { minMonthlySpendLi: cny(30_000), minTermMonths: 24, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: 'seed 001: B类及E类 最低消费不低于30000元/月,在网时间不少于2年',
    },
    {
      code: 'D',
      name: { zh: 'D类号码', en: 'Class D' },
      special: true,
      terms: { minMonthlySpendLi: cny(3_000), minTermMonths: 12, selectionFeeAllowed: true, selectionFeeLi: 0 },
      termsSource: 'seed 001: 最低消费不低于3000元/月,在网时间不少于1年;大中型企业可以选号费的方式申请',
    },
    {
      code: 'ordinary',
      name: { zh: '普通号码', en: 'Ordinary' },
      special: false,
      terms: { minMonthlySpendLi: 0, minTermMonths: 12, selectionFeeAllowed: false, selectionFeeLi: 0 },
      termsSource: 'assumption: the seeds name no minimum for ordinary numbers; one year term',
    },
  ],
  defaultClass: 'ordinary',
  rules: [
    { id: 'A1', classCode: 'A', patterns: [{ pattern: '4006*AAAAA' }], source: '4006開頭,后六位或五位號碼一致', examples: ['4006000000', '4006688888'] },
    { id: 'A2', classCode: 'A', patterns: [{ pattern: '4006RRRRRR', run: 'either' }], source: '4006開頭,后六位為連續數字', examples: ['4006123456', '4006987654'] },
    { id: 'A3', classCode: 'A', patterns: [{ pattern: '4006AAABBB' }], source: '4006開頭,4006AAABBB型號碼', examples: ['4006666999', '4006999888'] },
    { id: 'B1', classCode: 'B', patterns: [{ pattern: '4006**AAAA' }], source: '4006開頭,后四位號碼一致', examples: ['4006××6666'] },
    { id: 'B2', classCode: 'B', patterns: [{ pattern: '4006**RRRR', run: 'either' }], source: '4006開頭,后四位號碼為連號', examples: ['4006××1234'] },
    { id: 'B3', classCode: 'B', patterns: [{ pattern: '4006AABBCC' }], source: '4006開頭,4006AABBCC', examples: ['4006112233'] },
    { id: 'B4', classCode: 'B', patterns: [{ pattern: '4006ABABAB' }], source: '4006開頭,4006ABABAB', examples: ['4006121212'] },
    { id: 'B5', classCode: 'B', patterns: [{ pattern: '4006ABCABC' }], source: '4006開頭,4006ABCABC', examples: ['4006123123'] },
    { id: 'B6', classCode: 'B', patterns: [{ pattern: '4006XAAYAA' }], source: '4006開頭,4006XAAYAA', examples: ['4006900800'] },
    // The seed's example "400686000" has nine digits; read as 4006×86000 (one digit lost).
    { id: 'D1', classCode: 'D', patterns: [{ pattern: '4006***AAA' }], source: '4006開頭,最后3位號碼一致,如400686000', examples: ['4006×86000'] },
    { id: 'D2', classCode: 'D', patterns: [{ pattern: '4006XYAABB' }], source: '4006開頭,4006XYAABB', examples: ['4006806699'] },
    { id: 'D3', classCode: 'D', patterns: [{ pattern: '4006XYABAB' }], source: '4006開頭,4006XYABAB', examples: ['4006819090'] },
    { id: 'D4', classCode: 'D', patterns: [{ pattern: '4006*1006*' }], source: '4006開頭,4006×1006×', examples: ['4006×10060', '4006×10069'] },
    { id: 'D5', classCode: 'D', patterns: [{ pattern: '400610****' }], source: '4006開頭,400610××××', examples: ['4006100109'] },
    { id: 'D6', classCode: 'D', patterns: [{ pattern: '400620****' }], source: '4006開頭,400620××××', examples: ['4006201001'] },
    // The seed's own examples (4006100200, 4006400800) have A = B, so the letters may coincide.
    { id: 'D7', classCode: 'D', patterns: [{ pattern: '4006XAAYBB', distinct: false }], source: '4006開頭,4006XAAYBB', examples: ['4006100200', '4006400800'] },
    {
      id: 'E1',
      classCode: 'E',
      patterns: [{ pattern: '400695****' }],
      source: '4006開頭,400695××××',
      examples: ['4006955990', '4006955660'],
      alternativeMinimum: { minMonthlySpendLi: cny(20_000), fromMonth: 7 },
    },
    {
      id: 'E2',
      classCode: 'E',
      patterns: [{ pattern: '4006*95***' }],
      source: '4006開頭,4006×95',
      examples: ['4006095599', '4006095588', '4006095533'],
      alternativeMinimum: { minMonthlySpendLi: cny(20_000), fromMonth: 7 },
    },
    { id: 'E3', classCode: 'E', patterns: [{ pattern: '4006X123XX' }], source: '4006開頭,4006X123XX', examples: ['4006012315', '4006012345'] },
  ],
};

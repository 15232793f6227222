/**
 * The carrier of a 400 number from its fourth digit (REQUIREMENTS N1, seeds 000/001): 4000/4006
 * China Unicom, 4008/4009 China Telecom, 4001/4007 China Mobile (4007 was China Tietong).
 */
export type Carrier = 'unicom' | 'telecom' | 'mobile';

export const CARRIERS: readonly Carrier[] = ['unicom', 'telecom', 'mobile'];

const BY_PREFIX: Readonly<Record<string, Carrier>> = {
  '4000': 'unicom',
  '4006': 'unicom',
  '4008': 'telecom',
  '4009': 'telecom',
  '4001': 'mobile',
  '4007': 'mobile',
};

export const CARRIER_NAMES: Readonly<Record<Carrier, { zh: string; en: string }>> = {
  unicom: { zh: '中国联通', en: 'China Unicom' },
  telecom: { zh: '中国电信', en: 'China Telecom' },
  mobile: { zh: '中国移动', en: 'China Mobile' },
};

/** The carrier of a canonical 10-digit number, or undefined for an unassigned 400x block. */
export function carrierOf(digits: string): Carrier | undefined {
  return BY_PREFIX[digits.slice(0, 4)];
}

/** The 400x prefixes a carrier runs. */
export function prefixesOf(carrier: Carrier): string[] {
  return Object.entries(BY_PREFIX)
    .filter(([, c]) => c === carrier)
    .map(([p]) => p);
}

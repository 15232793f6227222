/** The benchmark's data: 10 000 numbers, 20 bound phones each, and a full policy per number. */
import type { BoundPhone } from '../../src/routing/bound-phone.ts';
import type { Distribution, NumberPolicy } from '../../src/routing/number-policy.ts';
import { validatePolicy } from '../../src/routing/number-policy.ts';
import { seededRandom } from '../../src/routing/distribution-state.ts';

export interface BenchNumber {
  number: string;
  tenantId: string;
  phones: BoundPhone[];
  policy: NumberPolicy;
}

const STRATEGIES: Distribution['strategy'][] = ['top-down', 'round-robin', 'simultaneous', 'longest-idle', 'percentage'];

function distribution(kind: Distribution['strategy'], phones: string[]): Distribution {
  if (kind !== 'percentage') return { strategy: kind } as Distribution;
  // 20 phones: 5 % each.
  return { strategy: 'percentage', weights: phones.map((phone) => ({ phone, percent: 100 / phones.length })) };
}

export function buildNumbers(count: number, seed = 1): BenchNumber[] {
  const random = seededRandom(seed);
  const out: BenchNumber[] = [];
  for (let i = 0; i < count; i++) {
    const number = String(4006000000 + i);
    const phones: BoundPhone[] = Array.from({ length: 20 }, (_, j) =>
      j % 5 === 4 ? { kind: 'sip', target: `u${i}-${j}` } : { kind: 'pstn', target: `+86139${String(i).padStart(5, '0')}${String(j).padStart(3, '0')}` },
    );
    const refs = phones.map((p) => p.target);
    const pick = () => STRATEGIES[Math.floor(random() * STRATEGIES.length)] ?? 'top-down';
    const policy: NumberPolicy = {
      groups: {
        north: { phones: refs.slice(0, 10), distribution: distribution(pick(), refs.slice(0, 10)) },
        south: { phones: refs.slice(10, 20), distribution: distribution(pick(), refs.slice(10, 20)), ringTimeoutSeconds: 25 },
        duty: { phones: refs.slice(0, 2), distribution: { strategy: 'simultaneous' } },
        holiday: { phones: refs.slice(2, 4) },
      },
      default: { distribution: distribution(pick(), refs) },
      schedule: {
        windows: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '12:00' },
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '13:00', to: '18:30' },
          { days: ['sat'], from: '09:00', to: '17:00', group: 'duty' },
          { days: ['holiday'], from: '10:00', to: '16:00', group: 'holiday' },
        ],
        holidays: 'cn',
        closed: { group: 'duty' },
      },
      regionRules: [
        { name: 'North China', regions: [{ province: '北京' }, { province: '天津' }, { province: '河北' }, { province: '山西' }, { province: '内蒙古' }], group: 'north' },
        { name: 'South China', regions: [{ province: '广东' }, { province: '广西' }, { province: '海南' }, { province: '福建', city: '厦门' }], group: 'south' },
      ],
      blocking: {
        regions: { mode: 'deny', regions: [{ province: '台湾' }] },
        numbers: Array.from({ length: 100 }, (_, k) => `1370000${String(k).padStart(4, '0')}`),
        prefixes: Array.from({ length: 50 }, (_, k) => `170${k % 10}${Math.floor(k / 10)}`),
        areaCodes: ['0898', '0571', '0769'],
        anonymous: true,
      },
      forwarding: { onBusy: ['13900000001', '13900000002'], onNoAnswer: ['01012345678', '02012345678'], maxForwards: 3, ringTimeoutSeconds: 15 },
      memory: { days: 30 },
    };
    out.push({ number, tenantId: `t${i % 500}`, phones, policy: validatePolicy(policy) });
  }
  return out;
}

/** Callers from all over: Beijing and Guangdong mobiles, landlines, blocked ones, anonymous. */
export const CALLERS = ['13910000000', '13801012345', '13802512345', '13502345678', '13912345678', '02087654321', '01062345678', '057187654321', '13700000042', '17001234567', 'anonymous', '13823456789'];

/**
 * Compiles the vanity-number patterns the seeds write (`400K***AAA`, `4006XAAYAA`, `4006×1006×`)
 * into matchers over the 10 canonical digits. The syntax, one character per digit:
 *
 * - `0`–`9`: that digit;
 * - `*`, `×`, `x`, `X`, `Y`, `K`: any digit. The seeds use X/Y/K as "some digit" (K is the carrier
 *   digit in `400K…`; in `4006X123XX` the X positions hold different digits in the seed's own
 *   example 4006012315), so they are wildcards, not variables;
 * - `A`–`H`: variables — one letter is one digit; different letters are different digits unless the
 *   rule says `distinct: false`;
 * - `R`: the R positions, left to right, are consecutive digits (`run`: up 1234, down 4321, or
 *   either), in numeric order (012345) or keypad order (567890); never wrapping round (9012).
 */
export type RunDirection = 'up' | 'down' | 'either';

export interface PatternSpec {
  pattern: string;
  /** Different letters must be different digits (default true). */
  distinct?: boolean;
  /** Direction of the `R` run (default either). */
  run?: RunDirection;
}

export type DigitMatcher = (digits: string) => boolean;

export class PatternSyntaxError extends Error {
  constructor(pattern: string, why: string) {
    super(`bad number pattern '${pattern}': ${why}`);
    this.name = 'PatternSyntaxError';
  }
}

const WILDCARDS = new Set(['*', '×', 'x', 'X', 'Y', 'K']);
const VARIABLE = /^[A-H]$/;

type Slot = { kind: 'digit'; digit: string } | { kind: 'any' } | { kind: 'var'; name: string } | { kind: 'run' };

export function compilePattern(spec: PatternSpec): DigitMatcher {
  const slots = parseSlots(spec.pattern);
  const distinct = spec.distinct ?? true;
  const direction = spec.run ?? 'either';
  const runPositions = slots.flatMap((s, i) => (s.kind === 'run' ? [i] : []));
  if (runPositions.length === 1) throw new PatternSyntaxError(spec.pattern, 'a run needs at least two R');
  return (digits) => {
    if (digits.length !== slots.length) return false;
    const bound = new Map<string, string>();
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as Slot;
      const d = digits[i] as string;
      if (slot.kind === 'digit' && slot.digit !== d) return false;
      if (slot.kind === 'var') {
        const have = bound.get(slot.name);
        if (have === undefined) bound.set(slot.name, d);
        else if (have !== d) return false;
      }
    }
    if (distinct && new Set(bound.values()).size !== bound.size) return false;
    return runPositions.length === 0 || isRun(runPositions.map((i) => digits[i] as string), direction);
  };
}

function parseSlots(pattern: string): Slot[] {
  const chars = [...pattern];
  if (chars.length !== 10) throw new PatternSyntaxError(pattern, `has ${chars.length} positions, a 400 number has 10`);
  return chars.map((c): Slot => {
    if (/^\d$/.test(c)) return { kind: 'digit', digit: c };
    if (WILDCARDS.has(c)) return { kind: 'any' };
    if (VARIABLE.test(c)) return { kind: 'var', name: c };
    if (c === 'R') return { kind: 'run' };
    throw new PatternSyntaxError(pattern, `unknown symbol '${c}'`);
  });
}

const UP_ORDERS = ['0123456789', '1234567890'];
const DOWN_ORDERS = ['9876543210', '0987654321'];

/** True when the digits step by one along numeric or keypad order (up), or either reversed (down). */
export function isRun(digits: readonly string[], direction: RunDirection): boolean {
  const up = UP_ORDERS.some((order) => stepsBy(digits, order));
  const down = DOWN_ORDERS.some((order) => stepsBy(digits, order));
  if (direction === 'up') return up;
  if (direction === 'down') return down;
  return up || down;
}

function stepsBy(digits: readonly string[], order: string): boolean {
  for (let i = 1; i < digits.length; i++) {
    const prev = order.indexOf(digits[i - 1] as string);
    if (prev === order.length - 1 || order[prev + 1] !== digits[i]) return false;
  }
  return digits.length > 1;
}

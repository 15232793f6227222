/**
 * Good and bad flow JSON (test/flows/fixtures), and a fuzz over mutations of a good flow:
 * validateFlow accepts or refuses with FlowError, and never throws anything else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FlowError, validateFlow } from '../../src/flows/flow-schema.ts';
import { seededRandom } from '../../src/random/seeded-random.ts';

const DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
const read = (kind: string, f: string): unknown => JSON.parse(readFileSync(join(DIR, kind, f), 'utf8'));

test('every good fixture is accepted unchanged', () => {
  for (const f of readdirSync(join(DIR, 'good'))) assert.deepEqual(validateFlow(read('good', f)), read('good', f), f);
});

test('every bad fixture is refused with FlowError', () => {
  const files = readdirSync(join(DIR, 'bad'));
  assert.ok(files.length >= 8);
  for (const f of files) assert.throws(() => validateFlow(read('bad', f)), FlowError, f);
});

const JUNK: unknown[] = [null, 0, -1, 1e9, '', 'x'.repeat(5000), '../x.wav', true, [], {}, [1, 2], { system: 'welcome' }, '#', NaN];

function mutate(v: unknown, rnd: () => number): unknown {
  if (rnd() < 0.15) return JUNK[Math.floor(rnd() * JUNK.length)];
  if (Array.isArray(v)) return v.map((x) => mutate(x, rnd));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (rnd() > 0.1) out[k] = mutate(x, rnd);
    if (rnd() < 0.05) out.extra = 1;
    return out;
  }
  return v;
}

test('fuzz: 3000 mutations of a good flow are accepted or refused with FlowError only', () => {
  const base = read('good', 'full.json');
  const rnd = seededRandom(20261122);
  let refused = 0;
  for (let i = 0; i < 3000; i++) {
    const input = mutate(base, rnd);
    try {
      validateFlow(input);
    } catch (err) {
      assert.ok(err instanceof FlowError, `mutation ${i} threw ${String(err)}`);
      refused++;
    }
  }
  assert.ok(refused > 100, `the fuzz reaches refusals (${refused})`);
});

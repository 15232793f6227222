// Mutated messages never make the parser throw anything but SipParseError, never hang, and what
// parses survives a serialize → parse round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mutate, prng, runCase, seedCorpus } from './fuzz-mutator.ts';

const CASES = 4000;

test(`fuzz: ${CASES} mutated messages`, { timeout: 120_000 }, () => {
  const rnd = prng(20261122);
  const corpus = seedCorpus();
  let parsed = 0;
  for (let i = 0; i < CASES; i++) {
    const input = mutate(corpus[i % corpus.length] as Buffer, rnd);
    try {
      if (runCase(input) === 'parsed') parsed++;
    } catch (e) {
      assert.fail(`case ${i} (${JSON.stringify(input.toString('latin1').slice(0, 400))}): ${String(e)}`);
    }
  }
  // Both outcomes occur: the mutations neither always break nor never break messages.
  assert.ok(parsed > CASES / 20, `parsed ${parsed}`);
  assert.ok(parsed < CASES, `parsed ${parsed}`);
});

test('every seed message passes the same checks', () => {
  for (const seed of seedCorpus()) runCase(seed);
});

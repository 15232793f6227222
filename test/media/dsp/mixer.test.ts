import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioMixer, mixSum, supervisionRoles } from '../../../src/media/dsp/mixer.ts';

const frame = (v: number): Int16Array => new Int16Array(160).fill(v);
const C = 100;
const A = 20;
const S = 3;
const inputs = new Map([
  ['caller', frame(C)],
  ['agent', frame(A)],
  ['sup', frame(S)],
]);

function mixer(mode: 'listen' | 'whisper' | 'barge'): AudioMixer {
  const m = new AudioMixer();
  for (const [id, role] of supervisionRoles(mode, { caller: 'caller', agent: 'agent', supervisor: 'sup' })) m.setMember(id, role);
  return m;
}

function heard(m: AudioMixer): Record<string, number> {
  const out = m.mix(inputs);
  return Object.fromEntries([...out].map(([id, f]) => [id, f[0] ?? NaN]));
}

test('listen: supervisor hears both, heard by none', () => {
  assert.deepEqual(heard(mixer('listen')), { caller: A, agent: C, sup: C + A });
});

test('whisper: supervisor heard only by the agent', () => {
  assert.deepEqual(heard(mixer('whisper')), { caller: A, agent: C + S, sup: C + A });
});

test('barge: all hear all', () => {
  assert.deepEqual(heard(mixer('barge')), { caller: A + S, agent: C + S, sup: C + A });
});

test('the hearing matrix matches the roles', () => {
  const m = mixer('whisper');
  const ids = ['caller', 'agent', 'sup'];
  const matrix = ids.map((l) => ids.map((s) => (m.hears(l, s) ? 1 : 0)).join('')).join('|');
  assert.equal(matrix, '010|101|110');
  assert.equal(mixer('listen').hears('agent', 'sup'), false);
  assert.equal(mixer('barge').hears('caller', 'sup'), true);
});

test('conference: each hears all but itself; missing input is silence; role change takes effect', () => {
  const m = new AudioMixer();
  for (const id of ['a', 'b', 'c', 'd']) m.setMember(id);
  const out = m.mix(new Map([['a', frame(1)], ['b', frame(10)], ['c', frame(100)]]));
  assert.deepEqual(Object.fromEntries([...out].map(([id, f]) => [id, f[159]])), { a: 110, b: 101, c: 11, d: 111 });
  m.setMember('c', { kind: 'listener' });
  assert.equal(m.mix(new Map([['a', frame(1)], ['c', frame(100)]])).get('b')?.[0], 1);
  m.removeMember('a');
  assert.deepEqual(m.members, ['b', 'c', 'd']);
});

test('sums clip at the 16-bit limits instead of wrapping', () => {
  const m = new AudioMixer();
  for (const id of ['a', 'b', 'c']) m.setMember(id);
  const out = m.mix(new Map([['a', frame(30000)], ['b', frame(30000)], ['c', frame(-30000)]]));
  assert.equal(out.get('c')?.[0], 32767);
  assert.equal(out.get('a')?.[0], 0);
  const neg = m.mix(new Map([['a', frame(-30000)], ['b', frame(-30000)]]));
  assert.equal(neg.get('c')?.[0], -32768);
  assert.deepEqual([...mixSum([Int16Array.of(20000, -20000, 5), Int16Array.of(20000, -20000, 6)])], [32767, -32768, 11]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowError, validateFlow } from '../../src/flows/flow-schema.ts';

const full = {
  language: 'en',
  welcome: { system: 'welcome' },
  password: { digits: '1234' },
  menu: { options: [{ key: '1', phones: ['13800138001'] }, { key: '2', phones: ['+8613800138002', 'agent7'] }], timeoutMs: 4000 },
  ringback: { audio: 'ringback/company.wav' },
  voicemail: { enabled: true, maxSeconds: 30, notify: [{ channel: 'email', to: 'boss@example.com' }] },
};

test('a full flow is accepted as given', () => {
  assert.deepEqual(validateFlow(full), full);
  assert.deepEqual(validateFlow({}), {});
});

test('schema problems are refused with their path', () => {
  const cases: unknown[] = [
    { welcome: { system: 'no-such-prompt' } },
    { password: { digits: '12a4' } },
    { password: { digits: '' } },
    { menu: { options: [] } },
    { menu: { options: [{ key: '12', phones: ['1'] }] } },
    { voicemail: { enabled: true, maxSeconds: 3600 } },
    { ringback: { audio: 'x.mp3' } },
    { surprise: true },
    { language: 'fr' },
  ];
  for (const c of cases) assert.throws(() => validateFlow(c), FlowError, JSON.stringify(c));
});

test('semantic problems: a key used twice, audio outside the data directory', () => {
  assert.throws(() => validateFlow({ menu: { options: [{ key: '1', phones: ['a'] }, { key: '1', phones: ['b'] }] } }), /key 1 appears twice/);
  assert.throws(() => validateFlow({ ringback: { audio: '../other-tenant/x.wav' } }), /without "\.\."/);
  assert.throws(() => validateFlow({ welcome: { audio: '/etc/x.wav' } }), FlowError);
});

test('C9: a menu key may send the caller to a queue the tenant has; an unknown queue is refused', () => {
  const flow = { menu: { options: [{ key: '1', queue: 'sales' }, { key: '2', phones: ['1001'] }] } };
  assert.deepEqual(validateFlow(flow, new Set(['sales'])), flow);
  assert.throws(() => validateFlow(flow), (err: unknown) => err instanceof FlowError && /key 1: no queue named 'sales'/.test(err.message));
  assert.throws(() => validateFlow({ menu: { options: [{ key: '1', queue: 'sales', phones: ['1001'] }] } }, new Set(['sales'])), FlowError);
});

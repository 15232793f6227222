import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callTypeOf } from '../../src/cdr/call-type.ts';

test('the call type follows who answered, also when the answer is remembered', () => {
  for (let round = 0; round < 2; round++) {
    assert.equal(callTypeOf('sip', '1001'), 'inbound_agent');
    assert.equal(callTypeOf('pstn', '13800138000'), 'inbound_forward_mobile');
    assert.equal(callTypeOf('pstn', '+8613800138000'), 'inbound_forward_mobile');
    assert.equal(callTypeOf('pstn', '02152345678'), 'inbound_forward_landline');
    // The same digits reached as a SIP user are an agent, whatever a PSTN number would be.
    assert.equal(callTypeOf('sip', '13800138000'), 'inbound_agent');
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detachString } from '../../../src/sip/message/detach-string.ts';

test('a detached string equals the original, also for non-ASCII text and the empty string', () => {
  for (const s of ['', 'z9hG4bK-1|UDP/127.0.0.1:5060|INVITE', '压测科技 <sip:400@127.0.0.1>;tag=ä', 'x'.repeat(5000)]) {
    assert.equal(detachString(s), s);
  }
  const parent = `INVITE sip:a@b SIP/2.0\r\nCall-ID: ${'c'.repeat(40)}\r\n`;
  const slice = parent.slice(33, 73);
  assert.equal(detachString(slice), slice);
});

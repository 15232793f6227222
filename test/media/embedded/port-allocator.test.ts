import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PortAllocator, parsePortRange } from '../../../src/media/ports/port-allocator.ts';
import { MediaError } from '../../../src/media/media-error.ts';

test('parses HOTLINE_RTP_PORTS ranges and refuses bad ones', () => {
  assert.deepEqual(parsePortRange('20000-29999'), { min: 20000, max: 29999 });
  assert.deepEqual(parsePortRange(' 20001 - 20003 '), { min: 20001, max: 20003 });
  for (const bad of ['', '20000', '20000-', 'a-b', '30000-20000', '80-100', '20000-70000', '20001-20002']) {
    assert.throws(() => parsePortRange(bad), RangeError, bad);
  }
});

test('hands out even RTP ports with the odd RTCP port inside the range', () => {
  const a = new PortAllocator(parsePortRange('20001-20008'));
  // Pairs: 20002/3, 20004/5, 20006/7; 20008 has no odd partner in range.
  assert.equal(a.capacity, 3);
  assert.deepEqual([a.allocate(), a.allocate(), a.allocate()], [20002, 20004, 20006]);
});

test('exhaustion is MediaError ports-exhausted; a released pair is reused', () => {
  const a = PortAllocator.fromString('20000-20005');
  const p1 = a.allocate();
  const p2 = a.allocate();
  a.allocate();
  assert.throws(() => a.allocate(), (e: unknown) => e instanceof MediaError && e.code === 'ports-exhausted');
  a.release(p2);
  a.release(p2); // twice is harmless
  assert.equal(a.available, 1);
  assert.equal(a.allocate(), p2);
  assert.throws(() => a.allocate(), MediaError);
  a.release(p1);
  a.release(12345); // never allocated: ignored
  assert.equal(a.allocate(), p1);
});

test('released pairs go to the back: the least recently used pair comes first', () => {
  const a = PortAllocator.fromString('20000-20009');
  const first = a.allocate();
  a.release(first);
  const second = a.allocate();
  assert.notEqual(second, first);
  a.release(second);
  // Many cycles keep the queue bounded and every port reachable.
  const seen = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const p = a.allocate();
    seen.add(p);
    a.release(p);
  }
  assert.equal(seen.size, 5);
});

// RFC 4566 §5.7: c= may name a host. Both datagram paths send to its address (resolved once per
// offer/answer) before the far end has latched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmbeddedMediaEngine } from '../../../src/media/embedded/embedded-media-engine.ts';
import { loadDgramAddon } from '../../../src/media/native/native-addon.ts';
import { FakePhone, testPortRange } from '../embedded/fake-phone.ts';

for (const nativeIo of ['on', 'off'] as const) {
  test(`a host name in c= is resolved and played to (${nativeIo === 'on' ? 'native' : 'node:dgram'})`, { skip: nativeIo === 'on' && !loadDgramAddon().ok ? 'native addon not built' : false }, async () => {
    const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: testPortRange(), nativeIo });
    const phone = await FakePhone.open('127.0.0.1');
    try {
      const ep = await engine.createEndpoint();
      await ep.setRemoteOffer(phone.sdp({ connection: 'localhost', formats: '0' }));
      void ep.play({ kind: 'tone', tone: 'beep', durationMs: 200 }).catch(() => undefined);
      await phone.waitFor(3);
      assert.ok(phone.received.length >= 3);
    } finally {
      phone.close();
      await engine.close();
    }
  });
}

/**
 * createEndpointWithSdp, the one-request form of createEndpoint + setRemoteOffer / createOffer
 * that call control uses per leg: on both engines the SDP comes back with the endpoint, a call
 * set up this way relays RTP both ways, and a step that fails destroys the endpoint again (its
 * ports are free for the next call) with the step's own error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddedMediaEngine } from '../../src/media/embedded/embedded-media-engine.ts';
import type { MediaEngine } from '../../src/media/media-engine.ts';
import { MediaError } from '../../src/media/media-error.ts';
import { WorkerMediaEngine } from '../../src/media/worker/worker-media-engine.ts';
import { FakePhone, mPort, testPortRange } from './embedded/fake-phone.ts';

/** One port pair only: a leaked endpoint would make the next createEndpoint fail. */
function onePairRange(): string {
  const [from] = testPortRange().split('-');
  return `${from}-${Number(from) + 1}`;
}

const engines: Array<[string, (ports: string) => MediaEngine]> = [
  ['embedded', (ports) => new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports })],
  ['worker', (ports) => new WorkerMediaEngine({ workers: 1, bindAddress: '127.0.0.1', ports })],
];

for (const [name, make] of engines) {
  test(`${name} engine: a call set up in one request per leg relays both ways`, async () => {
    const engine = make(testPortRange());
    const caller = await FakePhone.open('127.0.0.1', 0xaaaa0101);
    const callee = await FakePhone.open('127.0.0.1', 0xbbbb0102);
    try {
      const a = await engine.createEndpointWithSdp({ kind: 'answer', offer: caller.sdp({ formats: '0 101' }) }, { label: 'caller', group: 'call-1' });
      const b = await engine.createEndpointWithSdp({ kind: 'offer', codecs: ['PCMA'] }, { label: 'callee', group: 'call-1' });
      assert.match(a.sdp, /^m=audio \d+ RTP\/AVP 0 101/m, 'the answer to the caller');
      assert.match(b.sdp, /^m=audio \d+ RTP\/AVP 8 /m, 'our offer, with the codecs asked for');
      await b.endpoint.setRemoteAnswer(callee.sdp({ formats: '8 96' }));
      await a.endpoint.connect(b.endpoint);
      caller.send(mPort(a.sdp), Buffer.alloc(160, 0x11));
      callee.send(mPort(b.sdp), Buffer.alloc(160, 0x22), { pt: 8 });
      await callee.waitFor(1);
      await caller.waitFor(1);
      assert.equal(callee.received[0]?.packet.payloadType, 8, 'PCMU from the caller arrives as PCMA');
      assert.equal(caller.received[0]?.packet.payloadType, 0);
    } finally {
      await engine.close();
      caller.close();
      callee.close();
    }
  });

  test(`${name} engine: an offer that cannot be answered destroys the endpoint and frees its ports`, async () => {
    const engine = make(onePairRange());
    const phone = await FakePhone.open('127.0.0.1', 0xaaaa0103);
    try {
      await assert.rejects(
        engine.createEndpointWithSdp({ kind: 'answer', offer: phone.sdp({ formats: '18' }) }),
        (err: unknown) => err instanceof MediaError && err.code === 'no-common-codec',
      );
      await assert.rejects(engine.createEndpointWithSdp({ kind: 'answer', offer: 'not sdp' }), (err: unknown) => err instanceof MediaError && err.code === 'sdp-invalid');
      // The only port pair is free again.
      const ok = await engine.createEndpointWithSdp({ kind: 'answer', offer: phone.sdp({ formats: '0' }) });
      assert.ok(mPort(ok.sdp) > 0);
    } finally {
      await engine.close();
      phone.close();
    }
  });
}

// The SDP step of MediaEngine.createEndpointWithSdp on an endpoint that exists: what an engine
// without a one-request path of its own does (the embedded engine; the worker engine runs it in
// the worker). A failed step takes the endpoint down with it, so a refused offer leaks no ports.

import type { MediaEndpoint } from './media-engine.ts';
import type { EndpointSdpStep, OfferOptions } from './media-engine-options.ts';

export async function applySdpStep<E extends MediaEndpoint>(endpoint: E, step: EndpointSdpStep): Promise<{ endpoint: E; sdp: string }> {
  try {
    if (step.kind === 'answer') return { endpoint, sdp: await endpoint.setRemoteOffer(step.offer, step.codecs === undefined ? undefined : { codecs: step.codecs }) };
    const { kind: _kind, ...offer } = step;
    return { endpoint, sdp: await endpoint.createOffer(offer satisfies OfferOptions) };
  } catch (err) {
    await endpoint.destroy().catch(() => undefined);
    throw err;
  }
}

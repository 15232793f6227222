// What it takes to re-create a worker endpoint in a replacement worker after its own worker
// crashed, so the call goes on: the options it was created with, the RTP port its peers send to
// (read from the SDP it produced), every SDP step that succeeded, in order, and the endpoint it is
// bridged to. Replaying the steps on a new endpoint on the same port rebuilds the negotiated
// state (codecs, payload types, remote addresses, direction); the peers see a new SSRC, which
// RFC 3550 §8 allows, and keep sending where they did.

import type { EndpointSdpStep } from '../media-engine-options.ts';
import type { EndpointCall, WorkerRequest } from './worker-protocol.ts';

export type CreateRequest = Extract<WorkerRequest, { op: 'createEndpoint' }>;
type SdpCall = Extract<EndpointCall, { method: 'createOffer' | 'setRemoteOffer' | 'setRemoteAnswer' }>;

export class EndpointRestorePlan {
  private port: number | undefined;
  private readonly steps: SdpCall[] = [];

  constructor(private readonly create: Omit<CreateRequest, 'op' | 'step' | 'restore'>) {}

  /** The SDP step of createEndpointWithSdp, as the call it stands for. */
  static stepCall(step: EndpointSdpStep): SdpCall {
    if (step.kind === 'answer') return step.codecs === undefined ? { method: 'setRemoteOffer', sdp: step.offer } : { method: 'setRemoteOffer', sdp: step.offer, codecs: step.codecs };
    const { kind: _kind, ...offer } = step;
    return { method: 'createOffer', ...offer };
  }

  /** A step that succeeded; `produced` is the SDP it returned (our offer or answer), if any. */
  succeeded(call: SdpCall, produced?: string): void {
    this.steps.push(call);
    const port = produced === undefined ? undefined : /^m=audio (\d+) /m.exec(produced)?.[1];
    if (port !== undefined && Number(port) > 0) this.port = Number(port);
  }

  /** The request that re-creates the endpoint with this id, on its port when it had one. */
  createRequest(id: string): CreateRequest {
    return { op: 'createEndpoint', ...this.create, restore: this.port === undefined ? { id } : { id, port: this.port } };
  }

  /** The SDP steps to replay on the re-created endpoint, in order. */
  replay(): readonly SdpCall[] {
    return this.steps;
  }
}

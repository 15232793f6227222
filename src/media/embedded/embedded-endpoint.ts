// A leg's media in the embedded engine: offer/answer, latching RTP, relay to the bridged
// endpoint, plays, DTMF in all three forms, recording taps, conference membership.

import { randomUUID } from 'node:crypto';
import { FRAME_MS } from '../dsp/pcm.ts';
import { DtmfDetector } from '../dsp/dtmf-detector.ts';
import { dtmfToneSpec } from '../dsp/tone-plan.ts';
import { TelephoneEventDecoder, type TelephoneEventOutput } from '../dtmf/telephone-event-decoder.ts';
import { digitToEvent } from '../dtmf/dtmf-digit.ts';
import type { MediaEndpoint } from '../media-engine.ts';
import type { DtmfEvent, LatchedEvent, MediaTimeoutEvent } from '../media-engine-events.ts';
import type {
  AudioCodecName,
  EndpointStats,
  OfferOptions,
  PlayOptions,
  PlayOutcome,
  PlaySource,
  Recording,
} from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import { openFrameSource, toFrameSource, type FrameSource } from '../player/frame-source.ts';
import { ToneSource } from '../player/sample-source.ts';
import { normaliseCodecs } from '../sdp/codec-map.ts';
import { receives, type NegotiatedAudio } from '../sdp/negotiated-audio.ts';
import { answerOffer, buildOffer, readAnswer } from '../sdp/offer-answer.ts';
import { serializeSdp } from '../sdp/sdp-serialize.ts';
import type { SdpSession } from '../sdp/sdp-session.ts';
import { TypedEventSource } from '../../kernel/typed-event.ts';
import type { EngineContext } from './engine-context.ts';
import type { EmbeddedEndpointOptions, EmbeddedPlayOptions, EmbeddedRecordOptions } from './embedded-engine-options.ts';
import type { FrameClockListener } from './frame-clock.ts';
import { EndpointPlay } from './endpoint-play.ts';
import { EndpointRecording } from './endpoint-recording.ts';
import { PcmTapSet, type PcmTap, type PcmTapHost } from './pcm-tap.ts';
import { RtpLeg, lawOf } from './rtp-leg.ts';
import type { RtpSocketPair } from './rtp-socket-pair.ts';
import { sendTelephoneEvent } from './send-telephone-event.ts';
import { dtlsCertificate } from '../webrtc/dtls-certificate.ts';
import { WebRtcTransport } from '../webrtc/webrtc-transport.ts';
import { describeWebRtc, isWebRtcSdp, readWebRtcSdp } from '../webrtc/webrtc-sdp.ts';
import { loadWerift } from '../webrtc/werift.ts';

/** Negotiation states (RFC 3264): nothing yet, our offer out, or a completed exchange. */
export type NegotiationState = 'new' | 'offer-sent' | 'negotiated' | 'destroyed';

/** What the far end hears, by priority: a play, the conference mix, the bridged party, nothing. */
export type OutputSource = 'play' | 'conference' | 'bridge' | 'none';

/** Where an endpoint in a conference sends its audio and gets the mix (see embedded-conference.ts). */
export interface ConferenceSeat {
  readonly id: string;
  leave(endpoint: EmbeddedEndpoint): Promise<void>;
}

const TE_IDLE_FLUSH_MS = 1000;

export class EmbeddedEndpoint implements MediaEndpoint, PcmTapHost, FrameClockListener {
  readonly id: string;
  readonly label: string;
  readonly onDtmf = new TypedEventSource<DtmfEvent>();
  readonly onMediaTimeout = new TypedEventSource<MediaTimeoutEvent>();
  readonly onLatched = new TypedEventSource<LatchedEvent>();
  private state: NegotiationState = 'new';
  readonly leg: RtpLeg;
  private localOffer: SdpSession | undefined;
  /** The current negotiation completed our offer (so a repeated answer may update it). */
  private answeredOurOffer = false;
  private readonly sessionId = String(Math.floor(Math.random() * 1e9));
  /** Set once the leg negotiated WebRTC (a browser): ICE-lite, DTLS-SRTP, rtcp-mux on the RTP socket. */
  private webrtc: WebRtcTransport | undefined;
  private sessionVersion = 0;
  private peer: EmbeddedEndpoint | undefined;
  conference: ConferenceSeat | undefined;
  private currentPlay: EndpointPlay | undefined;
  private playGeneration = 0;
  private sendingDtmf = false;
  private readonly taps = new PcmTapSet();
  private readonly teDecoder = new TelephoneEventDecoder();
  private teLastAtMs: number | undefined;
  private inband: DtmfDetector | undefined;
  private readonly recordings = new Set<EndpointRecording>();
  private readonly mediaTimeoutMs: number | undefined;
  /** When onMediaTimeout last fired (repeated each mediaTimeoutMs while the silence lasts). */
  private timeoutReportedAtMs = -Infinity;
  /** Silence counts from here at the earliest: the last SDP change (an unhold starts afresh). */
  private silenceFromMs: number;

  constructor(
    private readonly ctx: EngineContext,
    sockets: RtpSocketPair,
    opts: EmbeddedEndpointOptions,
    private readonly onGone: (ep: EmbeddedEndpoint) => void,
  ) {
    this.id = opts.restore?.id ?? randomUUID();
    this.label = opts.label ?? this.id;
    this.mediaTimeoutMs = opts.mediaTimeoutMs;
    this.silenceFromMs = ctx.clock.now();
    this.leg = new RtpLeg(sockets, ctx.clock, {
      onAudio: (...a) => this.handleAudio(...a),
      onTelephoneEvent: (...a) => this.handleTelephoneEvent(...a),
      onLatched: (address, port) => this.onLatched.emit({ address, port }),
    }, ctx.cname);
    if (opts.signallingAddress) this.leg.trustSignallingAddress(opts.signallingAddress);
  }

  get negotiation(): NegotiationState {
    return this.state;
  }

  get output(): OutputSource {
    if (this.currentPlay || this.sendingDtmf) return 'play';
    if (this.conference) return 'conference';
    return this.peer ? 'bridge' : 'none';
  }

  get audio(): NegotiatedAudio | undefined {
    return this.leg.audio;
  }

  private alive(): void {
    if (this.state === 'destroyed') throw new MediaError('destroyed', `endpoint ${this.label} is destroyed`);
  }

  private transport(): { address: string; port: number; sessionId: string; sessionVersion: number } {
    this.sessionVersion++;
    return { address: this.ctx.advertiseAddress, port: this.leg.port, sessionId: this.sessionId, sessionVersion: this.sessionVersion };
  }

  // ---- offer/answer (RFC 3264) ----

  async createOffer(opts: OfferOptions = {}): Promise<string> {
    this.alive();
    const webrtc = opts.webrtc === true || this.webrtc !== undefined ? await this.webRtcTransport() : undefined;
    this.localOffer = buildOffer({
      ...this.transport(),
      codecs: normaliseCodecs(opts.codecs),
      direction: opts.direction ?? 'sendrecv',
      ptime: opts.ptime ?? 20,
    });
    this.state = 'offer-sent';
    const plain = serializeSdp(this.localOffer);
    // RFC 5763 §5: the offerer says actpass; the answer's setup decides who is the DTLS client.
    return webrtc ? describeWebRtc(plain, webrtc.describe('actpass', this.ctx.advertiseAddress, this.leg.out.ssrc)) : plain;
  }

  /**
   * The WebRTC transport of this leg, made at its first WebRTC offer or answer (werift and the
   * engine's certificate load then): from here on its RTP socket carries ICE, DTLS and SRTP.
   */
  private async webRtcTransport(): Promise<WebRtcTransport> {
    if (this.webrtc) return this.webrtc;
    const [w, cert] = await Promise.all([loadWerift(), dtlsCertificate()]);
    this.alive();
    if (this.webrtc) return this.webrtc;
    const t = new WebRtcTransport(this.leg.rtpSocket, w, cert, { failed: () => undefined });
    this.leg.secureWith(() => t);
    this.webrtc = t;
    return t;
  }

  async setRemoteAnswer(sdp: string): Promise<void> {
    this.alive();
    // A second answer to the same offer is accepted too: early media (183 with SDP) and the final
    // 200 OK both carry an answer, and without 100rel they may differ (RFC 3261 §13.2.1 lets the
    // 2xx repeat it; real gateways change it).
    const again = this.state === 'negotiated' && this.answeredOurOffer;
    if ((this.state !== 'offer-sent' && !again) || !this.localOffer) throw new MediaError('bad-state', `endpoint ${this.label} has no offer out`);
    if (this.webrtc) {
      const remote = readWebRtcSdp(sdp);
      this.applyAudio(readAnswer(this.localOffer, remote.plain));
      // The answerer that says passive leaves us the DTLS client (RFC 5763 §5); active or nothing, the server.
      this.webrtc.setRemote(remote.remote, remote.remote.setup === 'passive' ? 'client' : 'server');
    } else this.applyAudio(readAnswer(this.localOffer, sdp));
    this.state = 'negotiated';
    this.answeredOurOffer = true;
  }

  async setRemoteOffer(sdp: string, opts: { codecs?: string[] } = {}): Promise<string> {
    this.alive();
    if (isWebRtcSdp(sdp)) return this.answerWebRtc(sdp, normaliseCodecs(opts.codecs));
    if (this.webrtc) throw new MediaError('sdp-invalid', `endpoint ${this.label} is a WebRTC leg: a plain RTP offer cannot move it`);
    const { answer, audio } = this.answer(sdp, normaliseCodecs(opts.codecs));
    this.applyAudio(audio);
    this.state = 'negotiated';
    this.answeredOurOffer = false;
    return answer;
  }

  /** A browser's offer: the codec as for any offer, the transport ICE-lite and DTLS-SRTP. */
  private async answerWebRtc(sdp: string, codecs: AudioCodecName[]): Promise<string> {
    const remote = readWebRtcSdp(sdp);
    const t = await this.webRtcTransport();
    const { answer, audio } = this.answer(remote.plain, codecs);
    this.applyAudio(audio);
    this.state = 'negotiated';
    this.answeredOurOffer = false;
    // RFC 5763 §5: we answer passive (the browser is the DTLS client) unless it insists on passive.
    const role = remote.remote.setup === 'passive' ? 'client' : 'server';
    t.setRemote(remote.remote, role);
    return describeWebRtc(answer, t.describe(role === 'server' ? 'passive' : 'active', this.ctx.advertiseAddress, this.leg.out.ssrc), remote.sections);
  }

  /** A re-offer that still lists the codec in use keeps it, so a re-INVITE (hold) never switches codecs. */
  private answer(sdp: string, codecs: AudioCodecName[]): ReturnType<typeof answerOffer> {
    const current = this.leg.audio?.codec;
    if (current && codecs.includes(current)) {
      try {
        return answerOffer(sdp, { ...this.transport(), codecs: [current], direction: 'sendrecv', ptime: 20 });
      } catch (err) {
        if (!(err instanceof MediaError) || err.code !== 'no-common-codec') throw err;
      }
    }
    return answerOffer(sdp, { ...this.transport(), codecs, direction: 'sendrecv', ptime: 20 });
  }

  private applyAudio(audio: NegotiatedAudio): void {
    this.leg.setAudio(audio);
    // In-band detection only for a far end that cannot send telephone-event.
    this.inband = audio.recvTelephoneEventPts.length === 0 ? (this.inband ?? new DtmfDetector()) : undefined;
    this.silenceFromMs = this.ctx.clock.now();
  }

  // ---- bridge ----

  async connect(other: MediaEndpoint): Promise<void> {
    this.alive();
    if (!(other instanceof EmbeddedEndpoint) || other === this) throw new MediaError('bad-state', 'connect needs another endpoint of the same engine');
    other.alive();
    await Promise.all([this.leaveConference(), other.leaveConference()]);
    // The bridged party replaces ringback or a prompt at once (the interface's promise).
    this.playGeneration++;
    other.playGeneration++;
    this.endPlay('stopped');
    other.endPlay('stopped');
    this.unbridge();
    other.unbridge();
    this.peer = other;
    other.peer = this;
    // Whatever either side hears next starts a new segment (marker set, numbering continuous).
    this.leg.out.resetSource();
    other.leg.out.resetSource();
  }

  async disconnect(): Promise<void> {
    this.unbridge();
  }

  private unbridge(): void {
    const peer = this.peer;
    this.peer = undefined;
    if (peer && peer.peer === this) peer.peer = undefined;
  }

  private async leaveConference(): Promise<void> {
    if (this.conference) await this.conference.leave(this);
  }

  /** Called by a conference on join: leaves any bridge. */
  enterConference(seat: ConferenceSeat): void {
    this.unbridge();
    this.conference = seat;
    this.leg.out.resetSource();
  }

  // ---- RTP receive path (the leg's delegate) ----

  private handleAudio(packet: Buffer, start: number, end: number, ssrc: number, seq: number, ts: number, marker: boolean): void {
    const audio = this.leg.audio;
    if (!audio) return;
    if (this.taps.size > 0 || this.inband) this.decodeForTaps(packet, start, end, audio, ts, ssrc);
    const peer = this.peer;
    if (peer && peer.output === 'bridge') peer.leg.sendRelayed(packet, start, end, 'audio', audio.codec, ssrc, seq, ts, marker);
  }

  private decodeForTaps(packet: Buffer, start: number, end: number, audio: NegotiatedAudio, timestamp: number, ssrc: number): void {
    // Taps that take G.711 (the recorder) decode straight into their own storage; PCM is made
    // once, only for PCM taps (conference) and the in-band detector.
    const pcm = this.taps.deliver(packet, start, end, lawOf(audio.codec), this.ctx.clock.now(), timestamp, ssrc, this.inband !== undefined);
    if (this.inband && pcm) {
      for (const e of this.inband.process(pcm)) {
        if (e.type === 'begin') this.dtmfBegan();
        else this.onDtmf.emit({ digit: e.digit, durationMs: Math.round(e.durationMs), source: 'inband' });
      }
    }
  }

  private handleTelephoneEvent(packet: Buffer, start: number, end: number, ssrc: number, seq: number, ts: number, marker: boolean): void {
    this.teLastAtMs = this.ctx.clock.now();
    const outputs = this.teDecoder.process({ timestamp: ts, marker, payload: packet.subarray(start, end) });
    this.handleTelephoneEvents(outputs);
    const peer = this.peer;
    const audio = this.leg.audio;
    if (peer && audio && peer.output === 'bridge') peer.leg.sendRelayed(packet, start, end, 'telephone-event', audio.codec, ssrc, seq, ts, marker);
  }

  private handleTelephoneEvents(outputs: TelephoneEventOutput[]): void {
    for (const o of outputs) {
      if (o.type === 'begin') this.dtmfBegan();
      else this.onDtmf.emit({ digit: o.digit, durationMs: o.durationMs, source: 'rfc4733' });
    }
  }

  /** Barge-in: a key going down ends a play that asked for it, at once. */
  private dtmfBegan(): void {
    if (this.currentPlay?.stopOnDtmf) this.endPlay('dtmf');
  }

  injectDtmf(digit: string, durationMs: number, source: 'info'): void {
    if (this.state === 'destroyed') return;
    this.dtmfBegan();
    this.onDtmf.emit({ digit, durationMs, source });
  }

  // ---- taps (recorder, conference) ----

  addTap(tap: PcmTap): void {
    this.taps.addTap(tap);
  }

  removeTap(tap: PcmTap): void {
    this.taps.removeTap(tap);
  }

  // ---- play ----

  async play(source: PlaySource, opts: EmbeddedPlayOptions = {}): Promise<PlayOutcome> {
    this.alive();
    // Generation count: a stopPlay or newer play issued while this one loads its file wins.
    const generation = ++this.playGeneration;
    this.endPlay('stopped');
    if (opts.signal?.aborted) return 'stopped';
    let frames: FrameSource;
    try {
      frames = await openFrameSource(source, this.openOptions(opts));
    } catch (err) {
      if (opts.signal?.aborted) return 'stopped';
      throw new MediaError('file', `cannot play ${describe(source)}: ${(err as Error).message}`);
    }
    this.alive();
    if (opts.signal?.aborted || generation !== this.playGeneration) return 'stopped';
    if (opts.resume && !skipFrames(frames, Math.floor(opts.resume.fromMs / FRAME_MS))) return 'finished';
    const play = new EndpointPlay(frames, opts.stopOnDtmf ?? false);
    const done = this.startPlay(play, opts.signal);
    opts.onStarted?.();
    return done;
  }

  private openOptions(opts: PlayOptions): Parameters<typeof openFrameSource>[1] {
    const o: Parameters<typeof openFrameSource>[1] = { files: this.ctx.files, loop: opts.loop ?? false };
    if (this.ctx.synthesizer) o.synthesizer = this.ctx.synthesizer;
    if (opts.signal) o.signal = opts.signal;
    return o;
  }

  private startPlay(play: EndpointPlay, signal?: AbortSignal): Promise<PlayOutcome> {
    this.endPlay('stopped');
    this.currentPlay = play;
    this.ctx.frameClock.add(this);
    const onAbort = (): void => {
      if (this.currentPlay === play) this.endPlay('stopped');
      else play.end('stopped');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    void play.done.then(() => signal?.removeEventListener('abort', onAbort));
    return play.done;
  }

  async stopPlay(): Promise<void> {
    this.playGeneration++;
    this.endPlay('stopped');
  }

  private endPlay(outcome: PlayOutcome): void {
    const play = this.currentPlay;
    if (!play) return;
    this.currentPlay = undefined;
    this.ctx.frameClock.remove(this);
    play.end(outcome);
  }

  onFrame(): void {
    const play = this.currentPlay;
    if (!play) return;
    const frame = play.next();
    if (!frame) {
      this.endPlay('finished');
      return;
    }
    this.leg.sendFrame(frame, play, play.index);
  }

  // ---- DTMF sending ----

  async sendDtmf(digit: string, durationMs = 100): Promise<void> {
    this.alive();
    const audio = this.leg.audio;
    if (!audio) throw new MediaError('bad-state', `endpoint ${this.label} has no negotiated audio`);
    if (digit.length !== 1 || digitToEvent(digit) === undefined) throw new MediaError('bad-argument', `not a DTMF digit: ${JSON.stringify(digit)}`);
    if (audio.sendTelephoneEventPt === undefined) {
      // No telephone-event at the far end: the Q.23 tone pair in the audio, then a 60 ms gap.
      this.playGeneration++;
      await this.startPlay(new EndpointPlay(toFrameSource(new ToneSource(dtmfToneSpec(digit, { onMs: durationMs, offMs: 60 }))), false));
      return;
    }
    this.sendingDtmf = true;
    try {
      await sendTelephoneEvent(this.leg, this.ctx.clock, digit, durationMs, () => this.state !== 'destroyed');
    } finally {
      this.sendingDtmf = false;
    }
  }

  // ---- recording ----

  async record(opts: EmbeddedRecordOptions): Promise<Recording> {
    this.alive();
    const hosts: PcmTapHost[] = [this];
    if (opts.other) {
      if (!(opts.other instanceof EmbeddedEndpoint)) throw new MediaError('bad-state', 'record: other must be an endpoint of the same engine');
      hosts.push(opts.other);
    }
    const rec = await EndpointRecording.start(opts.path, hosts, this.ctx.clock, this.ctx.recordingFormat, opts.resume);
    if (this.state === 'destroyed' || (opts.other instanceof EmbeddedEndpoint && opts.other.state === 'destroyed')) {
      // Destroyed while the file was opening: that destroy could not finalise this recording.
      void rec.stop().catch(() => undefined);
      return rec;
    }
    this.recordings.add(rec);
    if (opts.other instanceof EmbeddedEndpoint) opts.other.recordings.add(rec);
    rec.switcher = (next) => {
      if (!(next instanceof EmbeddedEndpoint)) throw new MediaError('bad-state', 'switchOther: the endpoint must be of the same engine');
      next.alive();
      for (const host of rec.hosts) if (host !== this && host instanceof EmbeddedEndpoint) host.recordings.delete(rec);
      // Destroying the new side finalises the recording, as destroying the old one did.
      next.recordings.add(rec);
      return next;
    };
    opts.signal?.addEventListener('abort', () => void rec.stop().catch(() => undefined), { once: true });
    return rec;
  }

  // ---- housekeeping (engine timer, once a second) ----

  housekeep(nowMs: number): void {
    if (this.state === 'destroyed') return;
    if (this.teLastAtMs !== undefined && nowMs - this.teLastAtMs > TE_IDLE_FLUSH_MS) {
      this.teLastAtMs = undefined;
      this.handleTelephoneEvents(this.teDecoder.flush());
    }
    const audio = this.leg.audio;
    const expecting = audio && receives(audio.direction) && !audio.remoteHold;
    if (this.mediaTimeoutMs !== undefined && expecting) {
      const silent = nowMs - Math.max(this.leg.lastRxAtMs, this.silenceFromMs);
      // Said again each mediaTimeoutMs while the silence lasts: a listener that could not act on
      // the first (a call not yet answered) hears of it again.
      if (silent >= this.mediaTimeoutMs && nowMs - this.timeoutReportedAtMs >= this.mediaTimeoutMs) {
        this.timeoutReportedAtMs = nowMs;
        this.onMediaTimeout.emit({ silentMs: Math.round(silent) });
      }
    }
  }

  sendRtcp(): void {
    if (this.state !== 'destroyed') void this.leg.sendReport(this.ctx.clock.wallNow());
  }

  async stats(): Promise<EndpointStats> {
    return this.leg.stats();
  }

  async destroy(): Promise<void> {
    if (this.state === 'destroyed') return;
    this.endPlay('stopped');
    await this.leaveConference();
    this.unbridge();
    this.state = 'destroyed';
    const recs = [...this.recordings];
    this.recordings.clear();
    await Promise.all(recs.map((r) => r.stop().catch(() => undefined)));
    // RFC 3550 §6.6: a last report with BYE tells the far end our source is gone.
    await this.leg.sendReport(this.ctx.clock.wallNow(), true);
    this.webrtc?.close();
    this.leg.close();
    this.onDtmf.clear();
    this.onMediaTimeout.clear();
    this.onLatched.clear();
    this.onGone(this);
  }
}

function describe(source: PlaySource): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 'text':
      return `text ${JSON.stringify(source.text.slice(0, 40))}`;
    default:
      return source.kind;
  }
}

/** Drops the first `count` frames of a play; false when the source ended within them. */
function skipFrames(frames: FrameSource, count: number): boolean {
  for (let i = 0; i < count; i++) if (!frames.next()) return false;
  return true;
}

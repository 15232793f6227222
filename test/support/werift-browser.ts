/**
 * A browser-like WebRTC peer in Node (werift's RTCPeerConnection, a full ICE agent, DTLS-SRTP,
 * rtcp-mux, PCMU only) for tests and the bench: it offers or answers as Chrome does, sends a tone
 * as 20 ms PCMU frames and keeps what it hears. It never contacts a STUN server (iceServers: []),
 * and gathers only 127.0.0.1.
 */
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { ULAW_TO_LINEAR, encodeG711 } from '../../src/media/codec/g711-tables.ts';

export class WeriftBrowser {
  readonly pc: RTCPeerConnection;
  readonly track = new MediaStreamTrack({ kind: 'audio' });
  /** PCM of every PCMU packet heard, in arrival order. */
  readonly heard: number[] = [];
  packetsIn = 0;
  /** Tone frames sent. */
  packetsOut = 0;
  firstAudioAt: number | undefined;
  #tone: NodeJS.Timeout | undefined;
  #seq = Math.floor(Math.random() * 60000);
  #ts = Math.floor(Math.random() * 1e9);
  #phase = 0;

  constructor() {
    this.pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })], video: [] },
      iceServers: [],
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
    });
    const transceiver = this.pc.addTransceiver(this.track, { direction: 'sendrecv' });
    transceiver.onTrack.subscribe((remote) => {
      remote.onReceiveRtp.subscribe((rtp) => {
        if (rtp.header.payloadType !== 0) return;
        this.packetsIn++;
        this.firstAudioAt ??= performance.now();
        for (const b of rtp.payload) this.heard.push(ULAW_TO_LINEAR[b] ?? 0);
      });
    });
  }

  /** Our offer, with every candidate in it (gathering waited for). */
  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.#gathered();
    return this.pc.localDescription?.sdp ?? '';
  }

  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.#gathered();
    return this.pc.localDescription?.sdp ?? '';
  }

  async accept(answer: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  async #gathered(): Promise<void> {
    for (let i = 0; i < 500 && this.pc.iceGatheringState !== 'complete'; i++) await new Promise((r) => setTimeout(r, 10));
  }

  /** Sends a sine of `hz` as 20 ms PCMU frames until stopped. */
  startTone(hz: number, amplitude = 8000): void {
    this.stopTone();
    this.#tone = setInterval(() => {
      const pcm = new Int16Array(160);
      for (let i = 0; i < pcm.length; i++) {
        pcm[i] = Math.round(amplitude * Math.sin(this.#phase));
        this.#phase += (2 * Math.PI * hz) / 8000;
      }
      const payload = Buffer.alloc(160);
      encodeG711('ulaw', pcm, payload);
      const header = new RtpHeader({ payloadType: 0, sequenceNumber: this.#seq++ & 0xffff, timestamp: (this.#ts += 160) >>> 0, ssrc: 0x5eed1234, marker: false });
      this.track.writeRtp(new RtpPacket(header, payload));
      this.packetsOut++;
    }, 20);
  }

  stopTone(): void {
    if (this.#tone) clearInterval(this.#tone);
    this.#tone = undefined;
  }

  async close(): Promise<void> {
    this.stopTone();
    await this.pc.close();
  }
}

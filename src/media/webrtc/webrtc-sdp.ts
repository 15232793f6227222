// WebRTC's SDP (RFC 8829 JSEP, RFC 5763/5764 DTLS-SRTP, RFC 8839 ICE, RFC 5761 rtcp-mux) mapped to
// and from the plain RTP/AVP offer/answer the engine already negotiates: a browser's description is
// read into its ICE credentials and DTLS fingerprint plus a plain description the G.711 offer/answer
// code understands, and our plain description is dressed as a WebRTC one (ICE-lite, one host
// candidate, our fingerprint, rtcp-mux, the browser's mids). Codec choice, directions, hold and
// telephone-event stay where they are (sdp/offer-answer.ts): nothing is negotiated twice.

import { MediaError } from '../media-error.ts';
import { parseSdp } from '../sdp/sdp-parse.ts';
import { serializeSdp } from '../sdp/sdp-serialize.ts';
import { SdpParseError, type SdpAttribute, type SdpMedia, type SdpSession } from '../sdp/sdp-session.ts';

export const WEBRTC_PROTO = 'UDP/TLS/RTP/SAVPF';

export type DtlsSetup = 'active' | 'passive' | 'actpass';

export interface Fingerprint {
  algorithm: string;
  value: string;
}

/** What a browser's description says about its transport. */
export interface RemoteWebRtc {
  ufrag: string;
  pwd: string;
  fingerprints: Fingerprint[];
  /** Its DTLS role (RFC 5763 §5): absent means actpass in an offer, active in an answer. */
  setup: DtlsSetup | undefined;
}

export interface RemoteDescription {
  remote: RemoteWebRtc;
  /** The same description as plain RTP/AVP, for the G.711 offer/answer. */
  plain: string;
  /** Each m-section's mid and proto, to answer in kind. */
  sections: { mid: string | undefined; proto: string }[];
}

export interface LocalWebRtc {
  ufrag: string;
  pwd: string;
  /** `sha-256 AB:CD:…` of our DTLS certificate. */
  fingerprint: string;
  setup: DtlsSetup;
  /** Our host candidate (the endpoint's RTP port, rtcp-mux). */
  address: string;
  port: number;
  /** RTP SSRC we send with (a=ssrc, so the browser names the track at once). */
  ssrc: number;
}

/** A WebRTC description: an audio stream over UDP/TLS/RTP/SAVPF with ICE and a DTLS fingerprint. */
export function isWebRtcSdp(text: string): boolean {
  return /^m=audio [0-9]+ UDP\/TLS\/RTP\/SAVPF /im.test(text) && /^a=fingerprint:/m.test(text) && /^a=ice-ufrag:/m.test(text);
}

function attr(list: SdpAttribute[], name: string): string | undefined {
  return list.find((a) => a.name === name)?.value;
}

/** Reads a browser's offer or answer. Throws MediaError('sdp-invalid') when its transport is unusable. */
export function readWebRtcSdp(text: string): RemoteDescription {
  let s: SdpSession;
  try {
    s = parseSdp(text);
  } catch (err) {
    if (err instanceof SdpParseError) throw new MediaError('sdp-invalid', err.message);
    throw err;
  }
  const audio = s.media.find((m) => m.type === 'audio' && m.port !== 0 && m.proto.toUpperCase() === WEBRTC_PROTO);
  if (!audio) throw new MediaError('no-common-codec', 'the description has no UDP/TLS/RTP/SAVPF audio stream');
  const both = [...audio.attributes, ...s.attributes];
  const ufrag = attr(both, 'ice-ufrag');
  const pwd = attr(both, 'ice-pwd');
  const fingerprints = both
    .filter((a) => a.name === 'fingerprint' && a.value !== undefined)
    .map((a) => {
      const [algorithm = '', value = ''] = (a.value ?? '').trim().split(/\s+/);
      return { algorithm: algorithm.toLowerCase(), value: value.toUpperCase() };
    })
    .filter((f) => f.algorithm.length > 0 && f.value.length > 0);
  if (!ufrag || !pwd) throw new MediaError('sdp-invalid', 'the WebRTC description has no ICE credentials');
  if (fingerprints.length === 0) throw new MediaError('sdp-invalid', 'the WebRTC description has no DTLS fingerprint');
  const setupText = attr(both, 'setup');
  const setup = setupText === 'active' || setupText === 'passive' || setupText === 'actpass' ? setupText : undefined;
  const sections = s.media.map((m) => ({ mid: attr(m.attributes, 'mid'), proto: m.proto }));
  // The plain view: RTP/AVP on the same port. Its address means nothing (media goes where ICE
  // checked), but it must not read as hold: a browser writes c=IN IP4 0.0.0.0 before its candidates.
  const plain: SdpSession = {
    ...s,
    attributes: [],
    connection: { netType: 'IN', addrType: 'IP4', address: '127.0.0.1' },
    media: s.media.map((m) => (m === audio ? { ...m, proto: 'RTP/AVP', connection: { netType: 'IN', addrType: 'IP4', address: '127.0.0.1' } } : m)),
  };
  return { remote: { ufrag, pwd, fingerprints, setup }, plain: serializeSdp(plain), sections };
}

/**
 * Dresses our plain description (an offer, or the answer to `answering`'s sections) as WebRTC:
 * the accepted audio stream goes over UDP/TLS/RTP/SAVPF with our ICE-lite credentials, fingerprint,
 * DTLS role, rtcp-mux and one host candidate; rejected streams keep the offer's proto and mid.
 */
export function describeWebRtc(plainText: string, local: LocalWebRtc, answering?: RemoteDescription['sections']): string {
  const s = parseSdp(plainText);
  const mids: string[] = [];
  const media = s.media.map((m, i): SdpMedia => {
    const offered = answering?.[i];
    const mid = offered ? offered.mid : String(i);
    if (m.port === 0) return { ...m, proto: offered?.proto ?? m.proto, attributes: mid === undefined ? m.attributes : [...m.attributes, { name: 'mid', value: mid }] };
    if (mid !== undefined) mids.push(mid);
    const attributes: SdpAttribute[] = [
      ...(mid === undefined ? [] : [{ name: 'mid', value: mid }]),
      ...m.attributes,
      { name: 'rtcp-mux' },
      { name: 'ice-ufrag', value: local.ufrag },
      { name: 'ice-pwd', value: local.pwd },
      { name: 'fingerprint', value: local.fingerprint },
      { name: 'setup', value: local.setup },
      // RFC 8839 §5.1: foundation, component 1 (rtcp-mux), UDP, host priority (RFC 8445 §5.1.2.1).
      { name: 'candidate', value: `1 1 udp 2130706431 ${local.address} ${local.port} typ host` },
      { name: 'end-of-candidates' },
      { name: 'msid', value: 'hotline audio' },
      { name: 'ssrc', value: `${local.ssrc} cname:hotline` },
    ];
    return { ...m, port: local.port, proto: WEBRTC_PROTO, attributes };
  });
  const attributes: SdpAttribute[] = [{ name: 'ice-lite' }, ...(mids.length > 0 ? [{ name: 'group', value: `BUNDLE ${mids.join(' ')}` }] : []), { name: 'msid-semantic', value: ' WMS hotline' }, ...s.attributes];
  return serializeSdp({ ...s, attributes, media });
}

// RFC 3264 offer/answer for one G.711 audio stream with telephone-event (RFC 4733).

import type { AudioCodecName, MediaDirection } from '../media-engine-options.ts';
import { MediaError } from '../media-error.ts';
import {
  DEFAULT_TELEPHONE_EVENT_PT,
  PT_PCMA,
  PT_PCMU,
  firstCommonCodec,
  formatsOf,
  telephoneEventPt,
  type FormatInfo,
} from './codec-map.ts';
import { directionOf, receives, sends, type NegotiatedAudio } from './negotiated-audio.ts';
import { parseSdp } from './sdp-parse.ts';
import { serializeSdp } from './sdp-serialize.ts';
import { SdpParseError, type SdpAttribute, type SdpConnection, type SdpMedia, type SdpSession } from './sdp-session.ts';

export interface LocalTransport {
  /** Advertised address for c= and o=. */
  address: string;
  port: number;
  /** o= session id and version; the caller increments the version for each new description. */
  sessionId: string;
  sessionVersion: number;
}

export interface OfferParams extends LocalTransport {
  codecs: AudioCodecName[];
  direction: MediaDirection;
  ptime: number;
  telephoneEventPt?: number;
}

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

function connectionFor(address: string): SdpConnection {
  return { netType: 'IN', addrType: address.includes(':') ? 'IP6' : 'IP4', address };
}

function sessionShell(t: LocalTransport, media: SdpMedia[]): SdpSession {
  const c = connectionFor(t.address);
  return {
    version: 0,
    origin: { username: 'hotline', sessionId: t.sessionId, sessionVersion: String(t.sessionVersion), ...c },
    sessionName: 'hotline',
    connection: c,
    timing: { start: '0', stop: '0' },
    other: [],
    attributes: [],
    media,
  };
}

function audioAttributes(codecs: FormatInfo[], tePt: number | undefined, ptime: number, direction: MediaDirection): SdpAttribute[] {
  const attrs: SdpAttribute[] = codecs.map((c) => ({ name: 'rtpmap', value: `${c.pt} ${c.encoding}/8000` }));
  if (tePt !== undefined) {
    attrs.push({ name: 'rtpmap', value: `${tePt} telephone-event/8000` });
    // RFC 4733 §7.1.1: events 0-15 are the DTMF digits, 16 flash.
    attrs.push({ name: 'fmtp', value: `${tePt} 0-16` });
  }
  attrs.push({ name: 'ptime', value: String(ptime) });
  attrs.push({ name: direction });
  return attrs;
}

/** Builds our offer as a parsed session (the endpoint keeps it to read the answer against). */
export function buildOffer(p: OfferParams): SdpSession {
  const tePt = p.telephoneEventPt ?? DEFAULT_TELEPHONE_EVENT_PT;
  const codecs: FormatInfo[] = p.codecs.map((c) => ({ pt: c === 'PCMU' ? PT_PCMU : PT_PCMA, encoding: c, clockRate: 8000 }));
  const m: SdpMedia = {
    type: 'audio',
    port: p.port,
    proto: 'RTP/AVP',
    formats: [...codecs.map((c) => String(c.pt)), String(tePt)],
    other: [],
    attributes: audioAttributes(codecs, tePt, p.ptime, p.direction),
  };
  return sessionShell(p, [m]);
}

/** The direction attribute of a media section (media level wins over session level, RFC 4566 §6). */
export function directionAttr(s: SdpSession, m: SdpMedia): MediaDirection {
  for (const a of [...m.attributes, ...s.attributes]) {
    if ((DIRECTIONS as readonly string[]).includes(a.name)) return a.name as MediaDirection;
  }
  return 'sendrecv';
}

function connectionOf(s: SdpSession, m: SdpMedia): SdpConnection | undefined {
  return m.connection ?? s.connection;
}

/** RFC 3264 §8.4: "c=0.0.0.0" is the RFC 2543 way of putting a stream on hold. */
function isNullAddress(c: SdpConnection | undefined): boolean {
  return c !== undefined && (c.address === '0.0.0.0' || c.address === '::');
}

function ptimeOf(m: SdpMedia): number {
  const v = Number(m.attributes.find((a) => a.name === 'ptime')?.value);
  return Number.isFinite(v) && v >= 10 && v <= 200 ? v : 20;
}

function rtcpPortOf(m: SdpMedia): number {
  const v = Number(m.attributes.find((a) => a.name === 'rtcp')?.value?.split(' ')[0]);
  return Number.isInteger(v) && v > 0 && v < 65536 ? v : m.port + 1;
}

function parseOrThrow(text: string): SdpSession {
  try {
    return parseSdp(text);
  } catch (err) {
    if (err instanceof SdpParseError) throw new MediaError('sdp-invalid', err.message);
    throw err;
  }
}

export interface AnswerParams extends LocalTransport {
  codecs: AudioCodecName[];
  /** What we want (e.g. 'sendonly' when we hold); intersected with what the offer allows. */
  direction: MediaDirection;
  ptime: number;
}

/**
 * Answers an offer: accepts the first usable audio stream, rejects every other stream with port 0
 * (RFC 3264 §6 "An offered stream MAY be rejected in the answer by setting the port to zero").
 * Throws MediaError('no-common-codec') when there is no usable audio stream (the caller answers 488).
 */
export function answerOffer(offerText: string, p: AnswerParams): { answer: string; audio: NegotiatedAudio } {
  const offer = parseOrThrow(offerText);
  let audio: NegotiatedAudio | undefined;
  const media = offer.media.map((om, index): SdpMedia => {
    const accepted = audio === undefined ? acceptStream(offer, om, index, p) : undefined;
    if (!accepted) return rejected(om);
    audio = accepted.audio;
    return accepted.media;
  });
  if (!audio) throw new MediaError('no-common-codec', 'the offer has no audio stream with PCMU or PCMA');
  return { answer: serializeSdp(sessionShell(p, media)), audio };
}

// RFC 3264 §6: a rejected stream keeps its media type and formats, port 0.
function rejected(om: SdpMedia): SdpMedia {
  return { type: om.type, port: 0, proto: om.proto, formats: om.formats.length > 0 ? om.formats : ['0'], other: [], attributes: [] };
}

function acceptStream(offer: SdpSession, om: SdpMedia, index: number, p: AnswerParams): { media: SdpMedia; audio: NegotiatedAudio } | undefined {
  if (om.type !== 'audio' || om.port === 0 || om.proto.toUpperCase() !== 'RTP/AVP') return undefined;
  const conn = connectionOf(offer, om);
  if (!conn || conn.netType !== 'IN') return undefined;
  const formats = formatsOf(om);
  const codec = firstCommonCodec(formats, p.codecs);
  if (!codec) return undefined;
  const tePt = telephoneEventPt(formats);
  const theirs = directionAttr(offer, om);
  const nullHold = isNullAddress(conn);
  // RFC 3264 §6.1: "If a stream is offered as sendonly, the corresponding stream MUST be marked
  // as recvonly or inactive in the answer. ... If ... recvonly, ... MUST be marked as sendonly or
  // inactive ... If ... inactive, it MUST be marked as inactive."
  const mayWeSend = receives(theirs) && !nullHold;
  const mayWeRecv = sends(theirs);
  const direction = directionOf(sends(p.direction) && mayWeSend, receives(p.direction) && mayWeRecv);
  const answerFormats: FormatInfo[] = [codec];
  const media: SdpMedia = {
    type: 'audio',
    port: p.port,
    proto: om.proto,
    formats: [...answerFormats.map((f) => String(f.pt)), ...(tePt !== undefined ? [String(tePt)] : [])],
    other: [],
    attributes: audioAttributes(answerFormats, tePt, p.ptime, direction),
  };
  const audio: NegotiatedAudio = {
    mediaIndex: index,
    remoteAddress: conn.address,
    remotePort: om.port,
    remoteRtcpPort: rtcpPortOf(om),
    codec: codec.encoding,
    payloadType: codec.pt,
    recvTelephoneEventPts: tePt !== undefined ? [tePt] : [],
    ptime: ptimeOf(om),
    direction,
    remoteHold: nullHold || !receives(theirs),
  };
  if (tePt !== undefined) audio.sendTelephoneEventPt = tePt;
  return { media, audio };
}

/**
 * Reads the far end's answer to `offer` (our parsed offer). Throws MediaError('no-common-codec')
 * when the audio stream was rejected (port 0) or the answer names no codec we offered.
 */
export function readAnswer(offer: SdpSession, answerText: string): NegotiatedAudio {
  const answer = parseOrThrow(answerText);
  const index = offer.media.findIndex((m) => m.type === 'audio' && m.port !== 0);
  const om = offer.media[index];
  const am = answer.media[index];
  if (!om || !am) throw new MediaError('no-common-codec', 'the answer has no audio stream matching our offer');
  if (am.port === 0) throw new MediaError('no-common-codec', 'the far end rejected the audio stream (port 0)');
  const offered = formatsOf(om);
  const offeredCodecs = offered.map((f) => f.encoding).filter((e): e is AudioCodecName => e === 'PCMU' || e === 'PCMA');
  const codec = firstCommonCodec(formatsOf(am), offeredCodecs);
  if (!codec) throw new MediaError('no-common-codec', 'the answer names no codec we offered');
  const conn = connectionOf(answer, am);
  if (!conn) throw new MediaError('sdp-invalid', 'the answer has no c= line for the audio stream');
  const ourTe = telephoneEventPt(offered);
  const theirTe = telephoneEventPt(formatsOf(am));
  const ours = directionAttr(offer, om);
  const theirs = directionAttr(answer, am);
  const nullHold = isNullAddress(conn);
  const audio: NegotiatedAudio = {
    mediaIndex: index,
    remoteAddress: conn.address,
    remotePort: am.port,
    remoteRtcpPort: rtcpPortOf(am),
    codec: codec.encoding,
    payloadType: codec.pt,
    recvTelephoneEventPts: [...new Set([ourTe, theirTe].filter((x): x is number => x !== undefined))],
    ptime: ptimeOf(am),
    direction: directionOf(sends(ours) && receives(theirs) && !nullHold, receives(ours) && sends(theirs)),
    remoteHold: nullHold || !receives(theirs),
  };
  // RFC 4733 is only sent when the answer accepted it.
  if (theirTe !== undefined && ourTe !== undefined) audio.sendTelephoneEventPt = theirTe;
  return audio;
}

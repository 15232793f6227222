// What an m-line's formats mean: static payload types of RFC 3551 §6 and a=rtpmap (RFC 4566 §6).

import type { AudioCodecName } from '../media-engine-options.ts';
import type { SdpMedia } from './sdp-session.ts';

export const PT_PCMU = 0;
export const PT_PCMA = 8;
export const DEFAULT_TELEPHONE_EVENT_PT = 101;

export interface FormatInfo {
  pt: number;
  /** Upper-cased encoding name: 'PCMU', 'PCMA', 'TELEPHONE-EVENT', ... */
  encoding: string;
  clockRate: number;
}

const STATIC: Record<number, FormatInfo | undefined> = {
  [PT_PCMU]: { pt: PT_PCMU, encoding: 'PCMU', clockRate: 8000 },
  [PT_PCMA]: { pt: PT_PCMA, encoding: 'PCMA', clockRate: 8000 },
};

/** Formats of an m-line in its order, with their encodings (unknown dynamic ones left out). */
export function formatsOf(m: SdpMedia): FormatInfo[] {
  const rtpmaps = new Map<number, FormatInfo>();
  for (const a of m.attributes) {
    if (a.name !== 'rtpmap' || a.value === undefined) continue;
    // RFC 4566 §6 "a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]"
    const match = /^(\d{1,3})\s+([^/\s]+)\/(\d+)/.exec(a.value);
    if (!match) continue;
    const pt = Number(match[1]);
    rtpmaps.set(pt, { pt, encoding: (match[2] ?? '').toUpperCase(), clockRate: Number(match[3]) });
  }
  const out: FormatInfo[] = [];
  for (const f of m.formats) {
    if (!/^\d{1,3}$/.test(f)) continue;
    const pt = Number(f);
    const info = rtpmaps.get(pt) ?? STATIC[pt];
    if (info) out.push(info);
  }
  return out;
}

export function isAudioCodec(name: string): name is AudioCodecName {
  return name === 'PCMU' || name === 'PCMA';
}

/** The first format of `m` (offerer's preference order) that is one of `codecs`. */
export function firstCommonCodec(formats: FormatInfo[], codecs: AudioCodecName[]): (FormatInfo & { encoding: AudioCodecName }) | undefined {
  for (const f of formats) {
    if (f.clockRate === 8000 && isAudioCodec(f.encoding) && codecs.includes(f.encoding)) {
      return { ...f, encoding: f.encoding };
    }
  }
  return undefined;
}

export function telephoneEventPt(formats: FormatInfo[]): number | undefined {
  return formats.find((f) => f.encoding === 'TELEPHONE-EVENT' && f.clockRate === 8000)?.pt;
}

/** Normalises a caller-given codec list; unknown names are ignored; empty means the default. */
export function normaliseCodecs(codecs: string[] | undefined): AudioCodecName[] {
  const list = (codecs ?? []).map((c) => c.toUpperCase()).filter(isAudioCodec);
  return list.length > 0 ? [...new Set(list)] : ['PCMU', 'PCMA'];
}

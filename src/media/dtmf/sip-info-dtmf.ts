// DTMF carried in SIP INFO bodies (no RFC; the de-facto formats every SBC and phone sends):
//
//   application/dtmf-relay        application/dtmf
//   Signal=5                      5
//   Duration=160
//
// Signal is a key ('0'–'9', '*', '#', 'A'–'D') or, from some gateways, its RFC 4733 event code
// ('10' for '*', '11' for '#'); Duration is in milliseconds. Call control hands the body over and
// answers 400 when this throws DtmfError, 415 on 'unsupported-type'.
//
//   const { digit, durationMs } = parseSipInfoDtmf('application/dtmf-relay', body);

import { DtmfError } from './dtmf-error.ts';
import { digitToEvent, eventToDigit } from './dtmf-digit.ts';

export interface SipInfoDtmf {
  digit: string;
  durationMs: number;
}

/** Duration reported when the body gives none. */
export const DEFAULT_INFO_DURATION_MS = 250;

/** Parses an INFO body by its Content-Type (parameters and case ignored). */
export function parseSipInfoDtmf(contentType: string, body: string): SipInfoDtmf {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'application/dtmf-relay') return parseDtmfRelay(body);
  if (type === 'application/dtmf') return parseDtmf(body);
  throw new DtmfError('unsupported-type', `not a DTMF INFO body: ${type || '(none)'}`);
}

/** `application/dtmf-relay`: `Signal=` and optional `Duration=` lines, any line ending. */
export function parseDtmfRelay(body: string): SipInfoDtmf {
  let signal: string | undefined;
  let duration: string | undefined;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'signal') signal = value;
    else if (key === 'duration') duration = value;
  }
  if (signal === undefined) throw new DtmfError('bad-body', 'dtmf-relay body has no Signal');
  return { digit: toDigit(signal), durationMs: toDuration(duration) };
}

/** `application/dtmf`: the body is the key (or its event code) alone. */
export function parseDtmf(body: string): SipInfoDtmf {
  return { digit: toDigit(body.trim()), durationMs: DEFAULT_INFO_DURATION_MS };
}

function toDigit(signal: string): string {
  if (signal.length === 1 && digitToEvent(signal) !== undefined && signal.toUpperCase() !== 'F') return signal.toUpperCase();
  if (/^\d{2}$/.test(signal)) {
    const d = eventToDigit(Number(signal));
    if (d !== undefined) return d;
  }
  throw new DtmfError('bad-body', `not a DTMF signal: ${JSON.stringify(signal.slice(0, 20))}`);
}

function toDuration(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_INFO_DURATION_MS;
  if (!/^\d{1,6}$/.test(value)) throw new DtmfError('bad-body', `bad Duration: ${JSON.stringify(value.slice(0, 20))}`);
  return Number(value);
}

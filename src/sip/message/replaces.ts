/**
 * The Replaces header (RFC 3891 §6.1): the dialog a new INVITE takes the place of —
 * `Replaces: 425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only`. An attended
 * transfer carries it escaped in the Refer-To URI's headers (`<sip:b@h?Replaces=425928%40bob…%3Bto-tag%3D7743…>`,
 * RFC 3515 §2.1, RFC 5589 §7), and the transferee copies it into its INVITE to the target.
 */
import type { Uri } from './uri.ts';
import { percentDecode } from './percent-encoding.ts';
import { SipParseError } from './sip-parse-error.ts';

export interface Replaces {
  callId: string;
  toTag: string;
  fromTag: string;
  /** Replace the dialog only while it is early (§6.1). */
  earlyOnly: boolean;
}

const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Parses a Replaces value. Throws SipParseError: no Call-ID, a tag missing (both are mandatory, §6.1) or malformed. */
export function parseReplaces(value: string): Replaces {
  const [first, ...params] = value.split(';').map((p) => p.trim());
  const callId = first ?? '';
  if (!CALL_ID.test(callId)) throw new SipParseError('bad Replaces call-id');
  let toTag: string | undefined;
  let fromTag: string | undefined;
  let earlyOnly = false;
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const v = eq < 0 ? undefined : p.slice(eq + 1).trim();
    if (name === 'to-tag' || name === 'from-tag') {
      if (!v || !TOKEN.test(v)) throw new SipParseError(`bad Replaces ${name}`);
      if (name === 'to-tag') toTag = v;
      else fromTag = v;
    } else if (name === 'early-only') {
      earlyOnly = true;
    } else if (!TOKEN.test(name) || (v !== undefined && v.length === 0)) {
      throw new SipParseError('bad Replaces parameter');
    }
  }
  if (toTag === undefined || fromTag === undefined) throw new SipParseError('Replaces needs to-tag and from-tag');
  return { callId, toTag, fromTag, earlyOnly };
}

export function formatReplaces(r: Replaces): string {
  return `${r.callId};to-tag=${r.toTag};from-tag=${r.fromTag}${r.earlyOnly ? ';early-only' : ''}`;
}

/** The Replaces a Refer-To URI carries in its headers (`?Replaces=…`, escaped), or undefined. Throws SipParseError when malformed. */
export function replacesInUri(uri: Uri): Replaces | undefined {
  if (uri.kind !== 'sip') return undefined;
  for (const [name, value] of uri.headers) {
    if (name.toLowerCase() === 'replaces') return parseReplaces(percentDecode(value));
  }
  return undefined;
}

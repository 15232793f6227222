// Errors across the thread boundary: structured clone drops an Error's own properties (a
// MediaError's code), so errors travel as name + code + message and are rebuilt on arrival.

import { MediaError, type MediaErrorCode } from '../media-error.ts';
import type { WireError } from './worker-protocol.ts';

const CODES: ReadonlySet<string> = new Set<MediaErrorCode>(['sdp-invalid', 'no-common-codec', 'ports-exhausted', 'bad-state', 'bad-argument', 'destroyed', 'file', 'backend']);

export function toWireError(err: unknown): WireError {
  if (err instanceof MediaError) return { name: err.name, message: err.message, code: err.code };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** A MediaError with the same code and message; any other error keeps its name and message. */
export function fromWireError(wire: WireError): Error {
  if (wire.code !== undefined && CODES.has(wire.code)) return new MediaError(wire.code, wire.message);
  const err = new Error(wire.message);
  err.name = wire.name;
  return err;
}

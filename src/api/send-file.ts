/**
 * Sends a file from disk with HTTP Range support (206 / 416), so an audio player can seek a
 * recording without downloading all of it first.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { byteRange } from './byte-range.ts';
import { ApiError } from './errors.ts';

export interface FileToSend {
  path: string;
  type: string;
  /** The download name (Content-Disposition). */
  filename: string;
  /** Shown in the browser (a scan to look at) rather than saved. */
  inline?: boolean;
}

/** The file's name as RFC 6266 wants it: an ASCII fallback and the UTF-8 name (a Chinese file name). */
function contentDisposition(file: FileToSend): string {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', '');
  const utf8 = /[^\x20-\x7e]/.test(file.filename) ? `; filename*=UTF-8''${encodeURIComponent(file.filename)}` : '';
  return `${file.inline ? 'inline' : 'attachment'}; filename="${ascii}"${utf8}`;
}

/**
 * `beforeFreshRead` runs (in the request's transaction, before anything is sent) when the request
 * reads from the first byte — the whole file or a range at 0 — and not for a player's later seeks,
 * so an audited read is one entry, not one per seek.
 */
export async function sendFile(req: FastifyRequest, reply: FastifyReply, file: FileToSend, beforeFreshRead?: () => Promise<void>): Promise<void> {
  const size = (await stat(file.path)).size;
  const range = byteRange(req.headers.range, size);
  reply.header('accept-ranges', 'bytes').type(file.type).header('content-disposition', contentDisposition(file));
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new ApiError('RANGE_NOT_SATISFIABLE', `The file has ${size} bytes`, { size });
  }
  if (range.kind === 'whole' || range.start === 0) await beforeFreshRead?.();
  if (range.kind === 'whole') {
    reply.header('content-length', size);
    reply.send(createReadStream(file.path));
    return;
  }
  reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
  reply.send(createReadStream(file.path, { start: range.start, end: range.end }));
}

/**
 * A call's recording as WAV or MP3 (Range for seeking), for every route that plays one: each
 * fresh read is audited as `recording.read` on the call record, with what the route adds (e.g.
 * which review it was read through).
 */
import { existsSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordingMp3 } from '../recordings/recording-mp3.ts';
import { ApiError } from './errors.ts';
import { recordAudit } from './route-helpers.ts';
import { sendFile } from './send-file.ts';

export async function sendCallRecording(
  req: FastifyRequest, reply: FastifyReply, call: { id: string; recordingPath: string | null } | undefined, format: 'wav' | 'mp3', auditDetails: Record<string, unknown> = {},
): Promise<void> {
  if (!call?.recordingPath || !existsSync(call.recordingPath)) throw new ApiError('NOT_FOUND', 'This call has no recording');
  const path = format === 'mp3' ? await recordingMp3(call.recordingPath) : call.recordingPath;
  await sendFile(req, reply, { path, type: format === 'mp3' ? 'audio/mpeg' : 'audio/wav', filename: `${call.id}.${format}` }, () =>
    recordAudit(req, { action: 'recording.read', targetType: 'call_record', targetId: call.id, details: { format, ...auditDetails } }),
  );
}

/**
 * /api/v1/voicemails: messages callers left when nobody answered (R13), newest first, and each
 * message's audio (mono WAV); staff mark a message heard (or new again) and delete it (row, then
 * file; audited). The tenant is the caller's, always.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { deleteVoicemailRow, getVoicemail, listVoicemails, markVoicemail } from '../../flows/voicemail-store.ts';
import type { VoicemailRecord } from '../../flows/voicemail-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import { sendFile } from '../send-file.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, Limit, NoContent, Timestamp, Type } from '../schema.ts';

const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

const VoicemailView = Type.Object(
  {
    id: Type.String(),
    number400: Type.String(),
    callId: Type.String({ description: 'The call record this message belongs to' }),
    callerNumber: Type.String(),
    durationMs: Type.Integer(),
    createdAt: Timestamp,
    heardAt: Type.Union([Timestamp, Type.Null()], { description: 'When someone marked it heard; null: new' }),
    heardBy: Type.Union([Type.String(), Type.Null()]),
    audioUrl: Type.String(),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ number: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })), limit: Type.Optional(Limit) }, { additionalProperties: false });
const FileBody = Type.Unsafe<Buffer | NodeJS.ReadableStream>({ type: 'string', format: 'binary', description: 'Mono WAV, 8 kHz 16-bit' });

function view(v: VoicemailRecord) {
  return { id: v.id, number400: v.number400, callId: v.callId, callerNumber: v.callerNumber, durationMs: v.durationMs, createdAt: v.createdAt, heardAt: v.heardAt, heardBy: v.heardBy, audioUrl: `/api/v1/voicemails/${v.id}/audio` };
}

const voicemailRoutes: RoutePlugin = async (app) => {
  app.get('/voicemails', {
    config: { access: STAFF },
    schema: { summary: 'Voicemails of your numbers, newest first', querystring: ListQuery, response: { 200: Type.Array(VoicemailView) } },
  }, async (req) => {
    const rows = await listVoicemails(req.db, tenantIdOf(req), { ...(req.query.number ? { number400: req.query.number } : {}), limit: req.query.limit ?? 100 });
    return rows.map(view);
  });

  app.get('/voicemails/:id', {
    config: { access: STAFF },
    schema: { summary: 'One voicemail', params: IdParams, response: { 200: VoicemailView } },
  }, async (req) => {
    const v = await getVoicemail(req.db, tenantIdOf(req), req.params.id);
    if (!v) throw new ApiError('NOT_FOUND', 'No such voicemail');
    return view(v);
  });

  app.patch('/voicemails/:id', {
    config: { access: STAFF },
    schema: {
      summary: 'Mark a voicemail heard (or new again)',
      params: IdParams,
      body: Type.Object({ heard: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: VoicemailView },
    },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const v = await markVoicemail(req.db, tenantId, req.params.id, req.body.heard ? { at: req.server.hotline.now(), by: actorOf(req).name } : null);
    if (!v) throw new ApiError('NOT_FOUND', 'No such voicemail');
    await recordAudit(req, { action: req.body.heard ? 'voicemail.mark-heard' : 'voicemail.mark-new', targetType: 'voicemail', targetId: v.id });
    return view(v);
  });

  app.delete('/voicemails/:id', {
    config: { access: STAFF },
    schema: { summary: 'Delete a voicemail and its audio', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const tenantId = tenantIdOf(req);
    const v = await getVoicemail(req.db, tenantId, req.params.id);
    if (!v) throw new ApiError('NOT_FOUND', 'No such voicemail');
    await deleteVoicemailRow(req.db, tenantId, v.id);
    await recordAudit(req, { action: 'voicemail.delete', targetType: 'voicemail', targetId: v.id, details: { number400: v.number400, callerNumber: v.callerNumber, createdAt: v.createdAt } });
    // The file goes once the row is gone for good (the request's transaction commits before the reply).
    reply.raw.once('finish', () => void rm(v.path, { force: true }).catch(() => undefined));
    return reply.code(204).send(null);
  });

  app.get('/voicemails/:id/audio', {
    config: { access: STAFF },
    schema: { summary: "The message's audio (mono WAV); Range requests answer 206 so a player can seek", params: IdParams, response: { 200: FileBody, 206: FileBody } },
  }, async (req, reply) => {
    const v = await getVoicemail(req.db, tenantIdOf(req), req.params.id);
    if (!v || !existsSync(v.path)) throw new ApiError('NOT_FOUND', 'No such voicemail');
    await sendFile(req, reply, { path: v.path, type: 'audio/wav', filename: `${v.id}.wav` }, () =>
      recordAudit(req, { action: 'voicemail.read', targetType: 'voicemail', targetId: v.id }),
    );
    return reply;
  });
};

export default voicemailRoutes;

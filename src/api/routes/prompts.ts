/**
 * /api/v1/prompts: the tenant's prompts library (C3) — upload a WAV or MP3 (the raw file as the
 * body, converted to 8 kHz mono µ-law WAV), or have text spoken (espeak-ng) after hearing a
 * preview; list, download, delete. A flow plays a prompt by its `flowAudio`:
 * `{ "audio": "prompts/<id>.wav" }`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EspeakSynthesizer } from '../../media/tts/espeak-synthesizer.ts';
import type { TtsLanguage } from '../../media/tts/synthesizer.ts';
import { TtsError } from '../../media/tts/tts-error.ts';
import { toPromptAudio } from '../../prompts/prompt-audio.ts';
import { PromptError } from '../../prompts/prompt-error.ts';
import { createPrompt, deletePrompt, getPrompt, listPrompts, numbersUsingPrompt, promptPath } from '../../prompts/prompt-store.ts';
import type { Prompt } from '../../prompts/prompt-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Timestamp, Type } from '../schema.ts';
import { sendFile } from '../send-file.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

/** Largest upload: ten minutes of 8 kHz 16-bit mono is 9.6 MB; an MP3 is far smaller. */
export const PROMPT_UPLOAD_LIMIT = 16 * 1024 * 1024;
const AUDIO_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'audio/mpeg', 'audio/mp3', 'application/octet-stream'];

const PromptView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    source: Type.Union([Type.Literal('upload'), Type.Literal('tts')]),
    text: Type.Union([Type.String(), Type.Null()]),
    language: Type.Union([Type.String(), Type.Null()]),
    durationMs: Type.Integer(),
    flowAudio: Type.String({ description: 'what a flow names to play it: { "audio": flowAudio }' }),
    audioUrl: Type.String(),
    createdAt: Timestamp,
    createdBy: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Language = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], { default: 'zh-CN' });
const Text = Type.String({ minLength: 1, maxLength: 2000 });
const WavBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '8 kHz mono WAV' });

const view = (p: Prompt) => ({ ...p, audioUrl: `/api/v1/prompts/${p.id}/audio` });

const promptRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;
  const tts = new EspeakSynthesizer({ cacheDir: join(ctx.dataDir, 'tts') });
  // The upload's body is the file itself (this plugin's routes only; elsewhere JSON alone).
  app.addContentTypeParser(AUDIO_TYPES, { parseAs: 'buffer', bodyLimit: PROMPT_UPLOAD_LIMIT }, (_req, body, done) => done(null, body));

  const speak = async (text: string, language: TtsLanguage): Promise<Buffer> => {
    try {
      return await readFile(await tts.synthesize(text, language));
    } catch (err) {
      if (err instanceof TtsError && err.code === 'bad-text') throw new PromptError(err.message);
      throw err;
    }
  };

  app.get('/prompts', {
    config: { access: STAFF },
    schema: { summary: "Your tenant's prompts, by name", response: { 200: Type.Array(PromptView) } },
  }, async (req) => (await listPrompts(req.db, tenantIdOf(req))).map(view));

  app.get('/prompts/:id', {
    config: { access: STAFF },
    schema: { summary: 'One prompt', params: IdParams, response: { 200: PromptView } },
  }, async (req) => {
    const p = await getPrompt(req.db, tenantIdOf(req), req.params.id);
    if (!p) throw new ApiError('NOT_FOUND', 'No such prompt');
    return view(p);
  });

  app.post('/prompts', {
    config: { access: ADMIN },
    bodyLimit: PROMPT_UPLOAD_LIMIT,
    schema: {
      summary: 'Upload a prompt: the WAV or MP3 file itself as the body (Content-Type audio/wav or audio/mpeg, ≤ 16 MiB, ≤ 10 min); stored as 8 kHz mono µ-law WAV',
      querystring: Type.Object({ name: Name }, { additionalProperties: false }),
      response: { 201: PromptView },
    },
  }, async (req, reply) => {
    if (!Buffer.isBuffer(req.body)) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the audio file itself as the body, Content-Type audio/wav or audio/mpeg');
    const audio = await toPromptAudio(req.body);
    const p = await createPrompt(req.db, ctx.dataDir, { tenantId: tenantIdOf(req), name: req.query.name, source: 'upload', audio, by: actorOf(req).name, at: ctx.now() });
    await recordAudit(req, { action: 'prompt.create', targetType: 'prompt', targetId: p.id, details: { name: p.name, source: 'upload', durationMs: p.durationMs } });
    return reply.code(201).send(view(p));
  });

  app.post('/prompts/tts-preview', {
    config: { access: ADMIN },
    schema: {
      summary: 'Hear text spoken before keeping it: the WAV, nothing stored',
      body: Type.Object({ text: Text, language: Type.Optional(Language) }, { additionalProperties: false }),
      response: { 200: WavBody },
    },
  }, async (req, reply) => reply.type('audio/wav').send((await toPromptAudio(await speak(req.body.text, req.body.language ?? 'zh-CN'))).wav));

  app.post('/prompts/tts', {
    config: { access: ADMIN },
    schema: {
      summary: 'Keep text spoken (espeak-ng) as a prompt',
      body: Type.Object({ name: Name, text: Text, language: Type.Optional(Language) }, { additionalProperties: false }),
      response: { 201: PromptView },
    },
  }, async (req, reply) => {
    const language = req.body.language ?? 'zh-CN';
    const audio = await toPromptAudio(await speak(req.body.text, language));
    const p = await createPrompt(req.db, ctx.dataDir, { tenantId: tenantIdOf(req), name: req.body.name, source: 'tts', text: req.body.text, language, audio, by: actorOf(req).name, at: ctx.now() });
    await recordAudit(req, { action: 'prompt.create', targetType: 'prompt', targetId: p.id, details: { name: p.name, source: 'tts', language } });
    return reply.code(201).send(view(p));
  });

  app.get('/prompts/:id/audio', {
    config: { access: STAFF },
    schema: { summary: "The prompt's audio (8 kHz mono µ-law WAV); Range requests answer 206", params: IdParams, response: { 200: WavBody, 206: WavBody } },
  }, async (req, reply) => {
    const p = await getPrompt(req.db, tenantIdOf(req), req.params.id);
    if (!p) throw new ApiError('NOT_FOUND', 'No such prompt');
    await sendFile(req, reply, { path: promptPath(ctx.dataDir, tenantIdOf(req), p.id), type: 'audio/wav', filename: `${p.id}.wav` });
    return reply;
  });

  app.delete('/prompts/:id', {
    config: { access: ADMIN },
    schema: { summary: 'Delete a prompt no flow plays', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const tenantId = tenantIdOf(req);
    const p = await getPrompt(req.db, tenantId, req.params.id);
    if (!p) throw new ApiError('NOT_FOUND', 'No such prompt');
    const users = await numbersUsingPrompt(req.db, tenantId, p.id);
    if (users.length > 0) throw new ApiError('CONFLICT', `The flow of ${users.join(', ')} plays this prompt`, { numbers: users });
    await deletePrompt(req.db, ctx.dataDir, tenantId, p.id);
    await recordAudit(req, { action: 'prompt.delete', targetType: 'prompt', targetId: p.id, details: { name: p.name } });
    return reply.code(204).send(null);
  });
};

export default promptRoutes;

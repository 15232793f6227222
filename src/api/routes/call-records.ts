/**
 * /api/v1/call-records: a tenant's call records (P2) — the last three months, filtered by time,
 * 400 number, caller and outcome, in keyset pages; one record with its ring attempts; its
 * recording (WAV or MP3, with HTTP Range so a player can seek); and the Excel export of a filtered
 * list as a job (started, polled for progress, downloaded until it expires — src/exports/). The
 * tenant is the caller's, always. Every read is written to the audit log (S2).
 */
import type { FastifyRequest } from 'fastify';
import { listCallLegs } from '../../cdr/call-leg-store.ts';
import { RECORD_OUTCOMES } from '../../cdr/call-record.ts';
import type { CallRecord, RecordOutcome } from '../../cdr/call-record.ts';
import { queryCallRecords } from '../../cdr/call-record-query.ts';
import type { CallRecordFilter } from '../../cdr/call-record-query.ts';
import { getCallRecord } from '../../cdr/call-record-store.ts';
import { CallRecordExports } from '../../exports/call-record-exports.ts';
import { EXPORT_KEEP_MS, EXPORT_MAX_ROWS, toStoredFilter } from '../../exports/export-job.ts';
import type { ExportJob } from '../../exports/export-job.ts';
import { getExportJob, insertExportJob, listExportJobs } from '../../exports/export-job-store.ts';
import { MAX_WRAP_UP_NOTE, saveWrapUp, wrapUpsOf } from '../../desk/call-wrap-up.ts';
import type { CallWrapUp } from '../../desk/call-wrap-up.ts';
import { WRAP_UP_CODE_PATTERN } from '../../desk/wrap-up-codes.ts';
import { deskIdentityOf } from '../desk-identity.ts';
import { WrapUpView, wrapUpView } from '../desk-schemas.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import { sendCallRecording } from '../send-recording.ts';
import { sendFile } from '../send-file.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, Limit, Timestamp, Type } from '../schema.ts';
import type { Static } from '../schema.ts';

const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
/** Whoever took the call saves their wrap-up; never an API key (a key takes no calls). */
const TOOK_IT: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true, apiKeyRight: false };

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const CallRecordView = Type.Object(
  {
    id: Type.String(),
    number400: Type.String(),
    callerNumber: Type.String(),
    callerKind: Type.String(),
    callerAreaCode: Nullable(Type.String()),
    callerProvince: Nullable(Type.String()),
    callerCity: Nullable(Type.String()),
    answeringNumber: Nullable(Type.String()),
    startedAt: Timestamp,
    answeredAt: Nullable(Timestamp),
    endedAt: Nullable(Timestamp),
    outcome: Nullable(Type.String({ description: `one of ${RECORD_OUTCOMES.join(', ')}; null while the call is up` })),
    talkSeconds: Type.Integer(),
    costLi: Type.Integer({ description: 'the charge booked for the call, li' }),
    callType: Nullable(Type.String()),
    sipStatus: Nullable(Type.Integer()),
    sipReason: Nullable(Type.String()),
    endedBy: Nullable(Type.String()),
    recordingUrl: Nullable(Type.String()),
    queueId: Nullable(Type.String({ description: 'the ACD queue the call waited in (the last, after an overflow)' })),
    queueWaitSeconds: Nullable(Type.Number({ description: 'time waiting in queue until answered or abandoned, seconds (ms precision)' })),
    agentId: Nullable(Type.String({ description: 'the agent (工号) who answered' })),
    abandonedInQueue: Type.Boolean({ description: 'the caller hung up while waiting in a queue' }),
    transfers: Type.Integer({ description: 'transfers made during the call' }),
    surveyScore: Nullable(Type.Integer({ minimum: 1, maximum: 5, description: "C5: the caller's satisfaction score" })),
    wrapUps: Type.Array(WrapUpView, { description: 'issue 14: each agent’s wrap-up code and note, oldest first' }),
  },
  { additionalProperties: false },
);

const LegView = Type.Object(
  {
    seq: Type.Integer(),
    target: Type.String(),
    kind: Type.String(),
    startedAt: Timestamp,
    endedAt: Nullable(Timestamp),
    result: Type.String(),
    sipStatus: Nullable(Type.Integer()),
    queueId: Nullable(Type.String({ description: 'an ACD offer: the queue it was made for' })),
    agentId: Nullable(Type.String({ description: 'an ACD offer: the agent (工号) whose phone rang' })),
  },
  { additionalProperties: false },
);

const Filter = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'start ≥ this instant (clamped to three months back)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'start < this instant' })),
  number: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]{5,20}$', description: 'the 400 number' })),
  caller: Type.Optional(Type.String({ maxLength: 21, pattern: '^\\+?[0-9]{1,20}$', description: 'digits anywhere in the caller number' })),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "the caller's province or city (e.g. 江苏省, 常州市)" })),
  outcome: Type.Optional(Type.String({ maxLength: 200, pattern: `^(${RECORD_OUTCOMES.join('|')})(,(${RECORD_OUTCOMES.join('|')}))*$`, description: 'comma-separated outcomes' })),
};
/** A file body (xlsx, WAV): Fastify sends a Buffer or stream as is, without serialising it. */
const FileBody = (description: string) => Type.Unsafe<Buffer | NodeJS.ReadableStream>({ type: 'string', format: 'binary', description });

const ListQuery = Type.Object({ ...Filter, limit: Type.Optional(Limit), cursor: Type.Optional(Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9_-]+$' })) }, { additionalProperties: false });
const ExportFilter = Type.Object(Filter, { additionalProperties: false });
const ExportView = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('expired')]),
    filter: ExportFilter,
    rowsTotal: Nullable(Type.Integer({ description: 'rows the filter matched when the job began; null until counted' })),
    rowsWritten: Type.Integer(),
    truncated: Type.Boolean({ description: `more rows matched than one sheet holds: the newest ${EXPORT_MAX_ROWS} were written` }),
    fileBytes: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    createdAt: Timestamp,
    finishedAt: Nullable(Timestamp),
    expiresAt: Nullable(Timestamp),
    downloadUrl: Nullable(Type.String({ description: 'while done: where the .xlsx is' })),
  },
  { additionalProperties: false },
);
const RecordingQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('wav'), Type.Literal('mp3')], { description: 'wav (default): the stored stereo WAV; mp3: converted once and kept beside it' })) },
  { additionalProperties: false },
);

function filterOf(q: Static<typeof ExportFilter>): CallRecordFilter {
  const f: CallRecordFilter = {};
  if (q.from) f.from = new Date(q.from);
  if (q.to) f.to = new Date(q.to);
  if (q.number) f.number400 = q.number;
  if (q.caller) f.caller = q.caller;
  if (q.outcome) f.outcomes = q.outcome.split(',') as RecordOutcome[];
  if (q.region) f.region = q.region;
  return f;
}

const recordingUrl = (id: string) => `/api/v1/call-records/${id}/recording`;

function view(r: CallRecord, wrapUps: readonly CallWrapUp[] = []): Static<typeof CallRecordView> {
  return {
    id: r.id,
    number400: r.number400,
    callerNumber: r.callerNumber,
    callerKind: r.callerKind,
    callerAreaCode: r.callerAreaCode,
    callerProvince: r.callerProvince,
    callerCity: r.callerCity,
    answeringNumber: r.answeringNumber,
    startedAt: r.startedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    outcome: r.outcome,
    talkSeconds: r.talkSeconds,
    costLi: r.costLi,
    callType: r.callType,
    sipStatus: r.sipStatus,
    sipReason: r.sipReason,
    endedBy: r.endedBy,
    recordingUrl: r.recordingPath ? recordingUrl(r.id) : null,
    queueId: r.queueId,
    queueWaitSeconds: r.queueWaitMs === null ? null : r.queueWaitMs / 1000,
    agentId: r.agentId,
    abandonedInQueue: r.abandonedInQueue,
    transfers: r.transfers,
    surveyScore: r.surveyScore,
    wrapUps: wrapUps.map(wrapUpView),
  };
}

function exportView(job: ExportJob): Static<typeof ExportView> {
  const f = job.filter;
  return {
    id: job.id,
    status: job.status,
    filter: {
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
      ...(f.number400 ? { number: f.number400 } : {}),
      ...(f.caller ? { caller: f.caller } : {}),
      ...(f.region ? { region: f.region } : {}),
      ...(f.outcomes ? { outcome: f.outcomes.join(',') } : {}),
    },
    rowsTotal: job.rowsTotal,
    rowsWritten: job.rowsWritten,
    truncated: job.truncated,
    fileBytes: job.fileBytes,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    expiresAt: job.expiresAt,
    downloadUrl: job.status === 'done' ? `/api/v1/call-records/exports/${job.id}/file` : null,
  };
}

async function exportOr404(req: FastifyRequest, id: string): Promise<ExportJob> {
  const job = await getExportJob(req.db, tenantIdOf(req), id);
  if (!job) throw new ApiError('NOT_FOUND', 'No such export');
  return job;
}

async function recordOr404(req: FastifyRequest, id: string): Promise<CallRecord> {
  const r = await getCallRecord(req.db, tenantIdOf(req), id);
  if (!r) throw new ApiError('NOT_FOUND', 'No such call record');
  return r;
}

const callRecordRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();

  app.get('/call-records', {
    config: { access: STAFF },
    schema: { summary: 'Call records of the last three months, newest first', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(CallRecordView), nextCursor: Nullable(Type.String()) }, { additionalProperties: false }) } },
  }, async (req) => {
    const page = await queryCallRecords(req.db, tenantIdOf(req), filterOf(req.query), { limit: req.query.limit ?? 100, now: now(), ...(req.query.cursor ? { cursor: req.query.cursor } : {}) });
    await recordAudit(req, { action: 'call_records.list', targetType: 'call_record', details: { query: req.query, count: page.items.length } });
    const wrapUps = await wrapUpsOf(req.db, tenantIdOf(req), page.items.map((r) => r.id));
    return { items: page.items.map((r) => view(r, wrapUps.get(r.id))), nextCursor: page.nextCursor };
  });

  const exports = new CallRecordExports({ db: app.hotline.database.db, dataDir: app.hotline.dataDir, now, recordingUrl, log: (line) => app.log.error(line) });
  // A store without the exports table (an unmigrated one, as scripts/api-types uses) has nothing to recover.
  app.addHook('onReady', () => exports.recover().catch((err: unknown) => app.log.error(`export recovery failed: ${(err as Error).message}`)));
  app.addHook('onClose', () => exports.stop());

  app.post('/call-records/exports', {
    // Its own writes: the job row must be committed before the writer (another connection) runs.
    config: { access: STAFF, transaction: false },
    schema: {
      summary: `Start an Excel export of the filtered call records (one at a time per enterprise; up to ${EXPORT_MAX_ROWS} rows); poll it, then download the file`,
      body: ExportFilter,
      response: { 202: ExportView },
    },
  }, async (req, reply) => {
    const filter = filterOf(req.body);
    // The filter is checked now (a bad one is a 400 here, not a failed job later).
    await queryCallRecords(req.db, tenantIdOf(req), filter, { limit: 1, now: now() });
    const job = await insertExportJob(req.db, { tenantId: tenantIdOf(req), filter: toStoredFilter(filter), requestedBy: actorOf(req).name, at: now() });
    await recordAudit(req, { action: 'call_records.export', targetType: 'export', targetId: job.id, details: { query: req.body } });
    exports.start(job);
    return reply.code(202).send(exportView(job));
  });

  app.get('/call-records/exports', {
    // Outside a request transaction: it first expires files past their time (the writer's connection).
    config: { access: STAFF, transaction: false },
    schema: { summary: `Your enterprise's latest exports, newest first (files are kept ${EXPORT_KEEP_MS / 3_600_000} h)`, response: { 200: Type.Array(ExportView) } },
  }, async (req) => {
    await exports.expireDue();
    return (await listExportJobs(req.db, tenantIdOf(req))).map(exportView);
  });

  app.get('/call-records/exports/:id', {
    config: { access: STAFF },
    schema: { summary: 'One export: its status and progress (rows written of the total)', params: IdParams, response: { 200: ExportView } },
  }, async (req) => exportView(await exportOr404(req, req.params.id)));

  app.get('/call-records/exports/:id/file', {
    config: { access: STAFF },
    schema: { summary: 'The finished export as an Excel workbook (.xlsx)', params: IdParams, response: { 200: FileBody('an .xlsx workbook'), 206: FileBody('the requested byte range') } },
  }, async (req, reply) => {
    const job = await exportOr404(req, req.params.id);
    if (job.status !== 'done') throw new ApiError('CONFLICT', job.status === 'running' ? 'The export is still running' : `The export is ${job.status}: start a new one`);
    const day = job.createdAt.slice(0, 10);
    await sendFile(req, reply, { path: exports.filePath(job), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `call-records-${day}.xlsx` }, () =>
      recordAudit(req, { action: 'call_records.export.download', targetType: 'export', targetId: job.id, details: { rows: job.rowsWritten } }),
    );
    return reply;
  });

  app.get('/call-records/:id', {
    config: { access: STAFF },
    schema: { summary: 'One call record with its ring attempts', params: IdParams, response: { 200: Type.Object({ record: CallRecordView, legs: Type.Array(LegView) }, { additionalProperties: false }) } },
  }, async (req) => {
    const r = await recordOr404(req, req.params.id);
    await recordAudit(req, { action: 'call_record.read', targetType: 'call_record', targetId: r.id });
    const wrapUps = await wrapUpsOf(req.db, r.tenantId, [r.id]);
    return { record: view(r, wrapUps.get(r.id)), legs: await listCallLegs(req.db, r.tenantId, r.id) };
  });

  app.post('/call-records/:id/wrap-up', {
    config: { access: TOOK_IT },
    schema: {
      summary: 'Save your wrap-up (one of the tenant’s wrap-up codes and a note) on a call you took; saving again replaces it',
      params: IdParams,
      body: Type.Object(
        {
          code: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32, pattern: WRAP_UP_CODE_PATTERN, description: 'an enabled code of GET /desk/wrap-up-codes' }))),
          note: Type.Optional(Type.String({ maxLength: MAX_WRAP_UP_NOTE })),
        },
        { additionalProperties: false },
      ),
      response: { 200: WrapUpView },
    },
  }, async (req) => {
    const w = await saveWrapUp(req.db, tenantIdOf(req), req.params.id, await deskIdentityOf(req), req.body, now());
    await recordAudit(req, { action: 'call_record.wrap_up', targetType: 'call_record', targetId: req.params.id, details: { code: w.code } });
    return wrapUpView(w);
  });

  app.get('/call-records/:id/recording', {
    config: { access: STAFF },
    schema: {
      summary: "The call's recording (stereo: caller left, answering side right), as WAV or MP3; Range requests answer 206 so a player can seek",
      params: IdParams,
      querystring: RecordingQuery,
      response: { 200: FileBody('WAV or MP3 audio'), 206: FileBody('the requested byte range') },
    },
  }, async (req, reply) => {
    await sendCallRecording(req, reply, await recordOr404(req, req.params.id), req.query.format ?? 'wav');
    return reply;
  });
};

export default callRecordRoutes;

import type { FastifyError } from 'fastify';
import { API_ERRORS, ApiError } from './errors.ts';

/** The `{ code, message, details }` of an error, with the HTTP status it is sent with. */
export interface ErrorReply {
  status: number;
  body: { code: string; message: string; details: unknown };
}

const FASTIFY_CODES: Record<string, keyof typeof API_ERRORS> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

/** Database refusals caused by the input (a duplicate, a dangling reference, a value out of range). */
function databaseInputError(err: { code?: unknown }): ErrorReply | undefined {
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    return reply('CONFLICT', 'A record with the same unique value exists');
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return reply('CONFLICT', 'A referenced record is missing or still in use');
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL' || code === '23514' || code === '23502') {
    return reply('UNPROCESSABLE', 'The values break a rule of the store');
  }
  // PostgreSQL class 22: data exception (invalid text representation, value too long, …).
  if (/^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_TOOBIG') return reply('BAD_REQUEST', 'A value is out of range for the store');
  return undefined;
}

function reply(code: keyof typeof API_ERRORS, message?: string, details: unknown = null): ErrorReply {
  return { status: API_ERRORS[code].status, body: { code, message: message ?? API_ERRORS[code].message, details } };
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: unknown;
}

function validationReply(err: FastifyError): ErrorReply {
  const issues = (err.validation ?? []) as ValidationIssue[];
  const details = {
    in: err.validationContext ?? 'body',
    // TypeBox reports a field that `additionalProperties: false` forbids as "schema is false".
    issues: issues.slice(0, 20).map((i) => ({ path: i.instancePath ?? '', message: i.message === 'schema is false' ? 'unknown field' : (i.message ?? 'invalid') })),
  };
  const first = details.issues[0];
  const message = first ? `${details.in}${first.path || ''}: ${first.message}` : API_ERRORS.VALIDATION_FAILED.message;
  return reply('VALIDATION_FAILED', message, details);
}

/** Maps anything thrown during a request to what the client sees. Unknown errors become a bare 500. */
export function toErrorReply(err: unknown): ErrorReply {
  if (err instanceof ApiError) return { status: err.statusCode, body: { code: err.code, message: err.message, details: err.details } };
  if (typeof err !== 'object' || err === null) return reply('INTERNAL');
  const e = err as FastifyError & { details?: unknown };
  if (Array.isArray(e.validation)) return validationReply(e);
  if (typeof e.code === 'string' && e.code in FASTIFY_CODES) {
    const code = FASTIFY_CODES[e.code] ?? 'BAD_REQUEST';
    return reply(code, code === 'INVALID_JSON' ? API_ERRORS.INVALID_JSON.message : e.message);
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return reply('INVALID_JSON');
  const fromDb = databaseInputError(e);
  if (fromDb) return fromDb;
  // A domain error (UserError, NumberError, …) carries its own code and a 4xx status: pass it on.
  const status = e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && typeof e.code === 'string') {
    const code = e.code.startsWith('FST_') ? 'BAD_REQUEST' : e.code;
    return { status, body: { code, message: e.message, details: e.details ?? null } };
  }
  return reply('INTERNAL');
}

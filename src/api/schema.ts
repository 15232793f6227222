/**
 * The schema vocabulary of the API. The project uses one TypeBox, the `typebox` package 1.x (the one
 * the Fastify type provider infers from); route files import `Type` from here.
 * One TypeBox schema per body/params/query/response is validation, TypeScript type and OpenAPI at once.
 *
 * Conventions (the route-table tests check them on every route):
 * - every body object has `additionalProperties: false` (unknown fields are refused, not dropped);
 * - every string has a `maxLength` (or an enum/const/format that bounds it);
 * - ids in params are `IdParam`.
 */
import { Type } from 'typebox';
import type { Static, TSchema } from 'typebox';

export { Type };
export type { Static, TSchema };

/** `{ code, message, details }`: the body of every error response. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable machine-readable code, e.g. VALIDATION_FAILED' }),
    message: Type.String(),
    details: Type.Unknown({ description: 'Code-specific data, e.g. the failing fields; null when none' }),
  },
  { additionalProperties: false, description: 'An error' },
);

/** A text id (UUID today; treat as opaque). */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/** An ISO-8601 UTC timestamp as stored (`2026-11-22T15:33:37.000Z`). */
export const Timestamp = Type.String({ maxLength: 40, description: 'ISO-8601 UTC timestamp' });

/** A short free text (names, titles). */
export const ShortText = (opts: { minLength?: number; maxLength?: number; description?: string } = {}) =>
  Type.String({ minLength: opts.minLength ?? 1, maxLength: opts.maxLength ?? 100, ...(opts.description ? { description: opts.description } : {}) });

export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 100 });

/** A `204 No Content` response. */
export const NoContent = Type.Null({ description: 'No content' });

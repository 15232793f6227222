import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/**
 * The type of a route file's default export (`src/api/routes/<resource>.ts`). It is registered under
 * the prefix `/api/v1`, so it declares paths like `/numbers/:id`.
 */
export type RoutePlugin = FastifyPluginAsyncTypebox;

/** The prefix every route plugin is registered under. */
export const API_PREFIX = '/api/v1';

export { api, ApiError, onSessionExpired, queryString, setCsrfToken, unwrap } from './client.ts';
export type { paths } from './client.ts';
export type { components, operations } from './schema';
export type { BodyOf, QueryOf, ResponseOf } from './types.ts';

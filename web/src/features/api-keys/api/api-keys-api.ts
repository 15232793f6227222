import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type ApiKey = ResponseOf<'/api/v1/api-keys', 'get'>[number];
export type NewApiKey = BodyOf<'/api/v1/api-keys', 'post'>;

export const fetchApiKeys = () => unwrap(api.GET('/api/v1/api-keys'));
export const fetchRights = () => unwrap(api.GET('/api/v1/api-keys/rights'));
export const createApiKey = (body: NewApiKey) => unwrap(api.POST('/api/v1/api-keys', { body }));
export const revokeApiKey = (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));

import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type User = ResponseOf<'/api/v1/users', 'get'>[number];
export type NewUser = BodyOf<'/api/v1/users', 'post'>;
export type UserChange = BodyOf<'/api/v1/users/{id}', 'patch'>;
export type Role = User['role'];

export const fetchUsers = () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 500 } } }));
export const fetchOwnTenant = () => unwrap(api.GET('/api/v1/tenant'));
export const createUser = (body: NewUser) => unwrap(api.POST('/api/v1/users', { body }));
export const changeUser = (id: string, body: UserChange) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
export const deleteUser = (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } }));

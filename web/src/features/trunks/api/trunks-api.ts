import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type Trunk = ResponseOf<'/api/v1/trunks', 'get'>[number];
export type TrunkBody = BodyOf<'/api/v1/trunks', 'post'>;

export const fetchTrunks = () => unwrap(api.GET('/api/v1/trunks'));
export const createTrunk = (body: TrunkBody) => unwrap(api.POST('/api/v1/trunks', { body }));
export const replaceTrunk = (id: string, body: TrunkBody) => unwrap(api.PUT('/api/v1/trunks/{id}', { params: { path: { id } }, body }));
export const deleteTrunk = (id: string) => unwrap(api.DELETE('/api/v1/trunks/{id}', { params: { path: { id } } }));

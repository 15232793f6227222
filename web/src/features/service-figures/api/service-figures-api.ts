import { api, unwrap } from '@/shared/api/index.ts';
import type { QueryOf, ResponseOf } from '@/shared/api/index.ts';

export type TenantFigures = ResponseOf<'/api/v1/reports/service-figures', 'get'>;
export type PlatformFigures = ResponseOf<'/api/v1/platform/service-figures', 'get'>;
export type Figures = TenantFigures['total'];
export type FiguresQuery = QueryOf<'/api/v1/reports/service-figures', 'get'>;

export const fetchTenantFigures = (q: FiguresQuery) => unwrap(api.GET('/api/v1/reports/service-figures', { params: { query: q } }));
export const fetchPlatformFigures = (q: FiguresQuery) => unwrap(api.GET('/api/v1/platform/service-figures', { params: { query: q } }));

import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type RatePlan = ResponseOf<'/api/v1/rate-plans', 'get'>[number];
export type RatePlanBody = BodyOf<'/api/v1/rate-plans', 'post'>;

/** Call types the call path rates (src/billing/rate-plan.ts KNOWN_CALL_TYPES). */
export const CALL_TYPES = ['inbound_agent', 'inbound_forward_mobile', 'inbound_forward_landline', 'inbound_forward_international', 'outbound_mobile', 'outbound_landline', 'outbound_international'] as const;

export const fetchRatePlans = () => unwrap(api.GET('/api/v1/rate-plans'));
export const createRatePlan = (body: RatePlanBody) => unwrap(api.POST('/api/v1/rate-plans', { body }));
export const replaceRatePlan = (id: string, body: RatePlanBody) => unwrap(api.PUT('/api/v1/rate-plans/{id}', { params: { path: { id } }, body }));
export const deleteRatePlan = (id: string) => unwrap(api.DELETE('/api/v1/rate-plans/{id}', { params: { path: { id } } }));
export const assignRatePlan = (tenantId: string, ratePlanId: string) => unwrap(api.PUT('/api/v1/tenants/{id}/rate-plan', { params: { path: { id: tenantId } }, body: { ratePlanId } }));
/** The enterprise's plan as its account shows it (null: none), without a 404 for "no plan". */
export const fetchTenantPlan = async (tenantId: string) => (await unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id: tenantId } } }))).ratePlan;

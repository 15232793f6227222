import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type Review = ResponseOf<'/api/v1/quality/reviews/{id}', 'get'>;
export type Form = ResponseOf<'/api/v1/quality/forms', 'get'>['items'][number];
export type FormBody = BodyOf<'/api/v1/quality/forms', 'post'>;
export type FormItem = FormBody['items'][number];
export type Answers = BodyOf<'/api/v1/quality/reviews/{id}/score', 'post'>['answers'];
export type Rule = ResponseOf<'/api/v1/quality/sampling-rules', 'get'>['items'][number];
export type RuleBody = BodyOf<'/api/v1/quality/sampling-rules', 'post'>;
export type Schedule = ResponseOf<'/api/v1/quality/sampling/schedule', 'get'>;
export type Scopes = ResponseOf<'/api/v1/quality/scopes', 'get'>;
export type Results = ResponseOf<'/api/v1/quality/results', 'get'>;

export const fetchReviews = () => unwrap(api.GET('/api/v1/quality/reviews', { params: { query: {} } }));
export const fetchForms = () => unwrap(api.GET('/api/v1/quality/forms'));
export const createForm = (body: FormBody) => unwrap(api.POST('/api/v1/quality/forms', { body }));
export const updateForm = (id: string, body: FormBody) => unwrap(api.PUT('/api/v1/quality/forms/{id}', { params: { path: { id } }, body }));
export const scoreReview = (id: string, formId: string, answers: Answers, comment?: string) =>
  unwrap(api.POST('/api/v1/quality/reviews/{id}/score', { params: { path: { id } }, body: { formId, answers, ...(comment ? { comment } : {}) } }));
export const disputeReview = (id: string, reason: string) => unwrap(api.POST('/api/v1/quality/reviews/{id}/dispute', { params: { path: { id } }, body: { reason } }));
export const acceptReview = (id: string) => unwrap(api.POST('/api/v1/quality/reviews/{id}/accept', { params: { path: { id } } }));
export const resolveDispute = (id: string, resolution: string) => unwrap(api.POST('/api/v1/quality/reviews/{id}/resolve', { params: { path: { id } }, body: { resolution } }));
export const closeReview = (id: string) => unwrap(api.POST('/api/v1/quality/reviews/{id}/close', { params: { path: { id } } }));
export const fetchRules = () => unwrap(api.GET('/api/v1/quality/sampling-rules'));
export const createRule = (body: RuleBody) => unwrap(api.POST('/api/v1/quality/sampling-rules', { body }));
export const updateRule = (id: string, body: RuleBody) => unwrap(api.PUT('/api/v1/quality/sampling-rules/{id}', { params: { path: { id } }, body }));
export const deleteRule = (id: string) => unwrap(api.DELETE('/api/v1/quality/sampling-rules/{id}', { params: { path: { id } } }));
export const runSamplingNow = () => unwrap(api.POST('/api/v1/quality/sampling/run', { body: {} }));
export const fetchSchedule = () => unwrap(api.GET('/api/v1/quality/sampling/schedule'));
export const saveSchedule = (body: { enabled: boolean; everyMinutes: number }) => unwrap(api.PUT('/api/v1/quality/sampling/schedule', { body }));
export const fetchScopes = () => unwrap(api.GET('/api/v1/quality/scopes'));
export const fetchResults = (from: string, to: string) => unwrap(api.GET('/api/v1/quality/results', { params: { query: { from, to } } }));

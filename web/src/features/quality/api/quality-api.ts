import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type Review = ResponseOf<'/api/v1/quality/reviews/{id}', 'get'>;
export type Form = ResponseOf<'/api/v1/quality/forms', 'get'>['items'][number];
export type Answers = BodyOf<'/api/v1/quality/reviews/{id}/score', 'post'>['answers'];

export const fetchReviews = () => unwrap(api.GET('/api/v1/quality/reviews', { params: { query: {} } }));
export const fetchForms = () => unwrap(api.GET('/api/v1/quality/forms'));
export const scoreReview = (id: string, formId: string, answers: Answers) => unwrap(api.POST('/api/v1/quality/reviews/{id}/score', { params: { path: { id } }, body: { formId, answers } }));
export const disputeReview = (id: string, reason: string) => unwrap(api.POST('/api/v1/quality/reviews/{id}/dispute', { params: { path: { id } }, body: { reason } }));
export const acceptReview = (id: string) => unwrap(api.POST('/api/v1/quality/reviews/{id}/accept', { params: { path: { id } } }));

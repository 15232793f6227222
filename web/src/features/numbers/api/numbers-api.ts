import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type OwnNumber = ResponseOf<'/api/v1/numbers', 'get'>[number];
export type Routing = ResponseOf<'/api/v1/routing/numbers/{number}', 'get'>;
export type BoundPhone = Routing['boundPhones'][number];
export type NumberPolicy = BodyOf<'/api/v1/routing/numbers/{number}/policy', 'put'>;
export type PhoneGroup = NonNullable<NumberPolicy['default']>;
export type Distribution = NonNullable<PhoneGroup['distribution']>;
export type Strategy = Distribution['strategy'];
export type CapsView = ResponseOf<'/api/v1/caps/numbers/{number}', 'get'>;
export type Caps = BodyOf<'/api/v1/caps/numbers/{number}', 'put'>;
export type FlowView = ResponseOf<'/api/v1/flows/numbers/{number}', 'get'>;
export type NumberFlow = BodyOf<'/api/v1/flows/numbers/{number}', 'put'>;
export type FlowPrompt = NonNullable<NumberFlow['welcome']>;
export type LibraryPrompt = ResponseOf<'/api/v1/prompts', 'get'>[number];

export const STRATEGIES: readonly Strategy[] = ['top-down', 'round-robin', 'simultaneous', 'longest-idle', 'percentage'];

const path = (number: string) => ({ params: { path: { number } } });

export const fetchOwnNumbers = () => unwrap(api.GET('/api/v1/numbers'));
export const fetchRouting = (number: string) => unwrap(api.GET('/api/v1/routing/numbers/{number}', path(number)));
export const putBoundPhones = (number: string, phones: BoundPhone[]) => unwrap(api.PUT('/api/v1/routing/numbers/{number}/bound-phones', { ...path(number), body: phones }));
export const putPolicy = (number: string, policy: NumberPolicy) => unwrap(api.PUT('/api/v1/routing/numbers/{number}/policy', { ...path(number), body: policy }));
export const fetchCaps = (number: string) => unwrap(api.GET('/api/v1/caps/numbers/{number}', path(number)));
export const putCaps = (number: string, caps: Caps) => unwrap(api.PUT('/api/v1/caps/numbers/{number}', { ...path(number), body: caps }));
export const fetchFlow = (number: string) => unwrap(api.GET('/api/v1/flows/numbers/{number}', path(number)));
export const putFlow = (number: string, flow: NumberFlow) => unwrap(api.PUT('/api/v1/flows/numbers/{number}', { ...path(number), body: flow }));
export const fetchLibraryPrompts = () => unwrap(api.GET('/api/v1/prompts'));

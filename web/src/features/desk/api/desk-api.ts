// The REST calls of the desk: the softphone's credentials, the agent's own ACD state and phone,
// the call verbs on a live call (docs/calls: /api/v1/calls/{id}/…) and click-to-call.
import { api, unwrap } from '@/shared/api/index.ts';
import type { BodyOf, ResponseOf } from '@/shared/api/index.ts';

export type SoftphoneCredentials = ResponseOf<'/api/v1/me/softphone-credentials', 'post'>;
export type AgentView = ResponseOf<'/api/v1/acd/agents/{id}', 'get'>;
export type AgentPhone = AgentView['phone'];
export type StateAction = BodyOf<'/api/v1/acd/agents/{id}/state', 'post'>['action'];
export type ScreenPop = ResponseOf<'/api/v1/desk/offers/{token}', 'get'>;
export type PastContact = NonNullable<ScreenPop['servedBefore']>;
export type WrapUpCode = ResponseOf<'/api/v1/desk/wrap-up-codes', 'get'>['codes'][number];
export type MyCall = ResponseOf<'/api/v1/me/calls', 'get'>['calls'][number];
export type NotReadyReason = ResponseOf<'/api/v1/acd/not-ready-reasons', 'get'>['reasons'][number];
export type DeskSettings = ResponseOf<'/api/v1/desk/settings', 'get'>;
export type DeskSettingsChange = BodyOf<'/api/v1/desk/settings', 'put'>;
export type TransferTargets = ResponseOf<'/api/v1/desk/transfer-targets', 'get'>;
export type AgentTransferTarget = TransferTargets['agents'][number];
export type QueueTransferTarget = TransferTargets['queues'][number];

const me = { path: { id: 'me' } };

export const fetchSoftphoneCredentials = () => unwrap(api.POST('/api/v1/me/softphone-credentials'));
export const fetchMyAgent = () => unwrap(api.GET('/api/v1/acd/agents/{id}', { params: me }));
export const fetchNotReadyReasons = () => unwrap(api.GET('/api/v1/acd/not-ready-reasons'));
export const changeMyState = (action: StateAction, reason?: string) =>
  unwrap(api.POST('/api/v1/acd/agents/{id}/state', { params: me, body: reason === undefined ? { action } : { action, reason } }));
/** Everything known about an offered call before answering (C14); 404 once its call ended. */
export const fetchScreenPop = (token: string) => unwrap(api.GET('/api/v1/desk/offers/{token}', { params: { path: { token } } }));
export const fetchWrapUpCodes = () => unwrap(api.GET('/api/v1/desk/wrap-up-codes'));
/** The wrap-up of a call this agent took (C15): a code, a note or both; saving again replaces it. */
export const saveWrapUp = (callId: string, code: string | null, note: string) =>
  unwrap(api.POST('/api/v1/call-records/{id}/wrap-up', { params: { path: { id: callId } }, body: { code, note } }));
/** The agent's own calls, newest first; `before`: the last `startedAt` of the page before. */
export const fetchMyCalls = (before?: string) => unwrap(api.GET('/api/v1/me/calls', { params: { query: before ? { limit: 20, before } : { limit: 20 } } }));
/** Whom a call may go to: the tenant's other agents with their state, and its queues. */
export const fetchTransferTargets = () => unwrap(api.GET('/api/v1/desk/transfer-targets'));

/** The agent's own desk settings, kept by the server so they follow the agent to another browser. */
export const fetchDeskSettings = () => unwrap(api.GET('/api/v1/desk/settings'));
/** Changes auto-answer and/or the phone calls are offered to (C15); answers the settings as saved. */
export const saveDeskSettings = (change: DeskSettingsChange) => unwrap(api.PUT('/api/v1/desk/settings', { body: change }));

const onCall = (id: string) => ({ params: { path: { id } } });
export const hangUpCall = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/hangup', { ...onCall(id), body: {} }));
/** Holds the far end's leg (they hear music); the platform re-INVITEs them, not this phone. */
export const holdCall = (id: string, leg: string) => unwrap(api.POST('/api/v1/calls/{id}/hold', { ...onCall(id), body: { leg } }));
export const unholdCall = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/unhold', { ...onCall(id), body: {} }));
export const blindTransfer = (id: string, to: string) => unwrap(api.POST('/api/v1/calls/{id}/transfer', { ...onCall(id), body: { to } }));
/** Hands the caller to a queue of the tenant (they wait there like a new arrival); this phone is free at once. */
export const transferToQueue = (id: string, queue: string) => unwrap(api.POST('/api/v1/calls/{id}/transfer', { ...onCall(id), body: { queue } }));
export const consult = (id: string, to: string) => unwrap(api.POST('/api/v1/calls/{id}/consult', { ...onCall(id), body: { to } }));
export const completeTransfer = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/complete', { ...onCall(id), body: {} }));
export const cancelConsult = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/cancel-consult', { ...onCall(id), body: {} }));
export const threeWay = (id: string, to: string) => unwrap(api.POST('/api/v1/calls/{id}/conference', { ...onCall(id), body: { to, role: 'barge' } }));
export const endThreeWay = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/conference/end', { ...onCall(id), body: {} }));
export const pauseRecording = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/record-pause', { ...onCall(id), body: {} }));
export const resumeRecording = (id: string) => unwrap(api.POST('/api/v1/calls/{id}/record-resume', { ...onCall(id), body: {} }));
export const clickToCall = (to: string, number400: string) => unwrap(api.POST('/api/v1/calls', { body: { to, number400 } }));

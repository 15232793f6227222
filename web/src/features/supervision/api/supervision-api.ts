/** The routes the supervision page calls: stepping into a call, agents' states, the browser phone's credentials. */
import { api, unwrap } from '@/shared/api/index.ts';

export type StepInRole = 'listen' | 'whisper' | 'barge';
export type ForcedAction = 'log_in' | 'ready' | 'not_ready' | 'log_out';

const byId = (id: string) => ({ params: { path: { id } } });

/** Rings the supervisor's own phone (this browser or their SIP phone) and mixes it in with `role`. */
export const monitorCall = (callId: string, role: StepInRole) => unwrap(api.POST('/api/v1/calls/{id}/monitor', { ...byId(callId), body: { role } }));
export const switchRole = (callId: string, role: StepInRole) => unwrap(api.POST('/api/v1/calls/{id}/conference/role', { ...byId(callId), body: { role } }));
export const takeOver = (callId: string) => unwrap(api.POST('/api/v1/calls/{id}/take-over', { ...byId(callId), body: {} }));
export const leaveCall = (callId: string) => unwrap(api.POST('/api/v1/calls/{id}/conference/end', { ...byId(callId), body: {} }));
export const hangUpCall = (callId: string) => unwrap(api.POST('/api/v1/calls/{id}/hangup', { ...byId(callId), body: {} }));

export const fetchAgents = () => unwrap(api.GET('/api/v1/acd/agents'));
export const fetchQueues = () => unwrap(api.GET('/api/v1/acd/queues'));
export const fetchNotReadyReasons = () => unwrap(api.GET('/api/v1/acd/not-ready-reasons'));
export const forceAgentState = (userId: string, action: ForcedAction, reason?: string) =>
  unwrap(api.POST('/api/v1/acd/agents/{id}/state', { ...byId(userId), body: { action, ...(reason ? { reason } : {}) } }));

export const fetchSoftphoneCredentials = () => unwrap(api.POST('/api/v1/me/softphone-credentials'));

// The softphone: the agent's browser as a SIP phone over the platform's WebSocket, WebRTC media.
export { Softphone, defaultWebSocketUrl } from './softphone.ts';
export type { CallState, IncomingCall, SoftphoneOptions, SoftphoneState } from './softphone.ts';

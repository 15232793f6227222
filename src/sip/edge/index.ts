export { EdgeGuard } from './edge-guard.ts';
export type { EdgeGuardOptions, EdgeGuardStats, BanReason } from './edge-guard.ts';
export { ConnectionLimits } from './connection-limits.ts';
export { isScannerUserAgent, SCANNER_USER_AGENTS } from './scanner-user-agents.ts';

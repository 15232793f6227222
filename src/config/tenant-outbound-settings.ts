/** Per-tenant outbound caps and fraud warning/critical levels, read from the environment only. */
import type { FraudLimits } from '../fraud/fraud-detector.ts';
import { SettingsError, parseCount } from './setting-values.ts';

/** Calls out through a trunk per tenant: hard caps, and fraud_detection-style warning/critical thresholds (0: off; HOTLINE_TENANT_MAX_OUTBOUND_CALLS, HOTLINE_TENANT_OUTBOUND_CALLS_PER_MINUTE, HOTLINE_FRAUD_*). */
export type TenantOutboundSettings = FraudLimits;

/** HOTLINE_FRAUD_* thresholds are `warning/critical` pairs, e.g. `30/60`. */
function parseLevels(env: NodeJS.ProcessEnv, name: string, warning: number, critical: number): { warning: number; critical: number } {
  const raw = env[name];
  if (raw === undefined || raw === '') return { warning, critical };
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new SettingsError(`${name} must be warning/critical counts like 30/60 (0 turns a level off), got '${raw}'`);
  return { warning: Number(m[1]), critical: Number(m[2]) };
}

function envCount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : parseCount(raw, name, 0, 1_000_000);
}

export function loadTenantOutboundSettings(env: NodeJS.ProcessEnv): TenantOutboundSettings {
  return {
    maxConcurrent: envCount(env, 'HOTLINE_TENANT_MAX_OUTBOUND_CALLS', 60),
    maxPerMinute: envCount(env, 'HOTLINE_TENANT_OUTBOUND_CALLS_PER_MINUTE', 120),
    callsPerMinute: parseLevels(env, 'HOTLINE_FRAUD_CALLS_PER_MINUTE', 30, 60),
    concurrent: parseLevels(env, 'HOTLINE_FRAUD_CONCURRENT_CALLS', 20, 40),
    callsPerHour: parseLevels(env, 'HOTLINE_FRAUD_CALLS_PER_HOUR', 600, 1500),
    sequentialSameNumber: parseLevels(env, 'HOTLINE_FRAUD_SEQUENTIAL_CALLS', 10, 25),
  };
}

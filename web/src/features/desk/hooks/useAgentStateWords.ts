import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';
import { fetchNotReadyReasons } from '../api/desk-api.ts';
import type { AgentStateName } from '../model/desk-state.ts';

/** The colour of an agent's state wherever the desk shows one (the state bar, transfer targets). */
export const STATE_COLOR: Record<AgentStateName, string> = {
  logged_out: 'default',
  ready: 'green',
  not_ready: 'orange',
  reserved: 'blue',
  ringing: 'blue',
  talking: 'red',
  held: 'purple',
  wrap_up: 'gold',
};

const STATES = Object.keys(STATE_COLOR) as AgentStateName[];
export const isAgentState = (s: string): s is AgentStateName => (STATES as string[]).includes(s);

/** Reasons the platform gives by itself (docs/acd.md), named in the product's words. */
const SYSTEM_REASONS: Record<string, MessageKey> = {
  registration_lost: 'desk.reason.registration_lost',
  desk_closed: 'desk.reason.desk_closed',
  missed_offers: 'desk.reason.missed_offers',
  restart: 'desk.reason.restart',
  logged_in: 'desk.reason.logged_in',
};

/** An agent's state and not-ready reason in words: the tenant's own reasons by name, the platform's in the product's words. */
export function useAgentStateWords(): { stateName: (state: string) => string; reasonName: (code: string | undefined | null) => string } {
  const { t } = useI18n();
  const reasons = useQuery({ queryKey: ['desk', 'not-ready-reasons'], queryFn: fetchNotReadyReasons });
  const reasonName = (code: string | undefined | null): string => {
    if (code === undefined || code === null) return '';
    const own = reasons.data?.reasons.find((r) => r.code === code);
    if (own) return own.name;
    const sys = SYSTEM_REASONS[code];
    return sys ? t(sys) : code;
  };
  const stateName = (state: string): string => (isAgentState(state) ? t(`desk.state.${state}`) : state);
  return { stateName, reasonName };
}

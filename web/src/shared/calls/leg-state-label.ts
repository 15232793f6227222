/** A call leg's state as a supervisor reads it ("801 通话中", not "801 answered"). */
import { useCallback } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';

const LEG_STATES = ['offering', 'calling', 'ringing', 'early_media', 'answered', 'held', 'ended'] as const;
const isLegState = (s: string): s is (typeof LEG_STATES)[number] => (LEG_STATES as readonly string[]).includes(s);

/** The label of a leg state; one the app does not know yet is shown as it is. */
export function useLegStateLabel(): (state: string) => string {
  const { t } = useI18n();
  return useCallback((state: string) => (isLegState(state) ? t(`supervision.legState.${state}`) : state), [t]);
}

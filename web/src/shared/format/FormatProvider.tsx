import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { DEFAULT_TIME_ZONE, formatters } from './format.ts';
import type { Formatters } from './format.ts';

const ZoneContext = createContext<string>(DEFAULT_TIME_ZONE);

/** The zone every date on the page is shown in: the tenant's (the app shell knows it). */
export function TimeZoneProvider({ timeZone, children }: { timeZone: string | undefined; children: ReactNode }) {
  return <ZoneContext.Provider value={timeZone ?? DEFAULT_TIME_ZONE}>{children}</ZoneContext.Provider>;
}

/** Money, dates and durations in the user's language and the tenant's zone. */
export function useFormat(): Formatters {
  const { locale } = useI18n();
  const zone = useContext(ZoneContext);
  return useMemo(() => formatters(locale, zone), [locale, zone]);
}

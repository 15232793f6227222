export { DEFAULT_TIME_ZONE, LI_PER_YUAN, formatters, liToYuan, startOfZonedDay, wallClock, zonedInstant } from './format.ts';
export type { Formatters } from './format.ts';
export { TimeZoneProvider, useFormat } from './FormatProvider.tsx';

/**
 * Calendar days and months of a tenant's time zone as UTC instants, so statements and daily
 * totals cut at the tenant's midnight (DESIGN: time is stored in UTC, reports use the tenant's
 * zone). Uses the runtime's IANA database through Intl; no offsets are hard-coded.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at `instantMs`, in ms (positive east of Greenwich). */
function offsetAt(instantMs: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/**
 * The first instant (UTC ms) of the local calendar day `year-month-day` in `zone`. The offsets a
 * day before and a day after are the candidates; around a DST change only one of them puts the
 * instant on the requested day at its first moment (when midnight is skipped, the day starts at
 * the jump; when it repeats, the earlier one counts).
 */
export function localMidnightUtc(year: number, month: number, day: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const target = isoDate(year, month, day);
  const candidates = [wall - offsetAt(wall - DAY_MS, zone), wall - offsetAt(wall + DAY_MS, zone)];
  const onDay = candidates.filter((t) => localDate(t, zone) === target);
  return Math.min(...(onDay.length > 0 ? onDay : candidates));
}

/** The local calendar date (`YYYY-MM-DD`) of a UTC instant in `zone`. */
export function localDate(instantMs: number, zone: string): string {
  const local = instantMs + offsetAt(instantMs, zone);
  return new Date(local).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` for the given parts. */
export function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

import { useQuery } from '@tanstack/react-query';
import { startOfZonedDay } from '@/shared/format/index.ts';
import { fetchAnalysis, fetchTodayRecords } from '../api/dashboard-api.ts';

/** Today in the tenant's zone: its figures and records, refreshed every minute. */
export function useToday(timeZone: string) {
  const from = startOfZonedDay(new Date(), timeZone).toISOString();
  const analysis = useQuery({
    queryKey: ['dashboard', 'analysis', from],
    queryFn: () => fetchAnalysis(from, new Date(Date.now() + 60_000).toISOString()),
    refetchInterval: 60_000,
  });
  const records = useQuery({ queryKey: ['dashboard', 'records', from], queryFn: () => fetchTodayRecords(from), refetchInterval: 60_000 });
  return { analysis, records };
}

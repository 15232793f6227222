import { useQuery } from '@tanstack/react-query';
import { fetchAccount, fetchSpending, fetchStatement } from '../api/spending-api.ts';

/** The prepaid balance and rate plan (tenant admins only: pass enabled=false for others). */
export function useAccount(enabled = true) {
  return useQuery({ queryKey: ['account'], queryFn: fetchAccount, enabled });
}

/** Daily and monthly totals of a year in the tenant's zone (P3). */
export function useSpendingReport(year: number) {
  return useQuery({ queryKey: ['spending', year], queryFn: () => fetchSpending(year) });
}

export function useStatement(month: string | null) {
  return useQuery({ queryKey: ['statement', month], queryFn: () => fetchStatement(month ?? ''), enabled: month !== null });
}

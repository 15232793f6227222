import { useQuery } from '@tanstack/react-query';
import { fetchCallAnalysis } from '../api/call-analysis-api.ts';

export function useCallAnalysis(from: string, to: string) {
  return useQuery({ queryKey: ['call-analysis', from, to], queryFn: () => fetchCallAnalysis(from, to) });
}

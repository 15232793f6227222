import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchExport, startExport } from '../api/call-records-api.ts';
import type { CallRecordQuery, ExportJob } from '../api/call-records-api.ts';

/** How often a running export is polled for its progress. */
const POLL_MS = 700;

/**
 * The Excel export as the server runs it: start a job for the filters, poll its progress while
 * it runs, then its file is downloadable (the browser fetches it with the session cookie).
 */
export function useExportJob() {
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({ mutationFn: (query: CallRecordQuery) => startExport(query), onSuccess: (job) => setJobId(job.id) });
  const job = useQuery({
    queryKey: ['call-record-export', jobId],
    queryFn: () => fetchExport(jobId as string),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || q.state.data === undefined ? POLL_MS : false),
  });
  const current: ExportJob | undefined = job.data ?? start.data;
  return { start, job: jobId ? current : undefined, error: start.error ?? job.error };
}

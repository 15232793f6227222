import { useCallback, useState } from 'react';
import { ApiError } from '@/shared/api/index.ts';

export interface ExportState {
  busy: boolean;
  /** Bytes received so far (the server builds the workbook first, then sends it). */
  received: number;
  error: string | null;
}

/** Downloads a file with the session cookie, counting bytes as they arrive, then saves it. */
export function useDownload() {
  const [state, setState] = useState<ExportState>({ busy: false, received: 0, error: null });
  const download = useCallback(async (href: string, fileName: string) => {
    setState({ busy: true, received: 0, error: null });
    try {
      const res = await fetch(href, { credentials: 'same-origin' });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText);
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        setState((s) => ({ ...s, received }));
      }
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, received, error: null });
    } catch (err) {
      setState({ busy: false, received: 0, error: err instanceof Error ? err.message : String(err) });
    }
  }, []);
  return { ...state, download };
}

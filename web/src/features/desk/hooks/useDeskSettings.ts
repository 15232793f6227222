import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchDeskSettings, saveDeskSettings } from '../api/desk-api.ts';
import type { DeskSettings, DeskSettingsChange } from '../api/desk-api.ts';

export const DESK_SETTINGS_KEY = ['desk', 'settings'] as const;
/** Where the desk once kept auto-answer in this browser only; moved to the server once, then removed. */
const LEGACY_AUTO_ANSWER_KEY = 'hotline.desk.autoAnswer';

/**
 * The agent's desk settings (auto-answer, the phone calls are offered to) as the server keeps
 * them (GET/PUT /api/v1/desk/settings), so they follow the agent to another browser.
 */
export function useDeskSettings(onError: (e: Error) => void): {
  settings: DeskSettings | undefined;
  error: Error | null;
  save: (change: DeskSettingsChange) => void;
  saving: boolean;
} {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: DESK_SETTINGS_KEY, queryFn: fetchDeskSettings, retry: false });
  const mutation = useMutation({
    mutationFn: saveDeskSettings,
    onSuccess: (saved) => {
      qc.setQueryData(DESK_SETTINGS_KEY, saved);
      // The ACD's view of the agent (its phone) changed with them.
      void qc.invalidateQueries({ queryKey: ['desk', 'me'] });
    },
    onError,
  });
  const loaded = query.data;
  const { mutate } = mutation;
  useEffect(() => {
    if (!loaded) return;
    const legacy = localStorage.getItem(LEGACY_AUTO_ANSWER_KEY);
    if (legacy === null) return;
    localStorage.removeItem(LEGACY_AUTO_ANSWER_KEY);
    if (legacy === '1' && !loaded.autoAnswer) mutate({ autoAnswer: true });
  }, [loaded, mutate]);
  return { settings: loaded, error: query.error, save: mutate, saving: mutation.isPending };
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteVoicemail, fetchVoicemails, markVoicemail } from '../api/voicemail-api.ts';

export function useVoicemails() {
  return useQuery({ queryKey: ['voicemails'], queryFn: fetchVoicemails });
}

export function useVoicemailActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['voicemails'] });
  return {
    mark: useMutation({ mutationFn: (v: { id: string; heard: boolean }) => markVoicemail(v.id, v.heard), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => deleteVoicemail(id), onSuccess: refresh }),
  };
}

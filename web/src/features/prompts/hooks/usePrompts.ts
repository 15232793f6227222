import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deletePrompt, fetchPrompts, speakPrompt, uploadPrompt } from '../api/prompts-api.ts';
import type { TtsLanguage } from '../api/prompts-api.ts';

export function usePrompts() {
  return useQuery({ queryKey: ['prompts'], queryFn: fetchPrompts });
}

export function usePromptActions() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['prompts'] });
  return {
    upload: useMutation({ mutationFn: (v: { name: string; file: File }) => uploadPrompt(v.name, v.file), onSuccess: refresh }),
    speak: useMutation({ mutationFn: (v: { name: string; text: string; language: TtsLanguage }) => speakPrompt(v.name, v.text, v.language), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => deletePrompt(id), onSuccess: refresh }),
  };
}

import { api, unwrap } from '@/shared/api/index.ts';
import type { ResponseOf } from '@/shared/api/index.ts';

export type Voicemail = ResponseOf<'/api/v1/voicemails', 'get'>[number];

export const fetchVoicemails = () => unwrap(api.GET('/api/v1/voicemails', { params: { query: { limit: 500 } } }));
export const markVoicemail = (id: string, heard: boolean) => unwrap(api.PATCH('/api/v1/voicemails/{id}', { params: { path: { id } }, body: { heard } }));
export const deleteVoicemail = (id: string) => unwrap(api.DELETE('/api/v1/voicemails/{id}', { params: { path: { id } } }));

/** The part of a MediaEndpoint the flow steps use (a fake in unit tests). */
import type { MediaEndpoint } from '../media/media-engine.ts';

export type FlowMedia = Pick<MediaEndpoint, 'play' | 'onDtmf' | 'record'>;

// Where an endpoint hands the decoded audio it receives (the far end's voice) to consumers that
// need PCM: recorders and conferences. Relay alone never decodes.

import type { PcmFifo } from './pcm-fifo.ts';

export interface PcmTapHost {
  addTap(fifo: PcmFifo): void;
  removeTap(fifo: PcmFifo): void;
}

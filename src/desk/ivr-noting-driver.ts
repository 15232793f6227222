/**
 * A call driver that first notes the IVR path a flow's hand-off carries (`params.ivr`, set by the
 * number's menu) in the desk's call book, then drives the call as `driver` does — so the screen pop
 * can show the keys the caller pressed without the ACD knowing the desk exists.
 */
import type { CallDriver, DrivenCall } from '../calls/ports.ts';
import { type DeskCallBook, ivrPathOf } from './desk-call-book.ts';

export function noteIvrPath(driver: CallDriver, book: DeskCallBook): CallDriver {
  return {
    drive(call: DrivenCall, params: Readonly<Record<string, unknown>>, signal: AbortSignal) {
      const ivr = ivrPathOf(params);
      if (ivr) book.noteIvr(call.id, ivr);
      return driver.drive(call, params, signal);
    },
  };
}

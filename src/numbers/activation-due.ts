/**
 * When a number should open after its application (seed 000 step 5: "普通号码3个工作日,特殊号码15个
 * 工作日"): ordinary numbers 3 working days, special ones 15, counted on the Chinese statutory
 * calendar (holidays and adjusted working days from `chinese-days`) in Asia/Shanghai.
 */
import chineseDays from 'chinese-days';

export const ORDINARY_WORKING_DAYS = 3;
export const SPECIAL_WORKING_DAYS = 15;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYY-MM-DD` of the working day `special ? 15 : 3` working days after `now`'s Shanghai date. */
export function activationDueOn(now: Date, special: boolean): string {
  const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return chineseDays.findWorkday(special ? SPECIAL_WORKING_DAYS : ORDINARY_WORKING_DAYS, today);
}

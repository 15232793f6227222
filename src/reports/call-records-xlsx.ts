/**
 * P2's Excel export of call records: the sheet's columns and one row per call with everything the
 * list shows, times in the tenant's zone, money as li (whole numbers) and as yuan text. The writer
 * (src/exports/) streams these rows into the workbook.
 */
import type { CallRecord } from '../cdr/call-record.ts';
import { liToYuan } from './money-text.ts';

const OUTCOME_ZH: Record<string, string> = {
  answered: '已接听',
  busy: '未接-忙',
  no_answer: '未接-无应答',
  cancelled: '未接-放弃',
  failed: '未接-失败',
  interrupted: '中断',
  blocked: '未接-拦截',
  over_cap: '未接-超限',
  no_balance: '未接-余额不足',
  closed: '未接-非工作时间',
};

export const XLSX_SHEET_NAME = '通话记录';

export const XLSX_COLUMNS = [
  { header: '开始时间 Start', key: 'start', width: 20 },
  { header: '400号码 Number', key: 'number', width: 14 },
  { header: '主叫号码 Caller', key: 'caller', width: 16 },
  { header: '区号 Area code', key: 'areaCode', width: 8 },
  { header: '主叫地区 Region', key: 'region', width: 16 },
  { header: '接听号码 Answered by', key: 'answering', width: 16 },
  { header: '结果 Outcome', key: 'outcome', width: 14 },
  { header: '通话时长(秒) Talk s', key: 'talk', width: 10 },
  { header: '费用(厘) Cost li', key: 'costLi', width: 10 },
  { header: '费用(元) Cost CNY', key: 'costYuan', width: 10 },
  { header: '录音 Recording', key: 'recording', width: 40 },
] as const;

export type XlsxRow = Record<(typeof XLSX_COLUMNS)[number]['key'], string | number>;

/** Formats instants as `YYYY-MM-DD HH:mm:ss` in one zone (the formatter made once per export). */
export function localTimeFormatter(zone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (iso) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  };
}

export function callRecordXlsxRow(r: CallRecord, opts: { localTime(iso: string): string; recordingUrl(id: string): string }): XlsxRow {
  return {
    start: opts.localTime(r.startedAt),
    number: r.number400,
    caller: r.callerNumber,
    areaCode: r.callerAreaCode ?? '',
    region: [r.callerProvince, r.callerCity].filter(Boolean).join(' '),
    answering: r.answeringNumber ?? '',
    outcome: OUTCOME_ZH[r.outcome ?? ''] ?? '进行中',
    talk: r.talkSeconds,
    costLi: r.costLi,
    costYuan: liToYuan(r.costLi),
    recording: r.recordingPath ? opts.recordingUrl(r.id) : '',
  };
}

/**
 * Runs fuzz cases (call-fuzz.ts) against a harness platform and checks what must hold after any
 * input: no exception escaped (process handlers, the platform's log), every call is gone with its
 * record closed, every media endpoint released, and the platform still answers OPTIONS.
 */
import { WorkerMediaEngine } from '../../src/media/worker/worker-media-engine.ts';
import type { CaseResult, FuzzCaller, FuzzPhone } from './call-fuzz.ts';
import type { Harness } from './platform-harness.ts';

export interface CallFuzzOptions {
  firstSeed: number;
  cases: number;
  /** Cases under way at once. */
  concurrency: number;
  number400?: string;
  callerNumber?: string;
}

export interface CallFuzzReport {
  /** What must not happen and did, one line each (empty when all held). */
  problems: string[];
  /** Final status of the INVITE → cases (0: no final response). */
  byStatus: Map<number, number>;
  summary: string;
}

/** Lines of the platform's log that mean an exception escaped a handler. */
const ESCAPED = /call error|sip internal error|TypeError|RangeError|ReferenceError|unhandled/i;

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

export async function runCallFuzz(h: Harness, caller: FuzzCaller, phone: FuzzPhone, opts: CallFuzzOptions): Promise<CallFuzzReport> {
  const problems: string[] = [];
  const escaped = (err: unknown): void => void problems.push(`escaped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.on('unhandledRejection', escaped);
  process.on('uncaughtException', escaped);
  const logStart = h.logs().length;
  const results: CaseResult[] = [];
  const started = Date.now();
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < opts.cases) {
        const seed = opts.firstSeed + next++;
        try {
          results.push(await caller.runCase(seed, opts.number400 ?? '4006123456', opts.callerNumber ?? '13912345678'));
        } catch (err) {
          problems.push(`case ${seed} threw in the fuzzer: ${String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));

    // Everything a call holds is let go once it ends; a call that never got its ACK or BYE ends by
    // its own timers (ring timeout, Timer H), so give those time.
    if (!(await until(() => h.platform.b2bua.activeCalls === 0, 60_000))) problems.push(`${h.platform.b2bua.activeCalls} call(s) still up a minute after the last case`);
    const open = await h.platform.database.db.withTables<{ call_records: { sip_call_id: string; outcome: string | null } }>()
      .selectFrom('call_records').select('sip_call_id').where('outcome', 'is', null).execute();
    if (open.length > 0) problems.push(`${open.length} call record(s) left open: ${open.slice(0, 5).map((r) => r.sip_call_id).join(', ')}`);
    const media = h.platform.media;
    if (media instanceof WorkerMediaEngine && !(await until(() => media.load.every((n) => n === 0), 10_000))) problems.push(`media endpoints left: ${media.load.join(', ')}`);
    if (!(await caller.optionsAnswered())) problems.push('OPTIONS is no longer answered');
    for (const line of h.logs().slice(logStart).split('\n')) if (ESCAPED.test(line)) problems.push(`logged: ${line.slice(0, 400)}`);
  } finally {
    process.off('unhandledRejection', escaped);
    process.off('uncaughtException', escaped);
  }
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const inDialog = results.flatMap((r) => r.inDialog);
  const byes = results.filter((r) => r.byeStatus !== undefined);
  const statuses = [...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || 'none'}×${n}`).join(' ');
  const summary =
    `${results.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; INVITE finals ${statuses}; ` +
    `${inDialog.length} in-dialog requests (${inDialog.filter((r) => r.status >= 200 && r.status < 300).length} 2xx, ${inDialog.filter((r) => r.status === 0).length} unanswered); ` +
    `${byes.filter((r) => r.byeStatus === 200).length}/${byes.length} BYEs 200; the phone was rung ${phone.invites} times`;
  return { problems, byStatus, summary };
}

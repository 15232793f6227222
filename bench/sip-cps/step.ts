// One load step: a fresh SIPp callee, a SIPp caller at a fixed rate for a fixed time through the
// middle box, then both sets of statistics.
import { runSipp, startSipp } from '../../test/support/sipp.ts';
import type { SippProcess } from '../../test/support/sipp.ts';
import { UAC_SCENARIO, UAS_SCENARIO } from './scenarios.ts';

/** 4 MiB socket buffers (the kernel's rmem_max here) so bursts are not dropped inside the generator. */
export const BUFFERS = ['-buff_size', '4194304'] as const;

export interface StepSpec {
  rate: number;
  seconds: number;
  callMs: number;
  /** Where the caller sends: the middle box, or the callee itself. */
  target: { host: string; port: number };
  uasPort: number;
  service: string;
  caller: string;
  transport: 'udp' | 'tcp';
  /**
   * SIPp retransmits nothing (-nr, caller and callee): for CPU-per-call figures, where a platform
   * slowed by a busy machine would otherwise be sent more work the slower it gets.
   */
  noRetransmissions?: boolean;
}

export interface StepResult {
  rate: number;
  seconds: number;
  attempted: number;
  successful: number;
  failed: number;
  /** Retransmissions sent by the caller and the callee together. */
  retransmissions: number;
  /** Calls per second actually generated (successful calls over the sending time). */
  achievedRate: number;
  /** INVITE → 180 per call, ms (SIPp's resolution is 1 ms). */
  pdd: number[];
  pass: boolean;
  note: string;
}

export async function runStep(spec: StepSpec): Promise<StepResult> {
  const calls = Math.max(1, Math.round(spec.rate * spec.seconds));
  const uas = await startCallee(spec);
  const started = performance.now();
  let uac;
  try {
    uac = await runSipp({
      scenario: UAC_SCENARIO,
      remote: `${spec.target.host}:${spec.target.port}`,
      transport: spec.transport,
      calls,
      rate: spec.rate,
      service: spec.service,
      keys: { caller: spec.caller },
      // No "abortunexp": a late 180 (reordered by a multi-process relay) must not abort the call;
      // real failures still show as receive timeouts.
      extraArgs: ['-d', String(spec.callMs), '-recv_timeout', '10000', '-default_behaviors', 'bye,pingreply', ...BUFFERS, ...(spec.noRetransmissions ? ['-nr'] : [])],
      traceRtt: true,
      timeoutSeconds: spec.seconds + spec.callMs / 1000 + 60,
    });
  } finally {
    // Let the last BYE/200 settle before the callee's numbers are read.
    await new Promise((r) => setTimeout(r, 300));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const uasResult = await uas.stop();
  const s = uac.stats;
  const successful = s?.successful ?? 0;
  // Failures are the caller's: the callee may also count calls a relay is still retransmitting
  // from an earlier, failed step, which are not this step's calls.
  const failed = s?.failed ?? calls;
  const retransmissions = (s?.retransmissions ?? 0) + (uasResult.stats?.retransmissions ?? 0);
  // Calls started per second, from the INVITE→180 timestamps (call starts) when there are enough.
  const starts = (uac.rttStarts.get('1') ?? []).sort((a, b) => a - b);
  const span = starts.length > 1 ? ((starts[starts.length - 1] as number) - (starts[0] as number)) / 1000 : 0;
  const achievedRate = span > 0 ? (starts.length - 1) / span : successful / Math.max(spec.seconds, wallSeconds);
  const notes: string[] = [];
  if (uac.exitCode !== 0) notes.push(`uac exit ${uac.exitCode}`);
  if (successful < calls) notes.push(`${calls - successful} calls not completed`);
  if (achievedRate < spec.rate * 0.95) notes.push(`generator reached only ${achievedRate.toFixed(0)}/s`);
  // The callee's own view tells a call the middle box never delivered (or answered late) from one
  // the callee refused: its failed calls, dead-call and out-of-call messages, first errors.
  const us = uasResult.stats;
  if (us !== undefined && (us.failed > 0 || us.deadCallMessages > 0 || us.outOfCallMessages > 0 || failed > 0)) {
    notes.push(`callee: ${us.successful} ok, ${us.failed} failed, ${us.deadCallMessages} dead-call and ${us.outOfCallMessages} out-of-call messages, ${us.incoming} calls in`);
  }
  const errors = uac.errors.trim().split('\n').filter((l) => l.length > 0);
  if (errors.length > 0 && failed > 0) notes.push(`errors: ${errors.slice(0, 6).join(' | ').slice(0, 600)}`);
  const calleeErrors = uasResult.errors.trim().split('\n').filter((l) => l.length > 0);
  if (calleeErrors.length > 0 && failed > 0) notes.push(`callee errors: ${calleeErrors.slice(0, 4).join(' | ').slice(0, 400)}`);
  return {
    rate: spec.rate,
    seconds: spec.seconds,
    attempted: calls,
    successful,
    failed,
    retransmissions,
    achievedRate,
    pdd: uac.rtt.get('1') ?? [],
    pass: failed === 0 && retransmissions === 0 && successful === calls && achievedRate >= spec.rate * 0.95,
    note: notes.join('; '),
  };
}

/** The callee on its fixed port; a moment's retry if the port is still held (the previous step's callee exiting). */
async function startCallee(spec: StepSpec): Promise<SippProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSipp({ scenario: UAS_SCENARIO, port: spec.uasPort, transport: spec.transport, timeoutSeconds: spec.seconds + 120, extraArgs: [...BUFFERS, ...(spec.noRetransmissions ? ['-nr'] : [])] });
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

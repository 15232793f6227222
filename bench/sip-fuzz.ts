// Long fuzz run of the SIP parser: `node --import tsx bench/sip-fuzz.ts [cases] [seed]`.
// Prints cases/s, how many parsed, and the slowest case (to spot super-linear inputs).
import { mutate, prng, runCase, seedCorpus } from '../test/sip/message/fuzz-mutator.ts';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const rnd = prng(seed);
const corpus = seedCorpus();
let parsed = 0;
let bytes = 0;
let slowest = { ms: 0, size: 0, index: -1 };
const t0 = performance.now();
for (let i = 0; i < cases; i++) {
  const input = mutate(corpus[i % corpus.length] as Buffer, rnd);
  bytes += input.length;
  const s = performance.now();
  try {
    if (runCase(input) === 'parsed') parsed++;
  } catch (e) {
    console.error(`FAIL seed=${seed} case=${i}: ${String(e)}\n${JSON.stringify(input.toString('latin1').slice(0, 2000))}`);
    process.exit(1);
  }
  const ms = performance.now() - s;
  if (ms > slowest.ms) slowest = { ms, size: input.length, index: i };
}
const secs = (performance.now() - t0) / 1000;
console.log(`seed ${seed}: ${cases} cases in ${secs.toFixed(1)} s = ${Math.round(cases / secs)} cases/s, ` +
  `${(bytes / secs / 1e6).toFixed(1)} MB/s; parsed ${parsed} (${((100 * parsed) / cases).toFixed(1)}%), refused ${cases - parsed}; ` +
  `slowest case #${slowest.index}: ${slowest.ms.toFixed(2)} ms for ${slowest.size} bytes`);

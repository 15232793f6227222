import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { DigitBuffer } from '../../src/media/dtmf/digit-buffer.ts';
import type { StepContext } from '../../src/flows/flow-step.ts';
import { MenuStep } from '../../src/flows/menu-step.ts';
import { PasswordStep } from '../../src/flows/password-step.ts';
import { PlayStep } from '../../src/flows/play-step.ts';
import { promptSource } from '../../src/flows/prompt-source.ts';
import { VoicemailStep } from '../../src/flows/voicemail-step.ts';
import { FakeFlowMedia, flush } from './fake-flow-media.ts';

function context(media = new FakeFlowMedia(), ac = new AbortController()) {
  const clock = new FakeClock();
  const ctx: StepContext = { media, clock, signal: ac.signal, digits: new DigitBuffer(media, clock), source: (p) => promptSource(p, 'en', '/data/audio/t1') };
  return { ctx, media, clock, ac };
}

/** Runs time forward in steps until the promise settles (each step lets the flow react). */
async function runOut<T>(clock: FakeClock, p: Promise<T>, stepMs = 1000, maxSteps = 200): Promise<T> {
  let done = false;
  void p.then(() => { done = true; }, () => { done = true; });
  for (let i = 0; i < maxSteps && !done; i++) {
    await flush();
    clock.advance(stepMs);
  }
  return p;
}

test('play: a key ends a barge-in prompt; the key stays for the next question', async () => {
  const { ctx, media } = context();
  media.keysDuringPlay.set(0, '2');
  assert.equal(await new PlayStep({ system: 'welcome' }, true).exec(ctx), 'dtmf');
  assert.equal(await ctx.digits.next(1000, ctx.signal), '2');
  assert.match(media.plays[0]?.kind === 'file' ? media.plays[0].path : '', /assets\/prompts\/en\/welcome\.wav$/);
});

test('digits: collect ends at # or at length; times out to undefined', async () => {
  const { ctx, media, clock } = context();
  for (const d of '12#9') media.press(d);
  assert.equal(await ctx.digits.collect({ max: 8, terminator: '#', timeoutMs: 5000, signal: ctx.signal }), '12');
  assert.equal(await ctx.digits.collect({ max: 1, timeoutMs: 5000, signal: ctx.signal }), '9');
  const waiting = ctx.digits.next(5000, ctx.signal);
  await flush();
  clock.advance(4999);
  media.press('7');
  assert.equal(await waiting, '7');
  assert.equal(await runOut(clock, ctx.digits.next(5000, ctx.signal)), undefined);
});

test('password: right first time', async () => {
  const { ctx, media } = context();
  media.keysDuringPlay.set(0, '1234#');
  assert.equal(await new PasswordStep({ digits: '1234' }).exec(ctx), 'accepted');
  assert.deepEqual(media.played(), ['enter-password']);
});

test('password: wrong three times → wrong-password each time, then goodbye and refused', async () => {
  const { ctx, media, clock } = context();
  media.keysDuringPlay.set(0, '1111#');
  media.keysDuringPlay.set(2, '2222');
  // the third try: nothing keyed, the entry times out
  const r = await runOut(clock, new PasswordStep({ digits: '1234', timeoutMs: 5000 }).exec(ctx));
  assert.equal(r, 'refused');
  assert.deepEqual(media.played(), ['enter-password', 'wrong-password', 'enter-password', 'wrong-password', 'enter-password', 'wrong-password', 'goodbye']);
});

test('password: right on the third try', async () => {
  const { ctx, media } = context();
  media.keysDuringPlay.set(0, '9#');
  media.keysDuringPlay.set(2, '99#');
  media.keysDuringPlay.set(4, '1234');
  assert.equal(await new PasswordStep({ digits: '1234' }).exec(ctx), 'accepted');
});

test('password: the caller hangs up while keying → aborted', async () => {
  const { ctx, ac } = context();
  const p = new PasswordStep({ digits: '1234' }).exec(ctx);
  await flush();
  ac.abort();
  assert.equal(await p, 'aborted');
});

const menu = { options: [{ key: '1', phones: ['13800138001'] }, { key: '2', phones: ['13800138002'] }], timeoutMs: 3000 };

test('menu: key 2 chooses the second group; the default prompt names the keys', async () => {
  const { ctx, media } = context();
  media.keysDuringPlay.set(0, '2');
  assert.deepEqual(await new MenuStep(menu, 'en').exec(ctx), { kind: 'chosen', key: '2', phones: ['13800138002'] });
  assert.deepEqual(media.played(), ['text:Please press 1, 2.']);
});

test('menu: an invalid key hears invalid-key and the menu again', async () => {
  const { ctx, media } = context();
  media.keysDuringPlay.set(0, '9');
  media.keysDuringPlay.set(2, '1');
  assert.deepEqual(await new MenuStep({ ...menu, prompt: { system: 'please-hold' } }, 'en').exec(ctx), { kind: 'chosen', key: '1', phones: ['13800138001'] });
  assert.deepEqual(media.played(), ['please-hold', 'invalid-key', 'please-hold']);
});

test('menu: no key within the timeout on every try → no-choice', async () => {
  const { ctx, media, clock } = context();
  assert.deepEqual(await runOut(clock, new MenuStep({ ...menu, tries: 2 }, 'zh-CN').exec(ctx)), { kind: 'no-choice' });
  assert.equal(media.plays.length, 2);
});

test('voicemail: prompt, beep, mono recording until maxSeconds', async () => {
  const { ctx, media, clock } = context();
  const r = await runOut(clock, new VoicemailStep({ enabled: true, maxSeconds: 10 }, '/data/vm/c1.wav').exec(ctx));
  assert.deepEqual(media.played(), ['leave-message', 'tone:beep']);
  assert.equal(r.kind, 'recorded');
  assert.equal(media.recordings[0]?.path, '/data/vm/c1.wav');
  assert.equal(media.recordings[0]?.stopped, true);
  assert.ok(clock.now() >= 10000, 'stopped at maxSeconds, not before');
});

test('voicemail: the caller hangs up → the recording stops at once', async () => {
  const { ctx, media, clock, ac } = context();
  const p = new VoicemailStep({ enabled: true, maxSeconds: 60 }, '/data/vm/c2.wav').exec(ctx);
  await flush();
  clock.advance(3000);
  ac.abort();
  const r = await p;
  assert.equal(r.kind, 'recorded');
  assert.equal(media.recordings[0]?.stopped, true);
  assert.ok(clock.now() < 60000);
});

test('cancel(): a step stops on its own cancel as on the call signal', async () => {
  const { ctx } = context();
  const step = new PasswordStep({ digits: '1234' });
  const p = step.exec(ctx);
  await flush();
  step.cancel();
  assert.equal(await p, 'aborted');
  assert.equal(ctx.signal.aborted, false, 'the call goes on');
});

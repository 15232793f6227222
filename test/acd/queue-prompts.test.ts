import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { digitWords, enNumberWords, queuePrompts, zhNumberWords } from '../../src/acd/queue-call/queue-prompts.ts';
import type { PlaySource } from '../../src/media/media-engine.ts';
import { NUMBER_WORDS } from '../../src/acd/queue-call/queue-prompt-texts.ts';

const zh = (n: number) => zhNumberWords(n).map((w) => NUMBER_WORDS['zh-CN'][w]).join('');
const en = (n: number) => enNumberWords(n).map((w) => NUMBER_WORDS.en[w]).join(' ');

test('numbers are said from pieces the Chinese way and the English way', () => {
  assert.deepEqual([0, 3, 10, 15, 20, 21, 100, 105, 110, 1000, 1010, 2003, 10_001, 99_999].map(zh), ['零', '三', '十', '十五', '二十', '二十一', '一百', '一百零五', '一百一十', '一千', '一千零一十', '二千零三', '一万零一', '九万九千九百九十九']);
  assert.deepEqual([0, 7, 15, 40, 42, 115, 1000, 2019].map(en), ['zero', 'seven', 'fifteen', 'forty', 'forty two', 'one hundred fifteen', 'one thousand', 'two thousand nineteen']);
  assert.throws(() => zhNumberWords(-1), RangeError);
  assert.throws(() => zhNumberWords(1.5), RangeError);
  assert.deepEqual(digitWords('8001', 'zh-CN')?.map((w) => NUMBER_WORDS['zh-CN'][w]).join(''), '八零零幺');
  assert.equal(digitWords('A1', 'en'), undefined);
});

function files(s: PlaySource | undefined): string[] {
  if (!s) return [];
  if (s.kind === 'file') return [s.path];
  if (s.kind === 'sequence') return s.items.flatMap(files);
  return [];
}

test('every line the queue says is made of shipped files (only free names are text to speech)', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const p = queuePrompts(lang);
    const lines = [p.position(0), p.position(1), p.position(37), p.estimatedWait(30), p.estimatedWait(610), p.callbackOffer('1'), p.agentId('8001'), p.phrase('answer-confirm'), p.phrase('survey'), p.phrase('survey-thanks'), p.phrase('callback-booked'), p.phrase('callback-hello')];
    for (const line of lines) {
      const paths = files(line);
      assert.ok(paths.length > 0);
      for (const f of paths) assert.ok(existsSync(f), `${f} is shipped`);
    }
    assert.equal(p.estimatedWait(undefined), undefined);
    const whisper = p.whisper('售后', '江苏省');
    assert.ok(whisper.kind === 'sequence' && whisper.items.some((i) => i.kind === 'text' && i.text === '售后'));
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { display400, displayCaller, localMinute, renderTemplate, yuan } from '../../src/notify/templates.ts';
import { normalizeEmail, normalizeMobile } from '../../src/notify/recipient.ts';

const SHANGHAI = { locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai' };

test('missed-call SMS in zh-CN, time in the tenant zone', () => {
  const m = renderTemplate('missed_call', { caller: '+8613912345678', number400: '4006123456', at: '2026-11-22T08:00:00.000Z' }, SHANGHAI);
  assert.equal(m.body, '【Hotline】未接来电：13912345678 于 2026-11-22 16:00 拨打 400-612-3456');
  assert.equal(m.subject, '未接来电 13912345678');
});

test('the same in English and another zone', () => {
  const m = renderTemplate('missed_call', { caller: '+862512345678', number400: '4006123456', at: '2026-11-22T08:00:00.000Z' }, { locale: 'en', timeZone: 'Europe/Berlin', brand: 'Acme' });
  assert.equal(m.body, '[Acme] Missed call: 02512345678 called 400-612-3456 at 2026-11-22 09:00');
});

test('an anonymous caller is named as such', () => {
  assert.equal(displayCaller('anonymous', 'zh-CN'), '未知号码');
  assert.equal(displayCaller('+12025550123', 'en'), '+12025550123');
});

test('money is integer li shown as yuan without floats', () => {
  assert.equal(yuan(12345), '12.35');
  assert.equal(yuan(5), '0.01');
  assert.equal(yuan(4), '0.00');
  assert.equal(yuan(-1000), '-1.00');
  assert.throws(() => yuan(1.5), /integer/);
  const m = renderTemplate('low_balance', { balanceLi: 8_500, thresholdLi: 10_000 }, SHANGHAI);
  assert.match(m.body, /账户余额 8\.50 元，已低于提醒额度 10\.00 元/);
});

test('cap alerts: spend shows money, call counts show counts', () => {
  const spend = renderTemplate('cap_warning', { number400: '4006123456', capKind: 'spend', percent: 80, used: 80_000, limit: 100_000 }, SHANGHAI);
  assert.match(spend.body, /400-612-3456 本月话费已达上限的 80%（80\.00 元 \/ 100\.00 元）/);
  const calls = renderTemplate('cap_reached', { number400: '4006123456', capKind: 'calls', limit: 500 }, { locale: 'en', timeZone: 'Asia/Shanghai' });
  assert.match(calls.body, /reached its monthly call count cap \(500\)/);
});

test('a missing parameter or unknown template is refused', () => {
  assert.throws(() => renderTemplate('missed_call', { caller: '1' }, SHANGHAI), (e: Error & { code?: string }) => e.code === 'NOTIFY_BAD_TEMPLATE');
  assert.throws(() => renderTemplate('nope' as 'missed_call', {}, SHANGHAI), (e: Error & { code?: string }) => e.code === 'NOTIFY_BAD_TEMPLATE');
  assert.throws(() => localMinute('not a time', 'Asia/Shanghai'), /timestamp/);
});

test('400 numbers display with dashes; recipients normalise', () => {
  assert.equal(display400('4006123456'), '400-612-3456');
  assert.equal(normalizeMobile('139 1234 5678'), '+8613912345678');
  assert.throws(() => normalizeMobile('02512345678'), /mobile/);
  assert.throws(() => normalizeMobile('x'.repeat(100)), /mobile/);
  assert.equal(normalizeEmail(' Boss@Example.COM '), 'Boss@example.com');
  assert.throws(() => normalizeEmail('no-at-sign'), /e-mail/);
});

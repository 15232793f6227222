import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCaller } from '../../src/phone/caller-info.ts';
import { splitChineseRegion } from '../../src/phone/region-name.ts';

test('mobile numbers in any carrier form normalise to E.164 with province and city', async () => {
  for (const raw of ['13912345678', '+8613912345678', '8613912345678', '008613912345678']) {
    const c = await describeCaller(raw);
    assert.equal(c.number, '+8613912345678', raw);
    assert.equal(c.kind, 'mobile');
    assert.equal(c.areaCode, undefined);
    assert.equal(c.province, '江苏省');
    assert.equal(c.city, '常州市');
  }
});

test('landlines carry their area code', async () => {
  const bj = await describeCaller('010-12345678');
  assert.equal(bj.number, '+861012345678');
  assert.equal(bj.kind, 'landline');
  assert.equal(bj.areaCode, '010');
  assert.equal(bj.province, '北京市');
  assert.equal(bj.city, '北京市');
  const sz = await describeCaller('075512345678');
  assert.equal(sz.areaCode, '0755');
  assert.equal(sz.province, '广东省');
  assert.equal(sz.city, '深圳市');
});

test('garbage is kept as received and marked unknown', async () => {
  const c = await describeCaller('anonymous');
  assert.equal(c.valid, false);
  assert.equal(c.kind, 'unknown');
  assert.equal(c.number, 'anonymous');
});

test('autonomous regions split correctly', () => {
  assert.deepEqual(splitChineseRegion('新疆乌鲁木齐市'), { province: '新疆', city: '乌鲁木齐市' });
  assert.deepEqual(splitChineseRegion('内蒙古呼和浩特市'), { province: '内蒙古', city: '呼和浩特市' });
  assert.deepEqual(splitChineseRegion('上海市'), { province: '上海市', city: '上海市' });
});

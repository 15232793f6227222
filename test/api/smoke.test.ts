import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';

forEachDialect('api smoke', ({ open }) => {
  let h: ApiHarness;
  before(async () => {
    h = await ApiHarness.start(await open());
  });
  after(() => h?.close());

  test('operator signs in and reads me', async () => {
    const op = await h.as(null, 'root', 'operator_admin');
    const res = await h.call(op, 'GET', '/api/v1/auth/me');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.username, 'root');
  });
});

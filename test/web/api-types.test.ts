/**
 * The web app's API types (web/src/shared/api/schema.d.ts) are what scripts/api-types.ts makes from
 * today's routes: a route changed without re-generating them fails here (and the web build's
 * type-check then shows every page that uses the route the old way).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_TYPES_FILE, apiTypesSource } from '../../scripts/api-types.ts';

test('the committed API types match the OpenAPI document of today\'s routes', async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const fresh = await apiTypesSource();
  assert.ok(committed === fresh, 'web/src/shared/api/schema.d.ts is stale: run `npm run api-types` and commit it');
  assert.match(fresh, /"\/api\/v1\/call-records": \{/);
});

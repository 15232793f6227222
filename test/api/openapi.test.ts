import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';

forEachDialect('api OpenAPI document and docs page', ({ open }) => {
  let h: ApiHarness;
  before(async () => {
    h = await ApiHarness.start(await open());
  });
  after(() => h?.close());

  test('/api/openapi.json describes every /api/v1 route from its schemas, with the auth schemes', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> }; responses: Record<string, unknown>; security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    assert.match(doc.openapi, /^3\./);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['apiKey', 'session']);
    for (const r of h.app.hotline.routes.filter((x) => x.method !== 'HEAD')) {
      const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${path} missing`);
      assert.ok(op.responses['4XX'] ?? op.responses['4xx'], `${r.method} ${path}: error responses documented`);
    }
    const createUser = doc.paths['/api/v1/users']?.post;
    assert.equal(createUser?.requestBody?.content['application/json']?.schema.additionalProperties, false);
    assert.deepEqual(doc.paths['/api/v1/auth/sign-in']?.post?.security, [], 'sign-in needs no credentials');
  });

  test('/api/docs serves the browsable page and its assets from the package', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const css = await h.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
    assert.equal(css.statusCode, 200);
    assert.ok(css.body.length > 10_000);
  });
});

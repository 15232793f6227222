import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from './auth/session-cookie.ts';

/**
 * The OpenAPI document at /api/openapi.json, generated from the routes' TypeBox schemas, and a
 * browsable page at /api/docs (assets served from the @fastify/swagger-ui package, no CDN).
 * Registered before the routes so it sees all of them.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Hotline API', version: '1', description: 'See docs/api.md for authentication, CSRF and error codes.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session; state changes also need X-CSRF-Token' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Integration key hk_…, scoped to one tenant and a set of rights' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

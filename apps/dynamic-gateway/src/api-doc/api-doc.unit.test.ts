import { Parser } from '@asyncapi/parser';
import { patternOf } from '@mdp/runtime/access-log';
import { createLogger } from '@mdp/runtime/logger';
import { validate } from '@readme/openapi-parser';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { apiDocuments } from './documents';

/** The route table of a real gateway, as built by createApp (nothing connects or listens). */
function codeRoutes(): string[] {
  const config = loadConfig({
    KAFKA_BROKERS: '127.0.0.1:9',
    GATEWAY_API_KEYS: 'key-0123456789abcdef:app',
    LOG_LEVEL: 'silent',
  });
  const app = createApp(config, { logger: createLogger({ service: 'test', level: 'silent' }) });
  const routes = app.components.api.routes.map((r) => `${r.method} ${patternOf(r.pattern)}`);
  // The WebSocket door is the upgrade handler's (ws/server.ts), refused with 426 by the API handler.
  return [...routes, 'GET /v1/ws'].sort();
}

/** `/v1/webhooks/{id}` → `/v1/webhooks/:param`, the code's spelling of a route pattern. */
const documentedRoutes = (doc: Record<string, unknown>): string[] =>
  Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{\w+\}/g, ':param')}`),
    )
    .sort();

describe('the API documents', () => {
  const { openapi, asyncapi } = apiDocuments();

  it('document exactly the routes the gateway serves', () => {
    expect(documentedRoutes(openapi)).toEqual(codeRoutes());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(openapi) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('is a valid AsyncAPI 3 document', async () => {
    const { diagnostics } = await new Parser().parse(JSON.stringify(asyncapi));
    // Severity 0 is an error; warnings and hints (style advice) do not make a document invalid.
    expect(
      diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
  });

  it('describes every refusal with the one error body', () => {
    const paths = openapi.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const refusals = Object.values(paths).flatMap((ops) =>
      Object.values(ops).flatMap((op) =>
        Object.entries(op.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([, response]) => response),
      ),
    );
    expect(refusals.length).toBeGreaterThan(20);
    for (const response of refusals)
      expect(response).toMatchObject({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      });
    expect(openapi.components).toMatchObject({
      schemas: { Error: { required: ['error'], properties: { error: { required: ['code', 'message'] } } } },
    });
  });

  it('shows the validation the code does: the history query and the stream request', () => {
    const candles = (
      openapi.paths as Record<string, { get: { parameters: { name: string; required: boolean }[] } }>
    )['/v1/history/candles']?.get.parameters;
    expect(
      candles
        ?.filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['interval', 'quote', 'symbols']);
    const body = JSON.stringify(
      (openapi.paths as Record<string, { post?: { requestBody: unknown } }>)['/v1/streams']?.post
        ?.requestBody,
    );
    expect(body).toContain('"enum":["drop-oldest","latest-per-pair","disconnect"]');
    expect(body).toContain('"additionalProperties":false');
  });
});

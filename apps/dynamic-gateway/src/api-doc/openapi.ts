import { API_ROUTE_DOCS, PATH_PARAMETERS, type RouteDoc } from './api-routes-doc';
import { fieldsOf, type JsonSchema, jsonSchema } from './json-schema';
import { ErrorBodySchema } from './response-schemas';

/** What each refusal status means here; every one has the one error body. */
const REFUSALS: Record<number, string> = {
  400: 'invalid request: `issues` names each field',
  401: 'no credential (missing_api_key), a key or token in the URL of a route that takes none, a bad or expired token',
  403: 'unknown API key (invalid_api_key), or a token where a key is needed (api_key_required)',
  404: 'no such topic, webhook or route',
  405: 'method not allowed on this route',
  409: 'the topic named is creating, retiring or failed (topic_not_active)',
  410: 'the position asked for is gone from the topic (position_expired)',
  413: 'the body is too large (body_too_large)',
  415: 'the body is not JSON (unsupported_media_type)',
  422: "the coordinator rejected the spec (its reason's code)",
  426: 'not a WebSocket upgrade (upgrade_required)',
  429: 'a limit of the app was reached (too many subscriptions, rate limited); see retry-after',
  503: 'the gateway is starting or stopping, or a dependency is unavailable; see retry-after',
  504: 'the topic was not activated in time',
};

/** Refusals any authenticated route can give. */
const COMMON_REFUSALS = [401, 403, 503] as const;

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

function parameters(route: RouteDoc): JsonSchema[] {
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const p = PATH_PARAMETERS[name as keyof typeof PATH_PARAMETERS];
    return { name, in: 'path', required: true, schema: { type: 'string', pattern: p.pattern } };
  });
  const inQuery = route.query
    ? fieldsOf(route.query).map((f) => ({
        name: f.name,
        in: 'query',
        required: f.required,
        ...(typeof f.schema.description === 'string' ? { description: f.schema.description } : {}),
        schema: f.schema,
      }))
    : [];
  const resume = route.success.sse
    ? [
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'resume right after this position (a reconnecting EventSource sends it)',
          schema: { type: 'string' },
        },
      ]
    : [];
  return [...inPath, ...inQuery, ...resume];
}

function success(route: RouteDoc): JsonSchema {
  const s = route.success;
  const content: Record<string, JsonSchema> = {};
  if (s.json) content['application/json'] = { schema: jsonSchema(s.json, 'output') };
  if (s.csv)
    content['text/csv'] = {
      schema: {
        type: 'string',
        description: 'a header row, then one row per item (Accept: text/csv or format=csv)',
      },
    };
  if (s.sse) content['text/event-stream'] = { schema: { type: 'string' } };
  return {
    description: s.description,
    ...(s.csv
      ? {
          headers: {
            'x-next-cursor': { description: 'CSV only: the next page', schema: { type: 'string' } },
          },
        }
      : {}),
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

function operation(route: RouteDoc): JsonSchema {
  const refusals = [...new Set([...(route.public ? [] : COMMON_REFUSALS), ...route.refusals])].sort(
    (a, b) => a - b,
  );
  const responses: Record<string, JsonSchema> = { [String(route.success.status)]: success(route) };
  for (const status of refusals)
    responses[String(status)] = { description: REFUSALS[status] ?? 'refused', content: errorContent };
  const params = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.public
      ? { security: [] }
      : route.keyInQuery
        ? { security: [...KEY_SCHEMES, { apiKeyQuery: [] }, { tokenQuery: [] }] }
        : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

const KEY_SCHEMES = [{ bearer: [] }, { apiKeyHeader: [] }];

/** The OpenAPI 3.1 document of the applications' API, from the route table and its zod schemas. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of API_ROUTE_DOCS) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Market-data platform: dynamic-gateway API',
      version: '1',
      description:
        'The applications\' door: streams by spec over SSE and WebSocket, webhooks, and history. Every refusal has the body {"error":{"code","message"}}. The stream messages: /v1/asyncapi.json.',
    },
    servers: [{ url: 'http://127.0.0.1:8080', description: 'npm start' }],
    security: KEY_SCHEMES,
    tags: [
      { name: 'streams', description: 'dynamic topics by spec; SSE and WebSocket' },
      { name: 'webhooks', description: 'batches POSTed to a URL, signed (x-mdp-signature)' },
      { name: 'history', description: 'what the database holds (needs DATABASE_URL)' },
      { name: 'auth', description: 'short-lived tokens for browser pages' },
      { name: 'api', description: 'the machine-readable descriptions of this API (no key)' },
    ],
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorBodySchema, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Authorization: Bearer <API key>, or <token> from POST /v1/tokens',
        },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        apiKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          description: 'only on /v1/stream/sse and /v1/ws (browsers cannot set headers there)',
        },
        tokenQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'a token from POST /v1/tokens; only on /v1/stream/sse and /v1/ws',
        },
      },
    },
  };
}

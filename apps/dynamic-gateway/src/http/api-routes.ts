import type { IncomingMessage, ServerResponse } from 'node:http';
import { patternOf, setRoute } from '@mdp/runtime/access-log';
import { readJsonBody, sendError, sendJson } from '@mdp/runtime/http-json';
import type { Logger } from '@mdp/runtime/logger';
import { apiDocuments } from '../api-doc/documents';
import type { GatewayMetrics } from '../metrics';
import { handleSse, type SseDeps } from '../sse/stream';
import { internalError, isUnexpected, reportClientFailure } from '../streams/client-failure';
import type { ClientRegistry } from '../streams/clients';
import { parseStreamRequest } from '../streams/request';
import type { TopicResolver, TopicView } from '../topics/resolver';
import type { WebhookRegistry } from '../webhooks/registry';
import { ApiError, toApiError } from './api-error';
import { type Authenticator, presentedKey, queryKeyRefusal } from './auth';

export type ApiDeps = {
  authenticate: Authenticator;
  resolver: TopicResolver;
  registry: { entries(): ReadonlyMap<string, TopicView> };
  isDynamicTopic(topic: string): boolean;
  clients: ClientRegistry;
  webhooks: WebhookRegistry;
  sse: SseDeps;
  metrics: GatewayMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** More routes under /v1 with the same door (auth, errors): the history API. */
  extraRoutes?: readonly Route[];
};

type Ctx = { req: IncomingMessage; res: ServerResponse; appId: string; url: URL };
type Route = {
  method: string;
  pattern: RegExp;
  /** Answers without an API key (the API's own description). */
  public?: true;
  run(ctx: Ctx, match: RegExpExecArray): Promise<void> | void;
};

/** The applications' API under /v1 (everything else falls through to the health/metrics routes). */
export function createApiRoutes(deps: ApiDeps) {
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/v1\/topics$/,
      run: ({ res }) => {
        const counts = deps.clients.countsByTopic();
        const topics = [...deps.registry.entries().values()]
          .filter((t) => t.status === 'active' && deps.isDynamicTopic(t.topic))
          .map((t) => ({
            topic: t.topic,
            spec: t.spec,
            status: t.status,
            partitions: t.partitions,
            retentionMs: t.retentionMs,
            createdAt: t.createdAt,
            subscribers: counts.get(t.topic) ?? 0,
          }));
        sendJson(res, 200, { topics });
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/streams$/,
      run: async ({ req, res, appId }) => {
        const body = await readJsonBody(req, deps.maxBodyBytes);
        const request = parseStreamRequest(body);
        const resolved = await deps.resolver.resolve(request, appId);
        const query = `topic=${encodeURIComponent(resolved.topic)}`;
        sendJson(res, 200, {
          topic: resolved.topic,
          spec: resolved.spec,
          status: 'active',
          sse: `/v1/stream/sse?${query}`,
          ws: { url: '/v1/ws', subscribe: { type: 'subscribe', id: 's1', topic: resolved.topic } },
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/stream\/sse$/,
      run: ({ req, res, appId, url }) => handleSse(deps.sse, req, res, appId, url.searchParams),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/webhooks$/,
      run: async ({ req, res, appId }) =>
        sendJson(res, 201, await deps.webhooks.create(appId, await readJsonBody(req, deps.maxBodyBytes))),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/webhooks$/,
      run: ({ res, appId }) => sendJson(res, 200, { webhooks: deps.webhooks.list(appId) }),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/webhooks\/([A-Za-z0-9_-]{1,64})$/,
      run: ({ res, appId }, m) => sendJson(res, 200, deps.webhooks.get(appId, m[1] ?? '')),
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/webhooks\/([A-Za-z0-9_-]{1,64})$/,
      run: ({ res, appId }, m) => {
        deps.webhooks.remove(appId, m[1] ?? '');
        res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/openapi\.json$/,
      public: true,
      run: ({ res }) => sendJson(res, 200, apiDocuments().openapi),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/asyncapi\.json$/,
      public: true,
      run: ({ res }) => sendJson(res, 200, apiDocuments().asyncapi),
    },
  ];
  routes.push(...(deps.extraRoutes ?? []));

  const refuse = (res: ServerResponse, e: ApiError) => {
    deps.metrics.refused.inc({ status: String(e.status), code: e.code });
    sendError(res, e);
  };

  /** Handles /v1/*; returns false for other paths. */
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (!url.pathname.startsWith('/v1/')) return false;
    const matching = routes.filter((r) => r.pattern.test(url.pathname));
    const route = matching.find((r) => r.method === req.method);
    const matched = route ?? matching[0];
    setRoute(req, matched ? patternOf(matched.pattern) : '(unmatched)');
    const inQuery = queryKeyRefusal(url.pathname, url.searchParams);
    const auth = route?.public
      ? { ok: true as const, value: '' }
      : inQuery
        ? { ok: false as const, error: inQuery }
        : deps.authenticate(presentedKey(req.headers, url.searchParams));
    let refusal: ApiError | undefined;
    if (url.pathname === '/v1/ws')
      refusal = new ApiError(426, 'upgrade_required', 'connect with a WebSocket');
    else if (matching.length === 0) refusal = new ApiError(404, 'not_found', 'no such route');
    else if (!route) refusal = new ApiError(405, 'method_not_allowed', 'method not allowed on this route');
    else if (!auth.ok) refusal = new ApiError(auth.error.status, auth.error.code, auth.error.message);
    if (refusal || !route || !auth.ok) {
      refuse(res, refusal ?? new ApiError(500, 'internal_error', 'internal error'));
      return true;
    }
    try {
      await route.run(
        { req, res, appId: auth.value, url },
        route.pattern.exec(url.pathname) as RegExpExecArray,
      );
    } catch (e) {
      // A throw ends this client only: the standard 500 body (never the exception's text), or the
      // response cut when its headers are already out.
      const unexpected = isUnexpected(e);
      if (unexpected) {
        const transport = url.pathname === '/v1/stream/sse' ? 'sse' : 'http';
        reportClientFailure(deps, transport, auth.value, e, url.pathname);
      } else if (toApiError(e).status >= 500)
        deps.logger.warn({ err: e, path: url.pathname }, 'request failed');
      if (!res.headersSent) refuse(res, unexpected ? internalError() : toApiError(e));
      else res.destroy();
    }
    return true;
  };

  /** The route table (method and path pattern), for the test that holds the API document to it. */
  const table = routes.map(({ method, pattern }) => ({ method, pattern }));
  return { handle, routes: table };
}

import type { HttpLimits } from '@mdp/runtime/http-limits';
import { createHealthServer } from '@mdp/runtime/http-server';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { type ApiDeps, createApiRoutes } from '../http/api-routes';
import { createAuthenticator, parseApiKeys } from '../http/auth';
import { createGatewayMetrics } from '../metrics';
import { ClientRegistry } from '../streams/clients';
import type { FeedCursor } from '../streams/feed-cursor';
import type { OpenedStream, StreamHandlers } from '../streams/opener';

export const KEY = 'key-a-0123456789abcdef';
export const auth = { authorization: `Bearer ${KEY}` };
export const SECRET_TEXT = 'db password is hunter2';

/**
 * The gateway's HTTP listener (the runtime's server, set up as the app does) and API routes with
 * dependencies that throw on demand: a throw in one client's handler must close that client only.
 */
export function stubGateway(limits?: HttpLimits) {
  const registry = createMetricsRegistry('gw-test');
  const metrics = createGatewayMetrics(registry);
  const lines: string[] = [];
  const logger = createLogger({ service: 'gw-test', destination: { write: (s: string) => lines.push(s) } });
  const clients = new ClientRegistry(
    { connectionsPerApp: 10, subscriptionsPerApp: 10, pendingRequestsPerApp: 10 },
    metrics,
  );
  const keys = parseApiKeys(`${KEY}:app-a`);
  if (!keys.ok) throw new Error(keys.error);
  const faults = { topics: false, sseTake: false, scrape: false };
  let handlers: StreamHandlers | undefined;
  const cursor = {
    takeGap: () => undefined,
    take: () => {
      if (faults.sseTake) throw new Error(SECRET_TEXT);
      return [];
    },
    pending: () => 0,
  } as unknown as FeedCursor;
  const deps: ApiDeps = {
    authenticate: createAuthenticator(keys.value),
    resolver: {} as ApiDeps['resolver'],
    registry: {
      entries: () => {
        if (faults.topics) throw new Error(SECRET_TEXT);
        return new Map();
      },
    },
    isDynamicTopic: () => true,
    clients,
    webhooks: {} as ApiDeps['webhooks'],
    sse: {
      opener: async (_request, _appId, h): Promise<OpenedStream> => {
        handlers = h;
        return { topic: 'dyn.t', spec: {} as OpenedStream['spec'], cursor, start: [3, 4], close: () => {} };
      },
      clients,
      metrics,
      logger,
      keepAliveMs: limits ? 100 : 60_000,
      newId: () => 'sub-1',
    },
    metrics,
    logger,
    maxBodyBytes: 1024,
  };
  const api = createApiRoutes(deps);
  const listener = createHealthServer({
    port: 0,
    ...(limits ? { limits } : {}),
    logger,
    metricsRegistry: registry,
    beforeScrape: () => {
      if (faults.scrape) throw new Error(SECRET_TEXT);
    },
    extraRoutes: [(req, res) => api.handle(req, res)],
    upgrade: (_req, socket) => socket.destroy(),
    onHandlerError: () => metrics.clientErrors.inc({ transport: 'http' }),
    closeGraceMs: 50,
  });
  const errorsOf = async (transport: string) =>
    (await metrics.clientErrors.get()).values.find((v) => v.labels.transport === transport)?.value ?? 0;
  return { listener, faults, lines, errorsOf, handlers: () => handlers };
}

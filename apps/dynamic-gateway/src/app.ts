import { HttpError } from '@mdp/runtime/http-error';
import { endSocketWithError } from '@mdp/runtime/http-json';
import { createHealthServer } from '@mdp/runtime/http-server';
import { createLogger, type Logger } from '@mdp/runtime/logger';
import { createMachineBoard } from '@mdp/runtime/machine-board';
import { machineAdminRoutes } from '@mdp/runtime/machine-routes';
import { createMetricsRegistry, type Registry } from '@mdp/runtime/metrics';
import type { ServiceContext } from '@mdp/runtime/service-main';
import { type Actor, createActor, waitFor } from 'xstate';
import { gatewayActors } from './actors';
import { buildComponents, type Components } from './components';
import type { GatewayConfig } from './config';
import { createCors } from './http/cors';
import { observeGatewayMachines } from './machine-observer';
import type { gatewayMachine } from './root-machine';
import { SOURCE } from './topics/control-plane';
import type { HostResolver } from './webhooks/dispatcher';

export type AppDeps = {
  logger?: Logger;
  registry?: Registry;
  /** Webhook name resolution (tests: a rebinding resolver); the system resolver otherwise. */
  resolveWebhookHost?: HostResolver;
  /** Told when the root machine crashes (the entry point's crash policy: log, drain, exit 70). */
  onFatal?: ServiceContext['onFatal'];
  /** Implementations put over the real ones with `.provide` (a failing actor): the crash test's seam. */
  provide?: Parameters<(typeof gatewayMachine)['provide']>[0];
};

export type App = {
  /** Listens, connects, catches up with the registry. Rejects on a failed start. */
  start(): Promise<void>;
  /** Ends every client (SSE end, WS 1001, webhooks stop), sends a last heartbeat, disconnects. */
  stop(): Promise<void>;
  /** The bound HTTP port once started (useful with HTTP_PORT=0), 0 before. */
  port(): number;
  readonly components: Components;
};

const NOT_READY = new HttpError(
  503,
  'not_ready',
  'the gateway is starting or stopping',
  {},
  { 'retry-after': '1' },
);

/** The dynamic-gateway: `createApp(config).start()`; see README.md for the API. */
export function createApp(config: GatewayConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? createLogger({ service: SOURCE, level: config.logLevel });
  const registry = deps.registry ?? createMetricsRegistry(SOURCE);
  let root: Actor<typeof gatewayMachine> | undefined;
  const c = buildComponents(
    config,
    logger,
    registry,
    {
      start: (topic) => root?.send({ type: 'READER_START', topic }),
      stop: (topic) => root?.send({ type: 'READER_STOP', topic }),
    },
    deps.resolveWebhookHost ? { resolveHost: deps.resolveWebhookHost } : {},
  );
  let port = 0;
  const board = createMachineBoard({ metricPrefix: 'gateway', registry });
  const machineRoutes = machineAdminRoutes({
    service: SOURCE,
    board,
    token: config.adminToken,
    tokenVar: 'GATEWAY_ADMIN_TOKEN',
  });

  const readerStates = (): Record<string, string> => {
    const children = (root?.getSnapshot().children ?? {}) as Record<
      string,
      { getSnapshot(): { value: unknown } } | undefined
    >;
    return Object.fromEntries(
      Object.entries(children)
        .filter(([id]) => id.startsWith('reader:'))
        .map(([id, child]) => [id.slice('reader:'.length), JSON.stringify(child?.getSnapshot().value)]),
    );
  };

  const isRunning = () => root?.getSnapshot().matches('running') ?? false;

  // Port 8080: the apps' API, the WebSocket upgrade, /healthz, /readyz and /metrics on one server.
  const listener = createHealthServer({
    port: config.httpPort,
    limits: config.httpLimits,
    onHandlerError: () => c.metrics.clientErrors.inc({ transport: 'http' }),
    logger,
    metricsRegistry: registry,
    // Health answers from the first moment (probes must not kill a gateway still reaching Kafka); the
    // applications' API waits until the gateway runs.
    extraRoutes: [
      // First: CORS headers on every answer below (errors and 503s too) and preflights answered.
      createCors(config.browser.corsOrigins ?? []),
      // The operator's view answers while the gateway starts or stops too: that is when it helps.
      machineRoutes,
      (req, res) => {
        if (isRunning()) return c.api.handle(req, res);
        throw NOT_READY;
      },
    ],
    upgrade: (req, socket, head) => {
      if (isRunning()) return c.ws.upgrade(req, socket, head);
      endSocketWithError(socket, NOT_READY);
    },
    beforeScrape: () => {
      c.clients.collectDepths();
      for (const [kind, bytes] of Object.entries(c.hub.memory()))
        c.metrics.topicBufferBytes.set({ kind }, bytes);
    },
    checks: [
      { name: 'running', check: isRunning },
      { name: 'registryCaughtUp', check: () => c.control.registry.isCaughtUp() },
      { name: 'controlEvents', check: () => c.control.eventsRunning() },
      { name: 'readers', required: false, check: () => ({ ok: true, detail: readerStates() }) },
      // Shown, not required: live streams work without the history database.
      { name: 'history', required: false, check: () => c.historyDb.probe(1000) },
    ],
  });

  const { machine: realMachine, stopGateway } = gatewayActors({
    config,
    components: c,
    listener,
    logger,
    registry,
    port: () => port,
  });
  const machine = realMachine.provide(deps.provide ?? {});

  return {
    components: c,
    async start() {
      root = createActor(machine, {
        input: {
          retry: {
            baseMs: config.timing.retryBaseMs,
            maxMs: config.timing.retryMaxMs,
            maxAttempts: config.readerMaxAttempts,
          },
        },
      });
      root.subscribe({
        error: (e) => {
          listener.setFatal('gateway machine failed');
          if (deps.onFatal) deps.onFatal('gateway machine failed', e);
          else logger.fatal({ err: e }, 'gateway machine failed');
        },
      });
      observeGatewayMachines(root, board);
      port = await listener.start();
      root.start();
      const snapshot = await waitFor(root, (s) => s.matches('running') || s.status === 'done', {
        timeout: Number.POSITIVE_INFINITY,
      });
      if (!snapshot.matches('running')) {
        await stopGateway().catch(() => {});
        throw new Error(`dynamic-gateway failed to start: ${snapshot.context.error ?? 'stopped'}`);
      }
    },
    port: () => port,
    async stop() {
      if (!root) return;
      // A crashed machine runs no stopGateway of its own: close what it opened here.
      if (root.getSnapshot().status === 'error') return stopGateway();
      root.send({ type: 'STOP' });
      await waitFor(root, (s) => s.status === 'done', { timeout: Number.POSITIVE_INFINITY });
    },
  };
}

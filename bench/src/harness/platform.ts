import { findFreePort } from '@mdp/local-infra/free-port';
import { logProblems } from './log-problems';
import type { RunContext } from './run-context';
import { type ServiceHandle, type ServiceName, startService } from './service';

/** The gateway's API key in every benchmark (loopback only). */
export const BENCH_API_KEY = 'bench-key-0123456789abcdef';
export const BENCH_APP_ID = 'bench';

export type PlatformOptions = {
  namespace: string;
  services: readonly ServiceName[];
  /** Settings per service on top of the common ones. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
};

export type Platform = {
  readonly namespace: string;
  get(name: ServiceName): ServiceHandle;
  /** Stops the services in reverse start order (each drains on SIGTERM). */
  stop(): Promise<void>;
  /** Error lines the services logged (`<service>: <count>x <message>`), once they are stopped. */
  problems(): Promise<string[]>;
};

/** Start order: the coordinator answers requests first, the producer comes last (it requests topics). */
const ORDER: readonly ServiceName[] = ['coordinator', 'fixed-sink', 'dynamic-gateway', 'producer'];

const DEFAULTS: Record<ServiceName, Record<string, string>> = {
  coordinator: {},
  'fixed-sink': {},
  'dynamic-gateway': {
    GATEWAY_API_KEYS: `${BENCH_API_KEY}:${BENCH_APP_ID}`,
    GATEWAY_MAX_CONNECTIONS_PER_APP: '100000',
    GATEWAY_MAX_SUBSCRIPTIONS_PER_APP: '100000',
  },
  producer: { PRODUCER_REST_ENABLED: 'false', PRODUCER_CANDLES_ENABLED: 'false' },
};

/** The chosen services as separate processes on one namespace, each with its own loopback port. */
export async function startPlatform(ctx: RunContext, o: PlatformOptions): Promise<Platform> {
  const started = new Map<ServiceName, ServiceHandle>();
  const logs: { name: ServiceName; file: string }[] = [];
  const stop = async () => {
    for (const name of [...ORDER].reverse()) await started.get(name)?.stop();
    started.clear();
  };
  try {
    for (const name of ORDER.filter((n) => o.services.includes(n))) {
      ctx.log(`starting ${name}`);
      const handle = await startService({
        name,
        httpPort: await findFreePort(),
        logDir: ctx.logDir,
        label: `${name}-${o.namespace}`,
        env: {
          KAFKA_BROKERS: ctx.brokers.join(','),
          TOPIC_NAMESPACE: o.namespace,
          ...DEFAULTS[name],
          ...o.env?.[name],
        },
      });
      started.set(name, handle);
      logs.push({ name, file: handle.logFile });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    namespace: o.namespace,
    get: (name) => {
      const handle = started.get(name);
      if (!handle) throw new Error(`${name} is not part of this platform`);
      return handle;
    },
    stop,
    problems: async () =>
      (
        await Promise.all(logs.map(async (l) => (await logProblems(l.file)).map((p) => `${l.name}: ${p}`)))
      ).flat(),
  };
}

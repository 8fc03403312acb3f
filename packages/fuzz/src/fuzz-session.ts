import { type Platform, startPlatform } from '@mdp/e2e/harness/platform';
import { SERVICE_NAMES } from '@mdp/e2e/harness/repo-paths';
import { testInfra } from '@mdp/local-infra/test-env';
import { createKafkaAnswers } from './kafka-answers';
import { type FuzzFigures, formatFigures } from './report';
import { sampleRss } from './rss-sampler';
import type { FuzzScale } from './scale';
import { createTally } from './tally';
import { openWellBehavedClients, type WellBehavedClients } from './well-behaved-clients';

/** One fuzz run: the platform, the well-behaved clients, the memory sampler and the figures. */
export type FuzzSession = {
  readonly p: Platform;
  readonly clients: WellBehavedClients;
  readonly figures: FuzzFigures;
  readonly kafka: ReturnType<typeof createKafkaAnswers>;
  /** Runs a phase and records how long it took. */
  timed<T>(phase: string, run: () => Promise<T>): Promise<T>;
  /** A service that died is a finding; it is started again so the later phases still measure. */
  reviveDead(phase: string): Promise<void>;
  /** Stops the memory sampler (once) and puts its figures in `figures.rss`. */
  stopRss(): void;
  finish(): Promise<void>;
};

export async function startFuzzSession(scale: FuzzScale, spec: object): Promise<FuzzSession> {
  const infra = testInfra();
  const figures: FuzzFigures = {
    scale: scale.name,
    seed: scale.seed,
    skipped: [...scale.skip],
    sent: [],
    answers: [],
    rss: new Map(),
    rssCapMb: scale.rssCapMb,
    clients: [],
    problems: [],
    durations: [],
  };
  const timed = async <T>(phase: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await run();
    } finally {
      figures.durations.push({ phase, ms: Date.now() - started });
    }
  };
  const start = () =>
    startPlatform({
      label: 'fuzz',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
      // Webhook targets on loopback/private addresses must be refused: the SSRF inputs check it.
      env: { 'dynamic-gateway': { WEBHOOK_ALLOW_PRIVATE_HOSTS: 'false' } },
    });
  // A free port found for a service can be taken by another process before it listens: once more.
  const p = await timed('platform start', () =>
    start().catch((e: Error) => (/EADDRINUSE/.test(e.message) ? start() : Promise.reject(e))),
  );
  console.log(`fuzz: logs in ${p.logDir}`);
  const clients = await openWellBehavedClients(p, spec).catch(async (e: unknown) => {
    await p.stop();
    throw e;
  });
  const kafkaTally = createTally();
  figures.answers.push({ section: 'Kafka', tally: kafkaTally });
  const rss = sampleRss(Object.fromEntries(SERVICE_NAMES.map((n) => [n, () => p.processes[n].pid])));
  let rssStopped = false;
  const stopRss = () => {
    if (rssStopped) return;
    rssStopped = true;
    figures.rss = rss.stop();
  };

  return {
    p,
    clients,
    figures,
    kafka: createKafkaAnswers(p, kafkaTally),
    timed,
    async reviveDead(phase) {
      for (const name of SERVICE_NAMES) {
        const service = p.processes[name];
        if (service.running) continue;
        // Its fatal/error lines say why; the rest of the log is shutdown noise.
        const why = service
          .tail(60)
          .split('\n')
          .filter((line) => /"level":"(fatal|error)"/.test(line))
          .slice(-2)
          .map((line) => line.slice(0, 600));
        figures.problems.push(
          `${name} died during ${phase}: ${JSON.stringify(service.exits.at(-1))}\n${why.join('\n')}`,
        );
        service.start();
      }
      await p.waitReady(SERVICE_NAMES, 90_000);
    },
    stopRss,
    async finish() {
      stopRss();
      console.log(formatFigures(figures));
      clients.close();
      await p.stop();
    },
  };
}

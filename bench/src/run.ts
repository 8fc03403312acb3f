import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Infra, resolveInfra } from '@mdp/local-infra/resolve-infra';
import { endToEndLatency } from './benchmarks/end-to-end-latency';
import { gatewayFanout } from './benchmarks/gateway-fanout';
import { historyReads } from './benchmarks/history-reads';
import { producerPublish } from './benchmarks/producer-publish';
import { sinkThroughput } from './benchmarks/sink-throughput';
import { streamStart } from './benchmarks/stream-start';
import { parseRunArgs, USAGE } from './cli-args';
import { benchSource } from './harness/bench-source';
import type { Benchmark } from './harness/benchmark';
import { terminateAll } from './harness/children';
import { machineInfo } from './harness/machine-info';
import type { BenchReport } from './harness/result';
import { writeReport } from './harness/results-file';
import type { RunContext } from './harness/run-context';
import { renderReport } from './harness/table';

const BENCHMARKS: readonly Benchmark[] = [
  sinkThroughput,
  producerPublish,
  endToEndLatency,
  gatewayFanout,
  streamStart,
  historyReads,
];

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function brokerDescription(infra: Infra): string {
  if (infra.localKafka)
    return `Apache Kafka ${infra.localKafka.version} (single local KRaft node, 512 MB heap)`;
  return `${infra.sources.kafka} broker at ${infra.kafkaBrokers} (version not reported by the protocol)`;
}

async function runOne(bench: Benchmark, ctx: RunContext): Promise<boolean> {
  const started = Date.now();
  const loadAverageAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  log(`${bench.title}: starting (load average ${loadAverageAtStart.join(' ')})`);
  try {
    const outcome = await bench.run(ctx);
    const report: BenchReport = {
      benchmark: bench.name,
      title: bench.title,
      mode: ctx.mode,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      loadAverageAtStart,
      machine: ctx.machine,
      ...outcome,
    };
    process.stdout.write(`\n${renderReport(report)}`);
    log(`wrote ${await writeReport(report)}`);
    return true;
  } catch (error) {
    log(`${bench.title} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  } finally {
    await terminateAll();
  }
}

async function main(): Promise<number> {
  const args = parseRunArgs(
    process.argv.slice(2),
    BENCHMARKS.map((b) => b.name),
  );
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24)
    throw new Error(
      `Node ${process.version}: the services need Node 24 (npm run bench uses the project's Node)`,
    );
  const suiteStarted = Date.now();
  const infra = await resolveInfra({ progress: log });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await terminateAll();
    await infra.stop().catch(() => {});
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(130));
  process.once('SIGTERM', () => void stopAll(143));
  try {
    const logDir = await mkdtemp(join(tmpdir(), 'mdp-bench-'));
    log(`process logs in ${logDir}; producer source (MDP_BENCH_SOURCE): ${benchSource()}`);
    const brokers = infra.kafkaBrokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    const machine = await machineInfo({ broker: brokerDescription(infra), databaseUrl: infra.databaseUrl });
    const ctx: RunContext = {
      mode: args.mode,
      brokers,
      databaseUrl: infra.databaseUrl,
      machine,
      logDir,
      log,
    };
    const selected = BENCHMARKS.filter((b) => args.only === null || args.only.includes(b.name));
    let failed = 0;
    for (const bench of selected) if (!(await runOne(bench, ctx))) failed += 1;
    const seconds = ((Date.now() - suiteStarted) / 1000).toFixed(1);
    log(`${selected.length - failed}/${selected.length} benchmarks ran (${args.mode}) in ${seconds} s`);
    return failed > 0 ? 1 : 0;
  } finally {
    await terminateAll();
    await infra.stop().catch((e: unknown) => log(`stopping the infrastructure failed: ${String(e)}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    void terminateAll().finally(() => process.exit(1));
  },
);

import type { Infra } from './resolve-infra';
import { resolveInfra } from './resolve-infra';

const USAGE = `usage: node packages/local-infra/dist/cli.js up [--until-stdin-closes]

Starts a Kafka-protocol broker and PostgreSQL (or uses KAFKA_BROKERS / DATABASE_URL when set),
prints KAFKA_BROKERS=... and DATABASE_URL=... on stdout, and keeps them running until SIGINT,
SIGTERM or SIGHUP (or, with --until-stdin-closes, until stdin closes: a parent that pipes stdin
can then never leave it behind, however it dies). Progress goes to stderr.
MDP_INFRA=local|containers forces a way.`;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function report(line: string): void {
  process.stderr.write(`[local-infra] ${line}\n`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function up(untilStdinCloses: boolean): Promise<void> {
  let infra: Infra | undefined;
  let exiting = false;

  const shutdown = async (reason: string, code: number) => {
    if (exiting) return;
    exiting = true;
    // Still starting: exit at once; the exit hook of the broker process kills its JVM.
    if (!infra) {
      report(`${reason} while starting: giving up`);
      process.exit(code || 1);
    }
    report(`${reason}: stopping ${infra.source} infrastructure`);
    try {
      await infra.stop();
    } catch (error) {
      report(`stop failed: ${messageOf(error)}`);
      code = 1;
    }
    process.exit(code);
  };

  for (const signal of STOP_SIGNALS) process.once(signal, () => void shutdown(signal, 0));
  if (untilStdinCloses) {
    process.stdin.once('end', () => void shutdown('stdin closed', 0));
    process.stdin.resume();
  }

  infra = await resolveInfra({
    onBrokerExit: (code) => {
      report(`the Kafka broker exited on its own (code ${code})`);
      void shutdown('broker gone', 1);
    },
  });
  process.stdout.write(`KAFKA_BROKERS=${infra.kafkaBrokers}\nDATABASE_URL=${infra.databaseUrl}\n`);
  report(`ready (${infra.source}); Ctrl-C stops it`);
  // Keep the event loop alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...flags] = argv;
  const unknown = flags.filter((flag) => flag !== '--until-stdin-closes');
  if (command === 'up' && unknown.length === 0) return up(flags.includes('--until-stdin-closes'));
  process.stderr.write(`${USAGE}\n`);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  report(messageOf(error));
  process.exit(1);
});

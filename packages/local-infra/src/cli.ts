import { resolveInfra } from './resolve-infra';

const USAGE = `usage: node packages/local-infra/dist/cli.js up

Starts a Kafka-protocol broker and PostgreSQL (or uses KAFKA_BROKERS / DATABASE_URL when set),
prints KAFKA_BROKERS=... and DATABASE_URL=... on stdout, and keeps them running until
SIGINT or SIGTERM. Progress goes to stderr. MDP_INFRA=local|containers forces a way.`;

async function up(): Promise<void> {
  let exiting = false;
  const infra = await resolveInfra({
    onBrokerExit: (code) => {
      process.stderr.write(`[local-infra] the Kafka broker exited on its own (code ${code})\n`);
      void shutdown('broker gone', 1);
    },
  });
  const shutdown = async (reason: string, code: number) => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`[local-infra] ${reason}: stopping ${infra.source} infrastructure\n`);
    try {
      await infra.stop();
    } catch (error) {
      process.stderr.write(
        `[local-infra] stop failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      code = 1;
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.stdout.write(`KAFKA_BROKERS=${infra.kafkaBrokers}\nDATABASE_URL=${infra.databaseUrl}\n`);
  process.stderr.write(`[local-infra] ready (${infra.source}); Ctrl-C stops it\n`);
  // Keep the event loop alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
}

async function main(argv: readonly string[]): Promise<void> {
  const command = argv[0];
  if (command === 'up') return up();
  process.stderr.write(`${USAGE}\n`);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`[local-infra] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

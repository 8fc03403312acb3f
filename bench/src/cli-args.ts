import { parseArgs } from 'node:util';

export type RunArgs = { mode: 'full' | 'smoke'; only: string[] | null; help: boolean };

export const USAGE = `usage: npm run bench [-- --only <name,...>]      the full suite (minutes)
       npm run bench:smoke [-- --only <name,...>] every benchmark at a tiny size (CI)
names: sink-throughput, producer-publish, end-to-end-latency, gateway-fanout, stream-start
KAFKA_BROKERS / DATABASE_URL select a broker and database; otherwise a local broker is started.`;

/** --smoke, --only a,b, --help; unknown flags are an error. */
export function parseRunArgs(argv: readonly string[], known: readonly string[]): RunArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { smoke: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
  const unknown = (only ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}\n${USAGE}`);
  return { mode: values.smoke ? 'smoke' : 'full', only, help: values.help ?? false };
}

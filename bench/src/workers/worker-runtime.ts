import { createInterface } from 'node:readline';
import { z } from 'zod';

export type WorkerIo = {
  /** One JSON line on stdout, read by the runner. */
  emit(event: string, data?: Record<string, unknown>): void;
  /** Commands the runner sends on stdin (one JSON object a line). */
  onCommand(listener: (command: Record<string, unknown>) => void): void;
};

/** Every worker config carries a hard deadline: no load generator runs unbounded. */
export const deadline = { deadlineMs: z.number().int().positive().max(3_600_000) };

const write = (line: string) =>
  new Promise<void>((resolve) => {
    process.stdout.write(`${line}\n`, () => resolve());
  });

/**
 * The frame of a worker process: validates its JSON argument, runs `main` under the deadline,
 * reports `{"event":"result",...}` and exits 0; any error exits 1 with the reason on stderr.
 */
export function runWorker<S extends z.ZodType<{ deadlineMs: number }>>(
  schema: S,
  main: (config: z.output<S>, io: WorkerIo) => Promise<Record<string, unknown>>,
): void {
  function fail(code: number, message: string): never {
    process.stderr.write(`${message}\n`);
    process.exit(code);
  }
  let json: unknown;
  try {
    json = JSON.parse(process.argv[2] ?? '');
  } catch {
    fail(2, 'worker config: the first argument must be JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) fail(2, `worker config: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const listeners: ((command: Record<string, unknown>) => void)[] = [];
  createInterface({ input: process.stdin }).on('line', (line) => {
    try {
      const command = JSON.parse(line) as Record<string, unknown>;
      for (const l of listeners) l(command);
    } catch {
      process.stderr.write(`ignored a command that is not JSON: ${line.slice(0, 100)}\n`);
    }
  });
  const io: WorkerIo = {
    emit: (event, data = {}) => process.stdout.write(`${JSON.stringify({ event, ...data })}\n`),
    onCommand: (listener) => listeners.push(listener),
  };
  const timer = setTimeout(
    () => fail(3, `worker deadline of ${config.deadlineMs} ms passed`),
    config.deadlineMs,
  );
  timer.unref();
  process.on('SIGTERM', () => fail(143, 'stopped by SIGTERM'));
  main(config, io).then(
    async (result) => {
      await write(JSON.stringify({ event: 'result', ...result }));
      process.exit(0);
    },
    (error: unknown) => fail(1, error instanceof Error ? (error.stack ?? error.message) : String(error)),
  );
}

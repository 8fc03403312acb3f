import { readFile } from 'node:fs/promises';

/**
 * The distinct error and fatal lines of a service log (pino JSON), with how often each came: what went
 * wrong during a run goes into the report's notes instead of hiding in a log file.
 */
export async function logProblems(file: string, max = 5): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{') || !/"level":"(error|fatal)"/.test(line)) continue;
    try {
      const entry = JSON.parse(line) as {
        msg?: unknown;
        error?: unknown;
        err?: { message?: unknown };
        component?: unknown;
        namespace?: unknown;
      };
      // kafkajs logs every failed request it will retry (e.g. metadata of a topic just created);
      // what it gives up on reaches the service, which logs it again.
      if (entry.component === 'kafkajs' && entry.namespace === 'Connection') continue;
      const detail = entry.error ?? entry.err?.message;
      const key = `${String(entry.msg ?? '')}${detail === undefined ? '' : `: ${String(detail)}`}`.slice(
        0,
        200,
      );
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // a line cut in the middle: ignore
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([message, n]) => `${n}x ${message}`);
}

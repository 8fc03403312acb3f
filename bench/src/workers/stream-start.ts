import { z } from 'zod';
import { controlOf, hasTick } from '../clients/control-text';
import { openSse } from '../clients/sse-connection';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  baseUrl: z.string().url(),
  apiKey: z.string(),
  specs: z.array(z.unknown()).min(1).max(1000),
  perSpecTimeoutMs: z.number().int().positive(),
});

type Outcome = { readyMs: number | null; firstMs: number | null; error: string | null };

/** One new stream: GET /v1/stream/sse?spec=... and the time to its `ready` event and first message. */
function startOne(baseUrl: string, apiKey: string, spec: unknown, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let readyMs: number | null = null;
    let settled = false;
    const finish = (firstMs: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.close();
      resolve({ readyMs, firstMs, error });
    };
    const timer = setTimeout(() => finish(null, `no message within ${timeoutMs} ms`), timeoutMs);
    const url = `${baseUrl}/v1/stream/sse?spec=${encodeURIComponent(JSON.stringify(spec))}`;
    const connection = openSse(
      url,
      { 'x-api-key': apiKey },
      {
        onText: (text) => {
          const control = controlOf(text);
          if (control.ready && readyMs === null) readyMs = performance.now() - t0;
          if (hasTick(text)) finish(performance.now() - t0, null);
          else if (control.error !== null) finish(null, control.error);
        },
        onEnd: (reason) => finish(null, reason),
      },
    );
  });
}

/** The new-stream benchmark's client: the specs one after another, each timed from request to first message. */
runWorker(config, async (c, io) => {
  const outcomes: Outcome[] = [];
  for (const [i, spec] of c.specs.entries()) {
    outcomes.push(await startOne(c.baseUrl, c.apiKey, spec, c.perSpecTimeoutMs));
    io.emit('progress', { done: i + 1 });
  }
  return { outcomes };
});

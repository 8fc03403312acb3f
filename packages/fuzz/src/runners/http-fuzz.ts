import {
  type HttpRequestSpec,
  type HttpTarget,
  httpRequestOf,
  httpRequests,
} from '../generators/http-requests';
import type { Random } from '../random';
import { type HttpAnswer, sendHttp } from '../senders/http-sender';
import { createTally, type Tally } from '../tally';

export type HttpFuzzOptions = {
  gatewayPort: number;
  target: HttpTarget;
  random: Random;
  requests: number;
  slowSenders: number;
  concurrency?: number;
  timeoutMs: number;
  /** Request kinds left out. */
  skip?: ReadonlySet<string>;
};

export type HttpFuzzResult = { sent: number; tally: Tally; elapsedMs: number };

/**
 * An answer is good when it is a status below 500 and, for a 4xx, names its error code in the
 * JSON body (a HEAD answer has no body: its status is enough).
 */
export function judgeHttp(spec: HttpRequestSpec, answer: HttpAnswer): string {
  if (answer.kind === 'no-answer') return `no answer (${answer.reason})`;
  const { status, code } = answer;
  if (status >= 500) return `${status} ${code ?? '(no code)'} SERVER ERROR`;
  if (status >= 400)
    return code || spec.method === 'HEAD' ? `${status} ${code ?? '(HEAD)'}` : `${status} WITHOUT CODE`;
  return String(status);
}

/** An answer `judgeHttp` calls wrong: none, a server error, or a 4xx without its code. */
export const isBadHttpAnswer = (answer: string) =>
  answer.startsWith('no answer') || answer.endsWith('SERVER ERROR') || answer.endsWith('WITHOUT CODE');

/** Sends `requests` hostile requests, `concurrency` at a time, plus `slowSenders` slow ones alongside. */
export async function runHttpFuzz(o: HttpFuzzOptions): Promise<HttpFuzzResult> {
  const started = Date.now();
  const tally = createTally();
  const source = httpRequests(o.random, o.target);
  const slowRandom = o.random.fork('slow');
  let sent = 0;
  const one = async (spec: HttpRequestSpec) => {
    sent += 1;
    const answer = await sendHttp(o.gatewayPort, spec, spec.slow ? 30_000 : 10_000);
    tally.add(spec.kind === 'route-method' ? `route ${spec.target}` : spec.kind, judgeHttp(spec, answer));
  };
  const slow = Array.from({ length: o.skip?.has('slow-sender') ? 0 : o.slowSenders }, () =>
    one(httpRequestOf('slow-sender', slowRandom, o.target)),
  );
  const worker = async () => {
    while (sent < o.requests && Date.now() - started < o.timeoutMs) {
      const next = source.next();
      if (next.done) return;
      if (!o.skip?.has(next.value.kind)) await one(next.value);
    }
  };
  await Promise.all([...slow, ...Array.from({ length: o.concurrency ?? 8 }, worker)]);
  return { sent, tally, elapsedMs: Date.now() - started };
}

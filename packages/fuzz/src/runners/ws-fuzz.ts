import { type WsFrameLimits, wsScripts } from '../generators/ws-frames';
import type { Random } from '../random';
import { NO_CLOSE_FRAME, openRawSocket, openWsSocket } from '../senders/ws-connection';
import { createTally, type Tally } from '../tally';

export type WsFuzzOptions = {
  gatewayPort: number;
  apiKey: string;
  random: Random;
  limits: WsFrameLimits;
  frames: number;
  timeoutMs: number;
  /** How long one frame may wait for its answer. */
  answerTimeoutMs?: number;
  /** Frame kinds left out. */
  skip?: ReadonlySet<string>;
};

export type WsFuzzResult = {
  sent: number;
  connections: number;
  refusedUpgrades: number;
  /** `kind -> answer`: `error <code>`, `pong`, `close <code>`, or `no answer`. */
  tally: Tally;
  elapsedMs: number;
};

const answered = (answer: string) => answer !== 'no answer' && answer !== `close ${NO_CLOSE_FRAME}`;
export const wsUnanswered = (r: WsFuzzResult) => r.tally.count((_k, a) => !answered(a));

/**
 * Sends hostile frames until `frames` were sent (or the time is up). One script per connection: a
 * frame waits for its answer before the next goes; a flood sends all, then counts the answers.
 */
export async function runWsFuzz(o: WsFuzzOptions): Promise<WsFuzzResult> {
  const started = Date.now();
  const answerTimeoutMs = o.answerTimeoutMs ?? 5_000;
  const tally = createTally();
  let sent = 0;
  let connections = 0;
  let refusedUpgrades = 0;
  let refusedInARow = 0;
  for (const script of wsScripts(o.random, o.limits)) {
    // 30 refusals in a row, each after a longer pause (up to 1 s): the gateway is gone, not just busy.
    if (sent >= o.frames || Date.now() - started > o.timeoutMs || refusedInARow >= 30) break;
    const kept = script.frames.filter((f) => !o.skip?.has(f.kind));
    if (kept.length === 0) continue;
    const raw = kept.some((f) => f.transport === 'raw');
    const socket = raw
      ? openRawSocket(o.gatewayPort, o.apiKey)
      : openWsSocket(`ws://127.0.0.1:${o.gatewayPort}/v1/ws`, o.apiKey);
    if (!(await socket.opened)) {
      refusedUpgrades += 1;
      refusedInARow += 1;
      tally.add('upgrade', socket.refusedStatus ? `refused ${socket.refusedStatus}` : 'no answer');
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** refusedInARow)));
      continue;
    }
    refusedInARow = 0;
    connections += 1;
    const frames = kept.slice(0, o.frames - sent);
    if (script.flood) {
      for (const frame of frames) socket.send(frame);
      sent += frames.length;
      await socket.waitFor(frames.length, answerTimeoutMs * 3);
      const replies = socket.answers.slice(0, frames.length);
      for (const a of replies) tally.add('flood-ping', a.code ? `${a.type} ${a.code}` : a.type);
      const rest = frames.length - replies.length;
      if (rest > 0)
        tally.add('flood-ping', socket.closeCode ? `close ${socket.closeCode}` : 'no answer', rest);
    } else {
      let consumed = 0;
      let previous: string | undefined;
      for (const frame of frames) {
        // An answer beyond one a frame belongs to the frame before: counted apart, not misattributed.
        for (const extra of socket.answers.slice(consumed))
          tally.add(
            previous ?? frame.kind,
            `extra ${extra.code ? `${extra.type} ${extra.code}` : extra.type}`,
          );
        consumed = socket.answers.length;
        if (socket.closeCode !== undefined) break;
        socket.send(frame);
        sent += 1;
        previous = frame.kind;
        await socket.waitFor(consumed + 1, answerTimeoutMs);
        const a = socket.answers[consumed];
        if (a) {
          tally.add(frame.kind, a.code ? `${a.type} ${a.code}` : a.type);
          consumed += 1;
        } else tally.add(frame.kind, socket.closeCode ? `close ${socket.closeCode}` : 'no answer');
        if (!a && socket.closeCode === undefined) break;
      }
    }
    socket.destroy();
  }
  return { sent, connections, refusedUpgrades, tally, elapsedMs: Date.now() - started };
}

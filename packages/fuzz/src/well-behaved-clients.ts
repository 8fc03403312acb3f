import { readTopic } from '@mdp/e2e/harness/kafka';
import type { Platform } from '@mdp/e2e/harness/platform';
import { openSseClient, type SseClient } from '@mdp/e2e/harness/sse-client';
import {
  auditStream,
  type ClientSnapshot,
  type StreamAudit,
  snapshotClient,
} from '@mdp/e2e/harness/stream-audit';
import { waitFor } from '@mdp/e2e/harness/wait';
import { openWsClient, type WsClient, type WsFrame } from '@mdp/e2e/harness/ws-client';
import { FUZZ_ID_HEADER } from './generators/kafka-records';

/** Applications that behave, on the same gateway as the hostile ones: each must get every message. */
export type WellBehavedClients = {
  readonly topic: string;
  readonly sse: SseClient;
  readonly ws: WsClient;
  /** Each client's view against the topic (fuzz records left out: they must never be delivered). */
  audit(): Promise<{ sse: StreamAudit; ws: StreamAudit; wsClosed: WsClient['closed']; wsErrors: number }>;
  close(): void;
};

type Envelope = { id: string; type: string; data: Record<string, unknown> };

/** A WebSocket client's frames in the shape the SSE stream audit reads. */
function wsSnapshot(frames: readonly WsFrame[]): ClientSnapshot {
  const subscribed = frames.find((f) => f.type === 'subscribed');
  const data = frames.filter((f) => f.type === 'data');
  return {
    readies: subscribed
      ? [{ topic: String(subscribed.topic), spec: subscribed.spec, position: String(subscribed.position) }]
      : [],
    messages: data.flatMap((f) =>
      (f.messages as Envelope[]).map((envelope) => ({ id: String(f.position), envelope })),
    ),
    gaps: frames
      .filter((f) => f.type === 'gap')
      .map((f) => ({
        from: String(f.from),
        to: String(f.to),
        dropped: Number(f.dropped),
        conflated: Number(f.conflated),
      })),
    reopens: 0,
    lastEventId: data.length > 0 ? String(data.at(-1)?.position) : undefined,
  };
}

export async function openWellBehavedClients(p: Platform, spec: object): Promise<WellBehavedClients> {
  const gateway = p.urls['dynamic-gateway'];
  const sse = openSseClient(gateway, { spec: JSON.stringify(spec) }, p.apiKeys.alpha);
  const ws = openWsClient(gateway, p.apiKeys.beta);
  if (!(await ws.opened)) throw new Error('the well-behaved WebSocket client could not connect');
  ws.send(JSON.stringify({ type: 'subscribe', id: 'good', spec }));
  await waitFor(() => sse.messages.length >= 2 && ws.frames.some((f) => f.type === 'data'), {
    what: 'data for the well-behaved clients',
    timeoutMs: 60_000,
    describe: () => p.tails(),
  });
  const topic = sse.readies[0]?.topic ?? '';
  return {
    topic,
    sse,
    ws,
    async audit() {
      const sseView = snapshotClient(sse);
      const wsView = wsSnapshot([...ws.frames]);
      const onTopic = (await readTopic(p.kafka, topic, 60_000)).filter(
        (m) => m.headers[FUZZ_ID_HEADER] === undefined,
      );
      return {
        sse: auditStream(sseView, onTopic),
        ws: auditStream(wsView, onTopic),
        wsClosed: ws.closed,
        wsErrors: ws.frames.filter((f) => f.type === 'error').length,
      };
    },
    close() {
      sse.close();
      ws.close();
    },
  };
}

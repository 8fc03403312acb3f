import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '@mdp/runtime/http-json';
import type { Logger } from '@mdp/runtime/logger';
import { type HistoryAccess, openWithHistory } from '../history/open-with-history';
import { type SnapshotPlan, withoutSnapshot } from '../history/sse-snapshot';
import { parseSnapshotCount } from '../history/stream-snapshot';
import { type ApiError, toApiError } from '../http/api-error';
import { deliveryMeter, type GatewayMetrics } from '../metrics';
import { isUnexpected, reportClientFailure } from '../streams/client-failure';
import type { ClientRegistry } from '../streams/clients';
import type { CursorCloseReason } from '../streams/feed-cursor';
import type { OpenedStream, StreamHandlers, StreamOpener } from '../streams/opener';
import { streamRequestFromQuery } from '../streams/request';
import { gapJson } from '../streams/wire-format';
import { encodePosition } from '../topics/position';

export type SseDeps = {
  opener: StreamOpener;
  clients: ClientRegistry;
  metrics: GatewayMetrics;
  logger: Logger;
  keepAliveMs: number;
  newId(): string;
  /** The history database, for `snapshot=N` streams (absent: 503 when one is asked for). */
  history?: HistoryAccess;
};

const CHUNK = 256;

/**
 * GET /v1/stream/sse: one topic as Server-Sent Events. Each message is an event whose `id` is the
 * position right after it, so a reconnecting EventSource (Last-Event-ID) resumes with no loss and no
 * duplicate. Writes stop while the socket is backpressured (the cursor's policy applies meanwhile).
 */
export async function handleSse(
  deps: SseDeps,
  req: IncomingMessage,
  res: ServerResponse,
  appId: string,
  query: URLSearchParams,
) {
  let releaseConnection: (() => void) | undefined;
  let releaseSlot: (() => void) | undefined;
  let stream: OpenedStream | undefined;
  let removeSub: (() => void) | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  let snapshot: SnapshotPlan | undefined;
  let ended = false;
  const meter = deliveryMeter(deps.metrics, 'sse');

  const cleanup = (reason: string) => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    stream?.close();
    removeSub?.();
    releaseSlot?.();
    releaseConnection?.();
    deps.metrics.disconnects.inc({ transport: 'sse', reason });
  };
  const endWith = (event: string, data: unknown, reason: string) => {
    if (ended) return;
    if (res.headersSent && !res.destroyed) res.end(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    cleanup(reason);
  };

  // A throw in this stream's code (whoever calls it: the topic feed, a timer, the socket) ends this
  // stream only, is logged with the app id and counted; it never reaches the caller.
  const fail = (e: unknown) => {
    reportClientFailure(deps, 'sse', appId, e, '/v1/stream/sse');
    try {
      endWith('error', { code: 'internal_error', message: 'internal error' }, 'internal_error');
    } catch {
      cleanup('internal_error');
    }
    if (!res.writableEnded) res.destroy();
  };
  const guarded =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (e) {
        fail(e);
      }
    };

  const pump = guarded(() => {
    if (ended || !stream || !res.headersSent) return;
    const cursor = stream.cursor;
    while (!res.writableNeedDrain && !ended) {
      const gap = cursor.takeGap();
      let chunk = gap ? `event: gap\ndata: ${gapJson(gap)}\n\n` : '';
      if (gap) meter.skipped(gap);
      const entries = cursor.take(CHUNK, (e, position) => {
        if (snapshot && !snapshot.keep(e)) return;
        chunk += `id: ${encodePosition(position)}\ndata: ${e.json}\n\n`;
      });
      // Entries left out at a snapshot's seam write nothing but must not stop the loop.
      if (entries.length === 0 && chunk.length === 0) return;
      if (chunk.length > 0) res.write(chunk);
      meter.delivered(entries.length);
    }
  });

  res.on(
    'close',
    guarded(() => cleanup('client_closed')),
  );
  try {
    releaseConnection = deps.clients.openConnection(appId, 'sse');
    releaseSlot = deps.clients.reserveSubscription(appId);
    const lastEventId = headerText(req.headers['last-event-id']);
    // A reconnect (Last-Event-ID) resumes where it was, without a new snapshot.
    const snapshotCount = lastEventId?.trim() ? undefined : parseSnapshotCount(query.get('snapshot'));
    const request = streamRequestFromQuery(withoutSnapshot(query), lastEventId);
    const handlers: StreamHandlers = {
      onReadable: pump,
      onSlow: guarded((reason: CursorCloseReason) =>
        endWith(
          'error',
          {
            code: reason,
            message:
              reason === 'slow_consumer'
                ? 'the client read too slowly and was disconnected'
                : 'internal error',
          },
          reason,
        ),
      ),
      onFailure: guarded((e: ApiError) => endWith('error', e.toJSON().error, e.code)),
    };
    const opened = await openWithHistory(
      (r) => deps.opener(r, appId, handlers),
      request,
      snapshotCount,
      deps.history,
    );
    stream = opened.stream;
    snapshot = opened.plan;
  } catch (e) {
    const error = toApiError(e);
    if (isUnexpected(e)) reportClientFailure(deps, 'sse', appId, e, '/v1/stream/sse');
    else if (error.status >= 500) deps.logger.warn({ err: e, appId }, 'sse stream failed to open');
    deps.metrics.refused.inc({ status: String(error.status), code: error.code });
    if (!ended) sendError(res, error);
    cleanup(`refused_${error.code}`);
    return;
  }
  if (ended) {
    stream.close();
    return;
  }
  const opened = stream;
  removeSub = deps.clients.add({
    id: deps.newId(),
    appId,
    topic: opened.topic,
    transport: 'sse',
    depth: () => opened.cursor.pending(),
    close: guarded((reason: string) =>
      endWith('error', { code: reason, message: `stream closed: ${reason}` }, reason),
    ),
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const start = encodePosition(opened.start);
  const ready = { topic: opened.topic, spec: opened.spec, position: start };
  // The ready event carries the start as its id: a reconnect before the first message sends it as
  // Last-Event-ID and resumes exactly there (without it the reconnect would start live again).
  res.write(`retry: 1000\nid: ${start}\nevent: ready\ndata: ${JSON.stringify(ready)}\n\n`);
  if (snapshot?.loaded) res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot.loaded)}\n\n`);
  res.on('drain', pump);
  keepAlive = setInterval(
    guarded(() => {
      if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
    }),
    deps.keepAliveMs,
  );
  pump();
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

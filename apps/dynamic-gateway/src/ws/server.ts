import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { endSocketWithError } from '@mdp/runtime/http-json';
import { WebSocketServer } from 'ws';
import { ApiError, toApiError } from '../http/api-error';
import { type Authenticator, presentedKey } from '../http/auth';
import { WsConnection, type WsDeps } from './connection';
import { CloseCodes } from './frames';
import { createFrameLimiter, type FrameLimits } from './rate-limit';

export type WsServerDeps = Omit<WsDeps, 'frameLimiter'> & {
  authenticate: Authenticator;
  maxFrameBytes: number;
  frameLimits: FrameLimits;
};

function reject(socket: Duplex, e: ApiError): undefined {
  endSocketWithError(socket, e);
  return undefined;
}

/**
 * /v1/ws: the upgrade is authenticated and counted against the app's connection limit before the
 * handshake, so a refused client gets a plain HTTP 401/403/429. Frames larger than `maxFrameBytes`
 * close the socket with 1009 (ws enforces `maxPayload`).
 */
export function createWsServer(deps: WsServerDeps) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.maxFrameBytes,
    perMessageDeflate: false,
    // Protocol pings are answered by the connection: counted against the frame rate, within the buffer limit.
    autoPong: false,
  });
  const connections = new Set<WsConnection>();
  const connectionDeps: WsDeps = { ...deps, frameLimiter: createFrameLimiter(deps.frameLimits) };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): undefined => {
    try {
      return accept(req, socket, head);
    } catch (e) {
      // A fault while accepting one client ends that client only.
      deps.metrics.clientErrors.inc({ transport: 'ws' });
      deps.logger.error({ err: e }, 'WebSocket upgrade failed; connection dropped');
      socket.destroy();
    }
  };

  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer): undefined => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== '/v1/ws')
      return reject(socket, new ApiError(404, 'not_found', 'no WebSocket endpoint here (use /v1/ws)'));
    const auth = deps.authenticate(presentedKey(req.headers, url.searchParams));
    if (!auth.ok) {
      deps.metrics.refused.inc({ status: String(auth.error.status), code: auth.error.code });
      return reject(socket, new ApiError(auth.error.status, auth.error.code, auth.error.message));
    }
    let release: () => void;
    try {
      release = deps.clients.openConnection(auth.value, 'ws');
    } catch (e) {
      const error = toApiError(e);
      deps.metrics.refused.inc({ status: String(error.status), code: error.code });
      return reject(socket, error);
    }
    // A handshake ws refuses (bad headers) never reaches the callback: release the slot on close.
    let accepted = false;
    socket.once('close', () => {
      if (!accepted) release();
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true;
      let connection: WsConnection;
      try {
        connection = new WsConnection(ws, auth.value, release, connectionDeps);
      } catch (e) {
        deps.metrics.clientErrors.inc({ transport: 'ws' });
        deps.logger.error(
          { err: e, appId: auth.value },
          'WebSocket connection setup failed; closing it (1011)',
        );
        release();
        ws.close(CloseCodes.internalError, 'internal error');
        return;
      }
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  };

  return {
    upgrade,
    /** Shutdown: every socket is closed with 1001 (going away). */
    closeAll(): void {
      for (const c of connections) {
        try {
          c.close(CloseCodes.goingAway, 'gateway shutting down');
        } catch (e) {
          // One client failing to close must not keep the others open.
          deps.metrics.clientErrors.inc({ transport: 'ws' });
          deps.logger.error({ err: e }, 'closing a WebSocket at shutdown failed');
        }
      }
      connections.clear();
    },
    get size(): number {
      return connections.size;
    },
  };
}

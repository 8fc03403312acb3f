import type { Logger } from '@mdp/runtime/logger';
import type { GatewayMetrics } from '../metrics';

export type ClientGuardOptions = {
  appId: string;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Ends this client with 1011; `terminate` is the fallback when even that throws. */
  closeInternal(): void;
  terminate(): void;
};

/**
 * The crash policy of one WebSocket client: every callback of the client runs through `guard`, and
 * a throw ends that client only (logged with its appId, never its key; counted; closed with 1011).
 */
export function createClientGuard(opts: ClientGuardOptions) {
  const fail = (e: unknown): void => {
    opts.metrics.clientErrors.inc({ transport: 'ws' });
    opts.logger.error({ err: e, appId: opts.appId }, 'WebSocket client handler failed; closing it (1011)');
    try {
      opts.closeInternal();
    } catch {
      opts.terminate();
    }
  };
  const guard =
    <A extends unknown[]>(handler: (...args: A) => void): ((...args: A) => void) =>
    (...args: A) => {
      try {
        handler(...args);
      } catch (e) {
        fail(e);
      }
    };
  return { guard, fail };
}

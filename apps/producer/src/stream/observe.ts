import type { Logger } from '@mdp/runtime/logger';
import { frameMessageLabel, type ProducerMetrics } from '../metrics';
import type { StreamerEvent } from './streamer';

/** Streamer events → metrics, and log lines for what an operator should know (never per frame). */
export function observeStreamer(metrics: ProducerMetrics, logger: Logger) {
  let attempts = 0;
  let invalidLogged = 0;
  return (event: StreamerEvent): void => {
    switch (event.type) {
      case 'connecting':
        if (attempts++ > 0) metrics.streamReconnects.inc();
        return;
      case 'connected':
        metrics.streamConnected.set(1);
        logger.info('streamer connected');
        return;
      case 'disconnected':
        metrics.streamConnected.set(0);
        logger[event.expected ? 'info' : 'warn'](
          { code: event.code, reason: event.reason },
          'streamer disconnected',
        );
        return;
      case 'reconnect_scheduled':
        logger.info({ inMs: event.inMs }, 'streamer reconnect scheduled');
        return;
      case 'heartbeat_missed':
        metrics.streamHeartbeatsMissed.inc();
        logger.warn('streamer missed two heartbeats; reconnecting');
        return;
      case 'error_frame': {
        const message = frameMessageLabel(event.message);
        metrics.streamErrorFrames.inc({ code: event.code, message });
        const level = event.code === '500' && message === 'INVALID_SUB' ? 'warn' : 'error';
        logger[level](
          { code: event.code, message, parameter: event.parameter.slice(0, 60) },
          'streamer error frame',
        );
        return;
      }
      case 'invalid_frame':
        metrics.streamInvalidFrames.inc({ reason: event.reason });
        // The first few are worth a line; after that the metric tells the story.
        if (invalidLogged++ < 5) logger.warn({ reason: event.reason }, 'invalid streamer frame skipped');
        return;
      case 'subscriptions_over_limit':
        logger.warn(
          { dropped: event.dropped },
          'more channels wanted than the socket allows; REST polling covers the rest',
        );
        return;
    }
  };
}

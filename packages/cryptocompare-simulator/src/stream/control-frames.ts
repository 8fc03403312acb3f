// Control and error frames of the v2 streamer. TYPE is always a string, as in every real capture.

export type Frame = Record<string, unknown>;

export const subscribeComplete = (sub: string): Frame => ({
  TYPE: '16',
  MESSAGE: 'SUBSCRIBECOMPLETE',
  SUB: sub,
});

export const loadComplete = (): Frame => ({
  TYPE: '3',
  MESSAGE: 'LOADCOMPLETE',
  INFO: 'All your valid subs have been loaded.',
});

export const unsubscribeComplete = (sub: string): Frame => ({
  TYPE: '17',
  MESSAGE: 'UNSUBSCRIBECOMPLETE',
  SUB: sub,
});

export const unsubscribeAllComplete = (valid: number, invalid: number): Frame => ({
  TYPE: '18',
  MESSAGE: 'UNSUBSCRIBEALLCOMPLETE',
  INFO: `Removed ${valid} subs.`,
  INFO_OBJ: { valid, invalid },
});

export const heartbeat = (timeMs: number): Frame => ({ TYPE: '999', MESSAGE: 'HEARTBEAT', TIMEMS: timeMs });

export function errorFrame(
  type: '401' | '429' | '500',
  message: string,
  parameter?: string,
  info?: string,
): Frame {
  const frame: Frame = { TYPE: type, MESSAGE: message };
  if (parameter !== undefined) frame.PARAMETER = parameter;
  if (info !== undefined) frame.INFO = info;
  return frame;
}

export const unauthorized = (): Frame =>
  errorFrame('401', 'UNAUTHORIZED', 'format', 'We only support JSON format with a valid api_key.');

export const tooManySockets = (max: number): Frame =>
  errorFrame(
    '429',
    `TOO_MANY_SOCKETS_MAX_${max}_PER_CLIENT`,
    undefined,
    'You have reached your maximum sockets open for your subscription',
  );

export const openingTooFast = (): Frame =>
  errorFrame(
    '429',
    'RATE_LIMIT_OPENING_SOCKETS_TOO_FAST',
    undefined,
    'You are opening sockets too fast, please wait before reconnecting.',
  );

export const tooManySubscriptions = (max: number, sub: string): Frame =>
  errorFrame(
    '429',
    `TOO_MANY_SUBSCRIPTIONS_MAX_${max}_PER_SOCKET`,
    sub,
    'You have reached the maximum subscriptions per socket for your subscription.',
  );

export type WelcomeInfo = {
  uptimeSeconds: number;
  serverTimeMs: number;
  clientId: number;
  socketId: string;
  socketsActive: number;
  socketsRemaining: number;
  max: Record<'second' | 'minute' | 'hour' | 'day' | 'month', number>;
  made: Record<'second' | 'minute' | 'hour' | 'day' | 'month', number>;
};

/** TYPE 20, with the keys of the real 2025 welcome frame in the same order. */
export function welcome(info: WelcomeInfo): Frame {
  const remaining = (window: keyof WelcomeInfo['max']) => Math.max(0, info.max[window] - info.made[window]);
  return {
    TYPE: '20',
    MESSAGE: 'STREAMERWELCOME',
    SERVER_UPTIME_SECONDS: info.uptimeSeconds,
    SERVER_NAME: 'sim-01',
    SERVER_TIME_MS: info.serverTimeMs,
    CLIENT_ID: info.clientId,
    DATA_FORMAT: 'JSON',
    SOCKET_ID: info.socketId,
    SOCKETS_ACTIVE: info.socketsActive,
    SOCKETS_REMAINING: info.socketsRemaining,
    RATELIMIT_MAX_SECOND: info.max.second,
    RATELIMIT_MAX_MINUTE: info.max.minute,
    RATELIMIT_MAX_HOUR: info.max.hour,
    RATELIMIT_MAX_DAY: info.max.day,
    RATELIMIT_MAX_MONTH: info.max.month,
    RATELIMIT_REMAINING_SECOND: remaining('second'),
    RATELIMIT_REMAINING_MINUTE: remaining('minute'),
    RATELIMIT_REMAINING_HOUR: remaining('hour'),
    RATELIMIT_REMAINING_DAY: remaining('day'),
    RATELIMIT_REMAINING_MONTH: remaining('month'),
  };
}

import { type Fields, isFields, nameString, shortString } from '../cryptocompare/field-values';

/** A streamer v2 frame, classified by its TYPE (a string in practice; a number is accepted too). */
export type StreamFrame =
  | { kind: 'ticker'; channel: string; fields: Fields }
  | { kind: 'ohlc'; fields: Fields }
  | { kind: 'welcome'; socketsRemaining: number | null }
  | { kind: 'subscribed'; sub: string }
  | { kind: 'unsubscribed'; sub: string }
  | { kind: 'loadComplete' }
  | { kind: 'heartbeat' }
  | { kind: 'error'; type: '401' | '429' | '500'; message: string; parameter: string }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; reason: 'not_json' | 'not_object' | 'no_type' | 'too_large' };

export const MAX_FRAME_CHARS = 1_000_000;

function text(value: unknown, max = 200): string {
  return (shortString(value, 10_000) ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, max);
}

/** `TYPE~MARKET~FROMSYMBOL~TOSYMBOL`: the key partial updates are merged under. */
export function tickerChannel(type: string, fields: Fields): string | null {
  const market = nameString(fields.MARKET, 30);
  const from = nameString(fields.FROMSYMBOL, 15);
  const to = nameString(fields.TOSYMBOL, 15);
  return market && from && to ? `${type}~${market}~${from}~${to}` : null;
}

export function classifyFrame(data: string): StreamFrame {
  if (data.length > MAX_FRAME_CHARS) return { kind: 'invalid', reason: 'too_large' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: 'invalid', reason: 'not_json' };
  }
  if (!isFields(json)) return { kind: 'invalid', reason: 'not_object' };
  const type = shortString(json.TYPE, 10);
  if (type === null) return { kind: 'invalid', reason: 'no_type' };
  switch (type) {
    case '5':
    case '2': {
      const channel = tickerChannel(type, json);
      return channel ? { kind: 'ticker', channel, fields: json } : { kind: 'invalid', reason: 'no_type' };
    }
    case '24':
      return { kind: 'ohlc', fields: json };
    case '20': {
      const remaining = typeof json.SOCKETS_REMAINING === 'number' ? json.SOCKETS_REMAINING : null;
      return { kind: 'welcome', socketsRemaining: remaining };
    }
    case '16':
      return { kind: 'subscribed', sub: text(json.SUB) };
    case '17':
      return { kind: 'unsubscribed', sub: text(json.SUB) };
    case '3':
      return { kind: 'loadComplete' };
    case '999':
      return { kind: 'heartbeat' };
    case '401':
    case '429':
    case '500':
      return { kind: 'error', type, message: text(json.MESSAGE, 80), parameter: text(json.PARAMETER) };
    default:
      return { kind: 'ignored', type: text(type, 10) };
  }
}

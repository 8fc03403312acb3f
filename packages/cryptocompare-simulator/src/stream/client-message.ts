import type { RawData } from 'ws';
import { z } from 'zod';
import type { Frame } from './control-frames';
import { errorFrame } from './control-frames';

const actionSchema = z.looseObject({ action: z.string(), subs: z.array(z.string().max(200)).max(10_000) });

export type ClientMessage =
  | { ok: true; action: 'SubAdd' | 'SubRemove'; subs: string[] }
  | { ok: false; error: Frame };

/** A client frame → a SubAdd/SubRemove action, or the 500 frame the real streamer answers with. */
export function parseClientMessage(data: RawData): ClientMessage {
  const buffer = Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : data;
  const text = buffer.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: errorFrame('500', 'INVALID_JSON', text.slice(0, 100), 'The message you sent is not valid JSON.'),
    };
  }
  const parsed = actionSchema.safeParse(json);
  if (!parsed.success) {
    const param = typeof json === 'object' && json !== null && 'action' in json ? 'subs' : 'action';
    return {
      ok: false,
      error: errorFrame(
        '500',
        'INVALID_PARAMETER',
        param,
        'Send {"action":"SubAdd"|"SubRemove","subs":[...]}.',
      ),
    };
  }
  const { action, subs } = parsed.data;
  if (action !== 'SubAdd' && action !== 'SubRemove') {
    return {
      ok: false,
      error: errorFrame('500', 'INVALID_PARAMETER', 'action', `Unknown action ${action.slice(0, 50)}.`),
    };
  }
  return { ok: true, action, subs };
}

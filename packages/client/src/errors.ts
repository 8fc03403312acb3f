import type { ErrorBody } from './types.js';

/** A refusal of the gateway (its HTTP status and error body) or a transport failure (status 0). */
export class MdpError extends Error {
  override readonly name = 'MdpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The error of a non-2xx answer, from its `{"error":{...}}` body when it has one. */
export async function errorFromResponse(res: Response): Promise<MdpError> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as ErrorBody;
    const { code, message, ...details } = error;
    return new MdpError(res.status, code, message, details);
  } catch {
    return new MdpError(res.status, `http_${res.status}`, text.slice(0, 200) || res.statusText);
  }
}

/** Stream endings that no retry can mend: the topic is gone. */
const FINAL_CODES = new Set(['topic_retired', 'topic_deleted', 'topic_failed', 'position_expired']);

/**
 * Whether reconnecting may succeed: transport failures, timeouts, limits and the gateway's 5xx
 * may pass; other refusals (bad request, unknown key or topic, expired position) will not.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof MdpError)) return true;
  if (FINAL_CODES.has(error.code)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

import { z } from 'zod';
import { ApiError } from './api-error';
import { rateLimitWaitMs } from './rate-limit-wait';

/** min-api answers errors (even rate limits) with HTTP 200 and this envelope. */
const ErrorEnvelopeSchema = z.object({
  Response: z.literal('Error'),
  Message: z.string().catch(''),
  Type: z.coerce.number().catch(-1),
  RateLimit: z.unknown().optional(),
  ParamWithError: z.string().optional().catch(undefined),
});

/** `(ASDHALF-USD)` at the end of a Type 1 message names the pair. */
const PAIR_IN_MESSAGE = /\(([A-Z0-9*]{1,15})-([A-Z0-9*]{1,15})\)/;

function clip(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

/** Returns the ApiError an error envelope stands for, or null when the body is not an error. */
export function errorFromEnvelope(body: unknown, nowMs: number): ApiError | null {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return null;
  const { Message, Type, RateLimit, ParamWithError } = parsed.data;
  const message = clip(Message);
  if (Type === 99) {
    return new ApiError('rate_limited', `rate limited (Type 99): ${message}`, {
      retryAfterMs: rateLimitWaitMs(RateLimit, nowMs),
    });
  }
  const match = PAIR_IN_MESSAGE.exec(Message);
  if (Type === 1 && match?.[1] && match[2]) {
    return new ApiError('bad_pair', `pair not available (Type 1): ${message}`, {
      pair: { base: match[1], quote: match[2] },
    });
  }
  if (Type === 2 || ParamWithError) {
    return new ApiError(
      'bad_param',
      `bad parameter ${clip(ParamWithError ?? '?')} (Type ${Type}): ${message}`,
      {
        ...(ParamWithError ? { param: clip(ParamWithError) } : {}),
      },
    );
  }
  return new ApiError('api_error', `API error (Type ${Type}): ${message}`);
}

/** The one error body of every service: `{"error":{"code","message",...details}}`. */
export type ErrorBody = { error: { code: string; message: string; [detail: string]: unknown } };

/**
 * A refusal a handler throws (or passes to `sendError`): an HTTP status, a stable code, a message
 * written for the client (never an exception's text), optional details (`issues`...) and headers.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

/** The body every service answers an unexpected failure with (nothing of the error leaks). */
export const INTERNAL_ERROR_BODY = { error: { code: 'internal_error', message: 'internal error' } } as const;

/** 404 for any path no route takes; the path is never quoted back. */
export const notFound = () => new HttpError(404, 'not_found', 'no such route');

/** 405 for a known path; `allow` lists the methods it takes. */
export const methodNotAllowed = (allow: readonly string[]) =>
  new HttpError(405, 'method_not_allowed', `allowed: ${allow.join(', ')}`, {}, { allow: allow.join(', ') });

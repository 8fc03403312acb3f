import type { FieldIssue } from '@mdp/contracts/dynamic-spec';

/** Every refusal the gateway gives an application: an HTTP status, a stable code, a reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): Record<string, unknown> {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues.length > 0 ? { issues: this.issues } : {}),
        ...this.extra,
      },
    };
  }
}

export const badRequest = (code: string, message: string, issues: readonly FieldIssue[] = []) =>
  new ApiError(400, code, message, issues);

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof Error && (e as { code?: unknown }).code === 'reader_unavailable')
    return new ApiError(503, 'reader_unavailable', e.message);
  return new ApiError(500, 'internal_error', 'internal error');
}

import type { FieldIssue } from '@mdp/contracts/dynamic-spec';
import { HttpError } from '@mdp/runtime/http-error';

/** The headers the gateway adds to a refusal by status: the auth scheme, when to come back. */
function headersFor(status: number): Record<string, string> {
  if (status === 401) return { 'www-authenticate': 'Bearer realm="dynamic-gateway"' };
  if (status === 429 || status === 503) return { 'retry-after': '1' };
  return {};
}

/**
 * Every refusal the gateway gives an application: the runtime's `HttpError` (one body for every
 * service), with the spec's field issues as `issues` and the gateway's headers by status.
 */
export class ApiError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(status, code, message, { ...(issues.length > 0 ? { issues } : {}), ...extra }, headersFor(status));
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string, issues: readonly FieldIssue[] = []) =>
  new ApiError(400, code, message, issues);

/** The refusal a throw stands for: itself, the runtime's (a body too large...) with the gateway's headers, or 500. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof HttpError) return new ApiError(e.status, e.code, e.message, [], e.details);
  if (e instanceof Error && (e as { code?: unknown }).code === 'reader_unavailable')
    return new ApiError(503, 'reader_unavailable', e.message);
  return new ApiError(500, 'internal_error', 'internal error');
}

/** SQLSTATE of a PostgreSQL error (postgres.js and PGlite both expose it as `code`), if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('severity' in error)) return undefined; // not from the server
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Did the database refuse the rows themselves (class 22 data exception, class 23 integrity
 * violation)? Only then does splitting the batch isolate something. Everything else (connection
 * lost, shutdown, timeout, disk full, permission...) says nothing about the rows: retry the batch.
 */
export function isDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

export function errorText(error: unknown): string {
  const state = sqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  return state ? `${state} ${message}` : message;
}

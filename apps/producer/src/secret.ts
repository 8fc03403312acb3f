/**
 * The API key must never reach a log line, a metric or an error message. Every message built from
 * outside text (undici errors can quote URLs, servers can echo requests) goes through `redact`.
 */
export type Redactor = (text: string) => string;

const MASK = '[redacted]';

export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  // Short values would mask innocent text; keys are long, so anything under 4 chars is ignored.
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  if (values.length === 0) return (text) => text;
  const encoded = values.flatMap((v) => [v, encodeURIComponent(v)]);
  return (text) => {
    let out = text;
    for (const v of encoded) out = out.split(v).join(MASK);
    return out;
  };
}

/** A message from any thrown value, redacted and bounded. */
export function describeError(e: unknown, redact: Redactor): string {
  const raw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const cause = e instanceof Error && e.cause instanceof Error ? ` (cause: ${e.cause.message})` : '';
  return redact(`${raw}${cause}`).slice(0, 500);
}

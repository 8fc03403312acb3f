import { randomBytes } from 'node:crypto';

/** W3C trace context (https://www.w3.org/TR/trace-context/): `00-<trace-id>-<parent-id>-<flags>`. */
export type TraceContext = { traceId: string; spanId: string; flags: string };

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const SAMPLED = '01';

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** Parses a traceparent header; `undefined` for anything invalid (all-zero ids, version ff, bad shape). */
export function parseTraceparent(header: string | Buffer | undefined | null): TraceContext | undefined {
  if (header === undefined || header === null) return undefined;
  const text = (typeof header === 'string' ? header : header.toString('utf8')).trim().toLowerCase();
  const match = TRACEPARENT.exec(text);
  if (!match) return undefined;
  const [, version, traceId, spanId, flags] = match;
  if (!version || !traceId || !spanId || !flags || version === 'ff') return undefined;
  // Version 00 has exactly four fields; later versions may append more.
  if (version === '00' && text.length !== 55) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}

/** A new trace (a message that starts a flow, e.g. a tick read from the API). */
export function newTraceparent(): string {
  return formatTraceparent({ traceId: nonZeroHex(16), spanId: nonZeroHex(8), flags: SAMPLED });
}

/** The same trace with a new span id (a message derived from another); a new trace if `parent` is invalid. */
export function childTraceparent(parent: string | Buffer | undefined | null): string {
  const ctx = parseTraceparent(parent);
  if (!ctx) return newTraceparent();
  return formatTraceparent({ ...ctx, spanId: nonZeroHex(8) });
}

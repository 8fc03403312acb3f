import { z } from 'zod';
import { err, ok, type Result } from './result';
import { AGGREGATE_MARKET, MarketSchema, SymbolSchema } from './symbols';

export const DYNAMIC_KINDS = ['ticks', 'candles.1m'] as const;
export const MAX_SPEC_SYMBOLS = 50;
/** Sampling: 0 = every update; otherwise the latest value per pair per window of this many ms. */
export const MIN_SAMPLING_MS = 250;
export const MAX_SAMPLING_MS = 3_600_000;

/** What an application asks for. Unknown fields are refused, so a typo never widens a stream silently. */
export const DynamicTopicSpecSchema = z
  .object({
    kind: z.enum(DYNAMIC_KINDS),
    symbols: z.array(SymbolSchema).min(1).max(MAX_SPEC_SYMBOLS),
    quote: SymbolSchema,
    market: MarketSchema.default(AGGREGATE_MARKET),
    samplingMs: z
      .number()
      .int()
      .refine((v) => v === 0 || (v >= MIN_SAMPLING_MS && v <= MAX_SAMPLING_MS), {
        message: `samplingMs must be 0 or between ${MIN_SAMPLING_MS} and ${MAX_SAMPLING_MS}`,
      })
      .default(0),
  })
  .strict()
  .refine((s) => s.kind !== 'candles.1m' || s.samplingMs === 0, {
    message: 'candles are per minute already: samplingMs must be 0',
    path: ['samplingMs'],
  })
  .refine((s) => !s.symbols.includes(s.quote), {
    message: 'quote must not be one of the symbols',
    path: ['quote'],
  });

/** A normalized spec: symbols uppercase, unique and sorted; defaults filled in. */
export type DynamicTopicSpec = z.output<typeof DynamicTopicSpecSchema>;
export type DynamicTopicSpecInput = z.input<typeof DynamicTopicSpecSchema>;

export type FieldIssue = { path: string; message: string };
export type SpecError = { code: 'invalid_spec'; message: string; issues: FieldIssue[] };

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    // zod names the unknown keys in its message: those are the client's text, never echoed back.
    message: i.code === 'unrecognized_keys' ? `${i.keys.length} unknown field(s)` : i.message.slice(0, 200),
  }));
}

/** Validates and normalizes any input (never throws): two spellings of one stream give one spec. */
export function normalizeSpec(input: unknown): Result<DynamicTopicSpec, SpecError> {
  const parsed = DynamicTopicSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    return err({
      code: 'invalid_spec',
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues,
    });
  }
  const symbols = [...new Set(parsed.data.symbols)].sort();
  return ok({ ...parsed.data, symbols });
}

/** Does a data point of this kind and pair belong in a topic with this spec? */
export function specMatches(
  spec: DynamicTopicSpec,
  kind: DynamicTopicSpec['kind'],
  pair: { market: string; base: string; quote: string },
): boolean {
  return (
    spec.kind === kind &&
    spec.quote === pair.quote &&
    spec.market === pair.market.toUpperCase() &&
    spec.symbols.includes(pair.base)
  );
}

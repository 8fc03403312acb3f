import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Services and tools that write to topics; the envelope's `source`. */
export const SourceSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'source must be a lowercase service name');

const isoTime = z.iso.datetime({ offset: true });

/**
 * Every message on every topic is `{ type, version, id, at, source, data }`.
 * `type` and `version` identify the schema of `data`; `id` is unique per message (dedup, tracing).
 */
export function envelopeSchema<const T extends string, D extends z.ZodType>(
  type: T,
  version: number,
  data: D,
) {
  return z.object({
    type: z.literal(type),
    version: z.literal(version),
    id: z.string().min(1).max(128),
    at: isoTime,
    source: SourceSchema,
    data,
  });
}

export type Envelope<T extends string, D> = {
  type: T;
  version: number;
  id: string;
  at: string;
  source: string;
  data: D;
};

/** Builds an envelope with a fresh id and the current time (both overridable for tests and replays). */
export function makeEnvelope<const T extends string, V extends number, D>(
  type: T,
  version: V,
  source: string,
  data: D,
  opts: { id?: string; at?: Date } = {},
): { type: T; version: V; id: string; at: string; source: string; data: D } {
  return {
    type,
    version,
    id: opts.id ?? randomUUID(),
    at: (opts.at ?? new Date()).toISOString(),
    source,
    data,
  };
}

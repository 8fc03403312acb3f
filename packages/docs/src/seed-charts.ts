import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One edge of a seed chart.
 * `dotted`: the seed draws it dotted (the event is accepted there and `to` follows `from`);
 * `deviation`: the state the machine goes to instead, or `removed` when the machine has no such edge;
 * `reason`: the `//` comment above the edge in the seed file, which says why.
 */
export type SeedEdge = {
  from: string;
  to: string;
  event: string;
  dotted: boolean;
  deviation: string | null;
  reason: string | null;
};
export type SeedChart = { states: string[]; edges: SeedEdge[] };

export const SERVICES = ['producer', 'coordinator', 'fixed-sink', 'dynamic-gateway'] as const;
export type Service = (typeof SERVICES)[number];

/** A documented deviation that removes the seed's edge: the machine has no transition for it. */
export const REMOVED = 'removed';

const EDGE = /^\s*(\w+)\s*->\s*(\w+)\s*\[label="([A-Z_ ]+)"(.*)\]/;
const COMMENT = /^\s*\/\/\s?(.*)$/;
const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Reads the seed's chart of a service (the DOT kept in `seed/`, transcribed from the design document). */
export function seedChart(service: Service): SeedChart {
  const text = readFileSync(join(__dirname, '..', 'seed', `${service}.dot`), 'utf8');
  const edges: SeedEdge[] = [];
  let comment: string[] = [];
  for (const line of text.split('\n')) {
    const note = COMMENT.exec(line);
    if (note) {
      comment.push(note[1] ?? '');
      continue;
    }
    const m = EDGE.exec(line);
    if (!m?.[1] || !m[2] || !m[3]) {
      comment = [];
      continue;
    }
    const rest = m[4] ?? '';
    edges.push({
      from: m[1],
      to: m[2],
      event: m[3].trim().replace(/ /g, '_'),
      dotted: rest.includes('style=dotted'),
      deviation: /deviation="(\w+)"/.exec(rest)?.[1] ?? null,
      reason: comment.length > 0 ? sentence(comment.join(' ').replace(/^Deviation:\s*/, '')) : null,
    });
    comment = [];
  }
  const states = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  return { states, edges };
}

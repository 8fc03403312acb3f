import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `dotted`: the seed draws it dotted (the event is accepted there and `to` follows `from`);
 * `deviation`: the state the machine goes to instead, for a documented reason (see the seed file).
 */
export type SeedEdge = { from: string; to: string; event: string; dotted: boolean; deviation: string | null };
export type SeedChart = { states: string[]; edges: SeedEdge[] };

export const SERVICES = ['producer', 'coordinator', 'fixed-sink', 'dynamic-gateway'] as const;
export type Service = (typeof SERVICES)[number];

const EDGE = /^\s*(\w+)\s*->\s*(\w+)\s*\[label="([A-Z_ ]+)"(.*)\]/;

/** Reads the seed's chart of a service (the DOT kept in `seed/`, transcribed from the source document). */
export function seedChart(service: Service): SeedChart {
  const text = readFileSync(join(__dirname, '..', 'seed', `${service}.dot`), 'utf8');
  const edges: SeedEdge[] = [];
  for (const line of text.split('\n')) {
    const m = EDGE.exec(line);
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const rest = m[4] ?? '';
    edges.push({
      from: m[1],
      to: m[2],
      event: m[3].trim().replace(/ /g, '_'),
      dotted: rest.includes('style=dotted'),
      deviation: /deviation="(\w+)"/.exec(rest)?.[1] ?? null,
    });
  }
  const states = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  return { states, edges };
}

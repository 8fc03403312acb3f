import type { RssFigures } from './rss-sampler';
import type { Tally } from './tally';

/** Everything a run measured, printed as plain tables at the end. */
export type FuzzFigures = {
  scale: string;
  seed: number;
  skipped: string[];
  sent: { what: string; count: number; detail?: string }[];
  answers: { section: string; tally: Tally }[];
  rss: Map<string, RssFigures>;
  rssCapMb: number;
  clients: { client: string; expected: number; received: number; missing: number; note: string }[];
  problems: string[];
  durations: { phase: string; ms: number }[];
};

const pad = (cells: (string | number)[], widths: number[]) =>
  cells
    .map((c, i) => String(c).padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();

function table(title: string, header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  return [
    `\n${title}`,
    pad(header, widths),
    pad(
      widths.map((w) => '-'.repeat(w)),
      widths,
    ),
    ...rows.map((r) => pad(r, widths)),
  ].join('\n');
}

export function formatFigures(f: FuzzFigures): string {
  const skipped = f.skipped.length > 0 ? `, SKIPPED kinds: ${f.skipped.join(', ')}` : '';
  const parts = [`fuzz run: scale ${f.scale}, seed ${f.seed}${skipped}`];
  parts.push(
    table(
      'inputs sent',
      ['input', 'count', 'detail'],
      f.sent.map((s) => [s.what, s.count, s.detail ?? '']),
    ),
  );
  for (const { section, tally } of f.answers)
    parts.push(
      table(
        `answers: ${section}`,
        ['input kind', 'answer', 'count'],
        tally.rows().map((r) => [r.kind, r.answer, r.count]),
      ),
    );
  parts.push(
    table(
      `resident memory (MiB, cap ${f.rssCapMb})`,
      ['process', 'before', 'max', 'after'],
      [...f.rss].map(([name, r]) => [name, r.before ?? 'gone', r.max, r.after ?? 'gone']),
    ),
  );
  parts.push(
    table(
      'well-behaved clients',
      ['client', 'expected', 'received', 'missing', 'note'],
      f.clients.map((c) => [c.client, c.expected, c.received, c.missing, c.note]),
    ),
  );
  parts.push(
    table(
      'phases',
      ['phase', 'seconds'],
      f.durations.map((d) => [d.phase, (d.ms / 1000).toFixed(1)]),
    ),
  );
  parts.push(
    f.problems.length === 0
      ? '\nproblems: none'
      : `\nproblems (${f.problems.length}):\n- ${f.problems.join('\n- ')}`,
  );
  return parts.join('\n');
}

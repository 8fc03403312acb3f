import type { BenchReport, Figure } from './result';

/** Numbers as people read them: thousands separated, at most 3 significant decimals. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A plain-text table with aligned columns (first column left, others right). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const figureRow = (who: string, f: Figure) => [`${who}${f.label}`, formatNumber(f.value), f.unit];

const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'NOT met');

/** The human summary of one benchmark: figures, baseline, ratios, targets. */
export function renderReport(report: BenchReport): string {
  const rows: string[][] = report.figures.map((f) => figureRow('', f));
  if (report.baseline) for (const f of report.baseline.figures) rows.push(figureRow('baseline: ', f));
  for (const r of report.ratios)
    rows.push([`ratio: ${r.label}`, formatNumber(r.value), `x (${r.better} is better)`]);
  const parts = [
    `== ${report.title} (${report.mode}, ${(report.durationMs / 1000).toFixed(1)} s)`,
    renderTable(['figure', 'value', 'unit'], rows),
  ];
  if (report.baseline) parts.push(`baseline: ${report.baseline.description}`);
  if (report.targets.length > 0)
    parts.push(
      renderTable(
        ['target', 'result'],
        report.targets.map((t) => [t.description, verdict(t.met)]),
      ),
    );
  for (const note of report.notes) parts.push(`note: ${note}`);
  return `${parts.join('\n')}\n`;
}

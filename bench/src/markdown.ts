import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchReport, Figure } from './harness/result';
import { RESULTS_DIR } from './harness/results-file';
import { formatNumber } from './harness/table';

/**
 * Prints the results of the last full run (bench/results/*.json) as the Markdown tables of
 * docs/benchmarks.md, so the document is regenerated, not retyped: `node bench/dist/markdown.js`.
 */
const ORDER = ['sink-throughput', 'producer-publish', 'end-to-end-latency', 'gateway-fanout', 'stream-start'];

const cell = (f: Figure) => `${formatNumber(f.value)} ${f.unit}`;
const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? '**met**' : '**not met**');

function section(r: BenchReport): string {
  const lines = [`### ${r.title}`, '', '| figure | value |', '| --- | ---: |'];
  for (const f of r.figures) lines.push(`| ${f.label} | ${cell(f)} |`);
  if (r.baseline) for (const f of r.baseline.figures) lines.push(`| baseline: ${f.label} | ${cell(f)} |`);
  for (const q of r.ratios)
    lines.push(`| ratio: ${q.label} (${q.better} is better) | ${formatNumber(q.value)} |`);
  lines.push('');
  if (r.baseline) lines.push(`Baseline: ${r.baseline.description}.`, '');
  lines.push('| target | result |', '| --- | --- |');
  for (const t of r.targets) lines.push(`| ${t.description} | ${verdict(t.met)} |`);
  lines.push(
    '',
    `Run ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${(r.durationMs / 1000).toFixed(0)} s, load average at start ${(r.loadAverageAtStart ?? []).join(' / ')}.`,
  );
  for (const n of r.notes) lines.push(`- ${n}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const files = (await readdir(RESULTS_DIR)).filter((f) => f.endsWith('.json') && !f.endsWith('.smoke.json'));
  const reports = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(RESULTS_DIR, f), 'utf8')) as BenchReport),
  );
  reports.sort((a, b) => ORDER.indexOf(a.benchmark) - ORDER.indexOf(b.benchmark));
  const machine = reports[0]?.machine;
  if (machine)
    process.stdout.write(
      `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; ${machine.broker}; ${machine.database}.\n\n`,
    );
  process.stdout.write(`${reports.map(section).join('\n\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchReport } from './result';

/** bench/results, next to dist/ (this file is dist/harness/results-file.js). */
export const RESULTS_DIR = join(__dirname, '..', '..', 'results');

/**
 * Writes `<dir>/<name>.json` atomically (tmp + rename). Smoke runs write `<name>.smoke.json` so a
 * CI run never overwrites the committed results of a full run.
 */
export async function writeReport(report: BenchReport, dir = RESULTS_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${report.benchmark}${report.mode === 'smoke' ? '.smoke' : ''}.json`);
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(report, null, 2)}\n`);
  await rename(tmp, file);
  return file;
}

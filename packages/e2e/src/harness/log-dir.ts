import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where every e2e run keeps the logs of its processes (MDP_E2E_LOG_DIR overrides it). */
export const LOG_ROOT = process.env.MDP_E2E_LOG_DIR ?? join(tmpdir(), 'mdp-e2e-logs');
const KEEP_MS = 24 * 3_600_000;

/**
 * A fresh folder for one test file's process logs. They are kept after the run (a failed test
 * names the files); folders older than a day are removed when a new one is made.
 */
export function createLogDir(label: string): string {
  mkdirSync(LOG_ROOT, { recursive: true });
  for (const name of readdirSync(LOG_ROOT)) {
    const path = join(LOG_ROOT, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run may be cleaning up the same folder.
    }
  }
  const dir = join(LOG_ROOT, `${new Date().toISOString().replace(/[:.]/g, '-')}-${label}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

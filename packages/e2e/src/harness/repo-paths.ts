import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (this file is packages/e2e/src/harness/repo-paths.ts). */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export const SERVICE_NAMES = ['coordinator', 'producer', 'fixed-sink', 'dynamic-gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
export type ProcessName = ServiceName | 'simulator';

const ENTRY_POINTS: Record<ProcessName, string> = {
  coordinator: 'apps/coordinator/dist/main.js',
  producer: 'apps/producer/dist/main.js',
  'fixed-sink': 'apps/fixed-sink/dist/main.js',
  'dynamic-gateway': 'apps/dynamic-gateway/dist/main.js',
  simulator: 'packages/cryptocompare-simulator/dist/cli.js',
};

/** The built entry point of a process; the tests run what `npm start` and the images run. */
export function entryPoint(name: ProcessName): string {
  const path = join(REPO_ROOT, ENTRY_POINTS[name]);
  if (!existsSync(path)) {
    throw new Error(
      `${ENTRY_POINTS[name]} is missing: build first (npx turbo run build), the e2e tests run the built services`,
    );
  }
  return path;
}

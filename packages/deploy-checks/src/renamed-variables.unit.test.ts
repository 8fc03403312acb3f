import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RENAMED_VARIABLES } from '@mdp/runtime/renamed-vars';
import { REPO_ROOT } from './repo';

/** Not the project's own text: installed packages, build output, the broker's jars, git itself. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage']);
const SKIPPED_PATHS = new Set([join(REPO_ROOT, 'infra', 'kafka', 'lib')]);
const TEXT_FILE = /(\.(ts|mts|cts|js|mjs|cjs|json|md|ya?ml|sh|env|toml|dot)|Dockerfile|\/run)$/;
/** Where the old names are meant to be: the rename table and its test. */
const ALLOWED = new Set([
  'packages/runtime/src/renamed-vars.ts',
  'packages/runtime/src/renamed-vars.unit.test.ts',
]);

function projectFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return SKIPPED_DIRS.has(entry.name) || SKIPPED_PATHS.has(path) ? [] : projectFiles(path);
    return entry.isFile() && TEXT_FILE.test(path) && entry.name !== 'package-lock.json' ? [path] : [];
  });
}

describe('renamed configuration variables', () => {
  it('are named nowhere but in the rename table, so no file sets a name the services refuse', () => {
    const oldNames = Object.keys(RENAMED_VARIABLES).join('|');
    const word = new RegExp(`(?<![A-Za-z0-9_])(${oldNames})(?![A-Za-z0-9_])`, 'g');
    const found = projectFiles(REPO_ROOT).flatMap((path) => {
      const file = relative(REPO_ROOT, path);
      if (ALLOWED.has(file)) return [];
      return [...readFileSync(path, 'utf8').matchAll(word)].map((m) => `${file}: ${m[1]}`);
    });
    expect(found).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the commands of the docs may refer to, read from the repository on disk. */
export type RepoFacts = {
  root: string;
  /** Workspace name (`@mdp/docs`) → its folder, relative to the root. */
  workspaces: Map<string, string>;
  /** Folder relative to the root ('' for the root) → its package.json scripts. */
  scripts: Map<string, Set<string>>;
  turboTasks: Set<string>;
  /** Variables of docs/configuration.md (every service's configuration). */
  configVariables: Set<string>;
  /** Source text of the repository's own code, to find variables read outside the services' config. */
  sourceText: string;
  composeProfiles: Set<string>;
};

const SKIP = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage']);

/** Files below `dir` whose name passes `keep`, skipping installed and built folders. */
export function filesBelow(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesBelow(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8'));

export function repoFacts(root: string): RepoFacts {
  const workspaces = new Map<string, string>();
  const scripts = new Map<string, Set<string>>();
  const rootPackage = readJson(join(root, 'package.json'));
  scripts.set('', new Set(Object.keys((rootPackage.scripts as object) ?? {})));
  for (const pattern of rootPackage.workspaces as string[]) {
    const base = pattern.replace(/\/\*$/, '');
    const folders = pattern.endsWith('/*')
      ? readdirSync(join(root, base)).map((name) => join(base, name))
      : [base];
    for (const folder of folders) {
      const file = join(root, folder, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = readJson(file);
      workspaces.set(String(pkg.name), folder);
      scripts.set(folder, new Set(Object.keys((pkg.scripts as object) ?? {})));
    }
  }
  const turbo = readJson(join(root, 'turbo.json'));
  const configuration = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
  const sources = filesBelow(root, (name) => /\.(ts|mjs|js|sh)$/.test(name) && !name.includes('.test.'));
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  return {
    root,
    workspaces,
    scripts,
    turboTasks: new Set(Object.keys(turbo.tasks as object)),
    configVariables: new Set([...configuration.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1] ?? '')),
    sourceText: sources
      .filter((f) => !relative(root, f).startsWith('packages/docs/'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n'),
    composeProfiles: new Set(
      [...compose.matchAll(/profiles:\s*\[([^\]]*)\]/g)].flatMap((m) =>
        (m[1] ?? '').split(',').map((p) => p.trim().replace(/^["']|["']$/g, '')),
      ),
    ),
  };
}

import { asRecord, asString } from './records';
import { listRepoDir, readRepoText, repoFileExists } from './repo';

/** Workspace package name -> folder, from every apps/* and packages/* package.json. */
export function workspaceDirs(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const parent of ['apps', 'packages']) {
    for (const entry of listRepoDir(parent)) {
      const file = `${parent}/${entry}/package.json`;
      if (!repoFileExists(file)) continue;
      const name = asString(asRecord(JSON.parse(readRepoText(file))).name);
      if (name) dirs.set(name, `${parent}/${entry}`);
    }
  }
  return dirs;
}

/**
 * The folders of a workspace and of every workspace it depends on, directly or not, dev
 * dependencies included (its tests build and run with them): what can change its CI result.
 */
export function dependencyClosure(pkg: string): string[] {
  const dirs = workspaceDirs();
  const seen = new Set<string>();
  const visit = (name: string) => {
    const dir = dirs.get(name);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const manifest = asRecord(JSON.parse(readRepoText(`${dir}/package.json`)));
    const deps = { ...asRecord(manifest.dependencies), ...asRecord(manifest.devDependencies) };
    for (const dep of Object.keys(deps)) visit(dep);
  };
  visit(pkg);
  return [...seen].sort();
}

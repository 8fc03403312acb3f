import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is packages/deploy-checks/src/repo.ts). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export function repoPath(relative: string): string {
  return join(REPO_ROOT, relative);
}

export function readRepoText(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

export function repoFileExists(relative: string): boolean {
  return existsSync(repoPath(relative));
}

/** File names (not paths) in a repository folder, sorted; empty when the folder is missing. */
export function listRepoDir(relative: string): string[] {
  return repoFileExists(relative) ? readdirSync(repoPath(relative)).sort() : [];
}

import type { Snippet } from './md-commands';
import { simpleCommands } from './shell-words';

/**
 * The commands of the docs that can run here, cheaply and without side effects: `kubectl kustomize
 * <dir>` (renders, needs no cluster) and `npx turbo run <task> --filter=...` as one dry run per task
 * with every filter the docs give it (resolves the task and the filters, builds nothing; one run,
 * because each turbo start takes seconds). Only what a snippet runs from the repository root,
 * before any `cd`.
 */
export function runnableCommands(snippets: Snippet[]): string[][] {
  const kustomize = new Map<string, string[]>();
  const turboFilters = new Map<string, Set<string>>();
  for (const snippet of snippets) {
    for (const { words, env } of simpleCommands(snippet.text)) {
      if (words[0] === 'cd') break;
      if (Object.keys(env).length > 0) continue;
      if (words[0] === 'kubectl' && words[1] === 'kustomize' && words.length === 3)
        kustomize.set(words.join(' '), words);
      const task = words[3];
      if (words[0] === 'npx' && words[1] === 'turbo' && words[2] === 'run' && task) {
        const filters = turboFilters.get(task) ?? new Set<string>();
        for (const w of words.slice(4)) if (w.startsWith('--filter=')) filters.add(w);
        turboFilters.set(task, filters);
      }
    }
  }
  const turbo = [...turboFilters].map(([task, filters]) => [
    'npx',
    'turbo',
    'run',
    task,
    ...filters,
    '--dry-run=json',
  ]);
  return [...turbo, ...kustomize.values()];
}

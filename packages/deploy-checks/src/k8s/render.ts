import { execFileSync } from 'node:child_process';
import { repoPath } from '../repo';
import { parseYamlStream } from '../yaml-file';

export const KUSTOMIZATIONS = [
  'infra/k8s/base',
  'infra/k8s/overlays/dev',
  'infra/k8s/overlays/prod',
] as const;
export type KustomizationDir = (typeof KUSTOMIZATIONS)[number];

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * How to render a kustomization here: a `kustomize` binary if there is one, else kubectl's built-in
 * kustomize (kubectl is on this project's machines and on GitHub's runners).
 */
function renderer(): [string, string[]] {
  if (hasCommand('kustomize', ['version'])) return ['kustomize', ['build']];
  if (hasCommand('kubectl', ['version', '--client'])) return ['kubectl', ['kustomize']];
  throw new Error('neither kustomize nor kubectl is installed: the Kubernetes manifests cannot be rendered');
}

let cached: [string, string[]] | undefined;

/** The rendered manifests of a kustomization, one object per YAML document. */
export function renderKustomization(dir: string): unknown[] {
  cached ??= renderer();
  const [command, args] = cached;
  const output = execFileSync(command, [...args, repoPath(dir)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseYamlStream(output);
}

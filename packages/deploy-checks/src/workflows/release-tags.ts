import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asArray, asRecord, asString, at, type Json } from '../records';
import type { ImageSpec } from '../services';

export const PROD_KUSTOMIZATION = 'infra/k8s/overlays/prod/kustomization.yaml';
/** The GitHub owner the prod overlay's image names assume (ghcr.io/<owner>/<service>). */
export const PROD_OWNER = 'market-data-platform';

type Step = Json;

function imageSteps(workflow: Json): Step[] {
  return asArray(at(workflow, 'jobs', 'image', 'steps')).map(asRecord);
}

/**
 * The image references a pipeline pushes for one git ref, found by running its "Image tags" step
 * as GitHub would (bash, the GITHUB_* variables, GITHUB_ENV), then reading the build step's tags.
 */
export function pushedImages(workflow: Json, ref: string, owner = PROD_OWNER): string[] {
  const script = asString(imageSteps(workflow).find((s) => s.name === 'Image tags')?.run);
  if (!script) return [];
  const dir = mkdtempSync(join(tmpdir(), 'image-tags-'));
  try {
    const githubEnv = join(dir, 'env');
    const run = spawnSync('bash', ['-e', '-c', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GITHUB_ENV: githubEnv,
        GITHUB_REPOSITORY_OWNER: owner,
        GITHUB_REF: ref,
        GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      },
    });
    if (run.status !== 0) return [];
    const vars = Object.fromEntries(
      readFileSync(githubEnv, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const build = imageSteps(workflow).find((s) => String(s.uses).startsWith('docker/build-push-action'));
    const tags = (asString(at(build, 'with', 'tags')) ?? '').replace(
      /\$\{\{\s*env\.(\w+)\s*\}\}/g,
      (_, v) => vars[v] ?? '',
    );
    return tags
      .split(/[,\n]/)
      .map((t) => t.trim())
      .filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The prod overlay's image for a service: `newName:newTag` of its `images` entry. */
export function prodImage(kustomization: Json, app: ImageSpec): { name: string; tag: string } | undefined {
  const entry = asArray(kustomization.images)
    .map(asRecord)
    .find((i) => i.name === `mdp/${app.name}`);
  const name = asString(entry?.newName);
  const tag = asString(entry?.newTag);
  return name && tag ? { name, tag } : undefined;
}

/**
 * The prod overlay pins, for each service, an image its pipeline pushes: a release tag `v<tag>`
 * runs the pipeline (on.push.tags), the build step pushes on it, and its tags include the pinned one.
 */
export function releaseTagProblems(app: ImageSpec, workflow: Json, kustomization: Json): string[] {
  const file = `.github/workflows/${app.name}.yml`;
  const pinned = prodImage(kustomization, app);
  if (!pinned) return [`${PROD_KUSTOMIZATION}: no newName/newTag for mdp/${app.name}`];
  const problems: string[] = [];
  if (!/^\d+\.\d+\.\d+$/.test(pinned.tag))
    problems.push(
      `${PROD_KUSTOMIZATION}: mdp/${app.name} must pin a release version X.Y.Z, not ${pinned.tag}`,
    );
  if (!asArray(at(workflow, 'on', 'push', 'tags')).includes('v*'))
    problems.push(`${file}: does not run on release tags (on.push.tags: ["v*"])`);
  const build = imageSteps(workflow).find((s) => String(s.uses).startsWith('docker/build-push-action'));
  if (!/^\$\{\{\s*github\.event_name == 'push'\s*\}\}$/.test(String(at(build, 'with', 'push'))))
    problems.push(`${file}: the image step must push on every push event (main and release tags)`);
  const reference = `${pinned.name}:${pinned.tag}`;
  const pushed = pushedImages(workflow, `refs/tags/v${pinned.tag}`);
  if (!pushed.includes(reference))
    problems.push(
      `${file}: release v${pinned.tag} pushes ${pushed.join(', ') || 'nothing'}, not ${reference}`,
    );
  return problems;
}

import { asArray, asRecord, asString, at, type Json } from '../records';
import { type APPS, dockerfileOf, IMAGES } from '../services';
import { dependencyClosure } from '../workspaces';

export const WORKFLOWS_DIR = '.github/workflows';

function steps(workflow: Json): Json[] {
  return Object.values(asRecord(workflow.jobs)).flatMap((job) => asArray(asRecord(job).steps).map(asRecord));
}

function runScripts(workflow: Json): string[] {
  return steps(workflow).flatMap((s) => (asString(s.run) ? [asString(s.run) ?? ''] : []));
}

function buildFiles(workflow: Json): string[] {
  const fromSteps = steps(workflow).map((s) => asString(at(s, 'with', 'file')) ?? '');
  const fromMatrix = Object.values(asRecord(workflow.jobs)).flatMap((job) =>
    asArray(at(job, 'strategy', 'matrix', 'image')).map((i) => asString(asRecord(i).dockerfile) ?? ''),
  );
  return [...fromSteps, ...fromMatrix].filter(Boolean);
}

/** A service's pipeline: runs when the service or a package it depends on changes, checks and builds it. */
export function serviceWorkflowProblems(app: (typeof APPS)[number], workflow: Json): string[] {
  const problems: string[] = [];
  const file = `${WORKFLOWS_DIR}/${app.name}.yml`;
  const expectedPaths = [
    ...dependencyClosure(app.pkg).map((dir) => `${dir}/**`),
    'package-lock.json',
    'package.json',
    file,
  ];
  for (const event of ['push', 'pull_request']) {
    const paths = asArray(at(workflow, 'on', event, 'paths')).map(String);
    const absent = expectedPaths.filter((p) => !paths.includes(p));
    if (absent.length > 0) problems.push(`${file}: on.${event}.paths lacks ${absent.join(', ')}`);
  }
  const scripts = runScripts(workflow);
  for (const task of ['typecheck', 'test']) {
    // `npm test -- <args>` is the repository's test runner; it passes its arguments to turbo.
    const runner = task === 'test' ? /turbo run test|npm test --/ : /turbo run typecheck/;
    const runsTask = scripts.some((s) => runner.test(s) && s.includes(`--filter=${app.pkg}...`));
    if (!runsTask) problems.push(`${file}: no \`turbo run ${task} --filter=${app.pkg}...\` step`);
  }
  if (!scripts.some((s) => /biome (ci|check)/.test(s) && s.includes(app.dir)))
    problems.push(`${file}: no lint step`);
  if (!scripts.some((s) => /\bnpm ci\b/.test(s))) problems.push(`${file}: no npm ci step`);
  if (!buildFiles(workflow).includes(dockerfileOf(app)))
    problems.push(`${file}: does not build ${dockerfileOf(app)}`);
  return problems;
}

/** The root pipeline: every push to main, no path filter, the whole suite and every image. */
export function rootWorkflowProblems(workflow: Json): string[] {
  const file = `${WORKFLOWS_DIR}/ci.yml`;
  const problems: string[] = [];
  if (!asArray(at(workflow, 'on', 'push', 'branches')).includes('main'))
    problems.push(`${file}: must run on push to main`);
  if (at(workflow, 'on', 'push', 'paths') !== undefined) problems.push(`${file}: must not filter paths`);
  const scripts = runScripts(workflow);
  for (const task of ['build', 'typecheck', 'test']) {
    const runner = new RegExp(`turbo run ${task}(\\s|$)${task === 'test' ? '|^npm test$' : ''}`);
    if (!scripts.some((s) => runner.test(s) && !s.includes('--filter')))
      problems.push(`${file}: no unfiltered \`turbo run ${task}\``);
  }
  const built = buildFiles(workflow);
  for (const image of IMAGES) {
    if (!built.includes(dockerfileOf(image))) problems.push(`${file}: does not build ${dockerfileOf(image)}`);
  }
  return problems;
}

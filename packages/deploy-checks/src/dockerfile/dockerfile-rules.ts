import { asRecord, asString } from '../records';
import { readRepoText } from '../repo';
import type { ImageSpec } from '../services';
import { argsOf, parseStages, type Stage } from './stages';

/** The versions the images must use: the repository's own Node and turbo (root devDependencies). */
export function pinnedVersions(): { node: string; turbo: string } {
  const dev = asRecord(asRecord(JSON.parse(readRepoText('package.json'))).devDependencies);
  return { node: asString(dev.node) ?? '?', turbo: asString(dev.turbo) ?? '?' };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function baseImageProblems(stages: Stage[], node: string): string[] {
  const names = new Set<string>();
  const problems: string[] = [];
  for (const stage of stages) {
    const fromStage = names.has(stage.image);
    const pinned =
      stage.image === 'node' &&
      new RegExp(`^${escapeRegExp(node)}-(bookworm-slim|alpine[\\d.]*)$`).test(stage.tag ?? '');
    if (!fromStage && !pinned)
      problems.push(
        `FROM ${stage.image}:${stage.tag ?? ''} is not node:${node}-bookworm-slim (the repository's Node)`,
      );
    if (stage.name) names.add(stage.name);
  }
  return problems;
}

/** The rules of the issue: multi-stage from a pruned workspace, pinned base, non-root, init, healthcheck. */
export function dockerfileProblems(content: string, image: ImageSpec): string[] {
  const { node, turbo } = pinnedVersions();
  const stages = parseStages(content);
  const problems = baseImageProblems(stages, node);
  if (stages.length < 3) problems.push('must be multi-stage: prune, build, runtime');
  const all = stages.flatMap((s) => argsOf(s, 'RUN'));
  if (!all.some((r) => r.includes(`turbo@${turbo} prune ${image.pkg} --docker`)))
    problems.push(
      `no \`turbo@${turbo} prune ${image.pkg} --docker\` (turbo pinned to the repository's version)`,
    );
  if (!all.some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev')))
    problems.push('no `npm ci` of the pruned lockfile');
  if (!all.some((r) => r.includes(`turbo run build --filter=${image.pkg}...`)))
    problems.push(`no \`turbo run build --filter=${image.pkg}...\``);
  if (!all.some((r) => /\bnpm ci\b.*--omit=dev/.test(r)))
    problems.push('production dependencies not installed apart (npm ci --omit=dev)');
  if (all.some((r) => /\bnpm (install|i)\b/.test(r))) problems.push('npm install instead of npm ci');
  const copies = stages.flatMap((s) => argsOf(s, 'COPY'));
  if (!copies.some((c) => /--from=\S+ \S*out\/json\/?/.test(c)))
    problems.push('does not install from the pruned out/json');

  const runtime = stages.at(-1);
  const user = argsOf(runtime, 'USER').at(-1) ?? '';
  if (user === '' || /^(root|0)(:|$)/.test(user)) problems.push('the runtime stage must set a non-root USER');
  if (!argsOf(runtime, 'HEALTHCHECK').some((h) => h.includes('/healthz')))
    problems.push('no HEALTHCHECK on /healthz');
  const entrypoint = argsOf(runtime, 'ENTRYPOINT').at(-1) ?? '';
  if (!/tini/.test(entrypoint)) problems.push('PID 1 must be an init (tini) that forwards SIGTERM');
  if (!/"node",\s*"dist\/main\.js"/.test(argsOf(runtime, 'CMD').at(-1) ?? ''))
    problems.push('CMD must be node dist/main.js');
  if (!argsOf(runtime, 'WORKDIR').at(-1)?.endsWith(`/${image.dir}`))
    problems.push(`WORKDIR must be the package folder ${image.dir}`);
  if (!argsOf(runtime, 'EXPOSE').includes(String(image.port))) problems.push(`must EXPOSE ${image.port}`);
  if (!argsOf(runtime, 'ENV').some((e) => new RegExp(`${image.portEnv}=${image.port}\\b`).test(e)))
    problems.push(`ENV ${image.portEnv} must be ${image.port}`);
  if (argsOf(runtime, 'RUN').some((r) => /\bnpm\b/.test(r) && !r.includes('rm -rf')))
    problems.push('the runtime stage must not run npm');
  if (argsOf(runtime, 'COPY').some((c) => !c.startsWith('--from=')))
    problems.push('the runtime stage copies only from build stages');
  return problems;
}

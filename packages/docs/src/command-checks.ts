import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import type { Snippet } from './md-commands';
import { filesBelow, type RepoFacts } from './repo-facts';
import { type SimpleCommand, simpleCommands } from './shell-words';

/**
 * Where a snippet's commands run: every snippet starts at the repository root (the docs say so);
 * `cd` moves it. `built`: workspace folders a command of the snippet built with their dependencies.
 */
type Place = { cwd: string; built: Set<string>; builtAll: boolean };

/** Commands that are checked only through their environment (outside tools, reader-side helpers). */
// Tools outside the repository, and the shell's own keywords (a `for ... do ... done` loop).
const UNCHECKED = new Set([
  ...['curl', 'helm', 'git', 'echo', 'export', 'kill', 'sleep', 'open', 'jq', 'base64'],
  ...['for', 'do', 'done', 'while', 'if', 'then', 'else', 'fi'],
]);

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The value of `-w x`, `--workspace x`, `--filter=x` style options, every time it is given. */
function optionValues(words: string[], names: string[]): string[] {
  const values: string[] = [];
  words.forEach((w, i) => {
    for (const name of names) {
      if (w === name && words[i + 1]) values.push(words[i + 1] ?? '');
      else if (w.startsWith(`${name}=`)) values.push(w.slice(name.length + 1));
    }
  });
  return values;
}

/** The package folder a folder belongs to (its own, or the nearest one above it). */
function packageOf(facts: RepoFacts, folder: string): string {
  let current = folder;
  while (current !== '' && current !== '.' && !facts.scripts.has(current)) current = dirname(current);
  return current === '.' ? '' : current;
}

function checkNpm(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const [, sub, script] = c.words;
  if (sub === 'ci' || sub === 'install' || sub === 'i') return [];
  const name =
    sub === 'run' || sub === 'run-script' ? script : sub === 'test' || sub === 'start' ? sub : null;
  if (!name) return [`npm ${sub}: not a command these docs should use`];
  const workspaces = optionValues(c.words, ['-w', '--workspace']);
  const problems: string[] = [];
  const folders =
    workspaces.length > 0 ? workspaces.map((w) => facts.workspaces.get(w)) : [packageOf(facts, place.cwd)];
  folders.forEach((folder, i) => {
    if (folder === undefined) problems.push(`npm: no workspace ${workspaces[i]}`);
    else if (!facts.scripts.get(folder)?.has(name))
      problems.push(`npm run ${name}: no such script in ${folder || 'the root'} package.json`);
  });
  if (name === 'build' && workspaces.length === 0 && folders[0] === '') place.builtAll = true;
  return problems;
}

function checkTurbo(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const task = c.words[c.words.indexOf('run') + 1] ?? '';
  const problems = facts.turboTasks.has(task) ? [] : [`turbo run ${task}: no such task in turbo.json`];
  for (const filter of optionValues(c.words, ['--filter', '-F'])) {
    const name = filter.replace(/^\.\.\.|\.\.\.$|\[.*\]$/g, '');
    const folder = facts.workspaces.get(name);
    if (folder === undefined) problems.push(`turbo --filter=${filter}: no workspace ${name}`);
    else if (task === 'build' && filter.endsWith('...')) place.built.add(folder);
  }
  return problems;
}

/** `npx jest [pattern...]`: a jest config where it runs, and test files each pattern matches. */
function checkJest(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const dir = join(facts.root, place.cwd);
  if (!existsSync(join(dir, 'jest.config.js')))
    return [`npx jest: no jest.config.js in ${place.cwd || 'the root'}`];
  const args = c.words.slice(2);
  const patterns = args.filter(
    (a, i) => !a.startsWith('-') && (i === 0 || args[i - 1] !== '--testPathPatterns'),
  );
  patterns.push(...optionValues(args, ['--testPathPatterns']));
  if (patterns.length === 0) return [];
  const tests = filesBelow(dir, (n) => n.endsWith('.test.ts')).map((f) => relative(dir, f));
  return patterns
    .filter((p) => !tests.some((t) => t.includes(p)))
    .map((p) => `npx jest ${p}: matches no test file in ${place.cwd || 'the root'}`);
}

function checkNpx(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const tool = c.words[1] ?? '';
  if (!existsSync(join(facts.root, 'node_modules', '.bin', tool)))
    return [`npx ${tool}: not installed by npm ci`];
  if (tool === 'turbo') return checkTurbo(c, facts, place);
  if (tool === 'jest') return checkJest(c, facts, place);
  return [];
}

/** `node path`: the file exists, or it is build output whose workspace the snippet built first. */
function checkNode(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const script = c.words.slice(1).find((w) => !w.startsWith('-'));
  if (!script) return [];
  const path = normalize(join(place.cwd, script));
  if (!path.includes('dist/'))
    return existsSync(join(facts.root, path)) ? [] : [`node ${script}: no such file`];
  const source = path.replace('dist/', 'src/').replace(/\.js$/, '.ts');
  if (!existsSync(join(facts.root, source))) return [`node ${script}: no ${source} builds it`];
  const folder = packageOf(facts, dirname(path));
  const name = [...facts.workspaces].find(([, f]) => f === folder)?.[0] ?? folder;
  if (place.builtAll || place.built.has(folder)) return [];
  return [
    `node ${script}: not built on a fresh clone; build it first with npx turbo run build --filter=${name}...`,
  ];
}

function checkDocker(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const at = (p: string) => join(facts.root, place.cwd, p);
  const files = c.words[1] === 'build' ? optionValues(c.words, ['-f', '--file']) : [];
  const problems = files.filter((f) => f !== '-' && !existsSync(at(f))).map((f) => `docker: no file ${f}`);
  if (c.words[1] === 'compose') {
    if (!existsSync(at('docker-compose.yml'))) problems.push('docker compose: no docker-compose.yml here');
    for (const profile of optionValues(c.words, ['--profile']))
      if (!facts.composeProfiles.has(profile)) problems.push(`docker compose: no profile ${profile}`);
  }
  return problems;
}

function checkKubectl(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const paths = optionValues(c.words, ['-k', '--kustomize']);
  if (c.words[1] === 'kustomize' && c.words[2]) paths.push(c.words[2]);
  return paths.filter((p) => !isDir(join(facts.root, place.cwd, p))).map((p) => `kubectl: no folder ${p}`);
}

function checkCommand(c: SimpleCommand, facts: RepoFacts, place: Place): string[] {
  const problems = Object.keys(c.env)
    .filter((v) => !facts.configVariables.has(v) && !facts.sourceText.includes(v))
    .map((v) => `${v}: neither in docs/configuration.md nor read by any code`);
  const [command = '', arg] = c.words;
  if (command === 'cd') {
    const target = normalize(join(place.cwd, arg ?? '.'));
    if (!isDir(join(facts.root, target))) problems.push(`cd ${arg}: no such folder`);
    place.cwd = target === '.' ? '' : target;
  } else if (command === 'npm') problems.push(...checkNpm(c, facts, place));
  else if (command === 'npx') problems.push(...checkNpx(c, facts, place));
  else if (command === 'node') problems.push(...checkNode(c, facts, place));
  else if (command === 'docker') problems.push(...checkDocker(c, facts, place));
  else if (command === 'kubectl') problems.push(...checkKubectl(c, facts, place));
  else if (command === 'bash' || command === 'sh') {
    if (arg && !arg.startsWith('-') && !existsSync(join(facts.root, place.cwd, arg)))
      problems.push(`${command} ${arg}: no such file`);
  } else if (command.includes('/')) {
    if (!isExecutable(join(facts.root, place.cwd, command)))
      problems.push(`${command}: no such executable file`);
  } else if (!UNCHECKED.has(command)) problems.push(`${command}: no check for this command (add one)`);
  return problems;
}

/** Problems of the snippet's commands run from `cwd`. */
function problemsFrom(snippet: Snippet, facts: RepoFacts, cwd: string): string[] {
  // An inline command sits in prose that says what comes first; a block must be whole on a fresh clone.
  const place: Place = { cwd, built: new Set(), builtAll: snippet.kind === 'inline' };
  return simpleCommands(snippet.text).flatMap((c) => checkCommand(c, facts, place));
}

/**
 * Problems of one snippet, each as `file:line: command: what is wrong`. A block runs from the
 * repository root (a `cd` says otherwise); an inline command in the prose of a workspace's README
 * may also mean that workspace's folder.
 */
export function checkSnippet(snippet: Snippet, facts: RepoFacts): string[] {
  const fromRoot = problemsFrom(snippet, facts, '');
  const folder = dirname(snippet.file);
  if (fromRoot.length > 0 && snippet.kind === 'inline' && folder !== '.') {
    const fromFolder = problemsFrom(snippet, facts, folder);
    if (fromFolder.length === 0) return [];
  }
  return fromRoot.map((p) => `${snippet.file}:${snippet.line}: ${p}`);
}

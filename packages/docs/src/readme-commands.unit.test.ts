import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSnippet } from './command-checks';
import { type Snippet, snippetsOf } from './md-commands';
import { anchorOf, linkProblems } from './md-links';
import { filesBelow, repoFacts } from './repo-facts';
import { runnableCommands } from './runnable-commands';

const ROOT = join(__dirname, '..', '..', '..');
const facts = repoFacts(ROOT);

/** Every README.md of the repository and every page under docs/. */
const pages = filesBelow(ROOT, (name) => name.endsWith('.md'))
  .map((f) => relative(ROOT, f))
  .filter((f) => f.endsWith('README.md') || f.startsWith('docs/'))
  .sort();
const snippets = pages.flatMap((page) => snippetsOf(page, readFileSync(join(ROOT, page), 'utf8')));
const blocks = snippets.filter((s) => s.kind === 'block');
const where = (s: Snippet) => `${s.file}:${s.line}`;

/** Runs a command from the repository root: its line, exit status and the end of its stderr. */
function run(
  command: string,
  args: string[],
): Promise<{ line: string; status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 100_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    const line = [command, ...args].join(' ');
    child.on('error', (error) => resolve({ line, status: null, stderr: String(error) }));
    child.on('close', (status) => resolve({ line, status, stderr }));
  });
}

describe('the commands in the READMEs and docs/', () => {
  it('finds the pages and their shell blocks', () => {
    expect(pages).toEqual(
      expect.arrayContaining(['README.md', 'docs/deployment.md', 'packages/e2e/README.md']),
    );
    expect(blocks.length).toBeGreaterThan(20);
  });

  it.each(snippets.map((s) => [where(s), s] as const))(
    '%s refers to real scripts, workspaces, files and variables',
    (_where, snippet) => {
      expect(checkSnippet(snippet, facts)).toEqual([]);
    },
  );

  it.each(blocks.map((s) => [where(s), s] as const))('%s is valid shell (bash -n)', (_where, snippet) => {
    const result = spawnSync('bash', ['-n'], { input: snippet.text, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the commands of the docs that can run here', () => {
  const runnable = runnableCommands(snippets);
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

  it('finds some', () => {
    expect(runnable.map((c) => c.slice(0, 3).join(' '))).toEqual(
      expect.arrayContaining(['npx turbo run', 'kubectl kustomize infra/k8s/overlays/prod']),
    );
  });

  it('all succeed', async () => {
    const results = await Promise.all(
      runnable
        // deploy-checks says it needs kubectl; not every machine has it.
        .filter(([command]) => command !== 'kubectl' || kubectl)
        .map(([command = '', ...args]) => run(command, args)),
    );
    expect(results.filter((r) => r.status !== 0)).toEqual([]);
  }, 120_000);
});

describe('the links of the READMEs and docs/', () => {
  it.each(pages)(
    '%s links to files and headings that exist, and to no path outside the repository',
    (page) => {
      expect(linkProblems(ROOT, page)).toEqual([]);
    },
  );

  it('names headings as GitHub does', () => {
    expect(anchorOf('Adding a data source')).toBe('adding-a-data-source');
    expect(anchorOf('"Every tick", precisely')).toBe('every-tick-precisely');
    expect(anchorOf('The machine (`src/machine.ts`)')).toBe('the-machine-srcmachinets');
  });
});

describe('the command checks fail on what is not there', () => {
  const problems = (text: string, kind: Snippet['kind'] = 'block') =>
    checkSnippet({ file: 'X.md', line: 1, kind, text }, facts);

  it.each([
    ['npm run no-such-script', 'npm run no-such-script: no such script in the root package.json'],
    ['npm run docs -w @mdp/nope', 'npm: no workspace @mdp/nope'],
    ['npm run bench -w @mdp/docs', 'npm run bench: no such script in packages/docs package.json'],
    ['cd apps/coordinator && npm run fuzz', 'npm run fuzz: no such script in apps/coordinator package.json'],
    ['npx turbo run deploy', 'turbo run deploy: no such task in turbo.json'],
    ['npx turbo run build --filter=@mdp/nope...', 'turbo --filter=@mdp/nope...: no workspace @mdp/nope'],
    [
      'cd packages/docs && npx jest src/no-such-test',
      'npx jest src/no-such-test: matches no test file in packages/docs',
    ],
    [
      'MDP_NO_SUCH_VARIABLE=1 npm test',
      'MDP_NO_SUCH_VARIABLE: neither in docs/configuration.md nor read by any code',
    ],
    ['node scripts/nope.mjs', 'node scripts/nope.mjs: no such file'],
    [
      'npm run build -w @mdp/producer && node apps/producer/dist/main.js',
      'node apps/producer/dist/main.js: not built on a fresh clone; build it first with npx turbo run build --filter=@mdp/producer...',
    ],
    ['docker compose --profile nope up', 'docker compose: no profile nope'],
    ['kubectl apply -k infra/k8s/overlays/nope', 'kubectl: no folder infra/k8s/overlays/nope'],
    ['cd no/such/folder', 'cd no/such/folder: no such folder'],
    ['make all', 'make: no check for this command (add one)'],
  ])('%s', (text, problem) => {
    expect(problems(text)).toEqual([`X.md:1: ${problem}`]);
  });

  it('accepts what is there', () => {
    expect(
      problems(
        'npx turbo run build --filter=@mdp/producer... && KAFKA_BROKERS=127.0.0.1:9092 node apps/producer/dist/main.js',
      ),
    ).toEqual([]);
    expect(problems('cd packages/docs && npx jest src/readme-commands   # this very test')).toEqual([]);
    expect(problems('npm run docs -w @mdp/docs', 'inline')).toEqual([]);
  });

  it('runs turbo once per task with every filter, kustomize as written, nothing after a cd', () => {
    const block = (text: string): Snippet => ({ file: 'X.md', line: 1, kind: 'block', text });
    expect(
      runnableCommands([
        block('npx turbo run build --filter=@mdp/a... && node x.js\nkubectl kustomize infra/k8s/base'),
        block('npx turbo run build --filter=@mdp/b...\ncd apps/x\nnpx turbo run typecheck'),
      ]),
    ).toEqual([
      ['npx', 'turbo', 'run', 'build', '--filter=@mdp/a...', '--filter=@mdp/b...', '--dry-run=json'],
      ['kubectl', 'kustomize', 'infra/k8s/base'],
    ]);
  });

  it('finds shell blocks and inline commands in Markdown', () => {
    const md = [
      'Run `npm test` or `npm run x`; `KAFKA_BROKERS` is a variable.',
      '```sh',
      'npm start',
      '```',
      '```js',
      'x()',
      '```',
    ];
    expect(snippetsOf('M.md', md.join('\n'))).toEqual([
      { file: 'M.md', line: 1, kind: 'inline', text: 'npm test' },
      { file: 'M.md', line: 1, kind: 'inline', text: 'npm run x' },
      { file: 'M.md', line: 3, kind: 'block', text: 'npm start' },
    ]);
  });
});

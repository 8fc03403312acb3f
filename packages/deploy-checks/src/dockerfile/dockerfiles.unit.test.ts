import { validate } from 'dockerfile-utils';
import { readRepoText } from '../repo';
import { dockerfileOf, IMAGES, SIMULATOR } from '../services';
import { dockerfileProblems } from './dockerfile-rules';

const WARNING = 2;

describe.each(IMAGES.map((i) => [dockerfileOf(i), i] as const))('%s', (file, image) => {
  const content = readRepoText(file);

  it('passes the Dockerfile linter (dockerfile-utils) without errors or warnings', () => {
    const findings = validate(content).filter((d) => (d.severity ?? 1) <= WARNING);
    expect(findings.map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('follows the image rules (pruned multi-stage, pinned base, production deps, non-root, init, healthcheck)', () => {
    expect(dockerfileProblems(content, image)).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps installed, built, secret and VCS files out of the build context', () => {
    const lines = readRepoText('.dockerignore').split('\n');
    expect(lines).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '**/.env']));
  });
});

describe('the Dockerfile checks bite', () => {
  it('a single-stage, root, unpinned Dockerfile breaks the rules', () => {
    const bad = 'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "index.js"]\n';
    const problems = dockerfileProblems(bad, SIMULATOR).join('\n');
    expect(problems).toMatch(/FROM node:latest is not node:24/);
    expect(problems).toMatch(/must be multi-stage/);
    expect(problems).toMatch(/non-root USER/);
    expect(problems).toMatch(/HEALTHCHECK/);
    expect(problems).toMatch(/npm install instead of npm ci/);
  });

  it('the linter reports a malformed instruction', () => {
    const findings = validate(
      'FROM node:24.21.0-bookworm-slim\nEXPOSE port\nHEALTHCHECK --interval=abc CMD true\n',
    );
    expect(findings.length).toBeGreaterThan(0);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestPathPatterns } from '@jest/pattern';

const { needsInfra } = require('../needs-infra') as {
  needsInfra: (globalConfig: object, projectConfig: object, env?: NodeJS.ProcessEnv) => boolean;
};

let rootDir: string;

function file(relative: string): void {
  const path = join(rootDir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

/** What jest hands the global setup, reduced to what needsInfra reads. */
function run(patterns: string[], env: NodeJS.ProcessEnv = {}): boolean {
  return needsInfra({ testPathPatterns: new TestPathPatterns(patterns) }, { rootDir, roots: [rootDir] }, env);
}

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'mdp-needs-infra-'));
  file('src/codec.unit.test.ts');
  file('src/kafka/consumer.int.test.ts');
});

afterEach(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

test('a plain run with integration tests needs the infra', () => {
  expect(run([])).toBe(true);
});

test('`--testPathPatterns unit` (test:unit) and a single unit file do not', () => {
  expect(run(['unit'])).toBe(false);
  expect(run(['src/codec.unit.test.ts'])).toBe(false);
});

test('a pattern that selects an integration test does', () => {
  expect(run(['consumer'])).toBe(true);
  expect(run(['int'])).toBe(true);
});

test('MDP_UNIT_ONLY=1 always skips it', () => {
  expect(run([], { MDP_UNIT_ONLY: '1' })).toBe(false);
});

test('a project without integration tests (outside node_modules and dist) does not', () => {
  rmSync(join(rootDir, 'src/kafka'), { recursive: true });
  file('node_modules/some-lib/src/x.int.test.ts');
  file('dist/x.int.test.ts');
  expect(run([])).toBe(false);
});

import { schemaCheck } from '../json-schema';
import { asRecord } from '../records';
import { listRepoDir, readRepoText } from '../repo';
import { APPS } from '../services';
import { parseYaml } from '../yaml-file';
import { rootWorkflowProblems, serviceWorkflowProblems, WORKFLOWS_DIR } from './workflow-rules';

const workflowSchema = schemaCheck('github-workflow.json');
const files = listRepoDir(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));
const load = (file: string) => asRecord(parseYaml(readRepoText(`${WORKFLOWS_DIR}/${file}`)));

describe('GitHub Actions workflows', () => {
  it('exist: one per service, the root pipeline and the deployment checks', () => {
    expect(files).toEqual(
      expect.arrayContaining([...APPS.map((a) => `${a.name}.yml`), 'ci.yml', 'deployment.yml']),
    );
  });

  it.each(files)('%s parses and is valid against the workflow schema', (file) => {
    expect(workflowSchema(load(file))).toEqual([]);
  });

  it.each(APPS.map((a) => [a.name, a] as const))(
    '%s pipeline filters paths, checks and builds only that service',
    (_, app) => {
      expect(serviceWorkflowProblems(app, load(`${app.name}.yml`))).toEqual([]);
    },
  );

  it('the root pipeline runs the whole suite and every image on main', () => {
    expect(rootWorkflowProblems(load('ci.yml'))).toEqual([]);
  });

  it('the deployment pipeline runs these checks', () => {
    expect(readRepoText(`${WORKFLOWS_DIR}/deployment.yml`)).toMatch(
      /turbo run typecheck test --filter=@mdp\/deploy-checks/,
    );
  });
});

describe('the workflow checks bite', () => {
  it('the schema rejects an invalid workflow', () => {
    const broken = { on: 'push', jobs: { build: { 'runs-on': 'ubuntu-24.04', stepz: [] } } };
    expect(workflowSchema(broken).length).toBeGreaterThan(0);
  });

  it('a pipeline that misses a dependency path or the filter is reported', () => {
    const app = APPS.find((a) => a.name === 'dynamic-gateway');
    if (!app) throw new Error('no gateway');
    const text = readRepoText(`${WORKFLOWS_DIR}/${app.name}.yml`)
      .replaceAll('      - apps/coordinator/**\n', '')
      .replaceAll('--filter=@mdp/dynamic-gateway...', '--filter=@mdp/dynamic-gateway');
    const problems = serviceWorkflowProblems(app, asRecord(parseYaml(text))).join('\n');
    expect(problems).toMatch(/on.push.paths lacks apps\/coordinator\/\*\*/);
    expect(problems).toMatch(/no `turbo run test --filter=@mdp\/dynamic-gateway...` step/);
  });
});

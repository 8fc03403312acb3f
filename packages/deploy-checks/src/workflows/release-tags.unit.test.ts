import { asRecord } from '../records';
import { readRepoText } from '../repo';
import { APPS } from '../services';
import { parseYaml } from '../yaml-file';
import { PROD_KUSTOMIZATION, pushedImages, releaseTagProblems } from './release-tags';

const workflow = (name: string, edit = (text: string) => text) =>
  asRecord(parseYaml(edit(readRepoText(`.github/workflows/${name}.yml`))));
const prod = (edit = (text: string) => text) => asRecord(parseYaml(edit(readRepoText(PROD_KUSTOMIZATION))));

describe('the prod overlay pins images the pipelines push', () => {
  it.each(APPS.map((a) => [a.name, a] as const))('%s', (name, app) => {
    expect(releaseTagProblems(app, workflow(name), prod())).toEqual([]);
  });

  it('main pushes the commit sha only; a release also pushes its version, lowercase owner', () => {
    const producer = workflow('producer');
    const image = 'ghcr.io/market-data-platform/producer';
    expect(pushedImages(producer, 'refs/heads/main', 'Market-Data-Platform')).toEqual([
      `${image}:0123456789abcdef0123456789abcdef01234567`,
    ]);
    expect(pushedImages(producer, 'refs/tags/v2.3.4')).toEqual([
      `${image}:0123456789abcdef0123456789abcdef01234567`,
      `${image}:2.3.4`,
    ]);
  });
});

describe('the release tag check bites', () => {
  const app = APPS.find((a) => a.name === 'fixed-sink');
  if (!app) throw new Error('no fixed-sink');

  it('a tag that is no release version, or a pipeline that skips releases, is reported', () => {
    const unpushed = prod((t) => t.replace(/newTag: "[^"]+"/g, 'newTag: "latest"'));
    expect(releaseTagProblems(app, workflow('fixed-sink'), unpushed).join('\n')).toMatch(
      /must pin a release version X.Y.Z, not latest/,
    );
    const noRelease = workflow('fixed-sink', (t) =>
      t.replace('    tags: ["v*"]\n', '').replace('GITHUB_REF_NAME#v', 'GITHUB_SHA'),
    );
    const problems = releaseTagProblems(app, noRelease, prod()).join('\n');
    expect(problems).toMatch(/does not run on release tags/);
    expect(problems).toMatch(
      /release v\d+\.\d+\.\d+ pushes .*, not ghcr.io\/market-data-platform\/fixed-sink:\d/,
    );
  });

  it('an image renamed in the overlay but not in the pipeline is reported', () => {
    const renamed = prod((t) =>
      t.replace('ghcr.io/market-data-platform/fixed-sink', 'ghcr.io/mdp/fixed-sink'),
    );
    expect(releaseTagProblems(app, workflow('fixed-sink'), renamed).join('\n')).toMatch(
      /pushes ghcr.io\/market-data-platform\/fixed-sink:.*, not ghcr.io\/mdp\/fixed-sink:/,
    );
  });
});

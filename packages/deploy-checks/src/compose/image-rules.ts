import { asRecord, asString } from '../records';
import { repoFileExists } from '../repo';
import { dockerfileOf, IMAGES } from '../services';
import { type ComposeModel, imageTag } from './compose-file';

/** Built services use the repository's Dockerfiles; every image reference is pinned. */
export function imageProblems(model: ComposeModel): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(model.services)) {
    const image = asString(service.image);
    const build = service.build === undefined ? undefined : asRecord(service.build);
    if (!image) problems.push(`${name}: no image (a built service names its image too, with a tag)`);
    const tag = image ? imageTag(image) : undefined;
    if (image && (tag === undefined || tag === '' || tag === 'latest'))
      problems.push(`${name}: image ${image} is not pinned to a tag (latest or none)`);
    if (image && tag && !build && !/^v?\d+\.\d+/.test(tag))
      problems.push(`${name}: image ${image} should be pinned to a version, not a moving tag`);
    if (build) {
      const dockerfile = asString(build.dockerfile) ?? 'Dockerfile';
      if (asString(build.context) !== '.')
        problems.push(`${name}: build context must be the repository root (turbo prune needs the workspace)`);
      if (!repoFileExists(dockerfile)) problems.push(`${name}: Dockerfile ${dockerfile} does not exist`);
    }
  }
  for (const spec of IMAGES) {
    const service = model.services[spec.name];
    const dockerfile = asString(asRecord(service?.build).dockerfile);
    if (!service) problems.push(`${spec.name}: missing from compose`);
    else if (dockerfile !== dockerfileOf(spec))
      problems.push(
        `${spec.name}: must be built from ${dockerfileOf(spec)} (found ${dockerfile ?? 'no build'})`,
      );
  }
  return problems;
}

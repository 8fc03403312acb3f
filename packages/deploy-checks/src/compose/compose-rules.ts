import { brokerProblems } from './broker-rules';
import type { ComposeModel } from './compose-file';
import { composeEnvProblems } from './env-rules';
import { healthProblems, volumeProblems } from './health-rules';
import { imageProblems } from './image-rules';
import { portProblems } from './port-rules';
import { profileProblems } from './profile-rules';

/** Every consistency rule for the compose file; an empty list means it is consistent. */
export function composeProblems(model: ComposeModel, notes: string[] = []): string[] {
  const problems = [
    ...imageProblems(model),
    ...healthProblems(model),
    ...volumeProblems(model),
    ...brokerProblems(model),
    ...composeEnvProblems(model, notes),
    ...profileProblems(model),
    ...portProblems(model),
  ];
  if (model.missing.length > 0)
    problems.push(`required variables without value: ${model.missing.join(', ')}`);
  return problems;
}

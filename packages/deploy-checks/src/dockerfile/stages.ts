import { DockerfileParser, type From } from 'dockerfile-ast';

export type Instruction = Readonly<{ keyword: string; args: string }>;
export type Stage = Readonly<{
  name: string | undefined;
  image: string;
  tag: string | undefined;
  instructions: Instruction[];
}>;

/** Instruction arguments on one line: continuations joined, runs of spaces collapsed. */
function flatten(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A Dockerfile as its build stages, each with its instructions in order (comments dropped). */
export function parseStages(content: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const from = instruction as From;
      stages.push({
        name: from.getBuildStage() ?? undefined,
        image: from.getImageName() ?? '',
        tag: from.getImageTag() ?? undefined,
        instructions: [],
      });
    } else {
      // The whole text after the keyword: flags (--from, --mount) included.
      const args = flatten(instruction.getTextContent().replace(/^\s*\S+/, ''));
      stages.at(-1)?.instructions.push({ keyword, args });
    }
  }
  return stages;
}

export function argsOf(stage: Stage | undefined, keyword: string): string[] {
  return (stage?.instructions ?? []).filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** Where human-readable progress lines go (first runs download jars and take a while). */
export type Progress = (line: string) => void;

/** Default: one prefixed line on stderr, so stdout stays free for machine-readable output. */
export const stderrProgress: Progress = (line) => {
  process.stderr.write(`[local-infra] ${line}\n`);
};

export const silentProgress: Progress = () => {};

import type { BenchOutcome } from './result';
import type { RunContext } from './run-context';

export type Benchmark = {
  /** File name of its results (`bench/results/<name>.json`) and the `--only` name. */
  name: string;
  title: string;
  run(ctx: RunContext): Promise<BenchOutcome>;
};

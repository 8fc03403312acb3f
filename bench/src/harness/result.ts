import type { MachineInfo } from './machine-info';

/** One measured number. `value` is null when the run could not produce it (said in `notes`). */
export type Figure = { key: string; label: string; value: number | null; unit: string };

/** A target from the issue, checked against this run (null = could not be judged). */
export type TargetCheck = { description: string; met: boolean | null };

/** What a benchmark returns: the platform's figures, the baseline's, the ratios, the targets. */
export type BenchOutcome = {
  figures: Figure[];
  baseline: { description: string; figures: Figure[] } | null;
  /** Platform over baseline; `better` says which way is good (throughput: higher, latency: lower). */
  ratios: { key: string; label: string; value: number | null; better: 'higher' | 'lower' }[];
  targets: TargetCheck[];
  parameters: Record<string, unknown>;
  notes: string[];
};

/** The JSON file written to bench/results/<name>.json. */
export type BenchReport = BenchOutcome & {
  benchmark: string;
  title: string;
  mode: 'full' | 'smoke';
  startedAt: string;
  durationMs: number;
  /** 1, 5 and 15 minute load averages when it started: other work on the machine skews every figure. */
  loadAverageAtStart: number[];
  machine: MachineInfo;
};

export function figure(key: string, label: string, value: number | null, unit: string): Figure {
  return { key, label, value, unit };
}

/** A target check that is unknown (null) when the figure is missing. */
export function check(description: string, value: number | null, ok: (v: number) => boolean): TargetCheck {
  return { description, met: value === null ? null : ok(value) };
}

import { readFileSync } from 'node:fs';

/** Resident set size of a process in MiB (Linux /proc), or undefined when it is gone. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

export type RssFigures = { before: number | undefined; max: number; after: number | undefined };

/** Samples the resident memory of named processes every `intervalMs` until stopped. */
export function sampleRss(pids: Record<string, () => number | undefined>, intervalMs = 250) {
  const figures = new Map<string, RssFigures>();
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const mb = rssMb(pid());
      const f = figures.get(name) ?? { before: mb, max: 0, after: undefined };
      f.max = Math.max(f.max, mb ?? 0);
      figures.set(name, f);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): Map<string, RssFigures> {
      clearInterval(timer);
      sample();
      for (const [name, pid] of Object.entries(pids)) {
        const f = figures.get(name);
        if (f) f.after = rssMb(pid());
      }
      return figures;
    },
  };
}

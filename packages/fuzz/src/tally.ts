/** Counts answers by input kind: `kind -> answer -> count`, e.g. `binary -> close 1003 -> 12`. */
export type Tally = {
  add(kind: string, answer: string, count?: number): void;
  total(): number;
  /** Inputs whose answer matches `predicate`. */
  count(predicate: (kind: string, answer: string) => boolean): number;
  rows(): { kind: string; answer: string; count: number }[];
};

export function createTally(): Tally {
  const counts = new Map<string, number>();
  const SEP = '\u0000';
  return {
    add(kind, answer, count = 1) {
      const key = `${kind}${SEP}${answer}`;
      counts.set(key, (counts.get(key) ?? 0) + count);
    },
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    count(predicate) {
      let n = 0;
      for (const [key, c] of counts) {
        const [kind = '', answer = ''] = key.split(SEP);
        if (predicate(kind, answer)) n += c;
      }
      return n;
    },
    rows: () =>
      [...counts]
        .map(([key, count]) => {
          const [kind = '', answer = ''] = key.split(SEP);
          return { kind, answer, count };
        })
        .sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count),
  };
}

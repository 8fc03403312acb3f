import type { BenchReport } from './result';
import { formatNumber, renderReport, renderTable } from './table';

describe('formatNumber', () => {
  it('separates thousands and keeps few decimals', () => {
    expect(formatNumber(123456.78)).toBe('123,457');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(null)).toBe('n/a');
  });
});

describe('renderTable', () => {
  it('aligns the first column left and the others right', () => {
    expect(
      renderTable(
        ['a', 'value'],
        [
          ['long name', '1'],
          ['b', '1,000'],
        ],
      ),
    ).toBe(['a          value', '---------  -----', 'long name      1', 'b          1,000'].join('\n'));
  });
});

describe('renderReport', () => {
  it('shows figures, baseline, ratios, targets and notes', () => {
    const report: BenchReport = {
      benchmark: 'x',
      title: 'X',
      mode: 'smoke',
      startedAt: '2025-01-01T00:00:00.000Z',
      durationMs: 1500,
      loadAverageAtStart: [0.1, 0.2, 0.3],
      machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 4, os: 'os', node: 'v24', broker: 'b', database: 'd' },
      figures: [{ key: 'r', label: 'rate', value: 1000, unit: 'rows/s' }],
      baseline: { description: 'COPY', figures: [{ key: 'c', label: 'copy', value: 4000, unit: 'rows/s' }] },
      ratios: [{ key: 'q', label: 'rate / copy', value: 0.25, better: 'higher' }],
      targets: [{ description: 'rate >= 0.5 copy', met: false }],
      parameters: {},
      notes: ['a note'],
    };
    const text = renderReport(report);
    expect(text).toContain('== X (smoke, 1.5 s)');
    expect(text).toMatch(/baseline: copy\s+4,000\s+rows\/s/);
    expect(text).toMatch(/ratio: rate \/ copy\s+0.25/);
    expect(text).toMatch(/rate >= 0.5 copy\s+NOT met/);
    expect(text).toContain('note: a note');
  });
});

// The reporter is plain CommonJS (jest loads it by path).
const { flakyTests } = require('../results-reporter.js') as {
  flakyTests(results: unknown, rootDir: string): string[];
};

describe('the results reporter', () => {
  it('lists by file and name the tests that passed only after a retry', () => {
    const results = {
      testResults: [
        {
          testFilePath: '/repo/apps/x/src/a.int.test.ts',
          testResults: [
            { status: 'passed', invocations: 2, fullName: 'a resumes' },
            { status: 'passed', invocations: 1, fullName: 'a streams' },
            { status: 'failed', invocations: 2, fullName: 'a fails twice' },
          ],
        },
        {
          testFilePath: '/repo/apps/x/src/b.unit.test.ts',
          testResults: [{ status: 'passed', fullName: 'b' }],
        },
      ],
    };
    expect(flakyTests(results, '/repo/apps/x')).toEqual(['src/a.int.test.ts: a resumes']);
  });
});

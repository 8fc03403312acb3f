// In CI only, an integration or end-to-end test that fails is run once more. Its first failure is
// printed (logErrorsBeforeRetry) and the results reporter lists it as flaky in the run's summary:
// a test that fails twice still fails the run, a flaky one shows by name instead of hiding in a
// red run. Apache Kafka's CI retries its flaky tests the same way (Gradle's test-retry plugin).
const testPath = expect.getState().testPath ?? '';
if (process.env.CI && /\.(int|e2e)\.test\.ts$/.test(testPath)) {
  jest.retryTimes(1, { logErrorsBeforeRetry: true });
}

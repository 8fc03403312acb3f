import { fromPromise } from 'xstate';
import { coordinatorMachine } from './machine';
import { createRequestSteps } from './steps/create';
import type { StepDeps } from './steps/deps';
import { createLifecycleSteps } from './steps/lifecycle';

/** The machine with its real steps: each invoked actor does one piece of I/O. */
export function provideSteps(deps: StepDeps) {
  const request = createRequestSteps(deps);
  const lifecycle = createLifecycleSteps(deps);
  return coordinatorMachine.provide({
    actors: {
      reconcile: fromPromise(({ signal }) => lifecycle.reconcile(signal)),
      createTopic: fromPromise(({ input, signal }) => request.createTopic(input, signal)),
      notifyProducer: fromPromise(({ input }) => request.notifyProducer(input)),
      notifyConsumer: fromPromise(({ input }) => request.notifyConsumer(input)),
      answerRequests: fromPromise(({ input }) => request.answerRequests(input)),
      retireTopic: fromPromise(({ input }) => lifecycle.retireTopic(input)),
      maintain: fromPromise(() => lifecycle.maintain()),
    },
  });
}

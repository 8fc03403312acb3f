import type { MachineBoard } from '@mdp/runtime/machine-board';
import type { Actor, AnyActorRef } from 'xstate';
import { topicReaderMachine } from './machine';
import { gatewayMachine } from './root-machine';

const READER_PREFIX = 'reader:';

/**
 * Puts the gateway's machines on the board: the root, and one topic reader per topic it reads
 * (`reader:<topic>`, bounded by the topics the gateway holds), followed from spawn to stop. A
 * reader's RESET leads to idle, where nothing reads: the reset also subscribes it again.
 */
export function observeGatewayMachines(root: Actor<typeof gatewayMachine>, board: MachineBoard): void {
  board.observe(root, { id: 'gateway', chart: gatewayMachine });
  const readers = new Map<string, () => void>();
  // With an error listener: the app's own observer reports a crash; one without would make XState
  // throw the error again, uncaught.
  root.subscribe({
    error: () => {},
    next: (snapshot) => {
      const children = snapshot.children as Record<string, AnyActorRef | undefined>;
      for (const [id, reader] of Object.entries(children)) {
        if (!id.startsWith(READER_PREFIX) || !reader || readers.has(id)) continue;
        const reset = () => {
          reader.send({ type: 'RESET' });
          reader.send({ type: 'SUBSCRIBE_TO_TOPIC' });
        };
        readers.set(id, board.observe(reader, { id, chart: topicReaderMachine, reset }));
      }
      for (const [id, forget] of readers) {
        if (children[id]) continue;
        forget();
        readers.delete(id);
      }
    },
  });
}

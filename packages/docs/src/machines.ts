import type { AnyStateMachine } from 'xstate';
import type { Service } from './seed-charts';

/**
 * Every machine drawn: each service's machine (the one its seed chart describes) and the gateway's
 * root, which spawns the topic readers and has no seed chart.
 */
export const DIAGRAMS = [
  'producer',
  'coordinator',
  'fixed-sink',
  'dynamic-gateway',
  'dynamic-gateway-root',
] as const;
export type Diagram = (typeof DIAGRAMS)[number];

function isMachine(value: unknown): value is AnyStateMachine {
  return (
    typeof value === 'object' && value !== null && 'root' in value && 'transition' in value && 'id' in value
  );
}

/** The one XState machine a `machine` module exports (whatever its name). */
function machineIn(module: Record<string, unknown>, diagram: Diagram): AnyStateMachine {
  const machines = Object.values(module).filter(isMachine);
  if (machines.length !== 1)
    throw new Error(`${diagram}: expected one machine export, found ${machines.length}`);
  return machines[0] as AnyStateMachine;
}

/** Loads a real machine definition, through the app's package exports. */
export function loadMachine(diagram: Diagram | Service): AnyStateMachine {
  switch (diagram) {
    case 'producer':
      return machineIn(require('@mdp/producer/machine'), diagram);
    case 'coordinator':
      return machineIn(require('@mdp/coordinator/machine'), diagram);
    case 'fixed-sink':
      return machineIn(require('@mdp/fixed-sink/machine'), diagram);
    case 'dynamic-gateway':
      return machineIn(require('@mdp/dynamic-gateway/machine'), diagram);
    case 'dynamic-gateway-root':
      return machineIn(require('@mdp/dynamic-gateway/root-machine'), diagram);
  }
}

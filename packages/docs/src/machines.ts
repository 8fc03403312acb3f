import type { AnyStateMachine } from 'xstate';
import type { Service } from './seed-charts';

function isMachine(value: unknown): value is AnyStateMachine {
  return (
    typeof value === 'object' && value !== null && 'root' in value && 'transition' in value && 'id' in value
  );
}

/** The one XState machine a service's `machine` module exports (whatever its name). */
function machineIn(module: Record<string, unknown>, service: Service): AnyStateMachine {
  const machines = Object.values(module).filter(isMachine);
  if (machines.length !== 1)
    throw new Error(`${service}: expected one machine export, found ${machines.length}`);
  return machines[0] as AnyStateMachine;
}

/** Loads each service's real machine definition. */
export function loadMachine(service: Service): AnyStateMachine {
  switch (service) {
    case 'producer':
      return machineIn(require('@mdp/producer/machine'), service);
    case 'coordinator':
      return machineIn(require('@mdp/coordinator/machine'), service);
    case 'fixed-sink':
      return machineIn(require('@mdp/fixed-sink/machine'), service);
    case 'dynamic-gateway':
      return machineIn(require('@mdp/dynamic-gateway/machine'), service);
  }
}

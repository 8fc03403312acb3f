import type { ServiceName } from '@mdp/runtime/service-topics';

/** One fill colour per service, the same in its state diagram and in the system diagram. */
export const SERVICE_COLORS: Record<ServiceName, string> = {
  producer: 'lightblue',
  coordinator: 'lightgreen',
  'fixed-sink': 'lightcoral',
  'dynamic-gateway': 'lightseagreen',
};

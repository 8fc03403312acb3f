import type { Logger } from '@mdp/runtime/logger';
import type { OutgoingMessage } from '@mdp/runtime/outgoing-message';
import type { CoordinatorConfig } from '../config';
import type { SubscriberTracker } from '../events/subscribers';
import type { CoordinatorMetrics } from '../metrics';
import type { RegistryGuard } from '../registry/guard';
import type { RegistryView } from '../registry/view';
import type { TopicAdmin } from '../topics/admin';
import type { OrphanBoard } from '../topics/orphan-board';

/** What the machine's steps (its invoked actors) work with. */
export type StepDeps = {
  config: CoordinatorConfig;
  view: RegistryView;
  topics: TopicAdmin;
  /** Sends to control.events.v1. */
  sendEvents: (messages: OutgoingMessage[]) => Promise<void>;
  subscribers: SubscriberTracker;
  metrics: CoordinatorMetrics;
  logger: Logger;
  now: () => number;
  /** Orphan topics: what reconciliation remembers of them and last reported. */
  orphans: OrphanBoard;
  /** Whether the registry read is complete; recreates a lost registry. */
  registryGuard: RegistryGuard;
};

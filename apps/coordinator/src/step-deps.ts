import type { Logger } from '@mdp/runtime/logger';
import type { OutgoingMessage } from '@mdp/runtime/outgoing-message';
import type { CoordinatorConfig } from './config';
import type { CoordinatorMetrics } from './metrics';
import type { RegistryView } from './registry-view';
import type { SubscriberTracker } from './subscribers';
import type { TopicAdmin } from './topic-admin';

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
  /** Orphan topics and when they were first seen (kept across reconciliations). */
  orphansSeen: Map<string, number>;
};

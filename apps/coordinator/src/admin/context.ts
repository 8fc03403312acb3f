import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { Logger } from '@mdp/runtime/logger';
import type { CoordinatorConfig } from '../config';
import type { SubscriberTracker } from '../events/subscribers';
import type { RegistryView } from '../registry/view';
import type { RequestWaiters } from '../requests/waiters';
import type { TopicAdmin } from '../topics/admin';
import type { OrphanBoard } from '../topics/orphan-board';

/** What /admin/state shows. */
export type CoordinatorState = {
  instanceId: string;
  role: 'active' | 'standby' | 'stopping' | 'stopped';
  state: string;
  failure: { step: string; message: string; attempt: number } | null;
  registry: { caughtUp: boolean; topics: number };
  gateways: number;
};

/** What the admin routes need from the app. */
export type AdminContext = {
  config: CoordinatorConfig;
  view: RegistryView;
  subscribers: SubscriberTracker;
  waiters: RequestWaiters;
  publish: {
    requestTopic(requestId: string, appId: string, spec: DynamicTopicSpec): Promise<void>;
    retireTopic(requestId: string, topic: string): Promise<void>;
  };
  state(): CoordinatorState;
  now: () => number;
  /** Orphans as the last reconciliation reported them (empty on a standby). */
  orphans: OrphanBoard;
  topics: Pick<TopicAdmin, 'delete' | 'listDynamic'>;
  logger: Logger;
};

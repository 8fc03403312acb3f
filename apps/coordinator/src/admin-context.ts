import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { CoordinatorConfig } from './config';
import type { RegistryView } from './registry-view';
import type { RequestWaiters } from './request-waiters';
import type { SubscriberTracker } from './subscribers';

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
  reset(): void;
  now: () => number;
};

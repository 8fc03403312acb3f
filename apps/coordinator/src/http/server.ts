import { createHealthServer } from '@mdp/runtime/http-server';
import type { Logger } from '@mdp/runtime/logger';
import type { MachineBoard } from '@mdp/runtime/machine-board';
import { machineAdminRoutes } from '@mdp/runtime/machine-routes';
import type { Registry } from '@mdp/runtime/metrics';
import type { Actor } from 'xstate';
import { createAdminRoutes } from '../admin/api';
import type { AdminContext, CoordinatorState } from '../admin/context';
import type { CoordinatorConfig } from '../config';
import type { SubscriberTracker } from '../events/subscribers';
import type { coordinatorMachine } from '../machine';
import type { MachineDriver } from '../machine-driver';
import type { RegistryView } from '../registry/view';
import type { RequestWaiters } from '../requests/waiters';
import type { TopicAdmin } from '../topics/admin';
import type { OrphanBoard } from '../topics/orphan-board';

/** /healthz, /readyz (registry caught up, machine not in error), /metrics, the machines and the admin API. */
export function createCoordinatorHttp(deps: {
  config: CoordinatorConfig;
  logger: Logger;
  registry: Registry;
  view: RegistryView;
  subscribers: SubscriberTracker;
  waiters: RequestWaiters;
  publish: AdminContext['publish'];
  actor: Actor<typeof coordinatorMachine>;
  driver: MachineDriver;
  now: () => number;
  orphans: OrphanBoard;
  topics: TopicAdmin;
  board: MachineBoard;
}) {
  const { config, view, subscribers, actor, driver } = deps;
  const state = (): CoordinatorState => {
    const snapshot = actor.getSnapshot();
    const name = driver.stateName();
    const role =
      snapshot.status === 'done'
        ? 'stopped'
        : snapshot.context.exit === 'stop'
          ? 'stopping'
          : name === 'standby'
            ? 'standby'
            : 'active';
    let topics = 0;
    for (const _ of view.values()) topics += 1;
    return {
      instanceId: config.instanceId,
      role,
      state: name,
      failure: snapshot.context.failure,
      registry: { caughtUp: view.isCaughtUp(), topics },
      gateways: subscribers.gatewayCount(),
    };
  };

  const http = createHealthServer({
    port: config.httpPort,
    limits: config.httpLimits,
    logger: deps.logger,
    metricsRegistry: deps.registry,
    checks: [
      { name: 'registry', check: () => ({ ok: view.isCaughtUp() }) },
      {
        name: 'machine',
        check: () => {
          const s = state();
          return {
            ok: !s.state.startsWith('error') && s.role !== 'stopped',
            detail: { state: s.state, role: s.role, failure: s.failure },
          };
        },
      },
    ],
    extraRoutes: [
      // Before the coordinator's own /admin routes, which answer 404 for every path they do not know.
      machineAdminRoutes({
        service: 'coordinator',
        board: deps.board,
        token: config.adminToken,
        tokenVar: 'COORDINATOR_ADMIN_TOKEN',
      }),
      createAdminRoutes({
        config,
        view,
        subscribers,
        waiters: deps.waiters,
        publish: deps.publish,
        state,
        now: deps.now,
        orphans: deps.orphans,
        topics: deps.topics,
        logger: deps.logger,
      }),
    ],
  });

  return { http, state };
}

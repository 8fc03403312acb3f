import { topicNames } from '@mdp/contracts/topic-names';
import {
  type AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
} from 'kafkajs';

export const PLATFORM_SERVICES = ['producer', 'coordinator', 'dynamic-gateway', 'fixed-sink'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

export type AclOperation = 'read' | 'write' | 'create' | 'delete' | 'describe' | 'describe-configs';

/** One grant: operations on a topic or group, by literal name or by prefix. */
export type ServiceGrant = {
  readonly resource: 'topic' | 'group';
  readonly pattern: 'literal' | 'prefixed';
  readonly name: string;
  readonly operations: readonly AclOperation[];
};

const topic = (name: string, ...operations: AclOperation[]): ServiceGrant => ({
  resource: 'topic',
  pattern: 'literal',
  name,
  operations,
});
const topicPrefix = (name: string, ...operations: AclOperation[]): ServiceGrant => ({
  resource: 'topic',
  pattern: 'prefixed',
  name,
  operations,
});
const groupPrefix = (name: string, ...operations: AclOperation[]): ServiceGrant => ({
  resource: 'group',
  pattern: 'prefixed',
  name,
  operations,
});

/**
 * What each service may do on the cluster, and nothing more. Every service may create (never write)
 * the topics it ensures at start, so any of them can start first. READ and WRITE imply DESCRIBE.
 * Group names partly carry no namespace (random suffixes after a fixed prefix): see the docs.
 */
export function serviceGrants(service: PlatformService, namespace = ''): ServiceGrant[] {
  const n = topicNames(namespace);
  const ns = namespace ? `${namespace}.` : '';
  const control = (...extra: ServiceGrant[]) => [
    topic(n.requests, 'create', 'describe'),
    topic(n.registry, 'create', 'describe'),
    topic(n.events, 'create', 'describe'),
    ...extra,
  ];
  switch (service) {
    case 'producer':
      return control(
        topic(n.ticks, 'create', 'write'),
        topic(n.candles1m, 'create', 'write', 'read'),
        topic(n.requests, 'write'),
        topic(n.events, 'write'),
        topic(n.registry, 'read'),
        topicPrefix(n.dynamicPrefix, 'write'),
        groupPrefix('registry-reader-', 'read', 'delete'),
        groupPrefix('producer-candle-resume-', 'read', 'delete'),
      );
    case 'coordinator':
      return control(
        topic(n.requests, 'read'),
        topic(n.registry, 'read', 'write'),
        topic(n.events, 'read', 'write'),
        topic(n.dlq('coordinator'), 'create', 'write'),
        topicPrefix(n.dynamicPrefix, 'create', 'delete', 'describe', 'describe-configs'),
        groupPrefix(`${ns}coordinator`, 'read', 'delete'),
        groupPrefix('coordinator-registry', 'read', 'delete'),
      );
    case 'dynamic-gateway':
      return control(
        topic(n.requests, 'write'),
        topic(n.events, 'read', 'write'),
        topic(n.registry, 'read'),
        topic(n.dlq('dynamic-gateway'), 'create', 'write'),
        topicPrefix(n.dynamicPrefix, 'read'),
        groupPrefix(`${ns}gateway.`, 'read', 'delete'),
      );
    case 'fixed-sink':
      return [
        topic(n.ticks, 'create', 'read'),
        topic(n.candles1m, 'create', 'read'),
        topic(n.dlq('fixed-sink'), 'create', 'write'),
        groupPrefix(`${ns}fixed-sink`, 'read'),
      ];
  }
}

const OPERATION: Record<AclOperation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  delete: AclOperationTypes.DELETE,
  describe: AclOperationTypes.DESCRIBE,
  'describe-configs': AclOperationTypes.DESCRIBE_CONFIGS,
};

/** The grants as kafkajs `createAcls` entries for one principal (`User:<name>`), from any host. */
export function aclEntries(grants: readonly ServiceGrant[], principal: string): AclEntry[] {
  return grants.flatMap((g) =>
    g.operations.map((operation) => ({
      resourceType: g.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
      resourceName: g.name,
      resourcePatternType:
        g.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
      principal,
      host: '*',
      operation: OPERATION[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

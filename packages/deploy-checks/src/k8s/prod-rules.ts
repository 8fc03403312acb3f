import { asRecord, at } from '../records';
import { findGenerated, findObject } from './objects';

/**
 * The prod overlay matches docs/cluster.md: every topic on three brokers, and the replicas of
 * docs/deployment.md (one producer until it has an active/standby pair, an active and a standby
 * coordinator, at least two sinks and two gateways so one pod's loss stops neither).
 */
const MIN_REPLICAS: Record<string, number> = { 'fixed-sink': 2, 'dynamic-gateway': 2 };
const EXACT_REPLICAS: Record<string, number> = { producer: 1, coordinator: 2 };

export function prodProblems(objects: readonly unknown[]): string[] {
  const problems: string[] = [];
  const config = asRecord(findGenerated(objects, 'ConfigMap', 'platform-config')?.data);
  if (config.KAFKA_REPLICATION_FACTOR !== '3')
    problems.push(`KAFKA_REPLICATION_FACTOR must be "3", found ${String(config.KAFKA_REPLICATION_FACTOR)}`);
  if (config.KAFKA_TLS !== 'true' || config.KAFKA_SASL_MECHANISM === undefined)
    problems.push('the brokers must be reached with KAFKA_TLS=true and a KAFKA_SASL_MECHANISM');
  for (const [name, replicas] of Object.entries(EXACT_REPLICAS)) {
    const found = at(findObject(objects, 'Deployment', name), 'spec', 'replicas');
    if (found !== replicas) problems.push(`${name}: ${replicas} replica(s) expected, found ${String(found)}`);
  }
  for (const [name, min] of Object.entries(MIN_REPLICAS)) {
    const found = Number(
      at(findObject(objects, 'HorizontalPodAutoscaler', name), 'spec', 'minReplicas') ?? 1,
    );
    if (!(found >= min)) problems.push(`${name}: at least ${min} replicas expected, minReplicas is ${found}`);
  }
  return problems;
}

import { asArray, isRecord } from '../records';
import type { ComposeModel } from './compose-file';

const LOOPBACK = '127.0.0.1';

/** The host address a `ports` entry publishes on; undefined means every interface. */
function hostAddress(port: unknown): string | undefined {
  if (isRecord(port)) return typeof port.host_ip === 'string' ? port.host_ip : undefined;
  // Short syntax: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; an IPv6 host is in brackets.
  const text = String(port);
  const parts = text.startsWith('[') ? [text.slice(1, text.indexOf(']'))] : text.split(':');
  return parts.length === 3 || text.startsWith('[') ? parts[0] : undefined;
}

/**
 * Every published port listens on the loopback interface only: the stack has development
 * credentials and an unauthenticated broker, which must not be reachable from the network.
 */
export function portProblems(model: ComposeModel): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(model.services)) {
    for (const port of asArray(service.ports)) {
      const host = hostAddress(port);
      if (host !== LOOPBACK)
        problems.push(
          `${name}: port ${isRecord(port) ? JSON.stringify(port) : String(port)} is published on ${host ?? 'every interface'}, not ${LOOPBACK}`,
        );
    }
  }
  return problems;
}

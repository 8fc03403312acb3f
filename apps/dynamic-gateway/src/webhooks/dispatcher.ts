import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { TargetNotAllowedError } from './failure';
import { bareHost, isAllowedAddress } from './target';

/** Every address a name resolves to; injectable so tests can play a rebinding DNS server. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  dns.lookup(hostname, { all: true, order: 'verbatim' });

type Answer = { error: Error } | { addresses: LookupAddress[] };

/** Resolves, refuses the whole name when any address is refused, and answers only with checked addresses. */
export function checkedAnswer(
  addresses: readonly LookupAddress[],
  allowPrivate: boolean,
  family: number | string | undefined,
): Answer {
  if (addresses.length === 0)
    return { error: Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' }) };
  if (!addresses.every((a) => isAllowedAddress(a.address, allowPrivate)))
    return { error: new TargetNotAllowedError() };
  const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;
  const usable = addresses.filter((a) => wanted === 0 || isIP(a.address) === wanted);
  if (usable.length === 0)
    return { error: Object.assign(new Error('no address of the family'), { code: 'ENOTFOUND' }) };
  return { addresses: usable.map((a) => ({ address: a.address, family: isIP(a.address) })) };
}

/** A `lookup` for net/tls.connect: the socket connects only to addresses this function handed out. */
export function checkedLookup(resolve: HostResolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then(
        (addresses) => checkedAnswer(addresses, allowPrivate, options.family),
        (e: unknown): Answer => ({ error: e instanceof Error ? e : new Error(String(e)) }),
      )
      .then((answer) => {
        // Outside the promise chain: a throw in net's callback must not become an unhandled rejection.
        process.nextTick(() => {
          if ('error' in answer) callback(answer.error, '', 0);
          else if (options.all) callback(null, answer.addresses);
          else callback(null, answer.addresses[0]?.address ?? '', answer.addresses[0]?.family);
        });
      });
  };
}

export type WebhookAgentOptions = { timeoutMs: number; allowPrivate: boolean; resolve?: HostResolver };

/**
 * The undici dispatcher of webhook POSTs. Every new connection is checked where it is made: a literal
 * address in the URL before connecting (net skips lookup for those), a name on every address it
 * resolves to right now (so a name that changes its answer after registration is caught too).
 */
export function createWebhookAgent(opts: WebhookAgentOptions): Agent {
  const connector = buildConnector({
    timeout: opts.timeoutMs,
    lookup: checkedLookup(opts.resolve ?? systemResolver, opts.allowPrivate),
  });
  return new Agent({
    connect: (options, callback) => {
      const host = bareHost(options.hostname);
      if (isIP(host) && !isAllowedAddress(host, opts.allowPrivate)) {
        process.nextTick(() => callback(new TargetNotAllowedError(), null));
        return;
      }
      return connector(options, callback);
    },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
}

import { isIP } from 'node:net';
import { type HostResolver, systemResolver } from './dispatcher';
import { bareHost, isAllowedAddress } from './target';

/**
 * At registration, a name that resolves to a refused address is refused at once (a 400 beats a webhook
 * that silently never delivers). A name that does not resolve (yet) is accepted: delivery reports
 * `dns_failed`. This is early feedback only; the dispatcher checks every connection.
 */
export async function checkResolvedHost(
  url: URL,
  settings: { allowPrivateHosts: boolean; timeoutMs: number },
  resolve: HostResolver = systemResolver,
): Promise<boolean> {
  const host = bareHost(url.hostname);
  if (settings.allowPrivateHosts || isIP(host)) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), settings.timeoutMs);
  });
  try {
    const addresses = await Promise.race([resolve(host), timeout]);
    return (addresses ?? []).every((a) => isAllowedAddress(a.address, false));
  } catch {
    return true;
  } finally {
    clearTimeout(timer);
  }
}

import { isIP } from 'node:net';
import { err, ok, type Result } from '@mdp/contracts/result';
import { classifyAddress } from './address';

/** An address a webhook may connect to: public ones, private ones only with the opt-in. */
export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  const cls = classifyAddress(address);
  return cls === 'public' || (allowPrivate && cls === 'private');
}

/** The URL's host without IPv6 brackets or trailing dots, as a resolver and a classifier want it. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

export const refusedTarget = 'url points to a loopback, private or reserved address';

/**
 * A webhook URL must be http(s) without credentials. A literal address (any notation: the URL parser
 * normalises decimal, octal and hex IPv4) or a localhost name is judged here; other names are judged
 * on every address they resolve to, at registration and again at every connection (webhook-dispatcher).
 */
export function checkWebhookUrl(text: string, allowPrivate: boolean): Result<URL, string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err('url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err('url must use http or https');
  if (url.username || url.password) return err('url must not carry credentials');
  const host = bareHost(url.hostname).toLowerCase();
  if (isIP(host)) return isAllowedAddress(host, allowPrivate) ? ok(url) : err(refusedTarget);
  if (allowPrivate) return ok(url);
  const isLocalName = host === 'localhost' || host.endsWith('.localhost');
  return isLocalName ? err(refusedTarget) : ok(url);
}

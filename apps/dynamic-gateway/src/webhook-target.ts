import { BlockList, isIP } from 'node:net';
import { err, ok, type Result } from '@mdp/contracts/result';

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv6');

/**
 * A webhook URL must be http(s) without credentials; loopback, private and link-local hosts are
 * refused unless allowed (tests, internal apps). Names are checked literally (not resolved).
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
  if (allowPrivate) return ok(url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const isPrivate =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (family === 4 && privateRanges.check(host, 'ipv4')) ||
    (family === 6 && privateRanges.check(host, 'ipv6'));
  return isPrivate ? err('url points to a private or loopback address') : ok(url);
}

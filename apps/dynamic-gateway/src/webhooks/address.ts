import { isIP } from 'node:net';

/**
 * What a webhook may connect to: `public` always; `private` (loopback, private, link-local, CGNAT,
 * unique-local) only with WEBHOOK_ALLOW_PRIVATE_HOSTS; `reserved` (unspecified, multicast, broadcast,
 * reserved, unparseable) never.
 */
export type AddressClass = 'public' | 'private' | 'reserved';

type V4Rule = readonly [network: string, prefix: number, AddressClass];

const v4Rules: readonly V4Rule[] = [
  ['0.0.0.0', 8, 'reserved'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['127.0.0.0', 8, 'private'], // loopback
  ['169.254.0.0', 16, 'private'], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'], // reserved, 255.255.255.255 broadcast included
];

/** IPv6 prefixes that carry their own class (the ones that embed an IPv4 are handled before these). */
const v6Rules: ReadonlyArray<readonly [network: string, prefix: number, AddressClass]> = [
  ['::', 128, 'reserved'], // unspecified
  ['::1', 128, 'private'], // loopback
  ['::', 96, 'reserved'], // deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64: the embedding is the network's own choice
  ['2001::', 32, 'reserved'], // Teredo: the client's IPv4 is hidden in the address
  ['fc00::', 7, 'private'], // unique-local
  ['fe80::', 10, 'private'], // link-local
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'reserved'], // multicast
];

/** Classifies an IP address in any textual form `net.isIP` accepts (zone ids ignored). */
export function classifyAddress(text: string): AddressClass {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return classifyV4(parseV4(address));
  if (family !== 6) return 'reserved';
  const bytes = parseV6(address);
  if (!bytes) return 'reserved';
  const embedded = embeddedV4(bytes);
  if (embedded !== undefined) return classifyV4(embedded);
  for (const [network, prefix, cls] of v6Rules)
    if (matchesPrefix(bytes, parseV6(network) ?? [], prefix)) return cls;
  return 'public';
}

function classifyV4(value: number): AddressClass {
  for (const [network, prefix, cls] of v4Rules) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 === (parseV4(network) & mask) >>> 0) return cls;
  }
  return 'public';
}

/** IPv4-mapped (::ffff:0:0/96), NAT64 well-known (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4. */
function embeddedV4(b: readonly number[]): number | undefined {
  const v4At = (i: number) =>
    (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
  const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
  if (matchesPrefix(b, mapped, 96)) return v4At(12);
  const nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
  if (matchesPrefix(b, nat64, 96)) return v4At(12);
  if (b[0] === 0x20 && b[1] === 0x02) return v4At(2);
  return undefined;
}

function matchesPrefix(bytes: readonly number[], network: readonly number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((bytes[i] ?? 0) & mask) !== ((network[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Dotted quad (already validated by isIP) to an unsigned 32-bit number. */
function parseV4(text: string): number {
  return text.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** Sixteen bytes of an IPv6 address, `::` and a dotted IPv4 tail included; undefined if malformed. */
function parseV6(text: string): number[] | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (!part) return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        if (isIP(piece) !== 4) return undefined;
        const v4 = parseV4(piece);
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) out.push(Number.parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<number>(missing).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

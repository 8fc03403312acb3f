import { type AddressClass, classifyAddress } from './address';

/** Each range: its first and last address, and the neighbours just outside it. */
const cases: Array<[range: string, inside: string[], cls: AddressClass, outside: string[]]> = [
  ['0.0.0.0/8 this network', ['0.0.0.0', '0.255.255.255'], 'reserved', ['1.0.0.0']],
  ['10.0.0.0/8', ['10.0.0.0', '10.255.255.255'], 'private', ['9.255.255.255', '11.0.0.0']],
  ['100.64.0.0/10 CGNAT', ['100.64.0.0', '100.127.255.255'], 'private', ['100.63.255.255', '100.128.0.0']],
  [
    '127.0.0.0/8 loopback',
    ['127.0.0.0', '127.0.0.1', '127.255.255.255'],
    'private',
    ['126.255.255.255', '128.0.0.0'],
  ],
  [
    '169.254.0.0/16 link-local',
    ['169.254.0.0', '169.254.169.254', '169.254.255.255'],
    'private',
    ['169.253.255.255', '169.255.0.0'],
  ],
  ['172.16.0.0/12', ['172.16.0.0', '172.31.255.255'], 'private', ['172.15.255.255', '172.32.0.0']],
  ['192.168.0.0/16', ['192.168.0.0', '192.168.255.255'], 'private', ['192.167.255.255', '192.169.0.0']],
  ['224.0.0.0/4 multicast', ['224.0.0.0', '239.255.255.255'], 'reserved', ['223.255.255.255']],
  ['240.0.0.0/4 reserved + broadcast', ['240.0.0.0', '255.255.255.255'], 'reserved', []],
  ['::1 loopback', ['::1', '0:0:0:0:0:0:0:1'], 'private', ['1::1', '0:0:0:0:0:1::']],
  [':: unspecified', ['::', '0:0:0:0:0:0:0:0'], 'reserved', ['1::']],
  [
    'fc00::/7 unique-local',
    ['fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    'private',
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe00::'],
  ],
  [
    'fe80::/10 link-local',
    ['fe80::', 'fe80::1%eth0', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    'private',
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ],
  [
    'ff00::/8 multicast',
    ['ff00::', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    'reserved',
    [], // below it: fec0::/10, next row
  ],
  [
    'fec0::/10 site-local (deprecated)',
    ['fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    'private',
    [], // fe80::/10 below, ff00::/8 above: rows of their own
  ],
  ['::/96 IPv4-compatible (deprecated)', ['::2', '::7f00:1', '::ffff:ffff'], 'reserved', ['0:0:0:0:0:1::']],
  [
    '2001::/32 Teredo',
    ['2001::', '2001:0:ffff:ffff:ffff:ffff:ffff:ffff'],
    'reserved',
    ['2001:1::', '2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ],
  [
    '::ffff:0:0/96 mapped',
    ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1'],
    'private',
    ['::ffff:8.8.8.8', '::fffe:7f00:1', '::1:ffff:7f00:1'],
  ],
  [
    'mapped, reserved inside',
    ['::ffff:0:0', '::ffff:0.0.0.0', '::ffff:224.0.0.1', '::ffff:255.255.255.255'],
    'reserved',
    [],
  ],
  [
    '64:ff9b::/96 NAT64',
    ['64:ff9b::127.0.0.1', '64:ff9b::a00:1', '64:ff9b::a9fe:a9fe'],
    'private',
    ['64:ff9b::808:808', '64:ff9a::7f00:1', '64:ff9c::7f00:1', '64:ff9b:0:0:0:1:7f00:1'],
  ],
  [
    '64:ff9b:1::/48 local NAT64',
    ['64:ff9b:1::', '64:ff9b:1::7f00:1', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'],
    'private',
    ['64:ff9b:2::808:808'],
  ],
  [
    '2002::/16 6to4',
    ['2002:7f00:1::', '2002:a00:1::1', '2002:c0a8:101::'],
    'private',
    ['2002:808:808::', '2001:7f00:1::', '2003:7f00:1::'],
  ],
  ['6to4 embedding reserved', ['2002::', '2002:e000:1::'], 'reserved', []],
];

describe('classifyAddress', () => {
  it.each(cases)('%s', (_range, inside, cls, outside) => {
    for (const address of inside) expect([address, classifyAddress(address)]).toEqual([address, cls]);
    for (const address of outside) expect([address, classifyAddress(address)]).toEqual([address, 'public']);
  });

  it('treats ordinary public addresses as public', () => {
    for (const address of ['8.8.8.8', '93.184.215.14', '2606:4700::1111', '2a00:1450:4001:81b::200e'])
      expect(classifyAddress(address)).toBe('public');
  });

  it('refuses anything that is not an address', () => {
    for (const text of ['', 'localhost', '2130706433', '0x7f.0.0.1', '1.2.3', '::ffff:1.2.3.256', 'g::1'])
      expect(classifyAddress(text)).toBe('reserved');
  });
});

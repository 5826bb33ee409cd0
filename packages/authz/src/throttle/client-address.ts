import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address a client is counted under. IPv6 clients are counted per /64: one subscriber or
 * host usually holds a whole /64 and could otherwise take a fresh address for every guess
 * (RFC 6177). IPv4-mapped IPv6 is the IPv4 address. Anything else is kept as given, cut to 64.
 */
export function addressKey(address: string | null): string | null {
  if (address === null || address === '') return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return address.slice(0, 64);
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Refuses addresses inside the operator's network: loopback, private, link-local, carrier-grade
 * NAT, unique-local, multicast and unspecified ranges, and IPv4 addresses wrapped in IPv6.
 * Applied to feeds added from chat, on the URL, on every redirect and at connect time (after
 * DNS), so that no chat user can make the bot fetch an internal service.
 */
export function isPrivateAddress(address: string): boolean {
  return describePrivateAddress(address) !== undefined;
}

/** Decides whether an address is off limits: `isPrivateAddress` unless a test declares otherwise. */
export type AddressPolicy = (address: string) => boolean;

/** What kind of internal address this is, in plain words; undefined for a public address (or not an IP). */
export function describePrivateAddress(address: string): string | undefined {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(ip) === 4) return describeIpv4(ip.split('.').map(Number));
  if (isIP(ip) === 6) return describeIpv6(ipv6Groups(ip));
  return undefined;
}

function describeIpv4([a = 0, b = 0]: number[]): string | undefined {
  if (a === 0) return 'an unspecified ("this network") address';
  if (a === 127) return 'a loopback address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private network address';
  if (a === 169 && b === 254) return 'a link-local address (where cloud metadata services answer)';
  if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT address';
  if ((a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19))) return 'a reserved address';
  if (a >= 224) return 'a multicast or reserved address';
  return undefined;
}

/**
 * IPv6 is judged on its parsed value, not its spelling (`::ffff:127.0.0.1`, `::ffff:7f00:1` and
 * `0:0:0:0:0:ffff:7f00:1` are one address). Only global unicast (2000::/3) can be public; inside it,
 * documentation ranges, Teredo and 6to4 wrapping a private IPv4 address are refused too.
 */
function describeIpv6(g: number[]): string | undefined {
  const embedded = (hi: number, lo: number) => describeIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'an unspecified address';
  if (zeros(0, 7) && g[7] === 1) return 'a loopback address';
  if (zeros(0, 5) && g[5] === 0xffff) return `an IPv4 address wrapped in IPv6${suffix(embedded(g[6]!, g[7]!))}`;
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return `an IPv4 address wrapped in IPv6${suffix(embedded(g[6]!, g[7]!))}`;
  const first = g[0]!;
  if (first >= 0xfc00 && first <= 0xfdff) return 'a unique-local (private) address';
  if (first >= 0xfe80 && first <= 0xfeff) return 'a link-local or site-local address';
  if (first >= 0xff00) return 'a multicast address';
  if (first < 0x2000 || first > 0x3fff) return 'a reserved address (outside the public IPv6 range)';
  if (first === 0x2001 && (g[1] === 0 || g[1] === 0x0db8)) return 'a Teredo or documentation address';
  if (first === 0x3fff && g[1]! <= 0x0fff) return 'a documentation address';
  if (first === 0x2002 && embedded(g[1]!, g[2]!)) return `a 6to4 address wrapping ${embedded(g[1]!, g[2]!)}`;
  return undefined;
}

const suffix = (inner: string | undefined): string => (inner ? ` (${inner})` : '');

/** The eight 16-bit groups of a valid IPv6 address (as checked by isIP), with "::" and a dotted tail expanded. */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = (dotted[1] as string).split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** Resolves a host name to all its addresses; node:dns by default, a stand-in in tests. */
export type ResolveAll = (hostname: string, options: { family?: number; hints?: number }) => Promise<LookupAddress[]>;

export const systemResolve: ResolveAll = (hostname, options) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { ...options, all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup for undici's connector that drops private answers and fails when none is left.
 * The socket connects to an address this function returned, so a name that resolves to a public
 * address for the check and to a private one later (DNS rebinding) is judged on every connection.
 */
export function guardedLookup(policy: AddressPolicy = isPrivateAddress, resolve: ResolveAll = systemResolve) {
  return (hostname: string, options: { family?: number | string; hints?: number; all?: boolean }, callback: LookupCallback): void => {
    const family = typeof options.family === 'number' ? options.family : options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : undefined;
    resolve(hostname, { ...(family ? { family } : {}), ...(options.hints ? { hints: options.hints } : {}) }).then(
      (addresses) => {
        const allowed = addresses.filter((a) => !policy(a.address));
        if (allowed.length === 0) {
          const refused = Object.assign(new Error(`${hostname} resolves only to private or internal addresses, which feeds added from chat may not reach`), { code: 'EPRIVATEADDRESS' });
          return callback(refused, '');
        }
        if (options.all) return callback(null, allowed);
        return callback(null, allowed[0]!.address, allowed[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** IPv4 CIDR containment, enough to tell whether a NetworkPolicy ipBlock covers a VPC range. */
function parseV4(cidr: string): { base: number; bits: number } | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  return { base: octets.reduce((n, o) => n * 256 + o, 0), bits };
}

function network(address: number, bits: number): number {
  return bits === 0 ? 0 : Math.floor(address / 2 ** (32 - bits));
}

/** Whether every address of `inner` lies in `outer` (IPv6 ranges: only an identical one). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseV4(outer);
  const b = parseV4(inner);
  if (!a || !b) return outer.trim() === inner.trim();
  return a.bits <= b.bits && network(a.base, a.bits) === network(b.base, a.bits);
}

/** Whether two ranges share an address. */
export function cidrOverlaps(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

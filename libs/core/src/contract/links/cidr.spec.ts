import { cidrContains, cidrOverlaps } from './cidr';

describe('cidrContains', () => {
  it('contains itself, narrower ranges and everything under 0.0.0.0/0', () => {
    expect(cidrContains('10.10.0.0/16', '10.10.0.0/16')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '10.10.4.0/24')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '10.10.0.0/16')).toBe(true);
  });

  it('does not contain wider or disjoint ranges', () => {
    expect(cidrContains('10.10.0.0/24', '10.10.0.0/16')).toBe(false);
    expect(cidrContains('10.11.0.0/16', '10.10.0.0/16')).toBe(false);
    expect(cidrOverlaps('10.10.0.0/24', '10.10.0.0/16')).toBe(true);
    expect(cidrOverlaps('10.11.0.0/16', '10.10.0.0/16')).toBe(false);
  });

  it('compares IPv6 ranges as text', () => {
    expect(cidrContains('fd00::/8', 'fd00::/8')).toBe(true);
    expect(cidrContains('fd00::/8', 'fd00:1::/32')).toBe(false);
  });
});

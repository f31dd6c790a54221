import { nodeRates, type RegionPrices } from './prices';
import { parseCpu, parseMemoryGib, workloadMonthly, workloadsOf } from './workload';

describe('quantities', () => {
  it('reads Kubernetes CPU and memory quantities', () => {
    expect(parseCpu('500m')).toBe(0.5);
    expect(parseCpu('2')).toBe(2);
    expect(parseMemoryGib('512Mi')).toBe(0.5);
    expect(parseMemoryGib('1Gi')).toBe(1);
    expect(parseMemoryGib(String(2 ** 30))).toBe(1);
    expect(parseMemoryGib('1G')).toBeCloseTo(0.931, 3);
    expect(() => parseMemoryGib('lots')).toThrow('lots');
  });
});

const render = (hpa: boolean) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          resources: { requests: { cpu: 250m, memory: 256Mi } }
        - name: proxy
          resources: { requests: { cpu: 250m, memory: 256Mi } }
${
  hpa
    ? `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 3
  maxReplicas: 9
`
    : ''
}`;

describe('workloadsOf', () => {
  it('sums the requests of every container and takes spec.replicas without an HPA', () => {
    expect(workloadsOf(render(false))).toEqual([
      { object: 'Deployment web', cpu: 0.5, memoryGib: 0.5, minReplicas: 2, maxReplicas: 2 },
    ]);
  });

  it("takes the HPA's minimum and maximum when one targets the workload", () => {
    const [w] = workloadsOf(render(true));
    expect([w.minReplicas, w.maxReplicas]).toEqual([3, 9]);
  });
});

describe('node rates', () => {
  const prices = {
    ec2InstanceHour: { 'x.large': { usd: 0.1, vcpu: 2, memoryGib: 8 } },
    fargateVcpuHour: 0.04,
    fargateGbHour: 0.005,
  } as unknown as RegionPrices;

  it('splits the node price so that a full node costs exactly its hourly price', () => {
    const rates = nodeRates(prices, 'x.large');
    expect(2 * rates.vcpuHour + 8 * rates.gibHour).toBeCloseTo(0.1, 10);
    expect(rates.vcpuHour / rates.gibHour).toBeCloseTo(8, 10);
  });

  it('prices pods × requests for a month at the minimum and maximum replicas', () => {
    const rates = { vcpuHour: 0.04, gibHour: 0.005 };
    const cost = workloadMonthly(workloadsOf(render(true)), rates, 730);
    const pod = (0.5 * 0.04 + 0.5 * 0.005) * 730;
    expect(cost.min).toBeCloseTo(3 * pod, 6);
    expect(cost.max).toBeCloseTo(9 * pod, 6);
  });

  it('names the file to extend when a node type has no price', () => {
    expect(() => nodeRates(prices, 'y.large')).toThrow(/no EC2 price for node type y.large/);
  });
});

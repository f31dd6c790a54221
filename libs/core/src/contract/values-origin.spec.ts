import { layerSetting, valuesOrigin } from './values-origin';

const layers = [
  { file: 'charts/microservice/values.yaml', values: { service: { port: 80, targetPort: 8080 } } },
  { file: 'apps/x/deploy/values.yaml', values: { service: { targetPort: 9090 }, config: {} } },
  { file: 'apps/x/deploy/stack/dev.yaml', values: { config: { DB_HOST: 'db' } } },
  { file: 'apps/x/deploy/dev.yaml', values: { networkPolicy: { albSourceCidrs: [] } } },
];

describe('valuesOrigin', () => {
  it('names the highest layer that sets the key', () => {
    const origin = valuesOrigin(layers);
    expect(origin('service.targetPort')).toBe('apps/x/deploy/values.yaml: service.targetPort');
    expect(origin('service.port')).toBe('charts/microservice/values.yaml: service.port');
    expect(origin('config.DB_HOST')).toBe('apps/x/deploy/stack/dev.yaml: config.DB_HOST');
    expect(origin('networkPolicy.albSourceCidrs')).toBe(
      'apps/x/deploy/dev.yaml: networkPolicy.albSourceCidrs',
    );
  });

  it('tries the keys in order and names an unset key in the chart defaults', () => {
    const origin = valuesOrigin(layers);
    expect(origin('probes.readiness.path', 'service.port')).toBe(
      'charts/microservice/values.yaml: service.port',
    );
    expect(origin('config.QUEUE_URL')).toBe(
      'charts/microservice/values.yaml: config.QUEUE_URL (unset)',
    );
  });

  it('counts a key set to an empty or null value as set', () => {
    const withNull = [...layers, { file: 'k.yaml', values: { config: { DB_HOST: null } } }];
    expect(layerSetting(withNull, 'config.DB_HOST')?.file).toBe('k.yaml');
  });
});

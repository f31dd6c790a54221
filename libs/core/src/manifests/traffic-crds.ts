/**
 * Documented shapes of the progressive-delivery custom resources the chart renders (ADR 0021):
 * Traefik 3's IngressRoute and TraefikService (traefik.io/v1alpha1) and the Prometheus Operator's
 * ServiceMonitor, limited to the fields their CRDs document.
 */
import type { CrdSchema, Shape } from './crds';

const str = (extra: { enum?: string[]; minLength?: number } = {}): Shape => ({
  type: 'string',
  ...extra,
});
const strings: Shape = { type: 'array', items: str() };
const selector: Shape = {
  type: 'object',
  fields: {
    matchLabels: { type: 'map' },
    matchExpressions: { type: 'array', items: { type: 'map' } },
  },
};

/** A service reference of an IngressRoute route or a weighted TraefikService. */
const traefikServiceRef: Shape = {
  type: 'object',
  required: ['name'],
  fields: {
    name: str({ minLength: 1 }),
    namespace: str(),
    kind: str({ enum: ['Service', 'TraefikService'] }),
    port: { type: 'int-or-string' },
    weight: { type: 'integer', minimum: 0 },
    scheme: str(),
    passHostHeader: { type: 'boolean' },
    sticky: { type: 'map' },
    strategy: str(),
    serversTransport: str(),
    responseForwarding: { type: 'map' },
    nativeLB: { type: 'boolean' },
    healthCheck: { type: 'map' },
  },
};

const ingressRoute: CrdSchema = {
  apiVersions: ['traefik.io/v1alpha1'],
  spec: {
    type: 'object',
    required: ['routes'],
    fields: {
      entryPoints: strings,
      routes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['match', 'kind'],
          fields: {
            match: str({ minLength: 1 }),
            kind: str({ enum: ['Rule'] }),
            priority: { type: 'integer', minimum: 0 },
            syntax: str(),
            services: { type: 'array', items: traefikServiceRef },
            middlewares: { type: 'array', items: { type: 'map' } },
            observability: { type: 'map' },
          },
        },
      },
      tls: {
        type: 'object',
        fields: {
          secretName: str(),
          options: { type: 'map' },
          store: { type: 'map' },
          certResolver: str(),
          domains: { type: 'array', items: { type: 'map' } },
        },
      },
    },
  },
};

const traefikService: CrdSchema = {
  apiVersions: ['traefik.io/v1alpha1'],
  spec: {
    type: 'object',
    anyOf: ['weighted', 'mirroring'],
    fields: {
      weighted: {
        type: 'object',
        required: ['services'],
        fields: { services: { type: 'array', items: traefikServiceRef }, sticky: { type: 'map' } },
      },
      mirroring: { type: 'map' },
    },
  },
};

const serviceMonitor: CrdSchema = {
  apiVersions: ['monitoring.coreos.com/v1'],
  spec: {
    type: 'object',
    required: ['selector'],
    fields: {
      selector,
      namespaceSelector: {
        type: 'object',
        fields: { any: { type: 'boolean' }, matchNames: strings },
      },
      jobLabel: str(),
      targetLabels: strings,
      podTargetLabels: strings,
      sampleLimit: { type: 'integer', minimum: 0 },
      endpoints: {
        type: 'array',
        items: {
          type: 'object',
          fields: {
            port: str(),
            targetPort: { type: 'int-or-string' },
            path: str(),
            scheme: str({ enum: ['http', 'https'] }),
            interval: str(),
            scrapeTimeout: str(),
            honorLabels: { type: 'boolean' },
            relabelings: { type: 'array', items: { type: 'map' } },
            metricRelabelings: { type: 'array', items: { type: 'map' } },
            tlsConfig: { type: 'map' },
          },
        },
      },
    },
  },
};

/** Keyed by kind, merged into CRD_SCHEMAS. */
export const TRAFFIC_CRD_SCHEMAS: Record<string, CrdSchema> = {
  IngressRoute: ingressRoute,
  TraefikService: traefikService,
  ServiceMonitor: serviceMonitor,
};

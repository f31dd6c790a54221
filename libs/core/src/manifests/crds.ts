/**
 * Structural checks for the custom resources the chart renders that have no model package here:
 * the fields, types, enums and required keys their CRDs document, and unknown fields.
 */

import { TRAFFIC_CRD_SCHEMAS } from './traffic-crds';

/** The shape of a field, as much of an OpenAPI schema as these CRDs need. */
export type Shape =
  | { type: 'string'; enum?: string[]; minLength?: number }
  | { type: 'integer'; minimum?: number; maximum?: number }
  | { type: 'boolean' }
  | { type: 'int-or-string' }
  | { type: 'array'; items: Shape }
  | {
      type: 'object';
      fields: Record<string, Shape>;
      required?: string[];
      /** At least one of these keys must be present. */
      anyOf?: string[];
    }
  /** A free-form object (a map of labels, an open block): anything goes inside. */
  | { type: 'map' };

export interface CrdSchema {
  /** The API versions the operator serves. */
  apiVersions: string[];
  spec: Shape;
}

/** A problem found by `checkShape`; `pointer` is a JSON pointer from the object's root. */
export interface ShapeFinding {
  pointer: string;
  message: string;
}

const str = (extra: { enum?: string[]; minLength?: number } = {}): Shape => ({
  type: 'string',
  ...extra,
});
const strings: Shape = { type: 'array', items: str() };
const labelSelector: Shape = {
  type: 'object',
  fields: {
    matchLabels: { type: 'map' },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        fields: { key: str(), operator: str(), values: strings },
        required: ['key', 'operator'],
      },
    },
  },
};

/** elbv2.k8s.aws TargetGroupBinding (AWS Load Balancer Controller). */
const targetGroupBinding: CrdSchema = {
  apiVersions: ['elbv2.k8s.aws/v1beta1'],
  spec: {
    type: 'object',
    required: ['serviceRef'],
    anyOf: ['targetGroupARN', 'targetGroupName'],
    fields: {
      targetGroupARN: str({ minLength: 1 }),
      targetGroupName: str({ minLength: 1 }),
      targetType: str({ enum: ['instance', 'ip'] }),
      serviceRef: {
        type: 'object',
        required: ['name', 'port'],
        fields: { name: str({ minLength: 1 }), port: { type: 'int-or-string' } },
      },
      networking: { type: 'map' },
      nodeSelector: labelSelector,
      ipAddressType: str({ enum: ['ipv4', 'ipv6'] }),
      vpcID: str(),
      multiClusterTargetGroup: { type: 'boolean' },
    },
  },
};

/** cert-manager.io Certificate. */
const certificate: CrdSchema = {
  apiVersions: ['cert-manager.io/v1'],
  spec: {
    type: 'object',
    required: ['secretName', 'issuerRef'],
    fields: {
      secretName: str({ minLength: 1 }),
      secretTemplate: { type: 'map' },
      issuerRef: {
        type: 'object',
        required: ['name'],
        fields: { name: str({ minLength: 1 }), kind: str(), group: str() },
      },
      commonName: str(),
      literalSubject: str(),
      subject: {
        type: 'object',
        fields: Object.fromEntries(
          [
            'organizations',
            'countries',
            'organizationalUnits',
            'localities',
            'provinces',
            'streetAddresses',
            'postalCodes',
          ]
            .map((k): [string, Shape] => [k, strings])
            .concat([['serialNumber', str()]]),
        ),
      },
      duration: str(),
      renewBefore: str(),
      renewBeforePercentage: { type: 'integer', minimum: 1, maximum: 99 },
      dnsNames: strings,
      ipAddresses: strings,
      uris: strings,
      emailAddresses: strings,
      otherNames: { type: 'array', items: { type: 'map' } },
      isCA: { type: 'boolean' },
      usages: strings,
      encodeUsagesInRequest: { type: 'boolean' },
      privateKey: {
        type: 'object',
        fields: {
          algorithm: str({ enum: ['RSA', 'ECDSA', 'Ed25519'] }),
          encoding: str({ enum: ['PKCS1', 'PKCS8'] }),
          size: { type: 'integer', minimum: 1 },
          rotationPolicy: str({ enum: ['Never', 'Always'] }),
        },
      },
      keystores: { type: 'map' },
      additionalOutputFormats: { type: 'array', items: { type: 'map' } },
      nameConstraints: { type: 'map' },
      revisionHistoryLimit: { type: 'integer', minimum: 1 },
    },
  },
};

/** vpcresources.k8s.aws SecurityGroupPolicy (security groups for pods, VPC CNI). */
const securityGroupPolicy: CrdSchema = {
  apiVersions: ['vpcresources.k8s.aws/v1beta1'],
  spec: {
    type: 'object',
    fields: {
      podSelector: labelSelector,
      serviceAccountSelector: labelSelector,
      securityGroups: {
        type: 'object',
        required: ['groupIds'],
        fields: { groupIds: strings },
      },
    },
  },
};

/** external-secrets.io ExternalSecret: the fields Fabrik writes (chart and cluster secrets). */
const remoteRef: Shape = {
  type: 'object',
  required: ['key'],
  fields: {
    key: str({ minLength: 1 }),
    property: str(),
    version: str(),
    conversionStrategy: str({ enum: ['Default', 'Unicode'] }),
    decodingStrategy: str({ enum: ['Auto', 'Base64', 'Base64URL', 'None'] }),
    metadataPolicy: str({ enum: ['None', 'Fetch'] }),
  },
};
const externalSecret: CrdSchema = {
  apiVersions: ['external-secrets.io/v1', 'external-secrets.io/v1beta1'],
  spec: {
    type: 'object',
    fields: {
      refreshInterval: str(),
      refreshPolicy: str({ enum: ['CreatedOnce', 'Periodic', 'OnChange'] }),
      secretStoreRef: {
        type: 'object',
        required: ['name'],
        fields: {
          name: str({ minLength: 1 }),
          kind: str({ enum: ['SecretStore', 'ClusterSecretStore'] }),
        },
      },
      target: {
        type: 'object',
        fields: {
          name: str(),
          creationPolicy: str({ enum: ['Owner', 'Orphan', 'Merge', 'None'] }),
          deletionPolicy: str({ enum: ['Delete', 'Merge', 'Retain'] }),
          immutable: { type: 'boolean' },
          template: {
            type: 'object',
            fields: {
              type: str(),
              engineVersion: str({ enum: ['v1', 'v2'] }),
              mergePolicy: str({ enum: ['Replace', 'Merge'] }),
              metadata: {
                type: 'object',
                fields: { labels: { type: 'map' }, annotations: { type: 'map' } },
              },
              data: { type: 'map' },
              templateFrom: { type: 'array', items: { type: 'map' } },
            },
          },
        },
      },
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: ['secretKey', 'remoteRef'],
          fields: { secretKey: str({ minLength: 1 }), remoteRef, sourceRef: { type: 'map' } },
        },
      },
      dataFrom: {
        type: 'array',
        items: {
          type: 'object',
          fields: {
            extract: remoteRef,
            find: { type: 'map' },
            rewrite: { type: 'array', items: { type: 'map' } },
            sourceRef: { type: 'map' },
          },
        },
      },
    },
  },
};

/** Custom kinds checked structurally, keyed by kind. */
export const CRD_SCHEMAS: Record<string, CrdSchema> = {
  TargetGroupBinding: targetGroupBinding,
  Certificate: certificate,
  SecurityGroupPolicy: securityGroupPolicy,
  ExternalSecret: externalSecret,
  ...TRAFFIC_CRD_SCHEMAS,
};

/** Type, enum, range, required and unknown-field findings of `value` against `shape`. */
export function checkShape(value: unknown, shape: Shape, pointer = ''): ShapeFinding[] {
  const at = (message: string): ShapeFinding[] => [{ pointer, message }];
  switch (shape.type) {
    case 'map':
      return isObject(value) ? [] : at('must be an object');
    case 'boolean':
      return typeof value === 'boolean' ? [] : at('must be boolean');
    case 'int-or-string':
      return Number.isInteger(value) || typeof value === 'string'
        ? []
        : at('must be an integer or a string');
    case 'integer':
      if (!Number.isInteger(value)) return at('must be integer');
      if (shape.minimum !== undefined && (value as number) < shape.minimum)
        return at(`must be >= ${shape.minimum}`);
      if (shape.maximum !== undefined && (value as number) > shape.maximum)
        return at(`must be <= ${shape.maximum}`);
      return [];
    case 'string':
      if (typeof value !== 'string') return at('must be string');
      if (shape.enum && !shape.enum.includes(value))
        return at(`must be equal to one of the allowed values: ${shape.enum.join(', ')}`);
      if (shape.minLength && value.length < shape.minLength) return at('must not be empty');
      return [];
    case 'array':
      if (!Array.isArray(value)) return at('must be array');
      return value.flatMap((item, i) => checkShape(item, shape.items, `${pointer}/${i}`));
    case 'object': {
      if (!isObject(value)) return at('must be object');
      const found = (shape.required ?? [])
        .filter((key) => value[key] === undefined)
        .map((key) => ({ pointer, message: `must have required property '${key}'` }));
      if (shape.anyOf && shape.anyOf.every((key) => value[key] === undefined)) {
        const keys = shape.anyOf.map((key) => `'${key}'`).join(' or ');
        found.push({ pointer, message: `must have property ${keys}` });
      }
      for (const [key, child] of Object.entries(value)) {
        const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const field = shape.fields[key];
        if (!field) found.push({ pointer: childPointer, message: 'unknown field' });
        else found.push(...checkShape(child, field, childPointer));
      }
      return found;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

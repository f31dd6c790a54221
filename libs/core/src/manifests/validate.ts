import { parseAllDocuments } from 'yaml';
import { checkShape, CRD_SCHEMAS } from './crds';
import { MODELS, ModelClass, POD_TEMPLATE_MODEL, SCHEMALESS_KINDS } from './models';
import { unknownFields } from './strict';

/** A Kubernetes object as it comes out of `helm template`. */
export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

/** One problem in a rendered manifest; `path` is a dotted field path such as `spec.replicas`. */
export interface ManifestIssue {
  kind: string;
  name: string;
  path: string;
  message: string;
}

export interface ParsedManifests {
  objects: KubeObject[];
  issues: ManifestIssue[];
}

/** Parses multi-document YAML; empty documents are skipped, syntax errors become issues. */
export function parseManifests(yamlText: string): ParsedManifests {
  const objects: KubeObject[] = [];
  const issues: ManifestIssue[] = [];
  parseAllDocuments(yamlText).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        issues.push(issue({}, '', `document ${index + 1}: YAML error: ${error.message}`));
      }
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push(issue({}, '', `document ${index + 1} is not a Kubernetes object`));
      return;
    }
    objects.push(value as KubeObject);
  });
  return { objects, issues };
}

/**
 * Validates every object of a multi-document YAML text: the Kubernetes schema (kubernetes-models,
 * Argo Rollouts models), unknown fields, the documented structure of the custom resources in
 * crds.ts, and apiVersion/kind/metadata for other custom resources.
 * Returns no issues when the manifests are valid.
 */
export function validateManifests(yamlText: string): ManifestIssue[] {
  const { objects, issues } = parseManifests(yamlText);
  return [...issues, ...objects.flatMap(validateObject)];
}

/** The issues of one object (see validateManifests). */
export function validateObject(object: KubeObject): ManifestIssue[] {
  const header = headerIssues(object);
  if (header.length > 0) return header;
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  const crd = CRD_SCHEMAS[String(object.kind)];
  const found = model
    ? modelIssues(object, model, '')
    : crd
      ? crdIssues(object)
      : schemalessIssues(object);
  if (object.apiVersion === 'argoproj.io/v1alpha1' && object.kind === 'Rollout') {
    const template = (object.spec as { template?: unknown } | undefined)?.template;
    if (template && typeof template === 'object') {
      // The core schema decides which pod fields exist: Argo's bundled copy lags behind it
      // (no native sidecars, for one), so its unknown-field findings in the template are dropped.
      const inTemplate = (i: ManifestIssue) =>
        i.message === 'unknown field' && i.path.startsWith('spec.template.');
      const own = found.filter((i) => !inTemplate(i));
      own.push(...modelIssues(object, POD_TEMPLATE_MODEL, '/spec/template', template));
      return dedupe(own);
    }
  }
  return dedupe(found);
}

/** One line per issue, for lint output. */
export function formatManifestIssues(issues: ManifestIssue[]): string {
  return issues
    .map((i) => `${i.kind || '?'}/${i.name || '?'}${i.path ? ` ${i.path}` : ''}: ${i.message}`)
    .join('\n');
}

const API_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

function headerIssues(object: KubeObject): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  if (typeof object.apiVersion !== 'string' || !API_VERSION.test(object.apiVersion)) {
    issues.push(issue(object, 'apiVersion', 'must be a string like "apps/v1" or "v1"'));
  }
  if (typeof object.kind !== 'string' || !KIND.test(object.kind)) {
    issues.push(issue(object, 'kind', 'must be a CamelCase kind name'));
  }
  const metadata = object.metadata;
  if (!metadata || typeof metadata !== 'object') {
    issues.push(issue(object, 'metadata', 'is required'));
  } else if (typeof metadata.name !== 'string' || !DNS_SUBDOMAIN.test(metadata.name)) {
    issues.push(issue(object, 'metadata.name', 'must be a lowercase DNS subdomain name'));
  }
  return issues;
}

function schemalessIssues(object: KubeObject): ManifestIssue[] {
  const issues = stringMapIssues(object, 'labels').concat(stringMapIssues(object, 'annotations'));
  const versions = SCHEMALESS_KINDS[String(object.kind)];
  if (versions && !versions.includes(String(object.apiVersion))) {
    issues.push(issue(object, 'apiVersion', `must be one of ${versions.join(', ')}`));
  }
  if (!versions && isBuiltInGroup(String(object.apiVersion))) {
    issues.push(issue(object, 'kind', `no schema for ${object.apiVersion} ${object.kind}`));
  }
  return issues;
}

/** A custom resource checked against its documented structure (crds.ts). */
function crdIssues(object: KubeObject): ManifestIssue[] {
  const { apiVersions, spec } = CRD_SCHEMAS[String(object.kind)];
  const issues = stringMapIssues(object, 'labels').concat(stringMapIssues(object, 'annotations'));
  if (!apiVersions.includes(String(object.apiVersion))) {
    issues.push(issue(object, 'apiVersion', `must be one of ${apiVersions.join(', ')}`));
    return issues;
  }
  const top = ['apiVersion', 'kind', 'metadata', 'spec'];
  for (const key of Object.keys(object).filter((k) => !top.includes(k))) {
    issues.push(issue(object, toPath(`/${key}`), 'unknown field'));
  }
  if (object.spec === undefined) return [...issues, issue(object, 'spec', 'is required')];
  for (const finding of checkShape(object.spec, spec, '/spec')) {
    issues.push(issue(object, toPath(finding.pointer), finding.message));
  }
  return issues;
}

/** Built-in API groups have no dot, or end in .k8s.io: every one of their kinds should be known. */
function isBuiltInGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

function stringMapIssues(object: KubeObject, field: 'labels' | 'annotations'): ManifestIssue[] {
  const map = object.metadata?.[field];
  if (map === undefined) return [];
  const valid =
    map !== null &&
    typeof map === 'object' &&
    Object.values(map).every((value) => typeof value === 'string');
  return valid ? [] : [issue(object, `metadata.${field}`, 'must map strings to strings')];
}

interface SchemaError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Schema errors and unknown fields of `data` (the object itself or a part at `pointer`). */
function modelIssues(
  object: KubeObject,
  model: ModelClass,
  pointer: string,
  data: unknown = object,
): ManifestIssue[] {
  const validate = (view: object) => model.prototype.validate.call(view);
  const instance = new model(data);
  const issues: ManifestIssue[] = [];
  try {
    validate(instance);
  } catch (error) {
    for (const e of schemaErrors(error)) {
      issues.push(issue(object, toPath(pointer + (e.instancePath ?? '')), describe(e)));
    }
  }
  for (const unknown of unknownFields(instance, validate)) {
    issues.push(issue(object, toPath(pointer + unknown), 'unknown field'));
  }
  return issues;
}

function schemaErrors(error: unknown): SchemaError[] {
  const errors = (error as { errors?: SchemaError[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  }
  return [{ message: error instanceof Error ? error.message : String(error) }];
}

function describe(error: SchemaError): string {
  const message = error.message ?? error.keyword ?? 'is invalid';
  const allowed = error.params?.allowedValues;
  return Array.isArray(allowed) ? `${message}: ${allowed.join(', ')}` : message;
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image`. */
export function toPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => {
      if (/^\d+$/.test(part)) return `${path}[${part}]`;
      if (/^[A-Za-z_][\w-]*$/.test(part)) return path ? `${path}.${part}` : part;
      return `${path}[${JSON.stringify(part)}]`;
    }, '');
}

function issue(object: KubeObject, path: string, message: string): ManifestIssue {
  const name = object.metadata?.name;
  return {
    kind: typeof object.kind === 'string' ? object.kind : '',
    name: typeof name === 'string' ? name : '',
    path,
    message,
  };
}

function dedupe(issues: ManifestIssue[]): ManifestIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

import type { FleetFiles } from './sources';

/**
 * The value files an Application lists, checked the way the repo server reads them. With
 * `ignoreMissingValueFiles: true` helm skips every missing file, so a typo in `values.yaml` or
 * `<env>.yaml` silently deploys chart defaults. Only the overlays a service may lack are optional.
 */

/**
 * required: must exist; stack: written and pushed by `<svc>-infra:apply` (deploy refuses to
 * promote until it exists, so lint does not require it before the stack is applied); optional:
 * the kinds/ and sites/ overlays.
 */
export type ValueFileRole = 'required' | 'stack' | 'optional';

export function valueFileRole(file: string): ValueFileRole {
  if (/\/deploy\/(kinds|sites)\/[^/]+$/.test(file)) return 'optional';
  if (/\/deploy\/stack\/[^/]+$/.test(file)) return 'stack';
  return 'required';
}

interface Source {
  repoURL?: string;
  path?: string;
  ref?: string;
  helm?: { valueFiles?: string[]; ignoreMissingValueFiles?: boolean };
}

/** Repository-relative path of a listed value file: `$<ref>/...` or relative to the chart path. */
export function valueFilePath(file: string, chart: Source, sources: Source[]): string | undefined {
  const ref = /^\$([^/]+)\/(.*)$/.exec(file);
  if (!ref) return [chart.path, file].filter(Boolean).join('/').replace(/^\.\//, '');
  const named = sources.find((s) => s.ref === ref[1]);
  // A ref to another repository cannot be checked here.
  if (!named || named.repoURL !== chart.repoURL) return undefined;
  return ref[2];
}

/** The required value files one Application lists that do not exist. */
export function missingValueFiles(
  application: Record<string, any>,
  files: FleetFiles,
  label: string,
): string[] {
  const sources: Source[] = application.spec?.sources ?? [application.spec?.source ?? {}];
  const errors: string[] = [];
  for (const chart of sources.filter((s) => s.helm)) {
    for (const listed of chart.helm?.valueFiles ?? []) {
      const path = valueFilePath(listed, chart, sources);
      if (path === undefined || files.exists(path)) continue;
      if (valueFileRole(path) === 'required') {
        errors.push(
          `${label}: value file ${path} does not exist; with ignoreMissingValueFiles ArgoCD skips it and deploys without it`,
        );
      }
    }
  }
  return errors;
}

import { HelmError, HelmRunOptions, HelmSetValues, runHelm, valuesArgs } from './run';

export interface HelmTemplateOptions extends HelmRunOptions {
  chartDir: string;
  releaseName: string;
  namespace?: string;
  /** Applied in order, lowest precedence first. */
  valuesFiles?: string[];
  set?: HelmSetValues;
}

export function helmTemplateArgs(options: HelmTemplateOptions): string[] {
  return [
    'template',
    options.releaseName,
    options.chartDir,
    ...(options.namespace ? ['--namespace', options.namespace] : []),
    ...valuesArgs(options.valuesFiles, options.set),
  ];
}

/**
 * Renders the chart and returns the manifests (multi-document YAML); throws HelmError. `helm
 * template` changes nothing, so it runs without its own guard process unless asked: the shared
 * reaper (child-guard's reapWithUs) stops it if we die.
 */
export async function helmTemplate(options: HelmTemplateOptions): Promise<string> {
  const result = await runHelm(helmTemplateArgs(options), {
    ...options,
    guard: options.guard ?? false,
  });
  if (result.exitCode !== 0 || result.timedOut) throw new HelmError(result);
  return result.stdout;
}

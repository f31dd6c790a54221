import type { ValuesOrigin } from './types';

/** One values file of a render, as parsed YAML, named by its workspace-relative path. */
export interface ValuesLayer {
  file: string;
  values: unknown;
}

function has(values: unknown, key: string): boolean {
  let node = values;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/** The highest-precedence layer that sets `key` (layers are given lowest precedence first). */
export function layerSetting(layers: readonly ValuesLayer[], key: string): ValuesLayer | undefined {
  return [...layers].reverse().find((layer) => has(layer.values, key));
}

/**
 * Names the values side of a link: the first of `keys` some layer sets, as `file: key`. A key no
 * layer sets is named in the lowest layer (the chart's defaults), where a reader would add it.
 */
export function valuesOrigin(layers: readonly ValuesLayer[]): ValuesOrigin {
  return (...keys: string[]) => {
    for (const key of keys) {
      const layer = layerSetting(layers, key);
      if (layer) return `${layer.file}: ${key}`;
    }
    return `${layers[0]?.file ?? 'values'}: ${keys[0]} (unset)`;
  };
}

import { parse } from 'yaml';
import { scanDescriptor } from '../graph/descriptor-scan';

/**
 * YAML parsed once per text: the fleet checks read each service descriptor for the git files
 * generator of every ApplicationSet, the AppProject and the descriptor rules. Keyed by the text
 * itself, so an edited file is parsed afresh; callers only read the value. Bounded.
 */
const LIMIT = 20_000;
const parsed = new Map<string, { value: unknown } | { error: unknown }>();

/**
 * `parse(text)`, or the error it throws. Texts in the generator's descriptor subset (every
 * service.yaml at fleet scale) take the fast reader, which answers only what `parse` would.
 */
export function parseYamlOnce(text: string): unknown {
  let entry = parsed.get(text);
  if (!entry) {
    try {
      entry = { value: scanDescriptor(text) ?? parse(text) };
    } catch (error) {
      entry = { error };
    }
    if (parsed.size >= LIMIT) parsed.clear();
    parsed.set(text, entry);
  }
  if ('error' in entry) throw entry.error;
  return entry.value;
}

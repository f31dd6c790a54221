import { MAX_SERVICE_NAME_LENGTH, serviceNameLimit } from './aws-names';

/** A lowercase DNS label that starts with a letter, with no `--` and no trailing hyphen. */
export const SERVICE_NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-))*(?<!-)$/;

const EXAMPLE = 'for example "orders" or "payment-api"';

/** Why the characters of a name are wrong, or undefined when they are fine. */
function characterProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (/[A-Z]/.test(name)) return 'it has uppercase letters';
  if (!/^[a-z]/.test(name)) return 'it must start with a letter';
  if (name.endsWith('-')) return 'it must not end with a hyphen';
  // The shared module refuses `--` too (it reads as an IDN prefix such as `xn--`).
  if (name.includes('--')) return 'it must not contain two hyphens in a row';
  const bad = name.match(/[^a-z0-9-]/);
  if (bad) return `it contains ${JSON.stringify(bad[0])}`;
  return undefined;
}

/**
 * Checks a service name against the DNS-label rules and the longest name every derived AWS name
 * allows. Returns an error message that says what to do, or undefined when the name is valid.
 */
export function validateServiceName(name: unknown): string | undefined {
  if (typeof name !== 'string') return `Service name is missing: pass one, ${EXAMPLE}.`;
  const problem = characterProblem(name);
  if (problem || !SERVICE_NAME_PATTERN.test(name)) {
    return (
      `Service name "${name}" is invalid: ${problem ?? 'it is not a DNS label'}. ` +
      `Use lowercase letters, digits and single hyphens, starting with a letter, ${EXAMPLE}.`
    );
  }
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    const { binding, environment } = serviceNameLimit();
    return (
      `Service name "${name}" is ${name.length} characters; the limit is ${MAX_SERVICE_NAME_LENGTH} ` +
      `so that every AWS name derived from it fits (the ${binding.resource} ` +
      `"<name>-${environment}${binding.suffix}" allows at most ${binding.limit}). Choose a shorter name.`
    );
  }
  return undefined;
}

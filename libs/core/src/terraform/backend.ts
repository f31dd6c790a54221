import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseHcl } from '../hcl/parse';
import { isRealEnvironment } from '../environments';
import { FileReader, platformFile, readPlatform } from '../platform/platform';

/** The one S3 state key of a service's stack in an environment. */
export function stateKey(service: string, environment: string): string {
  return `services/${service}/${environment}.tfstate`;
}

/** What an `env/<env>.s3.tfbackend` must say: written from the platform file, which it copies. */
export function expectedBackend(reader: FileReader, service: string, environment: string) {
  if (!isRealEnvironment(environment)) return undefined;
  const platform = readPlatform(reader, environment);
  return {
    bucket: platform.stateBucket,
    region: platform.region,
    key: stateKey(service, environment),
  };
}

/**
 * Compares each backend file of a stack with the platform file it copies (bucket, region) and the
 * state key convention; one line per mismatch naming both files and the key.
 */
export async function backendMismatches(
  workspaceRoot: string,
  stackRoot: string,
  reader: FileReader,
): Promise<string[]> {
  const service = posix.basename(stackRoot);
  const envDir = join(workspaceRoot, stackRoot, 'env');
  let names: string[];
  try {
    names = readdirSync(envDir).filter((n) => n.endsWith('.s3.tfbackend'));
  } catch {
    return [];
  }
  const problems: string[] = [];
  for (const name of names.sort()) {
    const environment = name.replace(/\.s3\.tfbackend$/, '');
    const file = posix.join(stackRoot, 'env', name);
    const expected = expectedBackend(reader, service, environment);
    if (!expected) {
      problems.push(`${file}: "${environment}" is not a real environment (dev, staging, prod).`);
      continue;
    }
    const doc = await parseHcl(file, reader.read(file) ?? '');
    for (const [key, want] of Object.entries(expected)) {
      const have = doc[key];
      if (have !== want) {
        const source = key === 'key' ? 'the state key convention' : `${platformFile(environment)}`;
        problems.push(
          `${file}: ${key} = ${JSON.stringify(have ?? null)}, but ${source} says ${JSON.stringify(want)}; rewrite the file from it.`,
        );
      }
    }
  }
  return problems;
}

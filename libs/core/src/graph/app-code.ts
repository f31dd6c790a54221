import type { FileReader } from '../platform/platform';

/**
 * A service "has code" when its project holds the entry point `nx g service --app=node` writes.
 * One rule for the inference plugin (build, test and serve targets) and the release pipeline
 * (which services get an image).
 */
export const APP_ENTRY = 'src/main.ts';
export const APP_DOCKERFILE = 'Dockerfile';

/** Where the service's `build` target writes: the Docker build context of its image. */
export function appBuildOutput(root: string): string {
  return `dist/${root}`;
}

export function hasAppCode(reader: FileReader, root: string): boolean {
  return reader.read(`${root}/${APP_ENTRY}`) !== undefined;
}

/** `nx g service --app`: none writes no code (deploy values and stack only), node a TypeScript service. */
export const APP_KINDS = ['none', 'node'] as const;
export type AppKind = (typeof APP_KINDS)[number];

export function validateAppKind(value: unknown): string | undefined {
  return (APP_KINDS as readonly unknown[]).includes(value)
    ? undefined
    : `--app must be one of ${APP_KINDS.join(', ')} (got ${JSON.stringify(value)}): none writes no code, node a TypeScript HTTP service.`;
}

/** Runtime dependencies of the node service template, pinned (checked with `npm view`). */
export const NODE_APP_DEPENDENCIES = { pino: '10.4.0', 'prom-client': '15.1.3' } as const;

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

import type { Tree } from '@nx/devkit';

export interface ServiceGeneratorSchema {
  name: string;
}

// Placeholder until the service generator issue lands: resolves `nx g service` to this plugin.
export default async function serviceGenerator(_tree: Tree, options: ServiceGeneratorSchema) {
  throw new Error(`nx g service ${options.name}: the service generator is not implemented yet.`);
}

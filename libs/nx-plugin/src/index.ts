// The inference plugin: projects from files (createNodes) and edges from their contents.
export const name = '@fabrik/nx';
export { createNodes } from './plugin/create-nodes';
export type { FabrikPluginOptions } from './plugin/create-nodes';
export { createDependencies } from './plugin/create-dependencies';
export { postTasksExecution } from './plugin/plan-report';

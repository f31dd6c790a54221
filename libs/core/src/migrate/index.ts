export * from './template-version';
export * from './service-v2';
export { splitHcl, joinHcl } from './hcl-items';
export { describeDrift } from './drift';
export * from './service-v3';

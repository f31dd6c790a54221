export * from './types';
export * from './rendered';
export * from './values-origin';
export * from './stack-values-side';
export * from './stack-plan';
export * from './stack-config';
export * from './check';
export * from './lint';

export * from './run';
export * from './template';
export * from './lint';
export * from './values-layers';
export * from './lint-chart';

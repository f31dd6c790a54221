export * from './analysis';
export * from './lint';
export * from './monitoring';

export * from './render';
export * from './lint';

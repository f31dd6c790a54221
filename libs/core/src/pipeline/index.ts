export * from './affected';
export * from './stages';
export * from './workspace';

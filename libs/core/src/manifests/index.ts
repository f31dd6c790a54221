export * from './validate';
export * from './pss';

export * from './detect';
export * from './project-names';
export * from './resolve';
export * from './service-descriptor';
export * from './infer';
export * from './dependencies';
export * from './orphans';

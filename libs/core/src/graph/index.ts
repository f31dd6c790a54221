export * from './detect';
export * from './project-names';
export * from './resolve';
export * from './service-descriptor';
export * from './targets';
export * from './infer';
export * from './dependencies';
export * from './orphans';
